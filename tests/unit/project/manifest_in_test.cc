#include "project/manifest_in.h"

#include <gtest/gtest.h>

namespace {

std::vector<std::string> Select(const std::string& manifest, const std::vector<std::string>& base,
                                const std::vector<std::string>& files) {
  std::vector<SelectionStep> steps;
  for (const std::string& b : base)
    steps.push_back(Include(PatternSyntax::kLiteral, b, "defaults"));
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(ParseManifestIn(manifest, "MANIFEST.in", &steps, &diags));
  return ApplySteps(steps, files);
}

const std::vector<std::string> kTree = {
    "CHANGES.rst",     "README.md",      "docs/_build/index.html", "docs/api/ref.rst",
    "docs/index.rst",  "docs/notes.txt", "examples/a.py",          "examples/skip.txt",
    "pkg/__init__.py", "pkg/debug.log",  "pkg/data/x.json",        "setup.py",
    "top.txt",         "tests/t.log"};

}  // namespace

TEST(ManifestIn, IncludeIsAnchoredAndStarStaysInOneSegment) {
  EXPECT_EQ(Select("include *.txt\n", {}, kTree), std::vector<std::string>({"top.txt"}));
  EXPECT_EQ(Select("include docs/*.rst CHANGES.rst\n", {}, kTree),
            std::vector<std::string>({"CHANGES.rst", "docs/index.rst"}));
}

TEST(ManifestIn, RecursiveIncludeAndPrune) {
  EXPECT_EQ(Select("recursive-include docs *.rst *.txt\nprune docs/_build\n", {}, kTree),
            std::vector<std::string>({"docs/api/ref.rst", "docs/index.rst", "docs/notes.txt"}));
  EXPECT_EQ(Select("recursive-include docs *\nprune docs/_build\n", {}, kTree).size(), 3u);
}

TEST(ManifestIn, GraftThenExclude) {
  EXPECT_EQ(Select("graft examples\nexclude examples/skip.txt\n", {}, kTree),
            std::vector<std::string>({"examples/a.py"}));
}

TEST(ManifestIn, GlobalIncludeAndExcludeApplyAtAnyDepth) {
  EXPECT_EQ(Select("global-include *.log\n", {}, kTree),
            std::vector<std::string>({"pkg/debug.log", "tests/t.log"}));
  // Later lines override earlier ones, and excludes remove default files too.
  EXPECT_EQ(Select("global-exclude *.log\n", {"pkg/debug.log", "setup.py"}, kTree),
            std::vector<std::string>({"setup.py"}));
  EXPECT_EQ(Select("recursive-exclude pkg *.json\n", {"pkg/data/x.json", "pkg/__init__.py"}, kTree),
            std::vector<std::string>({"pkg/__init__.py"}));
}

TEST(ManifestIn, CommentsContinuationsAndOrder) {
  EXPECT_EQ(
      Select("# comment\ninclude \\\n  top.txt\nexclude top.txt\ninclude top.txt\n", {}, kTree),
      std::vector<std::string>({"top.txt"}));
}

TEST(ManifestIn, ErrorsNameTheLine) {
  std::vector<SelectionStep> steps;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(ParseManifestIn("include a\nfrobnicate b\ngraft\nrecursive-include docs\n",
                               "/p/MANIFEST.in", &steps, &diags));
  ASSERT_EQ(diags.size(), 3u);
  EXPECT_EQ(diags[0].path, "/p/MANIFEST.in");
  EXPECT_EQ(diags[0].line, 2);
  EXPECT_NE(diags[0].message.find("frobnicate"), std::string::npos);
  EXPECT_EQ(diags[1].line, 3);
  EXPECT_EQ(diags[2].line, 4);
}
