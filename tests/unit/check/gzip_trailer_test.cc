#include "check/gzip_trailer.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "test_support.h"

namespace {

// One gzip member holding `text`.
std::string Gzip(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(&out[0]);
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

uint64_t Trailing(const ScopedTempDir&, const std::string& bytes, bool* ok) {
  uint64_t n = 0;
  std::string err;
  *ok = GzipTrailingBytes(bytes, "x.tar.gz", &n, &err);
  if (!*ok) {
    EXPECT_EQ(err.rfind("x.tar.gz: ", 0), 0u) << err;
  }
  return n;
}

}  // namespace

TEST(GzipTrailer, MembersAndZeroPaddingAreNotTrailingData) {
  ScopedTempDir dir;
  bool ok = false;
  EXPECT_EQ(Trailing(dir, Gzip("one"), &ok), 0u);
  EXPECT_TRUE(ok);
  EXPECT_EQ(Trailing(dir, Gzip("one") + Gzip("two") + std::string(512, '\0'), &ok), 0u);
  EXPECT_TRUE(ok);
}

TEST(GzipTrailer, CountsWhatFollowsTheLastMember) {
  ScopedTempDir dir;
  bool ok = false;
  EXPECT_EQ(Trailing(dir, Gzip("one") + "GARBAGE", &ok), 7u);
  EXPECT_TRUE(ok);
  EXPECT_EQ(Trailing(dir, Gzip("one") + std::string(3, '\0') + "\x1f\x8bjunk", &ok),
            6u);  // a fake member
  EXPECT_TRUE(ok);
  Trailing(dir, "not gzip at all", &ok);
  EXPECT_FALSE(ok);
}

// check inflates a .tar.gz that is exactly one member in one call, and reads the tar from that.
TEST(GzipTrailer, AWholeMemberInflatesInOneCallOnlyWhenItIsTheWholeFile) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i * 7919 % 10007) + "\n";
  std::string gz = Gzip(text), out;
  EXPECT_TRUE(InflateWholeGzipMember(gz, 1 << 20, &out));
  EXPECT_EQ(out, text);
  EXPECT_TRUE(InflateWholeGzipMember(Gzip(""), 1 << 20, &out));
  EXPECT_EQ(out, "");
  EXPECT_FALSE(InflateWholeGzipMember(gz, text.size() - 1, &out));        // larger than allowed
  EXPECT_FALSE(InflateWholeGzipMember(gz + Gzip("two"), 1 << 20, &out));  // two members
  EXPECT_FALSE(InflateWholeGzipMember(gz + std::string(512, '\0'), 1 << 20, &out));  // padding
  EXPECT_FALSE(InflateWholeGzipMember(gz + std::string("\x05\x00\x00\x00", 4), 1 << 20, &out));
  std::string bad = gz;
  bad[bad.size() - 8] ^= 0x01;  // the trailer's CRC-32
  EXPECT_FALSE(InflateWholeGzipMember(bad, 1 << 20, &out));
  EXPECT_FALSE(InflateWholeGzipMember("short", 1 << 20, &out));
  EXPECT_EQ(out, "");
}

TEST(GzipTrailer, OneWholeMemberTakesTheFastPathOnlyWhenValid) {
  ScopedTempDir dir;
  bool ok = false;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i * 7919 % 10007) + "\n";
  std::string gz = Gzip(text);
  EXPECT_EQ(Trailing(dir, gz, &ok), 0u);
  EXPECT_TRUE(ok);
  // Junk whose last four bytes claim a plausible size: still counted (the fast path declines).
  EXPECT_EQ(Trailing(dir, gz + std::string("\x05\x00\x00\x00", 4), &ok), 4u);
  EXPECT_TRUE(ok);
  // A corrupt member with an intact trailer is an error, not a clean file.
  std::string bad = gz;
  bad[bad.size() / 2] ^= 0x55;
  Trailing(dir, bad, &ok);
  EXPECT_FALSE(ok);
  // A wrong CRC-32 in the trailer too.
  bad = gz;
  bad[bad.size() - 8] ^= 0x01;
  Trailing(dir, bad, &ok);
  EXPECT_FALSE(ok);
}
