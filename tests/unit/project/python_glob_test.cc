// Python's glob.glob(recursive=True) as pdm-backend expands its patterns; expectations are what
// Python 3.11 returns (normalized) for the same tree.
#include "project/python_glob.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "test_support.h"

namespace {

std::vector<std::string> Glob(const ScopedTempDir& dir, const std::string& pattern) {
  std::vector<std::string> out;
  std::string err;
  EXPECT_TRUE(PythonGlob(dir.path, pattern, &out, &err)) << err;
  return out;
}

}  // namespace

TEST(PythonGlob, HiddenNamesRecursionAndDirectoriesOnly) {
  ScopedTempDir dir;
  dir.Write("docs/a.md", "");
  dir.Write("docs/guide/b.md", "");
  dir.Write("docs/.hidden/c.md", "");
  dir.Write("docs/.d.md", "");
  dir.Write("pkg/__init__.py", "");
  dir.Write("x.py", "");
  dir.Write(".y.py", "");
  using V = std::vector<std::string>;
  EXPECT_EQ(Glob(dir, "docs/**/*.md"), (V{"docs/a.md", "docs/guide/b.md"}));
  EXPECT_EQ(Glob(dir, "docs/**"), (V{"docs", "docs/a.md", "docs/guide", "docs/guide/b.md"}));
  EXPECT_EQ(Glob(dir, "./*.py"), (V{"x.py"}));
  EXPECT_EQ(Glob(dir, ".*.py"), (V{".y.py"}));
  EXPECT_EQ(Glob(dir, "docs/.hidden"), (V{"docs/.hidden"}));
  EXPECT_EQ(Glob(dir, "*/"), (V{"docs", "pkg"}));
  EXPECT_EQ(Glob(dir, "pkg/"), (V{"pkg"}));
  EXPECT_EQ(Glob(dir, "x.py/"), (V{}));
  EXPECT_EQ(Glob(dir, "missing"), (V{}));
}

TEST(PythonGlob, RefusesWhatIsNotReproduced) {
  ScopedTempDir dir;
  std::vector<std::string> out;
  std::string err;
  EXPECT_FALSE(PythonGlob(dir.path, "/abs", &out, &err));
  EXPECT_FALSE(PythonGlob(dir.path, "../x", &out, &err));
  EXPECT_FALSE(PythonGlob(dir.path, "a\\b", &out, &err));
  EXPECT_FALSE(PythonGlob(dir.path, "./", &out, &err));
}

// pathlib's Path.glob as poetry-core expands include/exclude entries: expectations are what
// Python 3.11's Path(root).glob(pattern) returns (relative, sorted) for the same tree.
TEST(PathlibGlob, HiddenNamesMatchAndRecursionEntersThem) {
  ScopedTempDir dir;
  dir.Write("docs/a.md", "");
  dir.Write("docs/guide/b.md", "");
  dir.Write("docs/.hidden/c.md", "");
  dir.Write("docs/.d.md", "");
  dir.Write("pkg/__init__.py", "");
  dir.Write("x.py", "");
  dir.Write(".y.py", "");
  dir.Write("example1.py", "");
  dir.Write("example_b.py", "");
  using V = std::vector<std::string>;
  auto glob = [&](const std::string& pattern) {
    std::vector<std::string> out;
    std::string err;
    EXPECT_TRUE(PathlibGlob(dir.path, pattern, &out, &err)) << pattern << ": " << err;
    return out;
  };
  EXPECT_EQ(glob("docs/**/*.md"),
            (V{"docs/.d.md", "docs/.hidden/c.md", "docs/a.md", "docs/guide/b.md"}));
  EXPECT_EQ(glob("docs/**/*"), (V{"docs/.d.md", "docs/.hidden", "docs/.hidden/c.md", "docs/a.md",
                                  "docs/guide", "docs/guide/b.md"}));
  EXPECT_EQ(glob("*.py"), (V{".y.py", "example1.py", "example_b.py", "x.py"}));
  EXPECT_EQ(glob("example*.py"), (V{"example1.py", "example_b.py"}));
  EXPECT_EQ(glob(".*.py"), (V{".y.py"}));
  EXPECT_EQ(glob("docs/*"), (V{"docs/.d.md", "docs/.hidden", "docs/a.md", "docs/guide"}));
  EXPECT_EQ(glob("**/*.md"),
            (V{"docs/.d.md", "docs/.hidden/c.md", "docs/a.md", "docs/guide/b.md"}));
  EXPECT_EQ(glob("ex?mple1.py"), (V{"example1.py"}));
  EXPECT_EQ(glob("[ex]*.py"), (V{"example1.py", "example_b.py", "x.py"}));
  EXPECT_EQ(glob("missing/**/*"), (V{}));
}

TEST(PathlibGlob, RefusesWhatPythonVersionsReadDifferently) {
  ScopedTempDir dir;
  dir.Write("docs/a.md", "");
  std::vector<std::string> out;
  std::string err;
  EXPECT_FALSE(PathlibGlob(dir.path, "docs/**", &out, &err));
  EXPECT_NE(err.find("ends in '/' or '**'"), std::string::npos) << err;
  EXPECT_FALSE(PathlibGlob(dir.path, "*/", &out, &err));
  EXPECT_FALSE(PathlibGlob(dir.path, "[!d]*", &out, &err));
  EXPECT_NE(err.find("negated"), std::string::npos) << err;
  EXPECT_FALSE(PathlibGlob(dir.path, "../*", &out, &err));
  ASSERT_EQ(::symlink("docs", (dir.path + "/link").c_str()), 0);
  EXPECT_FALSE(PathlibGlob(dir.path, "*/a.md", &out, &err));
  EXPECT_NE(err.find("symbolic link 'link'"), std::string::npos) << err;
}
