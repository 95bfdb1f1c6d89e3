#include "build/gzip_stream.h"

#include <gtest/gtest.h>
#include <libdeflate.h>
#include <stdlib.h>

#include <random>

#include "core/atomic_file.h"
#include "core/string_util.h"
#include "test_support.h"

namespace {

using TempDir = ScopedTempDir;

std::string Compress(const std::string& dest, const std::string& input, unsigned threads,
                     size_t chunk, size_t piece = 7777) {
  AtomicFile f(dest);
  std::string err;
  EXPECT_TRUE(f.Open(&err)) << err;
  {
    GzipStream gz(&f, 6, 1580601600, threads, chunk);
    for (size_t at = 0; at < input.size(); at += piece) {
      EXPECT_TRUE(gz.Write(input.data() + at, std::min(piece, input.size() - at), &err)) << err;
    }
    EXPECT_TRUE(gz.Finish(&err)) << err;
  }
  EXPECT_TRUE(f.Commit(&err)) << err;
  std::string out;
  EXPECT_TRUE(ReadFile(dest, &out, &err)) << err;
  return out;
}

std::string Input(size_t n) {
  std::mt19937 rng(5);
  std::string s;
  while (s.size() < n)
    s += "def f" + std::to_string(rng() % 5000) + "(x):\n    return x * " +
         std::to_string(rng() % 97) + "\n";
  s.resize(n);
  return s;
}

}  // namespace

TEST(GzipStream, ChunksJoinIntoOneMemberThatInflatesToTheInput) {
  TempDir dir;
  std::string input = Input(1000000);
  std::string gz = Compress(dir.path + "/a.gz", input, 3, 64 * 1024);
  bool single = false;
  EXPECT_EQ(Gunzip(gz, &single), input);
  EXPECT_TRUE(single) << "one gzip member, nothing after it";
  EXPECT_LT(gz.size(), input.size() / 3) << "independent chunks keep the ratio";
  // Header: magic, deflate, no flags, the given mtime, OS 255.
  EXPECT_EQ(gz.substr(0, 4), std::string("\x1f\x8b\x08\x00", 4));
  EXPECT_EQ(gz.substr(4, 4), std::string("\x00\x11\x36\x5e", 4));
  EXPECT_EQ((unsigned char)gz[9], 255);
}

TEST(GzipStream, OutputDoesNotDependOnThreadsOrWriteSizes) {
  TempDir dir;
  std::string input = Input(700000);
  std::string one = Compress(dir.path + "/1.gz", input, 1, 64 * 1024, 100);
  std::string four = Compress(dir.path + "/4.gz", input, 4, 64 * 1024, 65536);
  EXPECT_EQ(one, four);
}

TEST(GzipStream, EmptyAndTinyInputs) {
  TempDir dir;
  bool single = false;
  EXPECT_EQ(Gunzip(Compress(dir.path + "/e.gz", "", 2, 1 << 20), &single), "");
  EXPECT_TRUE(single);
  EXPECT_EQ(Gunzip(Compress(dir.path + "/t.gz", "x", 2, 1 << 20), &single), "x");
  EXPECT_TRUE(single);
}

TEST(GzipStream, IncompressibleChunksJoinToo) {
  // libdeflate stores incompressible data in stored blocks; their final bit is cleared as well.
  TempDir dir;
  std::mt19937 rng(14);
  std::string input(300000, '\0');
  for (char& c : input) c = char(rng());
  bool single = false;
  EXPECT_EQ(Gunzip(Compress(dir.path + "/r.gz", input, 2, 64 * 1024), &single), input);
  EXPECT_TRUE(single);
}

TEST(GzipStream, EveryChunkEndPositionJoins) {
  // Chunk sizes that end the chunks' last blocks at many different bit offsets, and a stream that
  // ends exactly on a chunk boundary (the final chunk is then empty).
  TempDir dir;
  std::string input = Input(5 * 4099);
  for (size_t chunk = 4096; chunk < 4096 + 24; ++chunk) {
    bool single = false;
    std::string gz = Compress(dir.path + "/c.gz", input.substr(0, 5 * chunk), 2, chunk, 1000);
    EXPECT_EQ(Gunzip(gz, &single), input.substr(0, 5 * chunk)) << chunk;
    EXPECT_TRUE(single) << chunk;
  }
}

TEST(GzipStream, KnownCrcPiecesGiveTheSameStreamAsComputedOnes) {
  // WriteWithCrc combines each piece's CRC-32 into the stream's: over random splits (empty pieces,
  // pieces across chunk boundaries, a mix with plain writes) the file is byte for byte the one
  // Write gives, trailer included.
  TempDir dir;
  std::string input = Input(300000);
  std::string plain = Compress(dir.path + "/p.gz", input, 2, 64 * 1024);
  std::mt19937 rng(6);
  for (int round = 0; round < 20; ++round) {
    std::string dest = dir.path + "/k.gz";
    AtomicFile f(dest);
    std::string err;
    ASSERT_TRUE(f.Open(&err)) << err;
    {
      GzipStream gz(&f, 6, 1580601600, 2, 64 * 1024);
      for (size_t at = 0; at < input.size();) {
        size_t n = std::min<size_t>(input.size() - at, rng() % (round < 10 ? 2000 : 150000));
        const char* p = input.data() + at;
        if (rng() % 4 == 0)
          ASSERT_TRUE(gz.Write(p, n, &err)) << err;
        else
          ASSERT_TRUE(gz.WriteWithCrc(p, n, uint32_t(libdeflate_crc32(0, p, n)), &err)) << err;
        at += n;
      }
      ASSERT_TRUE(gz.WriteWithCrc("", 0, 0, &err)) << err;
      ASSERT_TRUE(gz.Finish(&err)) << err;
    }
    ASSERT_TRUE(f.Commit(&err)) << err;
    std::string out;
    ASSERT_TRUE(ReadFile(dest, &out, &err)) << err;
    ASSERT_EQ(out, plain) << "round " << round;
  }
}
