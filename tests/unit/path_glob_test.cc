#include "path_glob.h"

#include <gtest/gtest.h>

TEST(PathGlob, StarStaysInOneSegment) {
  EXPECT_TRUE(GlobMatch("*.py", "setup.py"));
  EXPECT_FALSE(GlobMatch("*.py", "pkg/setup.py"));
  EXPECT_TRUE(GlobMatch("pkg/*.py", "pkg/a.py"));
  EXPECT_FALSE(GlobMatch("pkg/*.py", "pkg/sub/a.py"));
  EXPECT_TRUE(GlobMatch("*", "anything"));
  EXPECT_FALSE(GlobMatch("*", "a/b"));
}

TEST(PathGlob, DoubleStarSpansSegments) {
  EXPECT_TRUE(GlobMatch("**/*.py", "a.py"));
  EXPECT_TRUE(GlobMatch("**/*.py", "x/y/a.py"));
  EXPECT_TRUE(GlobMatch("docs/**", "docs/a/b.md"));
  EXPECT_FALSE(GlobMatch("docs/**", "docsx/a.md"));
  EXPECT_TRUE(GlobMatch("a/**/b", "a/b"));
  EXPECT_TRUE(GlobMatch("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(GlobMatch("a/**/b", "a/xb"));
  // '**' inside a segment is a plain '*'.
  EXPECT_TRUE(GlobMatch("a**b", "axxb"));
  EXPECT_FALSE(GlobMatch("a**b", "a/b"));
}

TEST(PathGlob, QuestionMarkClassesAndEscapes) {
  EXPECT_TRUE(GlobMatch("file?.txt", "file1.txt"));
  EXPECT_FALSE(GlobMatch("a?b", "a/b"));
  EXPECT_TRUE(GlobMatch("LICEN[CS]E*", "LICENSE.txt"));
  EXPECT_TRUE(GlobMatch("LICEN[CS]E*", "LICENCE"));
  EXPECT_FALSE(GlobMatch("LICEN[CS]E*", "LICENXE"));
  EXPECT_TRUE(GlobMatch("*.py[cod]", "x.pyc"));
  EXPECT_TRUE(GlobMatch("[!a]*", "bcd"));
  EXPECT_FALSE(GlobMatch("[!a]*", "abc"));
  EXPECT_TRUE(GlobMatch("[a-c]x", "bx"));
  EXPECT_TRUE(GlobMatch("\\*star", "*star"));
  EXPECT_FALSE(GlobMatch("\\*star", "xstar"));
  EXPECT_TRUE(GlobMatch("[]]", "]"));
}

TEST(PathGlob, MagicDetection) {
  EXPECT_FALSE(HasGlobMagic("docs/index.md"));
  EXPECT_TRUE(HasGlobMagic("docs/*.md"));
  EXPECT_TRUE(HasGlobMagic("a[bc]"));
}
