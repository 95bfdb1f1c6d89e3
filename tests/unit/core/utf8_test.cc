#include "core/utf8.h"

#include <gtest/gtest.h>

TEST(Utf8, RoundTripsEveryLength) {
  const std::string s = "a\xC3\xA9\xE2\x80\x94\xF0\x9F\x8E\x89";  // a, é, em dash, party popper
  std::wstring w = Utf8ToWide(s);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(static_cast<uint32_t>(w[0]), 0x61u);
  EXPECT_EQ(static_cast<uint32_t>(w[1]), 0xE9u);
  EXPECT_EQ(static_cast<uint32_t>(w[2]), 0x2014u);
  EXPECT_EQ(static_cast<uint32_t>(w[3]), 0x1F389u);
  EXPECT_EQ(WideToUtf8(w), s);
  std::string out;
  AppendUtf8(0x10FFFF, &out);
  EXPECT_EQ(out, "\xF4\x8F\xBF\xBF");
}
