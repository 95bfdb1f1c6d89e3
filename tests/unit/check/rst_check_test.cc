#include "check/rst_check.h"

#include <gtest/gtest.h>

#include <string>

namespace {

// The first message, formatted as twine shows it, or "" when the text renders.
std::string First(const std::string& text) {
  auto msgs = CheckRst(text);
  return msgs.empty() ? "" : FormatRstMessage(msgs[0]);
}

}  // namespace

TEST(RstCheck, CleanDocumentsPass) {
  EXPECT_EQ(
      First(
          "Title\n=====\n\nSome *emphasis*, **strong**, ``code`` and a `link <http://x.org>`_.\n\n"
          "- item one\n- item two\n\n  continued\n\n1. first\n2. second\n\n"
          ".. code-block:: python\n\n   x = 1\n\n.. note:: A note.\n\nSub\n---\n\nterm\n  "
          "definition\n"),
      "");
  EXPECT_EQ(First("Example::\n\n    pip install x\n\nback to text\n"), "");
  EXPECT_EQ(First(".. |b| image:: https://x/b.svg\n   :target: https://x\n\n|b| badge\n"), "");
  EXPECT_EQ(First("See Installation_.\n\nInstallation\n============\n\nx\n"), "");
  EXPECT_EQ(First("+-----+-----+\n| a   | b   |\n+=====+=====+\n| 1   | 2   |\n+-----+-----+\n"),
            "");
  EXPECT_EQ(First("=====  =====\na      b\n=====  =====\n1      2\n=====  =====\n"), "");
}

TEST(RstCheck, SectionProblems) {
  EXPECT_EQ(First("Title long\n----\n"), "line 2: Warning: Title underline too short.");
  EXPECT_EQ(First("=====\nTitle\n====\n"), "line 1: Severe: Title overline & underline mismatch.");
  EXPECT_EQ(First("A\n=\n\nB\n-\n\nC\n=\n\nD\n~\n"),
            "line 10: Error: Inconsistent title style: skip from level 1 to 3.");
  EXPECT_EQ(First("Title\n=====\n\n----\n\ntext\n"),
            "line 4: Warning: Transition at the start of the section.");
  EXPECT_EQ(First("- a\n\n  T\n  ====\n"), "line 4: Severe: Unexpected section title.");
}

TEST(RstCheck, BlockProblems) {
  EXPECT_EQ(First("a\nb\n    c\n"), "line 3: Error: Unexpected indentation.");
  EXPECT_EQ(First("- a\nb\n"),
            "line 2: Warning: Bullet list ends without a blank line; unexpected unindent.");
  EXPECT_EQ(First("x\n\n  y\nz\n"),
            "line 4: Warning: Block quote ends without a blank line; unexpected unindent.");
  EXPECT_EQ(First(".. note:: x\ny\n"),
            "line 2: Warning: Explicit markup ends without a blank line; unexpected unindent.");
  EXPECT_EQ(First("a::\n\nb\n"), "line 3: Warning: Literal block expected; none found.");
  EXPECT_EQ(First("term\n  def\nnext\n"),
            "line 3: Warning: Definition list ends without a blank line; unexpected unindent.");
  EXPECT_EQ(First("=====  =====\na    x b\n=====  =====\n"),
            "line 2: Error: Malformed table.\nText in column margin in table line 2.");
  EXPECT_NE(First("+-----+-----+\n| a   | b   |\n+-----+----+\n"), "");
}

TEST(RstCheck, InlineProblems) {
  EXPECT_EQ(First("*foo\n"), "line 1: Warning: Inline emphasis start-string without end-string.");
  EXPECT_EQ(First("a\nb **c\n"), "line 1: Warning: Inline strong start-string without end-string.");
  EXPECT_EQ(First("``x\n"), "line 1: Warning: Inline literal start-string without end-string.");
  EXPECT_EQ(First("a `b\n"),
            "line 1: Warning: Inline interpreted text or phrase reference start-string without "
            "end-string.");
  EXPECT_EQ(First("2*3*4 and '*' and (*a*)\n"), "");
}

