#include "check/markdown_check.h"

#include <gtest/gtest.h>

TEST(MarkdownCheck, RendersGfmExtensions) {
  std::string html =
      RenderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.example.org\n", true);
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("<del>gone</del>"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"http://www.example.org\">"), std::string::npos) << html;
  EXPECT_EQ(MarkdownProblem("# Title\n\ntext\n", true), "");
}

TEST(MarkdownCheck, EmptyRenderIsAProblem) {
  EXPECT_NE(MarkdownProblem("   \n\n", true), "");
  EXPECT_NE(MarkdownProblem("[ref]: http://example.org\n", true), "");
  EXPECT_NE(MarkdownProblem("[ref]: http://example.org\n", false), "");
  EXPECT_EQ(MarkdownProblem("<!-- only a comment -->\n", true), "");
}
