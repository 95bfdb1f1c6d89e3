#include "build/tar_header.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <clocale>
#include <random>

#include "test_support.h"

namespace {

TarEntry File(const std::string& name, uint64_t size = 0, int64_t mtime = 1580601600) {
  TarEntry e;
  e.name = name;
  e.size = size;
  e.mtime = mtime;
  return e;
}

std::string Headers(const TarEntry& e) {
  std::string out;
  AppendTarHeaders(e, &out);
  return out;
}

std::string Field(const std::string& block, size_t at, size_t size) {
  return block.substr(at, size);
}

// A NUL-terminated text field's value.
std::string Text(const std::string& block, size_t at, size_t size) {
  std::string f = Field(block, at, size);
  return f.substr(0, f.find('\0'));
}

unsigned Checksum(std::string block) {
  block.replace(148, 8, 8, ' ');
  unsigned sum = 0;
  for (char c : block) sum += (unsigned char)c;
  return sum;
}

// The pax records of a header sequence that starts with an 'x' block.
std::string Records(const std::string& headers) {
  EXPECT_EQ(headers[156], 'x');
  size_t size = std::stoul(Field(headers, 124, 11), nullptr, 8);
  return headers.substr(kTarBlock, size);
}

}  // namespace

TEST(TarHeader, PlainMemberHasEveryUstarField) {
  std::string h = Headers(File("demo-1.0/README.md", 7));
  ASSERT_EQ(h.size(), kTarBlock) << "no pax header for a short ASCII name";
  EXPECT_EQ(Text(h, 0, 100), "demo-1.0/README.md");
  EXPECT_EQ(Field(h, 100, 8), std::string("000644 \0", 8));
  EXPECT_EQ(Field(h, 108, 8), std::string("000000 \0", 8)) << "uid";
  EXPECT_EQ(Field(h, 116, 8), std::string("000000 \0", 8)) << "gid";
  EXPECT_EQ(Field(h, 124, 12), "00000000007 ");
  EXPECT_EQ(Field(h, 136, 12), "13615410400 ") << "1580601600 in octal";
  EXPECT_EQ(h[156], '0');
  EXPECT_EQ(Text(h, 157, 100), "");
  EXPECT_EQ(Field(h, 257, 8), std::string("ustar\0"
                                          "00",
                                          8));
  EXPECT_EQ(Field(h, 265, 64), std::string(64, '\0')) << "empty user and group names";
  EXPECT_EQ(Field(h, 329, 16), std::string("000000 \0"
                                           "000000 \0",
                                           16))
      << "device numbers";
  EXPECT_EQ(Field(h, 345, 167), std::string(167, '\0')) << "no prefix, zero padding";
  // The checksum: six octal digits, NUL, space; the byte sum with the field as spaces.
  EXPECT_EQ(h[154], '\0');
  EXPECT_EQ(h[155], ' ');
  EXPECT_EQ(std::stoul(Field(h, 148, 6), nullptr, 8), Checksum(h));
  TarEntry exe = File("demo-1.0/run.sh");
  exe.mode = 0755;
  EXPECT_EQ(Field(Headers(exe), 100, 8), std::string("000755 \0", 8));
}

TEST(TarHeader, PaxRecordLengthCountsItsOwnDigits) {
  EXPECT_EQ(PaxRecord("path", "a"), "9 path=a\n");
  for (size_t n = 1; n < 1200; ++n) {
    std::string r = PaxRecord("path", std::string(n, 'x'));
    EXPECT_EQ(std::stoul(r), r.size()) << r;
  }
  // Crossing a power of ten: 97 bytes without the length make "99", 98 make "101".
  EXPECT_EQ(PaxRecord("path", std::string(90, 'x')).substr(0, 3), "99 ");
  EXPECT_EQ(PaxRecord("path", std::string(91, 'x')).substr(0, 4), "101 ");
}

