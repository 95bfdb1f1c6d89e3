#include "core/path_glob.h"

#include <gtest/gtest.h>

TEST(PathGlob, StarStaysInOneSegment) {
  EXPECT_TRUE(WildMatch("*.py", "setup.py"));
  EXPECT_FALSE(WildMatch("*.py", "pkg/setup.py"));
  EXPECT_TRUE(WildMatch("pkg/*.py", "pkg/a.py"));
  EXPECT_FALSE(WildMatch("pkg/*.py", "pkg/sub/a.py"));
  EXPECT_TRUE(WildMatch("*", "anything"));
  EXPECT_FALSE(WildMatch("*", "a/b"));
}

TEST(PathGlob, DoubleStarSpansSegments) {
  EXPECT_TRUE(WildMatch("**/*.py", "a.py"));
  EXPECT_TRUE(WildMatch("**/*.py", "x/y/a.py"));
  EXPECT_TRUE(WildMatch("docs/**", "docs/a/b.md"));
  EXPECT_FALSE(WildMatch("docs/**", "docsx/a.md"));
  EXPECT_TRUE(WildMatch("a/**/b", "a/b"));
  EXPECT_TRUE(WildMatch("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(WildMatch("a/**/b", "a/xb"));
  // '**' inside a segment is a plain '*'.
  EXPECT_TRUE(WildMatch("a**b", "axxb"));
  EXPECT_FALSE(WildMatch("a**b", "a/b"));
}

TEST(PathGlob, QuestionMarkClassesAndEscapes) {
  EXPECT_TRUE(WildMatch("file?.txt", "file1.txt"));
  EXPECT_FALSE(WildMatch("a?b", "a/b"));
  EXPECT_TRUE(WildMatch("LICEN[CS]E*", "LICENSE.txt"));
  EXPECT_TRUE(WildMatch("LICEN[CS]E*", "LICENCE"));
  EXPECT_FALSE(WildMatch("LICEN[CS]E*", "LICENXE"));
  EXPECT_TRUE(WildMatch("*.py[cod]", "x.pyc"));
  EXPECT_TRUE(WildMatch("[!a]*", "bcd"));
  EXPECT_FALSE(WildMatch("[!a]*", "abc"));
  EXPECT_TRUE(WildMatch("[a-c]x", "bx"));
  EXPECT_TRUE(WildMatch("\\*star", "*star"));
  EXPECT_FALSE(WildMatch("\\*star", "xstar"));
  EXPECT_TRUE(WildMatch("[]]", "]"));
}

TEST(PathGlob, MagicDetection) {
  EXPECT_FALSE(HasGlobMagic("docs/index.md"));
  EXPECT_TRUE(HasGlobMagic("docs/*.md"));
  EXPECT_TRUE(HasGlobMagic("a[bc]"));
}
