// Python's glob.glob(recursive=True) as pdm-backend expands its patterns; expectations are what
// Python 3.11 returns (normalized) for the same tree.
#include "project/python_glob.h"

#include <gtest/gtest.h>

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
