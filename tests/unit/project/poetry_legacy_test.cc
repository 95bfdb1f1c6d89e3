// A [tool.poetry]-only pyproject.toml read as the [project] table poetry-core renders alike; the
// archives themselves are compared with poetry-core in tests/integration/poetry_native_test.py.
#include "project/poetry_legacy.h"

#include <gtest/gtest.h>

#include "core/toml_util.h"

namespace {

const char kBuildSystem[] =
    "[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n";

toml::table Parse(const std::string& text) {
  toml::table doc;
  TomlParseError err;
  EXPECT_TRUE(ParseToml(text, "pyproject.toml", &doc, &err)) << err.message;
  return doc;
}

std::string Project(const std::string& poetry) {
  toml::table doc = Parse(kBuildSystem + poetry);
  std::string out, why;
  const toml::node* at = nullptr;
  EXPECT_TRUE(PoetryLegacyProjectToml(doc, &out, &why, &at)) << why;
  return out;
}

// The reason, with the line of the node it names.
std::string Refusal(const std::string& poetry, int* line = nullptr) {
  toml::table doc = Parse(kBuildSystem + poetry);
  std::string out, why;
  const toml::node* at = nullptr;
  EXPECT_FALSE(PoetryLegacyProjectToml(doc, &out, &why, &at)) << out;
  if (line) *line = at ? static_cast<int>(at->source().begin.line) : 0;
  return why;
}

}  // namespace

TEST(PoetryLegacy, OnlyPoetryCoreWithoutProject) {
  EXPECT_TRUE(IsPoetryLegacyProject(Parse(std::string(kBuildSystem) + "[tool.poetry]\n")));
  EXPECT_FALSE(IsPoetryLegacyProject(
      Parse(std::string(kBuildSystem) + "[project]\nname = \"p\"\n[tool.poetry]\n")));
  EXPECT_FALSE(
      IsPoetryLegacyProject(Parse("[build-system]\nbuild-backend = \"flit_core.buildapi\"\n")));
}

TEST(PoetryLegacy, MetadataKeysBecomeTheProjectTable) {
  EXPECT_EQ(
      Project(
          "[tool.poetry]\nname = \"Demo\"\nversion = \"1.0\"\ndescription = \"d \\\"q\\\"\"\n"
          "authors = [\"Zoë P <z@example.org>\", \"Other <o@example.org>\"]\n"
          "maintainers = [\"Just A Name\"]\nreadme = [\"README.md\"]\nkeywords = [\"b\", \"a\"]\n"
          "license = \"MIT\"\nclassifiers = [\"Typing :: Typed\"]\n"
          "repository = \"https://r\"\nhomepage = \"https://h\"\n"
          "[tool.poetry.urls]\nZ = \"https://z\"\nA = \"https://a\"\n"
          "[tool.poetry.dependencies]\npython = \">=3.13\"\nb = \"^1.2\"\n"
          "a = {version = \"*\", extras = [\"x\"]}\nopt = {version = \"~2\", optional = true}\n"
          "[tool.poetry.extras]\nall = [\"OPT\"]\n"
          "[tool.poetry.scripts]\ndemo = \"demo:main\"\n"
          "[tool.poetry.plugins.\"g.x\"]\ne = \"demo:e\"\n"
          "[tool.poetry.group.dev.dependencies]\npytest = \"*\"\n"),
      "[project]\nname = \"Demo\"\nversion = \"1.0\"\ndescription = \"d \\\"q\\\"\"\n"
      "readme = \"README.md\"\n"
      "authors = [{ name = \"Zoë P\", email = \"z@example.org\" }]\n"
      "maintainers = [{ name = \"Just A Name\" }]\nkeywords = [\"b\", \"a\"]\n"
      "requires-python = \">=3.13\"\ndependencies = [\"a[x]\", \"b>=1.2,<2.0\"]\n"
      "license = { text = \"MIT\" }\n"
      "classifiers = [\"License :: OSI Approved :: MIT License\", "
      "\"Programming Language :: Python :: 3\", \"Programming Language :: Python :: 3.13\", "
      "\"Programming Language :: Python :: 3.14\", \"Programming Language :: Python :: 3.15\", "
      "\"Typing :: Typed\"]\n"
      "[project.urls]\n\"Homepage\" = \"https://h\"\n\"Repository\" = \"https://r\"\n"
      "\"Z\" = \"https://z\"\n\"A\" = \"https://a\"\n"
      "[project.optional-dependencies]\n\"all\" = [\"opt>=2,<3\"]\n"
      "[project.scripts]\n\"demo\" = \"demo:main\"\n"
      "[project.entry-points.\"g.x\"]\n\"e\" = \"demo:e\"\n");
}

