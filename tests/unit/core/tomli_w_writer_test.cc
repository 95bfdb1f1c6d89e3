// The TOML writer reproducing tomli_w: key order, sections, arrays, inline tables, escapes and
// Python's float repr, checked against output tomli_w 1.x gives for the same documents.
#include "core/tomli_w_writer.h"

#include <gtest/gtest.h>

namespace {

std::string Write(const std::string& text) {
  toml::parse_result parsed = toml::parse(text);
  EXPECT_TRUE(parsed.succeeded());
  std::string out, bad;
  EXPECT_TRUE(WriteTomliW(parsed.table(), &out, &bad)) << bad;
  return out;
}

}  // namespace

TEST(TomliW, FirstAppearanceOrderSectionsAndArrays) {
  // Expected strings are tomli_w.dumps(tomllib.loads(...)).
  EXPECT_EQ(Write("[z]\nb = 1\na = [\"x\", 2]\n[a.c]\nk = true\n[a]\nv = 1.5\n"),
            "[z]\nb = 1\na = [\n    \"x\",\n    2,\n]\n\n[a]\nv = 1.5\n\n[a.c]\nk = true\n");
  EXPECT_EQ(Write("t = {x = 1, \"a b\" = \"q\\\"\\\\\\u0001\"}\ne = []\nf = {}\n"),
            "e = []\n\n[t]\nx = 1\n\"a b\" = \"q\\\"\\\\\\u0001\"\n\n[f]\n");
  EXPECT_EQ(Write("p = [{name = \"a\"}, {name = \"b\", email = \"c\"}]\nn = [[1], []]\n"),
            "p = [\n    { name = \"a\" },\n    { name = \"b\", email = \"c\" },\n]\nn = [\n    [\n"
            "        1,\n    ],\n    [],\n]\n");
  std::string long_name(100, 'x');
  EXPECT_EQ(Write("[[o]]\nm = \"" + long_name + "\"\n"), "[[o]]\nm = \"" + long_name + "\"\n");
}

TEST(TomliW, PythonFloatRepr) {
  EXPECT_EQ(Write("a = 1e-05\nb = 0.0001\nc = 1e16\nd = 123456789012345.0\ne = 2.0\nf = -0.5\n"),
            "a = 1e-05\nb = 0.0001\nc = 1e+16\nd = 123456789012345.0\ne = 2.0\nf = -0.5\n");
}

TEST(TomliW, KeyOrderFromTheParsedLayoutForAModifiedCopy) {
  toml::parse_result parsed = toml::parse("[p]\nname = \"x\"\ndynamic = [\"version\"]\n");
  toml::table copy = parsed.table();  // copies carry no source positions
  copy.get_as<toml::table>("p")->insert("version", "1.0");
  std::string out, bad;
  ASSERT_TRUE(WriteTomliW(copy, &out, &bad, &parsed.table()));
  EXPECT_EQ(out, "[p]\nname = \"x\"\ndynamic = [\n    \"version\",\n]\nversion = \"1.0\"\n");
}

TEST(TomliW, DatesAreNotRendered) {
  toml::parse_result parsed = toml::parse("[t]\nd = 2024-01-01\n");
  std::string out, bad;
  EXPECT_FALSE(WriteTomliW(parsed.table(), &out, &bad));
  EXPECT_EQ(bad, "t.d");
}
