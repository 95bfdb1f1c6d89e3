#include "core/toml_util.h"

#include <gtest/gtest.h>

#include <string>

namespace {

// UTF-8 of a code point (the tests spell characters by number).
std::string Utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

bool Parses(const std::string& text, TomlParseError* err, toml::table* doc = nullptr) {
  toml::table scratch;
  return ParseToml(text, "pyproject.toml", doc ? doc : &scratch, err);
}

}  // namespace

TEST(ParseToml, ParsesAndReportsPositions) {
  toml::table doc;
  TomlParseError err;
  ASSERT_TRUE(Parses("name = \"d\xC3\xA9mo\"  # \xC3\xBC comment\n[a]\nb = 1\n", &err, &doc))
      << err.message;
  EXPECT_EQ(doc["name"].value_or(std::string()), "d\xC3\xA9mo");
  EXPECT_EQ(doc["a"]["b"].value_or(0), 1);
  EXPECT_FALSE(Parses("a = 1\nb = = 2\n", &err));
  EXPECT_EQ(err.line, 2);
  EXPECT_GT(err.column, 0);
}

// toml++ 3.3 reaches __builtin_unreachable for these characters where it tests for whitespace;
// the sanitizer builds (UBSan) abort if one of them ever gets through to it.
TEST(ParseToml, CharactersThatBreakTomlppAreReportedBeforeItSeesThem) {
  TomlParseError err;
  // What fuzz_pyproject found: U+03CC in a table header.
  EXPECT_FALSE(Parses("[project]\nname = \"demo\"\n[tool\xCF\x8C]\n", &err));
  EXPECT_EQ(err.line, 3);
  EXPECT_EQ(err.column, 6);
  EXPECT_EQ(err.message,
            "the character U+03CC outside a string or comment (TOML allows only ASCII there)");
  for (char32_t c : {0xA1, 0xE9, 0x499, 0x2C5E, 0x3001, 0x3057, 0xFB26, 0xFEFE}) {
    std::string ch = Utf8(c);
    EXPECT_FALSE(Parses("x = 1" + ch + "\n", &err)) << std::hex << c;  // after a value
    EXPECT_FALSE(Parses(ch + " = 1\n", &err)) << std::hex << c;        // a key
    // A line-ending backslash in a multi-line string (valid TOML, but toml++ cannot read it).
    EXPECT_FALSE(Parses("s = \"\"\"\\\n  " + ch + "\"\"\"\n", &err)) << std::hex << c;
    EXPECT_EQ(err.line, 2) << std::hex << c;
    EXPECT_EQ(err.column, 3) << std::hex << c;
    EXPECT_NE(err.message.find("continued by a backslash"), std::string::npos) << err.message;
    EXPECT_FALSE(Parses("s = \"\"\"\\" + ch + "\"\"\"\n", &err)) << std::hex << c;  // an escape
    EXPECT_FALSE(Parses("s = \"\"\"\\ " + ch + "\"\"\"\n", &err)) << std::hex << c;
  }
}

TEST(ParseToml, NonAsciiWhereTomlppIsSafeStillParses) {
  toml::table doc;
  TomlParseError err;
  // U+20AC is outside the broken ranges; a literal string has no escapes; inside strings any
  // character is fine, also right after an escape sequence.
  ASSERT_TRUE(Parses("s = \"\"\"\\\n  \xE2\x82\xAC x\"\"\"\n", &err, &doc)) << err.message;
  EXPECT_EQ(doc["s"].value_or(std::string()), "\xE2\x82\xAC x");
  ASSERT_TRUE(Parses("s = '''\\\n\xC3\xA9'''\nt = \"\\\"\xC3\xA9\"\n", &err, &doc)) << err.message;
  EXPECT_EQ(doc["s"].value_or(std::string()), "\\\n\xC3\xA9");
  EXPECT_EQ(doc["t"].value_or(std::string()), "\"\xC3\xA9");
  ASSERT_TRUE(Parses("s = \"\"\"a \"\"\xC3\xA9\"\"\"\"\n# \xC3\xA9\n", &err, &doc)) << err.message;
  EXPECT_EQ(doc["s"].value_or(std::string()), "a \"\"\xC3\xA9\"");
}
