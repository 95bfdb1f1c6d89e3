#include "project/fancy_readme.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace {

constexpr char kHook[] = "[tool.hatch.metadata.hooks.fancy-pypi-readme]\n";

struct Rendered {
  FancyReadmeOutcome outcome;
  std::string text;
  FancyReadmeProblem problem;
};

// One text fragment `text` and one substitution (TOML literal strings).
Rendered Sub(const std::string& text, const std::string& pattern, const std::string& replacement,
             bool ignore_case = false) {
  ScopedTempDir dir;
  std::string toml = std::string(kHook) + "content-type = \"text/markdown\"\n" +
                     "fragments = [{text = \"\"\"" + text + "\"\"\"}]\n" +
                     "substitutions = [{pattern = '''" + pattern + "''', replacement = '''" +
                     replacement + "'''" + (ignore_case ? ", ignore-case = true" : "") + "}]\n";
  toml::parse_result doc = toml::parse(toml);
  EXPECT_TRUE(doc) << toml;
  Rendered r;
  Readme readme;
  r.outcome = RenderFancyReadme(dir.path, doc.table(), "pkg", "1.0", &readme, &r.problem);
  r.text = readme.text;
  return r;
}

std::string Ok(const std::string& text, const std::string& pattern, const std::string& repl,
               bool ignore_case = false) {
  Rendered r = Sub(text, pattern, repl, ignore_case);
  EXPECT_EQ(r.outcome, FancyReadmeOutcome::kRendered) << pattern << ": " << r.problem.message;
  return r.text;
}

std::string Refused(const std::string& text, const std::string& pattern, const std::string& repl,
                    bool ignore_case = false) {
  Rendered r = Sub(text, pattern, repl, ignore_case);
  EXPECT_EQ(r.outcome, FancyReadmeOutcome::kUnreproducible) << pattern << " -> " << r.text;
  return r.problem.message;
}

// Renders the hook table `body` for the project in `dir`; fails the test unless it renders.
Readme RenderOk(const std::string& dir, const std::string& body, const std::string& name,
                const std::string& version) {
  toml::parse_result doc = toml::parse(std::string(kHook) + body);
  EXPECT_TRUE(doc) << body;
  Readme readme;
  FancyReadmeProblem problem;
  EXPECT_EQ(RenderFancyReadme(dir, doc.table(), name, version, &readme, &problem),
            FancyReadmeOutcome::kRendered)
      << problem.message;
  return readme;
}

}  // namespace

// Expected values are what Python's re.sub gives (checked with CPython 3.11).
TEST(FancyReadme, SubstitutionsFollowPythonRe) {
  EXPECT_EQ(Ok("see (#12) and (#3)", R"(\(#(\d+)\))", R"([#\1](u/\g<1>))"),
            "see [#12](u/12) and [#3](u/3)");
  EXPECT_EQ(Ok("abxd", "x*", "-"), "-a-b--d-");   // empty matches next to a match
  EXPECT_EQ(Ok("a\nb\n", "$", "E"), "a\nbE\nE");  // '$' also before the final newline
  EXPECT_EQ(Ok("a\\r\\nb", ".", "x"), "xx\nx");   // '.' takes '\r', not '\n'
  EXPECT_EQ(Ok("ab ab", "a|ab", "X"), "Xb Xb");   // leftmost alternative first
  EXPECT_EQ(Ok("aaa", "a{,2}", "X"), "XXX");      // {,n} is {0,n}: "X" + "X" + empty at end
  EXPECT_EQ(Ok("x{y", "x{", "Z"), "Zy");          // a brace that is no repeat is literal
  EXPECT_EQ(Ok("oo", "(?P<w>o)", R"(<\g<w>>)"), "<o><o>");
  EXPECT_EQ(Ok("a\\\\b", "b", R"(\&\n\\)"),
            "a\\\\&\n\\");                         // unknown escapes stay, newline, backslash
  EXPECT_EQ(Ok("ab", "(x)?b", R"([\1])"), "a[]");  // a group that did not take part
  EXPECT_EQ(Ok("Demo demo", "DEMO", "D", true), "D D");
  EXPECT_EQ(Ok("]a-", "[]a-]", "."), "...");
  EXPECT_EQ(Ok("tab\there", R"(\s)", "_"), "tab_here");
  EXPECT_EQ(Ok("héllo 12", R"(\d+)", "N"), "héllo N");  // \d: no other digits in the text
  EXPECT_EQ(Ok("ü.", "ü", "u"), "u.");
}