TEST(TarHeader, NamesOfExactly100And155BytesFitUstar) {
  std::string name100 = "x-1/" + std::string(96, 'n');
  std::string h = Headers(File(name100));
  ASSERT_EQ(h.size(), kTarBlock);
  EXPECT_EQ(Field(h, 0, 100), name100) << "the whole field, no terminator";
  EXPECT_EQ(h[100], '0') << "the mode follows at once";

  // 155-byte prefix + '/' + 100-byte name: the longest name ustar holds.
  std::string prefix155 = std::string(150, 'p') + "/x-1q", tail100(100, 't');
  h = Headers(File(prefix155 + "/" + tail100));
  ASSERT_EQ(h.size(), kTarBlock) << "fits without a pax record";
  EXPECT_EQ(Field(h, 0, 100), tail100);
  EXPECT_EQ(Field(h, 345, 155), prefix155);

  // One byte more on either side does not fit: a pax path record, a shortened ustar name.
  for (const std::string& name :
       {prefix155 + "p/" + tail100, prefix155 + "/" + tail100 + "t", std::string(101, 'n')}) {
    h = Headers(File(name));
    ASSERT_EQ(h.size(), 3 * kTarBlock) << name.size();
    EXPECT_EQ(Records(h), PaxRecord("path", name));
    std::string main = h.substr(2 * kTarBlock);
    EXPECT_EQ(main[156], '0');
    EXPECT_FALSE(Text(main, 0, 100).empty()) << "a stand-in name for old readers";
  }
}

TEST(TarHeader, NonAsciiNamesGoToPaxAndKeepTheirBytesInUstar) {
  std::string name = "demo-1.0/caf\xc3\xa9.py";
  std::string h = Headers(File(name, 3));
  ASSERT_EQ(h.size(), 3 * kTarBlock);
  EXPECT_EQ(Text(h, 0, 100), "demo-1.0/PaxHeader/caf\xc3\xa9.py");
  EXPECT_EQ(Field(h, 100, 8), std::string("000644 \0", 8));
  EXPECT_EQ(Records(h), PaxRecord("path", name));
  EXPECT_EQ(Field(h, kTarBlock + Records(h).size(), 1), std::string(1, '\0')) << "zero padded";
  std::string main = h.substr(2 * kTarBlock);
  EXPECT_EQ(Text(main, 0, 100), name);
  EXPECT_EQ(Field(main, 124, 12), "00000000003 ");
}

TEST(TarHeader, LinkMembers) {
  TarEntry link = File("x-1/docs/link.txt", 999);
  link.link_text = "../target.txt";
  link.mode = 0755;
  std::string h = Headers(link);
  ASSERT_EQ(h.size(), kTarBlock);
  EXPECT_EQ(h[156], '2');
  EXPECT_EQ(Text(h, 157, 100), "../target.txt");
  EXPECT_EQ(Field(h, 124, 12), "00000000000 ") << "a link has no content";
  EXPECT_EQ(Field(h, 100, 8), std::string("000755 \0", 8));

  link.link_text = std::string(98, '.') + "/t";  // exactly 100 bytes: fits
  h = Headers(link);
  ASSERT_EQ(h.size(), kTarBlock);
  EXPECT_EQ(Field(h, 157, 100), link.link_text);

  link.link_text += "x";  // 101 bytes: a linkpath record
  h = Headers(link);
  ASSERT_EQ(h.size(), 3 * kTarBlock);
  EXPECT_EQ(Records(h), PaxRecord("linkpath", link.link_text));
  EXPECT_EQ(Text(h, 0, 100), "x-1/docs/PaxHeader/link.txt");
  EXPECT_EQ(Field(h, 100, 8), std::string("000755 \0", 8)) << "the pax header takes the mode";
  EXPECT_EQ(Text(h, 2 * kTarBlock + 157, 100), "././@LongSymLink");

  link.link_text = "caf\xc3\xa9.txt";  // not ASCII: a record, and the bytes in ustar too
  h = Headers(link);
  ASSERT_EQ(h.size(), 3 * kTarBlock);
  EXPECT_EQ(Records(h), PaxRecord("linkpath", link.link_text));
  EXPECT_EQ(Text(h, 2 * kTarBlock + 157, 100), link.link_text);
}

