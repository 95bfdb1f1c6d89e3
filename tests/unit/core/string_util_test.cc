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
