#include "core/toml_util.h"

#include <gtest/gtest.h>

#include <cstdio>
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
// the sanitizer builds (UBSan) abort if one of them ever gets through to it. They are read
// through stand-ins: what is invalid TOML stays an error at the same place, what is valid parses
// to the original text.
TEST(ParseToml, CharactersThatBreakTomlppReadAsAFixedTomlppReadsThem) {
  TomlParseError err;
  toml::table doc;
  // What fuzz_pyproject found: U+03CC in a table header, then U+03CF in an invalid value.
  EXPECT_FALSE(Parses("[project]\nname = \"demo\"\n[tool\xCF\x8C]\n", &err));
  EXPECT_EQ(err.line, 3);
  EXPECT_EQ(err.column, 6);
  EXPECT_FALSE(Parses("[orpejct]\nna-e = 1/j\"[" + std::string(2, '\0') +
                          "lzzzzzzzz\xCF\x8F"
                          "11me\n",
                      &err));
  EXPECT_EQ(err.line, 2);
  for (char32_t c : {0xA1, 0xE9, 0x499, 0x2C5E, 0x3001, 0x3057, 0xFB26, 0xFEFE}) {
    std::string ch = Utf8(c);
    EXPECT_FALSE(Parses("x = 1" + ch + "\n", &err)) << std::hex << c;  // after a value
    EXPECT_EQ(err.line, 1) << std::hex << c;
    EXPECT_FALSE(Parses(ch + " = 1\n", &err)) << std::hex << c;  // a bare key
    EXPECT_EQ(err.column, 1) << std::hex << c;
    EXPECT_FALSE(Parses("s = \"\"\"\\" + ch + "\"\"\"\n", &err)) << std::hex << c;  // an escape
    EXPECT_FALSE(Parses("s = \"\"\"\\ " + ch + "\"\"\"\n", &err)) << std::hex << c;
    EXPECT_FALSE(Parses("x = 1/j\"[" + ch + "11\n", &err)) << std::hex << c;
    // A line-ending backslash in a multi-line string: valid TOML, read as TOML says.
    ASSERT_TRUE(Parses("s = \"\"\"\\\n  " + ch + "\"\"\"\n", &err, &doc)) << err.message;
    EXPECT_EQ(doc["s"].value_or(std::string()), ch);
    // Quoted keys (nested, in arrays of tables), strings in arrays and inline tables.
    ASSERT_TRUE(Parses("[\"k" + ch + "\".\"" + ch + "\"]\nv = [\"" + ch + "\", {'" + ch + "' = '" +
                           ch + ch + "'}]\n[[a]]\n\"" + ch + "\" = 1\n",
                       &err, &doc))
        << err.message;
    const toml::node* v = doc["k" + ch][ch]["v"].node();
    ASSERT_NE(v, nullptr) << std::hex << c;
    EXPECT_EQ(v->source().begin.line, 2u);
    EXPECT_EQ((*v->as_array())[0].value_or(std::string()), ch);
    EXPECT_EQ((*v->as_array())[1].as_table()->at(ch).value_or(std::string()), ch + ch);
    EXPECT_EQ(doc["a"][0][ch].value_or(0), 1);
    // The same key once literally and once as an escape is a redefinition.
    char escape[16];
    std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(c));
    EXPECT_FALSE(Parses("\"" + ch + "\" = 1\n\"" + escape + "\" = 2\n", &err)) << std::hex << c;
    EXPECT_NE(err.message.find("redefine"), std::string::npos) << err.message;
    // An escape yields the character itself, untouched.
    ASSERT_TRUE(Parses(std::string("s = \"") + escape + ch + "\"\n", &err, &doc)) << err.message;
    EXPECT_EQ(doc["s"].value_or(std::string()), ch + ch);
  }
  // An error message quoting the character quotes the original.
  EXPECT_FALSE(Parses("x = \"\xC3\xA9", &err));
  EXPECT_EQ(err.message.find("\xF3"), std::string::npos) << err.message;
  // Characters that look like stand-ins next to ones that need them cannot be told apart.
  EXPECT_FALSE(Parses("a = \"\xC3\xA9\"\nb = \"\xF3\xB0\x80\x80\"\n", &err));
  EXPECT_EQ(err.line, 1);
  EXPECT_EQ(err.column, 6);
  EXPECT_NE(err.message.find("U+00E9"), std::string::npos) << err.message;
  EXPECT_FALSE(Parses("a = \"\xC3\xA9\"\nb = \"\\U000F0000\"\n", &err));
  // Alone they are ordinary characters; an overlong form is still broken UTF-8 for toml++.
  ASSERT_TRUE(Parses("b = \"\xF3\xB0\x80\x80\"\n", &err, &doc)) << err.message;
  EXPECT_EQ(doc["b"].value_or(std::string()), "\xF3\xB0\x80\x80");
  EXPECT_FALSE(Parses("b = \"\xE0\x83\xA9\"\n", &err));
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

TEST(ListsDynamic, OnlyStringsOfProjectDynamicCount) {
  toml::table doc = std::move(toml::parse(R"(
[project]
dynamic = ["version", 3, "readme"]
[tool.x]
dynamic = ["dependencies"]
)")
                                  .table());
  EXPECT_TRUE(ListsDynamic(doc, "version"));
  EXPECT_TRUE(ListsDynamic(doc, "readme"));
  EXPECT_FALSE(ListsDynamic(doc, "dependencies"));  // another table's list
  EXPECT_FALSE(ListsDynamic(doc, "Version"));
  EXPECT_FALSE(ListsDynamic(toml::parse("[project]\nname = 'x'\n").table(), "version"));
  EXPECT_FALSE(ListsDynamic(toml::parse("[project]\ndynamic = 'version'\n").table(), "version"));
}
