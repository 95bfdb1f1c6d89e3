#include <gtest/gtest.h>

#include "backend_test_util.h"

TEST(BackendPyrelease, DiscoversTheSrcPackageForOtherBackends) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("other", "native-x", ""));
  tmp.Write("README.md", "x");
  tmp.Write("src/native_x/__init__.py", "");
  tmp.Write("src/native_x/py.typed", "");
  tmp.Write("CMakeLists.txt", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"native_x/__init__.py", "native_x/py.typed"}));
  EXPECT_EQ(r.sdist, Files({"README.md", "pyproject.toml", "src/native_x/__init__.py",
                            "src/native_x/py.typed"}));
}

TEST(BackendPyrelease, PackagesIncludeExcludeAndSdistOnlyOptions) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("other", "x", R"(
[tool.pyrelease]
packages = ["src/acme/x", "tools/helper.py"]
exclude = ["**/*.tmp"]
sdist-include = ["CMakeLists.txt", "cmake/**"]
sdist-exclude = ["cmake/private"]
)"));
  tmp.Write("README.md", "x");
  tmp.Write("src/acme/x/__init__.py", "");
  tmp.Write("src/acme/x/cache.tmp", "");
  tmp.Write("tools/helper.py", "");
  tmp.Write("CMakeLists.txt", "");
  tmp.Write("cmake/a.cmake", "");
  tmp.Write("cmake/private/b.cmake", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"acme/x/__init__.py", "tools/helper.py"}));
  EXPECT_EQ(r.sdist, Files({"CMakeLists.txt", "README.md", "cmake/a.cmake", "pyproject.toml",
                            "src/acme/x/__init__.py", "tools/helper.py"}));
}

// wheel-exclude keeps the C++ sources and CMakeLists.txt inside a package out of the wheel only:
// the sdist still carries them, so pyrelease.backend can rebuild the wheel from it (levenshtein).
TEST(BackendPyrelease, WheelExcludeLeavesTheSdistWhole) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("other", "lev", R"(
[tool.pyrelease]
packages = ["src/lev"]
wheel-exclude = ["**/*.pyx", "**/*.cxx", "**/CMakeLists.txt"]
)"));
  tmp.Write("README.md", "x");
  tmp.Write("src/lev/__init__.py", "");
  tmp.Write("src/lev/core.pyx", "");
  tmp.Write("src/lev/core.cxx", "");
  tmp.Write("src/lev/CMakeLists.txt", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"lev/__init__.py"}));
  EXPECT_EQ(r.sdist, Files({"README.md", "pyproject.toml", "src/lev/CMakeLists.txt",
                            "src/lev/__init__.py", "src/lev/core.cxx", "src/lev/core.pyx"}));
}

TEST(BackendPyrelease, MissingPackageIsAnErrorNamingTheKey) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("other", "x", "[tool.pyrelease]\npackages = [\"nope\"]\n"));
  tmp.Write("README.md", "x");
  SelectionResult r = SelectIn(tmp);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diags[0].field, "tool.pyrelease.packages");
  EXPECT_EQ(r.diags[0].line, 10);
  EXPECT_NE(r.diags[0].message.find("'nope'"), std::string::npos);
}

TEST(BackendPyrelease, DashedNameFindsANamespacePackage) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("other", "acme-widgets", ""));
  tmp.Write("README.md", "x");
  tmp.Write("src/acme/widgets/__init__.py", "");
  tmp.Write("src/acme/widgets/knob.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"acme/widgets/__init__.py", "acme/widgets/knob.py"}));
}
