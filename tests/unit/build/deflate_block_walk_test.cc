#include "build/deflate_block_walk.h"

#include <gtest/gtest.h>
#include <libdeflate.h>
#include <zlib.h>

#include <cstring>
#include <random>
#include <string>

namespace {

// The reference: zlib's inflate stopping at every block boundary (Z_BLOCK), as the chunk join
// did before the walker. Bit offsets of the final block's header and of the stream's end.
bool ZlibWalk(const std::string& deflated, uint64_t* last_block, uint64_t* end) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, -15) != Z_OK) return false;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
  zs.avail_in = uInt(deflated.size());
  std::string sink(1 << 16, '\0');
  uint64_t start = 0;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(&sink[0]);
    zs.avail_out = uInt(sink.size());
    if (inflate(&zs, Z_BLOCK) != Z_OK) break;
    if (zs.data_type & 128) {
      uint64_t at = uint64_t(zs.total_in) * 8 - (zs.data_type & 7);
      if (zs.data_type & 64) {
        *last_block = start;
        *end = at;
        inflateEnd(&zs);
        return true;
      }
      start = at;
    }
  }
  inflateEnd(&zs);
  return false;
}

std::string Deflate(const std::string& input, int level) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  std::string out(libdeflate_deflate_compress_bound(c, input.size()), '\0');
  out.resize(libdeflate_deflate_compress(c, input.data(), input.size(), &out[0], out.size()));
  libdeflate_free_compressor(c);
  return out;
}

bool Walk(std::string deflated, uint64_t* last_block, uint64_t* end) {
  size_t n = deflated.size();
  deflated.append(kDeflateWalkSlack, '\xa5');  // the slack holds anything
  return WalkDeflateBlocks(reinterpret_cast<const unsigned char*>(deflated.data()), n, last_block,
                           end);
}

std::string Text(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s;
  while (s.size() < n)
    s += "def f" + std::to_string(rng() % 5000) + "(x):\n    return x * " +
         std::to_string(rng() % 97) + "  # " + std::string(rng() % 40, char('a' + rng() % 26)) +
         "\n";
  s.resize(n);
  return s;
}

std::string Random(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = char(rng());
  return s;
}

}  // namespace

TEST(DeflateBlockWalk, FindsTheSameBlocksAsZlibAtEveryLevelAndKindOfInput) {
  // Text (dynamic blocks), random bytes (stored blocks), runs (long matches), a few bytes (fixed
  // blocks), a mix of them (block splits between kinds), at every libdeflate level.
  std::string mixed = Text(200000, 3) + Random(150000, 4) + std::string(300000, 'z') + Text(9, 5);
  std::vector<std::string> inputs = {
      "", "x", Text(100, 1), Text(400000, 2), Random(70000, 6), std::string(1 << 20, '\0'), mixed};
  int compared = 0;
  for (int level = 0; level <= 12; ++level) {
    for (const std::string& input : inputs) {
      std::string deflated = Deflate(input, level);
      uint64_t want_last = 0, want_end = 0, got_last = 1, got_end = 1;
      ASSERT_TRUE(ZlibWalk(deflated, &want_last, &want_end));
      ASSERT_TRUE(Walk(deflated, &got_last, &got_end))
          << "level " << level << ", input of " << input.size();
      EXPECT_EQ(got_last, want_last) << "level " << level << ", input of " << input.size();
      EXPECT_EQ(got_end, want_end) << "level " << level << ", input of " << input.size();
      ++compared;
    }
  }
  EXPECT_EQ(compared, 13 * 7);
}

TEST(DeflateBlockWalk, LongCodewordsAreDecodedToo) {
  // Skewed symbol frequencies give codewords longer than the one-lookup table (10 bits).
  std::mt19937 rng(9);
  std::string s;
  for (int i = 0; i < 400000; ++i) {
    unsigned r = rng() % 100000;
    s += r < 90000 ? 'a' : r < 99000 ? char('b' + r % 8) : char(r % 256);
  }
  std::string deflated = Deflate(s, 9);
  uint64_t want_last = 0, want_end = 0, got_last = 1, got_end = 1;
  ASSERT_TRUE(ZlibWalk(deflated, &want_last, &want_end));
  ASSERT_TRUE(Walk(deflated, &got_last, &got_end));
  EXPECT_EQ(got_last, want_last);
  EXPECT_EQ(got_end, want_end);
}

TEST(DeflateBlockWalk, RefusesTruncatedAndMalformedStreams) {
  std::string deflated = Deflate(Text(300000, 8), 6);
  uint64_t last = 0, end = 0;
  for (size_t cut : {size_t(0), size_t(1), deflated.size() / 2, deflated.size() - 1})
    EXPECT_FALSE(Walk(deflated.substr(0, cut), &last, &end)) << "cut at " << cut;
  EXPECT_FALSE(Walk(std::string("\x07", 1), &last, &end)) << "block type 3";
  EXPECT_FALSE(Walk(std::string("\x01\x05\x00\x00\x00", 5), &last, &end)) << "LEN != ~NLEN";
  // Random garbage: no crash, no read past the slack (run under ASan in CI).
  std::mt19937 rng(10);
  for (int i = 0; i < 2000; ++i) Walk(Random(1 + rng() % 200, unsigned(i)), &last, &end);
}
