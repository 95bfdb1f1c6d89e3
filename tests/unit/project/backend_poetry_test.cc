// poetry-core's generated classifiers for a [project] table without them (expectations from
// poetry-core 2.5's ProjectPackage.all_classifiers for the same pyproject.toml).
#include <gtest/gtest.h>

#include "core/toml_util.h"
#include "project/backend_config.h"

namespace {

toml::table Parse(const std::string& text) {
  toml::table doc;
  TomlParseError err;
  EXPECT_TRUE(ParseToml(text, "pyproject.toml", &doc, &err)) << err.message;
  return doc;
}

}  // namespace

TEST(PoetryGeneratedClassifiers, FromRequiresPythonAndToolPoetryClassifiers) {
  std::vector<std::string> out;
  std::string why;
  const toml::node* at = nullptr;
  ASSERT_TRUE(PoetryGeneratedClassifiers(
      Parse("[project]\nrequires-python = \">=3.12\"\n[tool.poetry]\nclassifiers = "
            "[\"Typing :: Typed\", \"Environment :: Console\"]\n"),
      &out, &why, &at))
      << why;
  EXPECT_EQ(out,
            (std::vector<std::string>{
                "Environment :: Console", "Programming Language :: Python :: 3",
                "Programming Language :: Python :: 3.12", "Programming Language :: Python :: 3.13",
                "Programming Language :: Python :: 3.14", "Programming Language :: Python :: 3.15",
                "Typing :: Typed"}));
  ASSERT_TRUE(PoetryGeneratedClassifiers(Parse("[project]\n"), &out, &why, &at));
  EXPECT_EQ(out.size(), 15u);  // no requires-python: 2, 2.7, 3, 3.4 ... 3.15
}

TEST(PoetryGeneratedClassifiers, RefusesWhatPoetryReadsItsOwnWay) {
  std::vector<std::string> out;
  std::string why;
  const toml::node* at = nullptr;
  toml::table doc = Parse("[project]\nrequires-python = \"~=3.9\"\n");
  EXPECT_FALSE(PoetryGeneratedClassifiers(doc, &out, &why, &at));
  EXPECT_NE(why.find("requires-python"), std::string::npos);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->source().begin.line, 2u);
  EXPECT_FALSE(PoetryGeneratedClassifiers(Parse("[project]\n[tool.poetry]\nlicense = \"MIT\"\n"),
                                          &out, &why, &at));
  EXPECT_NE(why.find("tool.poetry.license"), std::string::npos);
  EXPECT_FALSE(PoetryGeneratedClassifiers(
      Parse("[project]\n[tool.poetry.dependencies]\npython = \"^3.9\"\n"), &out, &why, &at));
  EXPECT_NE(why.find("tool.poetry.dependencies.python"), std::string::npos);
}
