#include "release/version_source.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/string_util.h"
#include "project/pyproject.h"
#include "test_support.h"

namespace {

std::string Bump(const std::string& from, const std::string& parts) {
  std::string next, err;
  return BumpVersion(from, parts, &next, &err) ? next : "error: " + err;
}

TEST(BumpVersion, ReleasePartsResetWhatFollows) {
  EXPECT_EQ(Bump("1.2.3", "major"), "2.0.0");
  EXPECT_EQ(Bump("1.2.3", "minor"), "1.3.0");
  EXPECT_EQ(Bump("1.2.3", "patch"), "1.2.4");
  EXPECT_EQ(Bump("1.2", "patch"), "1.2.1");
  EXPECT_EQ(Bump("1.2.3rc1", "minor"), "1.3.0");
  EXPECT_EQ(Bump("1.2.3+local", "patch"), "1.2.4");
  EXPECT_EQ(Bump("v1.0", "major"), "2.0");
}

TEST(BumpVersion, PreReleasesPostReleasesAndDevelopmentReleases) {
  EXPECT_EQ(Bump("1.2.3", "minor,rc"), "1.3.0rc0");
  EXPECT_EQ(Bump("1.3.0rc0", "rc"), "1.3.0rc1");
  EXPECT_EQ(Bump("1.3.0a2", "b"), "1.3.0b0");
  EXPECT_EQ(Bump("1.3.0rc1", "release"), "1.3.0");
  EXPECT_EQ(Bump("1.0", "post"), "1.0.post0");
  EXPECT_EQ(Bump("1.0.post0", "post"), "1.0.post1");
  EXPECT_EQ(Bump("1.0.1.dev0", "dev"), "1.0.1.dev1");
  EXPECT_EQ(Bump("1.0.0", "patch,dev"), "1.0.1.dev0");
}

TEST(BumpVersion, RefusesAVersionThatIsNotHigher) {
  EXPECT_NE(Bump("1.0.0", "rc").find("is not higher than 1.0.0"), std::string::npos);
  EXPECT_NE(Bump("1.0.0", "rc").find("--bump patch,rc"), std::string::npos);
  EXPECT_NE(Bump("1.0.0", "dev").find("not higher"), std::string::npos);
  EXPECT_NE(Bump("1.0.0", "huge").find("unknown part 'huge'"), std::string::npos);
}

// Loads the project in `dir`, finds its version source and rewrites it to `next`; returns the
// version the project then reads.
std::string RewriteAndReload(const ScopedTempDir& dir, const std::string& next,
                             VersionSource* source) {
  Project project;
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(LoadProject(dir.path, &project, &diags));
  std::string err;
  EXPECT_TRUE(FindVersionSource(project, source, &err)) << err;
  if (!source->from_vcs.empty()) return "vcs";
  EXPECT_TRUE(WriteVersion(*source, next, &err)) << err;
  Project again;
  diags.clear();
  EXPECT_TRUE(LoadProject(dir.path, &again, &diags));
  return again.meta.version;
}

TEST(VersionSource, StaticProjectVersion) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"flit_core\"]\nbuild-backend = \"flit_core.buildapi\"\n\n"
            "[project]\nname = \"demo\"\nversion = '1.2.3'  # keep this comment\n"
            "description = \"version = 1.2.3 in text\"\n");
  dir.Write("demo/__init__.py", "");
  VersionSource source;
  EXPECT_EQ(RewriteAndReload(dir, "1.3.0", &source), "1.3.0");
  EXPECT_EQ(source.description, "pyproject.toml [project] version");
  std::string text, err;
  ASSERT_TRUE(ReadFile(dir.path + "/pyproject.toml", &text, &err));
  EXPECT_NE(text.find("version = '1.3.0'  # keep this comment\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\"version = 1.2.3 in text\""), std::string::npos)
      << "only the field changes";
}

TEST(VersionSource, FlitDunderVersion) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"flit_core\"]\nbuild-backend = \"flit_core.buildapi\"\n\n"
            "[project]\nname = \"demo\"\ndynamic = [\"version\", \"description\"]\n");
  dir.Write("src/demo/__init__.py", "\"\"\"Demo.\"\"\"\n# was \"1.0\"\n__version__ = \"1.0\"\n");
  VersionSource source;
  EXPECT_EQ(RewriteAndReload(dir, "1.1", &source), "1.1");
  EXPECT_EQ(source.description, "src/demo/__init__.py");
  std::string text, err;
  ASSERT_TRUE(ReadFile(dir.path + "/src/demo/__init__.py", &text, &err));
  EXPECT_EQ(text, "\"\"\"Demo.\"\"\"\n# was \"1.0\"\n__version__ = \"1.1\"\n");
}

TEST(VersionSource, HatchPathAndSetuptoolsAttrAndFile) {
  {
    ScopedTempDir dir;
    dir.Write("pyproject.toml",
              "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n"
              "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n\n"
              "[tool.hatch.version]\npath = \"demo/about.py\"\n");
    dir.Write("demo/__init__.py", "");
    dir.Write("demo/about.py", "VERSION = '2.0.0'\n");
    VersionSource source;
    EXPECT_EQ(RewriteAndReload(dir, "2.1.0", &source), "2.1.0");
  }
  {
    ScopedTempDir dir;
    dir.Write("pyproject.toml",
              "[build-system]\nrequires = [\"setuptools>=77\"]\n"
              "build-backend = \"setuptools.build_meta\"\n\n"
              "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n\n"
              "[tool.setuptools.dynamic]\nversion = {attr = \"demo.__version__\"}\n");
    dir.Write("demo/__init__.py", "__version__: str = \"0.9\"\n");
    VersionSource source;
    EXPECT_EQ(RewriteAndReload(dir, "1.0", &source), "1.0");
  }
  {
    ScopedTempDir dir;
    dir.Write("pyproject.toml",
              "[build-system]\nrequires = [\"setuptools>=77\"]\n"
              "build-backend = \"setuptools.build_meta\"\n\n"
              "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n\n"
              "[tool.setuptools.dynamic]\nversion = {file = \"VERSION\"}\n");
    dir.Write("demo/__init__.py", "");
    dir.Write("VERSION", "3.0.0\n");
    VersionSource source;
    EXPECT_EQ(RewriteAndReload(dir, "3.0.1", &source), "3.0.1");
    std::string text, err;
    ASSERT_TRUE(ReadFile(dir.path + "/VERSION", &text, &err));
    EXPECT_EQ(text, "3.0.1\n");
  }
}

}  // namespace