TEST(RstCheck, DirectivesAndRoles) {
  EXPECT_EQ(First(".. toctree::\n"), "line 1: Error: Unknown directive type \"toctree\".");
  EXPECT_EQ(First(":py:class:`x`\n"), "line 1: Error: Unknown interpreted text role \"py:class\".");
  EXPECT_EQ(First(".. raw:: html\n\n  x\n"), "line 1: Warning: \"raw\" directive disabled.");
  EXPECT_EQ(First(".. image::\n"),
            "line 1: Error: Error in \"image\" directive:\n1 argument(s) required, 0 supplied.");
  EXPECT_EQ(First(".. image:: x.png\n   :foo: 1\n"),
            "line 1: Error: Error in \"image\" directive:\nunknown option: \"foo\".");
  EXPECT_EQ(First(".. note::\n"),
            "line 1: Error: Content block expected for the \"note\" directive; none found.");
}

TEST(RstCheck, References) {
  EXPECT_EQ(First("x_\n"), "line 1: Error: Unknown target name: \"x\".");
  EXPECT_EQ(First("|x|\n"), "line 1: Error: Undefined substitution referenced: \"x\".");
  EXPECT_EQ(First(".. _a: http://x\n.. _a: http://y\n"),
            "line 2: Warning: Duplicate explicit target name: \"a\".");
  EXPECT_NE(First("a__\n"), "");
  EXPECT_EQ(First("[#]_ [#]_\n\n.. [#] x\n"),
            "line 1: Error: Too many autonumbered footnote references: only 1 corresponding "
            "footnote available.");
  EXPECT_EQ(First("see `x <a_>`_\n\n.. _a: http://x\n"), "");
}

TEST(RstCheck, EmptyRenderIsRefused) {
  EXPECT_EQ(First(".. just a comment\n"), "No content rendered from RST source.");
  EXPECT_EQ(First(""), "No content rendered from RST source.");
}

TEST(RstCheck, DirectiveOptionValues) {
  EXPECT_NE(First(".. image:: x.png\n   :height: 357_\n"), "");
  EXPECT_EQ(First(".. image:: x.png\n   :height: 357px\n   :width: 50%\n   :align: center\n"), "");
  EXPECT_NE(First(".. contents::\n    :backlinks: none:\n\nA\n=\n\nx\n"), "");
  EXPECT_NE(First(".. list-table::\n   :header-rows: 1::\n\n   * - a\n     - b\n"), "");
  // Option values continue on more-indented lines.
  EXPECT_NE(First(".. image:: x.png\n   :width: 668\n    :height: 325\n"), "");
  // An option name is inline text: "alt_" reads as "alt".
  EXPECT_EQ(First(".. image:: x.png\n   :alt_: text\n"), "");
}

TEST(RstCheck, ListTables) {
  EXPECT_EQ(
      First(".. list-table::\n   :header-rows: 1\n\n   * - a\n     - b\n   * - 1\n     - 2\n"), "");
  EXPECT_EQ(
      First(".. list-table::\n\n   * - a\n     - b\n   * - 1\n"),
      "line 1: Error: Error parsing content block for the \"list-table\" directive: uniform "
      "two-level bullet "
      "list expected, but row 2 does not contain the same number of items as row 1 (1 vs 2).");
  EXPECT_NE(First(".. list-table::\n   :header-rows: 1\n\n   * - a\n     - b\n"), "");
  EXPECT_NE(First(".. list-table::\n\n   text\n"), "");
}

TEST(RstCheck, HyperlinkTargets) {
  EXPECT_EQ(First("See itertools_.\n\n.. _itertools : https://docs.python.org/\n"), "");
  EXPECT_EQ(First(".. _GitHub Discussions https://github.com/x\n"),
            "line 1: Warning: malformed hyperlink target.");
  EXPECT_EQ(First(".. _code:: python\n\n    x\n"), "line 1: Warning: malformed hyperlink target.");
  EXPECT_EQ(First(".. _`Pull #106`::: https://x/106\n"),
            "line 1: Warning: malformed hyperlink target.");
  EXPECT_EQ(First("See `Pull #106`_.\n\n.. _`Pull #106`: https://x/106\n"), "");
  EXPECT_EQ(First("Repository_\n-----------\n\ntext\n"), "");
  EXPECT_NE(First(".. |Zenodo| image :: https://x/y.svg\n"), "");
}

TEST(RstCheck, MalformedConstructs) {
  EXPECT_EQ(First(".. |versions|image:: https://x/y.svg\n"),
            "line 1: Warning: malformed substitution definition.");
  EXPECT_NE(First(".. csv-table:: t\n   :widths: 24, 7\n     :stub-columns: 0\n\n   a, b\n"), "");
  EXPECT_EQ(First(".. csv-table:: t\n   :widths: 24, 7\n\n   a, b\n"), "");
}
