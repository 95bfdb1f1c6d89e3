#include "build/build_inputs.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

Project MakeProject() {
  Project p;
  p.dir = "/p";
  p.pyproject_text = "[tool.setuptools.dynamic]\nversion = {file = \"meta/VERSION\"}\n";
  p.meta.readme.path = "docs/README.md";
  p.meta.license_files = {"LICENSE"};
  return p;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST(BuildInputs, WheelIgnoresDirectoriesOnlyTheSdistShips) {
  Project project = MakeProject();
  FileSelection sel;
  sel.wheel = {{"/p/pkg/__init__.py", "pkg/__init__.py", false},
               {"/p/pkg/sub/mod.py", "pkg/sub/mod.py", false}};
  sel.inputs = {"/p",
                "/p/LICENSE",
                "/p/docs",
                "/p/docs/README.md",
                "/p/docs/index.md",
                "/p/meta",
                "/p/meta/VERSION",
                "/p/meta/notes.txt",
                "/p/pkg",
                "/p/pkg/__init__.py",
                "/p/pkg/sub",
                "/p/pkg/sub/mod.py",
                "/p/pyproject.toml",
                "/p/tests",
                "/p/tests/test_pkg.py",
                "/p/setup.py",
                "/elsewhere/shared.txt"};
  std::vector<std::string> in = WheelInputs(project, sel);
  // The root, root files, the package tree, metadata files and the way to them stay.
  for (const char* keep :
       {"/p", "/p/LICENSE", "/p/pyproject.toml", "/p/setup.py", "/p/pkg", "/p/pkg/__init__.py",
        "/p/pkg/sub", "/p/pkg/sub/mod.py", "/p/docs", "/p/docs/README.md", "/p/meta",
        "/p/meta/VERSION", "/elsewhere/shared.txt"})
    EXPECT_TRUE(Has(in, keep)) << keep;
  // What only the sdist ships goes.
  for (const char* drop :
       {"/p/tests", "/p/tests/test_pkg.py", "/p/docs/index.md", "/p/meta/notes.txt"})
    EXPECT_FALSE(Has(in, drop)) << drop;
}

TEST(BuildInputs, SrcLayoutKeepsSrc) {
  Project project = MakeProject();
  project.dir = "/p/";  // a trailing slash changes nothing
  FileSelection sel;
  sel.wheel = {{"/p/src/pkg/__init__.py", "pkg/__init__.py", false}};
  sel.inputs = {"/p",       "/p/src",       "/p/src/pkg", "/p/src/pkg/__init__.py",
                "/p/tests", "/p/tests/t.py"};
  std::vector<std::string> in = WheelInputs(project, sel);
  EXPECT_EQ(in, (std::vector<std::string>{"/p", "/p/src", "/p/src/pkg", "/p/src/pkg/__init__.py"}));
}

TEST(BuildInputs, SingleModuleAtTheRoot) {
  Project project = MakeProject();
  FileSelection sel;
  sel.wheel = {{"/p/mod.py", "mod.py", false}};
  sel.inputs = {"/p", "/p/mod.py", "/p/pyproject.toml", "/p/tests", "/p/tests/t.py"};
  EXPECT_EQ(WheelInputs(project, sel),
            (std::vector<std::string>{"/p", "/p/mod.py", "/p/pyproject.toml"}));
}
