#include "core/gitignore.h"

#include <gtest/gtest.h>

TEST(Gitignore, CommentsBlankLinesAndTrailingSpaces) {
  Gitignore g;
  g.AddPatterns("# a comment\n\n*.log   \n\\#literal\nkeep\\ \n");
  EXPECT_TRUE(g.IsIgnored("debug.log", false));
  EXPECT_TRUE(g.IsIgnored("#literal", false));
  EXPECT_FALSE(g.IsIgnored("# a comment", false));
  EXPECT_TRUE(g.IsIgnored("keep ", false));  // an escaped trailing space is kept
  EXPECT_EQ(g.patterns().size(), 3u);
  EXPECT_EQ(g.patterns()[0].line, 3);
}

TEST(Gitignore, UnanchoredPatternsMatchAtAnyDepth) {
  Gitignore g;
  g.AddPatterns("*.pyc\nnode_modules\n");
  EXPECT_TRUE(g.IsIgnored("a.pyc", false));
  EXPECT_TRUE(g.IsIgnored("pkg/sub/a.pyc", false));
  EXPECT_TRUE(g.IsIgnored("web/node_modules/x/y.js", false));
  EXPECT_FALSE(g.IsIgnored("pkg/a.py", false));
}

TEST(Gitignore, SlashAnchorsToTheFilesDirectory) {
  Gitignore g;
  g.AddPatterns("/build\ndoc/frotz\n");
  EXPECT_TRUE(g.IsIgnored("build/x.o", false));
  EXPECT_FALSE(g.IsIgnored("src/build/x.o", false));
  EXPECT_TRUE(g.IsIgnored("doc/frotz", true));
  EXPECT_FALSE(g.IsIgnored("a/doc/frotz", true));
}

TEST(Gitignore, DirOnlyPatterns) {
  Gitignore g;
  g.AddPatterns("cache/\n");
  EXPECT_TRUE(g.IsIgnored("cache", true));
  EXPECT_FALSE(g.IsIgnored("cache", false));  // a file named cache is kept
  EXPECT_TRUE(g.IsIgnored("a/cache/f", false));
}

TEST(Gitignore, NegationReincludesButNotBelowAnExcludedDirectory) {
  Gitignore g;
  g.AddPatterns("*.log\n!important.log\nlogs/\n!logs/keep.txt\n");
  EXPECT_TRUE(g.IsIgnored("x.log", false));
  EXPECT_FALSE(g.IsIgnored("important.log", false));
  // "It is not possible to re-include a file if a parent directory of that file is excluded."
  EXPECT_TRUE(g.IsIgnored("logs/keep.txt", false));
}

TEST(Gitignore, ReincludeInsideDirectoryWithStarPattern) {
  // The documented idiom: exclude everything inside foo/ except foo/bar.
  Gitignore g;
  g.AddPatterns("/*\n!/foo\n/foo/*\n!/foo/bar\n");
  EXPECT_TRUE(g.IsIgnored("other.txt", false));
  EXPECT_FALSE(g.IsIgnored("foo/bar", false));
  EXPECT_TRUE(g.IsIgnored("foo/baz", false));
}

TEST(Gitignore, DoubleStar) {
  Gitignore g;
  g.AddPatterns("**/tmp\nabc/**\na/**/z\n");
  EXPECT_TRUE(g.IsIgnored("tmp", true));
  EXPECT_TRUE(g.IsIgnored("x/y/tmp", false));
  EXPECT_TRUE(g.IsIgnored("abc/d/e", false));
  EXPECT_FALSE(g.IsIgnored("abc", false));
  EXPECT_TRUE(g.IsIgnored("a/z", false));
  EXPECT_TRUE(g.IsIgnored("a/b/c/z", false));
}

TEST(Gitignore, NestedFilesApplyBelowTheirDirectoryAndTakePrecedence) {
  Gitignore g;
  g.AddPatterns("*.txt\n", "");
  g.AddPatterns("!keep.txt\n/local.dat\n", "sub");
  EXPECT_TRUE(g.IsIgnored("a.txt", false));
  EXPECT_TRUE(g.IsIgnored("keep.txt", false));  // sub/.gitignore does not apply at the root
  EXPECT_FALSE(g.IsIgnored("sub/keep.txt", false));
  EXPECT_TRUE(g.IsIgnored("sub/local.dat", false));
  EXPECT_FALSE(g.IsIgnored("sub/deeper/local.dat", false));  // anchored to sub/
}

TEST(Gitignore, EscapedBangIsLiteral) {
  Gitignore g;
  g.AddPatterns("\\!important\n");
  EXPECT_TRUE(g.IsIgnored("!important", false));
  EXPECT_FALSE(g.patterns()[0].negated);
}

TEST(Gitignore, SpecSemanticsForHatchPatterns) {
  Gitignore spec;
  spec.AddPatterns("/src\n/tests\n!/tests/fixtures/big\n");
  EXPECT_TRUE(spec.MatchesSpec("src/pkg/__init__.py"));
  EXPECT_TRUE(spec.MatchesSpec("tests/test_a.py"));
  EXPECT_FALSE(spec.MatchesSpec("tests/fixtures/big/blob"));
  EXPECT_FALSE(spec.MatchesSpec("docs/index.md"));
  Gitignore pkg;
  pkg.AddPatterns("/src/hatch_demo/\n");
  EXPECT_TRUE(pkg.MatchesSpec("src/hatch_demo/api.py"));
  EXPECT_FALSE(pkg.MatchesSpec("src/other/api.py"));
}

// pathspec 1.1.1's GitIgnoreSpec: a pattern matching the file beats a later one matching only its
// directory (scikit-build-core: `!/.distro/*.spec` in .gitignore, then `.distro/` excluded); each
// expectation is what pathspec answered.
TEST(Gitignore, SpecFilePatternOutranksALaterDirectoryPattern) {
  auto matches = [](const char* lines, const char* path) {
    Gitignore spec;
    spec.AddPatterns(lines);
    return spec.MatchesSpec(path);
  };
  EXPECT_FALSE(matches("*.spec\n!/.distro/*.spec\n.distro/\n", ".distro/a.spec"));
  EXPECT_TRUE(matches("*.spec\n!/.distro/*.spec\n.distro/\n", ".distro/other.txt"));
  EXPECT_FALSE(matches("!/d/a.txt\nd\n", "d/a.txt"));
  EXPECT_TRUE(matches("!/d/a.txt\nd/**\n", "d/a.txt"));
  EXPECT_TRUE(matches("d/a.txt\n!d/\n", "d/a.txt"));
  EXPECT_FALSE(matches("d/\n!d/\n", "d/a.txt"));
  EXPECT_TRUE(matches("!d/\nd/\n", "d/a.txt"));
  EXPECT_FALSE(matches("!*.txt\nd/\n", "d/x/a.txt"));
  EXPECT_TRUE(matches("!a.txt\n*.txt\n", "a.txt"));
}
