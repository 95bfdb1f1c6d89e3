#include "core/string_util.h"

#include <gtest/gtest.h>

TEST(StringUtil, CollapseWhitespace) {
  EXPECT_EQ(CollapseWhitespace("  a \n\t b\r\n c  "), "a b c");
  EXPECT_EQ(CollapseWhitespace(""), "");
  EXPECT_EQ(CollapseWhitespace(" \n "), "");
  EXPECT_EQ(CollapseWhitespace("Mixed Case"), "Mixed Case");
}

TEST(StringUtil, ParseSize) {
  unsigned long long n = 0;
  EXPECT_TRUE(ParseSize("100MB", &n));
  EXPECT_EQ(n, 100000000ULL);
  EXPECT_TRUE(ParseSize("1.5 KiB", &n));
  EXPECT_EQ(n, 1536ULL);
  EXPECT_FALSE(ParseSize("ten MB", &n));
  EXPECT_FALSE(ParseSize("5 parsecs", &n));
}

TEST(StringUtil, IsValidUtf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("caf\xe9"));           // Latin-1
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

TEST(StringUtil, BaseName) {
  EXPECT_EQ(BaseName("dist/a-1.tar.gz"), "a-1.tar.gz");
  EXPECT_EQ(BaseName("a-1.tar.gz"), "a-1.tar.gz");
}

TEST(StringUtil, IncrementDecimal) {
  EXPECT_EQ(IncrementDecimal("0"), "1");
  EXPECT_EQ(IncrementDecimal("41"), "42");
  EXPECT_EQ(IncrementDecimal("199"), "200");
  EXPECT_EQ(IncrementDecimal("99999999999999999999"), "100000000000000000000");  // past uint64
}
