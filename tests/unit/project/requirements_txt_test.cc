#include "project/requirements_txt.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace {

toml::table Parse(const std::string& text) {
  toml::parse_result r = toml::parse(text);
  EXPECT_TRUE(r.succeeded()) << text;
  return r.succeeded() ? std::move(r).table() : toml::table();
}

}  // namespace

// The lines hatch-requirements-txt 0.4.1 keeps of the same text (its backslash unfolding, comment
// and pip-option rules, str.splitlines()), before packaging parses them.
TEST(RequirementsTxt, ParsesAsThePluginDoes) {
  const std::string text =
      "Foo_Bar >= 1.0  # pinned\n# comment\n  # indented comment\n-r other.txt\n--index-url x\n"
      "baz[extra] ; python_version < \"3.9\" \\\n  \n  and os_name == \"posix\"\n"
      "qux==2 --hash=sha256:abc\nurl-pkg@ https://x.invalid/a-b.tar.gz\nwin\r\nlast\n";
  EXPECT_EQ(
      ParseRequirementsTxt(text),
      (std::vector<std::string>{"Foo_Bar >= 1.0",
                                "baz[extra] ; python_version < \"3.9\"    and os_name == "
                                "\"posix\"",
                                "qux==2", "url-pkg@ https://x.invalid/a-b.tar.gz", "win", "last"}));
  EXPECT_TRUE(ParseRequirementsTxt("").empty());
  EXPECT_EQ(ParseRequirementsTxt("#x\na#b\n"), (std::vector<std::string>{"a#b"}));
}

TEST(RequirementsTxt, ReadsTheHookFilesAndNamesWhatItDoesNotReproduce) {
  ScopedTempDir dir;
  dir.Write("requirements.txt", "httpx>=0.24\nhuggingface_hub  # hub\n");
  dir.Write("req/extra.txt", "rich\n");
  const std::string head = "[project]\nname = \"x\"\ndynamic = [\"dependencies\"";
  toml::table doc = Parse(head +
                          "]\n[tool.hatch.metadata.hooks.requirements_txt]\n"
                          "filename = \"requirements.txt\"\n");
  std::string why, err;
  EXPECT_TRUE(RequirementsTxtIsReproduced(doc, &why)) << why;
  std::vector<std::string> deps;
  std::vector<std::pair<std::string, std::vector<std::string>>> extras;
  ASSERT_TRUE(ReadRequirementsTxtHook(dir.path, doc, &deps, &extras, &err)) << err;
  EXPECT_EQ(deps, (std::vector<std::string>{"httpx>=0.24", "huggingface_hub"}));
  EXPECT_TRUE(extras.empty());

  doc = Parse(head +
              ", \"optional-dependencies\"]\n[tool.hatch.metadata.hooks.requirements_txt]\n"
              "files = [\"requirements.txt\", \"req/extra.txt\"]\n"
              "optional-dependencies = { cli = [\"req/extra.txt\"] }\n");
  EXPECT_TRUE(RequirementsTxtIsReproduced(doc, &why)) << why;
  deps.clear();
  ASSERT_TRUE(ReadRequirementsTxtHook(dir.path, doc, &deps, &extras, &err)) << err;
  EXPECT_EQ(deps.size(), 3u);
  ASSERT_EQ(extras.size(), 1u);
  EXPECT_EQ(extras[0].first, "cli");
  EXPECT_EQ(extras[0].second, (std::vector<std::string>{"rich"}));

  // A missing file is an error naming it.
  doc = Parse(head + "]\n[tool.hatch.metadata.hooks.requirements_txt]\nfiles = [\"nope.txt\"]\n");
  deps.clear();
  EXPECT_FALSE(ReadRequirementsTxtHook(dir.path, doc, &deps, &extras, &err));
  EXPECT_NE(err.find("nope.txt"), std::string::npos) << err;

  // What the plugin refuses, or keys it does not know: reasons.
  for (const char* bad :
       {"]\n[tool.hatch.metadata.hooks.requirements_txt]\nfiles = [\"a\"]\nfilename = \"b\"\n",
        "]\n[tool.hatch.metadata.hooks.requirements_txt]\nfiles = \"a\"\n",
        "]\n[tool.hatch.metadata.hooks.requirements_txt]\nmystery = 1\n",
        "]\n[tool.hatch.metadata.hooks.requirements_txt]\noptional-dependencies = { a = [\"x\"] "
        "}\n"}) {
    why.clear();
    EXPECT_FALSE(RequirementsTxtIsReproduced(Parse(head + bad), &why)) << bad;
    EXPECT_NE(why.find("requirements_txt"), std::string::npos) << why;
  }
  why.clear();
  EXPECT_FALSE(RequirementsTxtIsReproduced(
      Parse("[project]\nname = \"x\"\ndependencies = []\n"
            "[tool.hatch.metadata.hooks.requirements_txt]\nfiles = [\"a\"]\n"),
      &why));
  EXPECT_NE(why.find("without \"dependencies\""), std::string::npos) << why;
}