TEST(TarHeader, SizesOf8GiBAndMoreGoToPax) {
  const uint64_t k8GiB = uint64_t(1) << 33;
  std::string h = Headers(File("x-1/big", k8GiB - 1));
  ASSERT_EQ(h.size(), kTarBlock);
  EXPECT_EQ(Field(h, 124, 12), "77777777777 ");

  h = Headers(File("x-1/big", k8GiB));
  ASSERT_EQ(h.size(), 3 * kTarBlock);
  EXPECT_EQ(Records(h), "19 size=8589934592\n");
  EXPECT_EQ(Text(h, 0, 100), "x-1/PaxHeader/big");
  std::string main = h.substr(2 * kTarBlock);
  EXPECT_EQ(Field(main, 124, 12), "100000000000") << "12 octal digits over the terminator";

  h = Headers(File("x-1/big", k8GiB * 8));  // 64 GiB: base-256
  main = h.substr(2 * kTarBlock);
  EXPECT_EQ(Records(h), "20 size=68719476736\n");
  EXPECT_EQ(Field(main, 124, 12), std::string("\x80\0\0\0\0\0\0\x10\0\0\0\0", 12));
}

TEST(TarHeader, MtimeFrom2038OnGetsAPaxRecord) {
  std::string h = Headers(File("x-1/a", 1, 0x7ffffffe));
  EXPECT_EQ(h.size(), kTarBlock);
  h = Headers(File("x-1/a", 1, 4354819199));  // the ZIP range's end, 2107
  ASSERT_EQ(h.size(), 3 * kTarBlock);
  EXPECT_EQ(Records(h), "20 mtime=4354819199\n");
  EXPECT_EQ(Field(h, 136, 12), "17777777777 ") << "the pax header's own mtime is clipped";
  EXPECT_EQ(Field(h.substr(2 * kTarBlock), 136, 12), "40344242177 ");
}

// Byte for byte what libarchive's restricted pax writer (which wrote our sdists before) writes,
// over names around every length limit, with and without '/' where a split could go, non-ASCII
// names and link texts, sizes and mtimes around the ustar limits.
TEST(TarHeader, MatchesLibarchiveRestrictedPax) {
  if (archive_version_number() / 1000 != 3006)
    GTEST_SKIP() << "the layout is libarchive 3.6's (later versions cut stand-in names at 155/99 "
                    "and order the records otherwise); this is "
                 << archive_version_string();
  std::mt19937 rng(14);
  auto pick = [&](size_t n) { return size_t(rng() % n); };
  const char* pieces[] = {"a", "b", "z", "0", "_", ".", "-", "\xc3\xa9", "\xe2\x82\xac", "/", "/"};
  auto text = [&](size_t len, bool ascii) {
    std::string s;
    while (s.size() < len) s += pieces[pick(ascii ? 7 : 11)];
    return s;
  };
  const uint64_t sizes[] = {0,
                            1,
                            511,
                            512,
                            1000,
                            (uint64_t(1) << 33) - 1,
                            uint64_t(1) << 33,
                            (uint64_t(1) << 36) - 1,
                            uint64_t(1) << 36,
                            uint64_t(1) << 40};
  const int64_t mtimes[] = {0, 315532800, 1580601600, 0x7ffffffe, 0x7fffffff, 4354819199};
  int with_pax = 0;
  for (int i = 0; i < 5000; ++i) {
    TarEntry e;
    size_t len = 80 + pick(200);
    // Mostly path-like names; some with long slash-free runs, some not ASCII, some with a '/'
    // placed around the ustar limits (a prefix of 153 to 157 bytes, a name of 97 to 101).
    if (pick(3) == 0) {
      e.name = "x-1/" + std::string(149 + pick(5), 'p') + "/" +
               (pick(2) ? std::string(97 + pick(5), 'f') : text(90 + pick(12), pick(2) != 0));
    } else {
      e.name = "x-1/" + (pick(4) == 0   ? std::string(len, 'n')
                         : pick(3) == 0 ? text(len, false)
                                        : text(len, true));
    }
    while (e.name.back() == '/') e.name.pop_back();
    if (pick(4) == 0) e.link_text = text(1 + pick(130), pick(3) != 0);
    while (!e.link_text.empty() && e.link_text.back() == '/') e.link_text.pop_back();
    e.mode = pick(2) ? 0644 : 0755;
    e.size = sizes[pick(10)];
    e.mtime = mtimes[pick(6)];
    std::string ours = Headers(e), theirs = LibarchiveTarHeaders(e);
    with_pax += ours.size() > kTarBlock;
    ASSERT_EQ(ours, theirs) << "name " << e.name.size() << " bytes '" << e.name << "', link '"
                            << e.link_text << "', size " << e.size << ", mtime " << e.mtime;
  }
  EXPECT_GT(with_pax, 1000) << "the cases must exercise the pax records";
}