TEST(FancyReadme, UnprovableRegexesAreRefused) {
  EXPECT_NE(Refused("ab", "(?<=a)b", "x").find("lookbehind"), std::string::npos);
  EXPECT_NE(Refused("ab", "(?i)a", "x").find("group syntax"), std::string::npos);
  EXPECT_NE(Refused("aa", R"((a)\1)", "x").find("backreference"), std::string::npos);
  EXPECT_NE(Refused("aa", "a*+", "x").find("possessive"), std::string::npos);
  EXPECT_NE(Refused("naïve", R"(\w+)", "x").find(R"(\w)"), std::string::npos);
  // \d and \s are Python's Unicode sets; a digit of a later Unicode (Kawi, U+11F50) is refused.
  EXPECT_EQ(Ok("a\u00a0b\u3000", R"(\s)", "x"), "axbx");
  EXPECT_EQ(Ok("\u0661\uff11", R"(\d)", "x"), "xx");
  EXPECT_NE(Refused("\U00011F50", R"(\d)", "x").find(R"(\d)"), std::string::npos);
  EXPECT_EQ(Ok("a — “b” ✨", R"(\w+)", "w"), "w — “w” ✨");  // punctuation and emoji: no \w

  EXPECT_NE(Refused("\u212a", "k", "x", true).find("folds"), std::string::npos);
  EXPECT_NE(Refused("a", "é", "x", true).find("ignore-case"), std::string::npos);
  EXPECT_NE(Refused("a", "a", R"(\2)").find("group 2"), std::string::npos);
  EXPECT_NE(Refused("a", "a", R"(\q)").find(R"(\q)"), std::string::npos);
  EXPECT_NE(Refused("a", "[[a]", "x").find("'['"), std::string::npos);
}

TEST(FancyReadme, FragmentsAndVariables) {
  ScopedTempDir dir;
  dir.Write("README.md",
            "head\r\n<!-- start -->\r\nbody of $HFPR_PACKAGE_NAME\r\n<!-- end -->\r\n");
  dir.Write("CHANGES.md", "## 2.0\n\nnew\n\n## 1.0\n\nold\n");
  Readme readme = RenderOk(dir.path, R"(content-type = "text/x-rst"
[[tool.hatch.metadata.hooks.fancy-pypi-readme.fragments]]
path = "README.md"
start-after = "<!-- start -->\n"
end-before = "<!-- end -->"
[[tool.hatch.metadata.hooks.fancy-pypi-readme.fragments]]
text = "v$HFPR_VERSION\n"
[[tool.hatch.metadata.hooks.fancy-pypi-readme.fragments]]
path = "CHANGES.md"
pattern = '## [^\n]+\n(.*?)## '
)",
                           "My.Pkg", "2.0");
  // Universal newlines (Path.read_text), the DOTALL pattern's first group, variables last.
  EXPECT_EQ(readme.text, "body of My.Pkg\nv2.0\n\nnew\n\n");
  EXPECT_EQ(readme.content_type, "text/x-rst");
  EXPECT_EQ(readme.path, "");
}

TEST(FancyReadme, PluginErrorsAndUnknownKeys) {
  ScopedTempDir dir;
  dir.Write("README.md", "text\n");
  toml::parse_result doc;  // outlives the call: the problem points into it
  auto outcome = [&](const std::string& body, FancyReadmeProblem* problem) {
    doc = toml::parse(std::string(kHook) + body);
    EXPECT_TRUE(doc) << body;
    Readme readme;
    return RenderFancyReadme(dir.path, doc.table(), "p", "1", &readme, problem);
  };
  FancyReadmeProblem p;
  EXPECT_EQ(outcome("fragments = [{text = \"x\"}]\n", &p), FancyReadmeOutcome::kError);
  EXPECT_NE(p.field.find("content-type"), std::string::npos);
  EXPECT_EQ(outcome("content-type = \"text/plain\"\nfragments = [{text = \"x\"}]\n", &p),
            FancyReadmeOutcome::kError);
  EXPECT_EQ(outcome("content-type = \"text/markdown\"\nfragments = [{path = \"NOPE.md\"}]\n", &p),
            FancyReadmeOutcome::kError);
  EXPECT_NE(p.message.find("NOPE.md"), std::string::npos);
  EXPECT_EQ(outcome("content-type = \"text/markdown\"\n"
                    "fragments = [{path = \"README.md\", start-after = \"zzz\"}]\n",
                    &p),
            FancyReadmeOutcome::kError);
  EXPECT_EQ(outcome("content-type = \"text/markdown\"\n"
                    "fragments = [{path = \"README.md\", pattern = \"t\"}]\n",
                    &p),
            FancyReadmeOutcome::kError);  // no group
  EXPECT_NE(p.message.find("no group"), std::string::npos);
  EXPECT_EQ(
      outcome("content-type = \"text/markdown\"\nfragments = [{text = \"x\"}]\nextra = 1\n", &p),
      FancyReadmeOutcome::kUnreproducible);
  ASSERT_NE(p.node, nullptr);
  EXPECT_EQ(p.node->source().begin.line, 4u);
  EXPECT_EQ(outcome("content-type = \"text/markdown\"\n"
                    "fragments = [{path = \"README.md\", encoding = \"latin-1\"}]\n",
                    &p),
            FancyReadmeOutcome::kUnreproducible);
  EXPECT_NE(p.field.find("fragments[0].encoding"), std::string::npos);
}

TEST(FancyReadme, LongTextsRunOnTheRegexThread) {
  // libstdc++'s regex recursion overflows an 8 MiB stack near 50,000 characters.
  ScopedTempDir dir;
  dir.Write("BIG.md", "<!-- a -->" + std::string(200000, 'x') + "<!-- b -->");
  Readme readme = RenderOk(dir.path, R"(content-type = "text/markdown"
fragments = [{path = "BIG.md", pattern = '<!-- a -->(.*)<!-- b -->'}]
substitutions = [{pattern = 'x+$', replacement = 'y'}]
)",
                           "p", "1");
  EXPECT_EQ(readme.text, "y");
}
