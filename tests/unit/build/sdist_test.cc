#include "build/sdist.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clocale>
#include <fstream>

#include "core/string_util.h"
#include "spec/core_metadata.h"
#include "spec/dist_reader.h"
#include "test_support.h"

namespace {

using TempDir = ScopedTempDir;

// A symbolic link `rel` in `dir` holding `text`.
std::string SdistLink(const TempDir& dir, const std::string& text, const std::string& rel) {
  std::string path = dir.path + "/" + rel;
  EXPECT_EQ(::symlink(text.c_str(), path.c_str()), 0) << path;
  return path;
}

std::string SlurpFile(const std::string& path) {
  std::string text, err;
  EXPECT_TRUE(ReadFile(path, &text, &err)) << err;
  return text;
}

}  // namespace

TEST(Sdist, OneTopDirectoryWithFilesThenPkgInfo) {
  TempDir dir;
  Project project;
  project.dir = dir.path;
  project.meta.name = "Demo_Pkg";
  project.meta.version = "2.0";
  FileSelection files;
  files.sdist = {{dir.Write("README.md", "# demo\n"), "README.md", false},
                 {dir.Write("pyproject.toml", "[project]\n"), "pyproject.toml", false},
                 {dir.Write("src/demo_pkg/__init__.py", ""), "src/demo_pkg/__init__.py", false}};
  std::string out;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(BuildSdist(project, files, dir.path, &out, &diags))
      << (diags.empty() ? "" : diags[0].message);
  EXPECT_EQ(out, dir.path + "/demo_pkg-2.0.tar.gz");

  std::setlocale(LC_CTYPE, "C.UTF-8");
  DistReader r;
  std::string err;
  ASSERT_TRUE(r.Open(out, &err)) << err;
  DistMember m;
  std::vector<std::string> names;
  std::string pkg_info;
  while (r.Next(&m, &err)) {
    names.push_back(m.name);
    EXPECT_TRUE(m.is_regular);
    EXPECT_EQ(m.mode, 0644u);
    if (m.name == "demo_pkg-2.0/PKG-INFO") {
      ASSERT_TRUE(r.ReadData(&pkg_info, 1 << 20, &err));
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "demo_pkg-2.0/README.md", "demo_pkg-2.0/pyproject.toml",
                       "demo_pkg-2.0/src/demo_pkg/__init__.py", "demo_pkg-2.0/PKG-INFO"}));
  CoreMetadata meta = ParseCoreMetadata(pkg_info);
  EXPECT_EQ(meta.Get("Name"), "Demo_Pkg");
  EXPECT_EQ(meta.Get("Version"), "2.0");
}

TEST(SdistLinks, TheSdistStoresALinkMemberReproducibly) {
  TempDir dir;
  Project project;
  project.dir = dir.path;
  project.meta.name = "demo";
  project.meta.version = "1.0";
  FileSelection files;
  files.sdist = {{dir.Write("CHANGELOG", "changes\n"), "CHANGELOG", false},
                 {SdistLink(dir, "CHANGELOG", "NEWS.txt"), "NEWS.txt", false}};
  std::string out;
  std::vector<Diagnostic> diags;
  dir.Write("out1/.keep", "");
  dir.Write("out2/.keep", "");
  ASSERT_TRUE(BuildSdist(project, files, dir.path + "/out1", &out, &diags));
  std::string first = SlurpFile(out);
  ASSERT_TRUE(BuildSdist(project, files, dir.path + "/out2", &out, &diags));
  EXPECT_EQ(first, SlurpFile(out));  // same bytes twice

  std::setlocale(LC_CTYPE, "C.UTF-8");
  DistReader r;
  std::string err;
  ASSERT_TRUE(r.Open(out, &err)) << err;
  DistMember m;
  bool saw_link = false;
  while (r.Next(&m, &err)) {
    if (m.name != "demo-1.0/NEWS.txt") continue;
    saw_link = true;
    EXPECT_TRUE(m.is_symlink);
    EXPECT_FALSE(m.is_regular);
    EXPECT_EQ(m.link_target, "CHANGELOG");
    EXPECT_EQ(m.mode, 0755u);
    EXPECT_EQ(m.size, 0);
  }
  EXPECT_TRUE(saw_link);
}