TEST(PoetryLegacy, RefusalsNameTheKey) {
  int line = 0;
  std::string base = "[tool.poetry]\nname = \"p\"\nversion = \"1\"\n";
  EXPECT_NE(Refusal(base + "build = \"build.py\"\n", &line).find("key 'build'"), std::string::npos);
  EXPECT_EQ(line, 7);
  EXPECT_NE(Refusal(base + "license = \"Beerware\"\n", &line).find("license 'Beerware'"),
            std::string::npos);
  EXPECT_EQ(line, 7);
  EXPECT_NE(Refusal("[tool.poetry]\nversion = \"1\"\n").find("name is missing"), std::string::npos);
  EXPECT_NE(Refusal(base + "[tool.poetry.dependencies]\na = {path = \"../a\"}\n", &line)
                .find("dependencies.a.path"),
            std::string::npos);
  EXPECT_EQ(line, 8);
  EXPECT_NE(
      Refusal(base + "[tool.poetry.dependencies]\na = {version = \"^1\", python = \"^3.8\"}\n",
              &line)
          .find("dependencies.a.python: '>=3.8,<4.0' has two bounds"),
      std::string::npos);
  EXPECT_EQ(line, 8);
  EXPECT_NE(
      Refusal(base +
              "[tool.poetry.dependencies]\na = {version = \"^1\", markers = \"os_name == 'nt'\"}\n")
          .find("dependencies.a.markers"),
      std::string::npos);
  EXPECT_NE(Refusal(base + "[tool.poetry.dependencies]\npython = \"^2.7 || ^3.4\"\n").find("union"),
            std::string::npos);
  EXPECT_NE(Refusal(base + "[tool.poetry.dependencies]\na = {version = \"^1\", optional = true}\n"
                           "[tool.poetry.extras]\nx = [\"a\"]\ny = [\"a\"]\n")
                .find("named once"),
            std::string::npos);
  EXPECT_NE(Refusal(base + "authors = [\"<a@example.org>\"]\n").find("authors[0]"),
            std::string::npos);
  EXPECT_NE(Refusal(base + "package-mode = false\n").find("package-mode"), std::string::npos);
  EXPECT_NE(Refusal(base + "[tool.poetry.plugins.console_scripts]\nx = \"p:m\"\n").find("plugins"),
            std::string::npos);
}

// `python` on a dependency: the marker poetry-core writes (its Requires-Dist then reads
// `a (>=1.0) ; python_version >= "3.10"`, or `(python_version >= "3.10") and (extra == "x")`).
TEST(PoetryLegacy, DependencyPythonBecomesItsMarker) {
  std::string base = "[tool.poetry]\nname = \"p\"\nversion = \"1\"\n";
  std::string out = Project(base +
                            "[tool.poetry.dependencies]\n"
                            "a = {version = \">=1.0\", python = \">=3.10\"}\n"
                            "b = {version = \"^2\", python = \">3.9\", optional = true}\n"
                            "c = {version = \"*\", python = \"*\"}\n"
                            "[tool.poetry.extras]\nx = [\"b\"]\n");
  EXPECT_NE(out.find("dependencies = [\"a>=1.0; python_version >= \\\"3.10\\\"\", \"c\"]\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\"x\" = [\"b>=2,<3; python_full_version > \\\"3.9.0\\\"\"]\n"),
            std::string::npos)
      << out;
}
