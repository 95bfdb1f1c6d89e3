#include "check/zip_validator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "spec/dist_reader.h"

namespace {

void Put16(std::string* s, uint16_t v) {
  s->push_back(static_cast<char>(v & 0xff));
  s->push_back(static_cast<char>(v >> 8));
}
void Put32(std::string* s, uint32_t v) {
  Put16(s, static_cast<uint16_t>(v & 0xffff));
  Put16(s, static_cast<uint16_t>(v >> 16));
}

struct Entry {
  std::string name, data;
  uint16_t flags = 0, method = 0;
  std::string cd_comment = {};  // a default, so {name, data} initializers are complete
};

// A minimal stored ZIP built byte by byte, so each test can break exactly one rule.
std::string BuildZip(const std::vector<Entry>& entries, const std::string& eocd_comment = "") {
  std::string out, cd;
  for (const Entry& e : entries) {
    uint32_t offset = static_cast<uint32_t>(out.size());
    Put32(&out, 0x04034b50);
    Put16(&out, 20);
    Put16(&out, e.flags);
    Put16(&out, e.method);
    Put32(&out, 0);  // time, date
    Put32(&out, 0);  // crc (not checked by the framing rules)
    Put32(&out, static_cast<uint32_t>(e.data.size()));
    Put32(&out, static_cast<uint32_t>(e.data.size()));
    Put16(&out, static_cast<uint16_t>(e.name.size()));
    Put16(&out, 0);
    out += e.name + e.data;
    Put32(&cd, 0x02014b50);
    Put16(&cd, 20);
    Put16(&cd, 20);
    Put16(&cd, e.flags);
    Put16(&cd, e.method);
    Put32(&cd, 0);
    Put32(&cd, 0);
    Put32(&cd, static_cast<uint32_t>(e.data.size()));
    Put32(&cd, static_cast<uint32_t>(e.data.size()));
    Put16(&cd, static_cast<uint16_t>(e.name.size()));
    Put16(&cd, 0);
    Put16(&cd, static_cast<uint16_t>(e.cd_comment.size()));
    Put16(&cd, 0);
    Put16(&cd, 0);
    Put32(&cd, 0);
    Put32(&cd, offset);
    cd += e.name + e.cd_comment;
  }
  uint32_t cd_offset = static_cast<uint32_t>(out.size());
  out += cd;
  Put32(&out, 0x06054b50);
  Put16(&out, 0);
  Put16(&out, 0);
  Put16(&out, static_cast<uint16_t>(entries.size()));
  Put16(&out, static_cast<uint16_t>(entries.size()));
  Put32(&out, static_cast<uint32_t>(cd.size()));
  Put32(&out, cd_offset);
  Put16(&out, static_cast<uint16_t>(eocd_comment.size()));
  out += eocd_comment;
  return out;
}

ZipStructure Validate(const std::string& bytes) {
  char path[] = "/tmp/pyrelease_zip_test_XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  close(fd);
  ZipStructure z;
  std::string err;
  EXPECT_TRUE(ValidateZipStructure(path, &z, &err)) << err;
  unlink(path);
  return z;
}

const std::vector<Entry> kGood = {{"pkg/__init__.py", "x = 1\n"},
                                  {"pkg-1.0.dist-info/METADATA", "Name: pkg\n"}};

}  // namespace

TEST(ZipValidator, AcceptsAWellFramedZip) {
  ZipStructure z = Validate(BuildZip(kGood));
  EXPECT_EQ(z.dist_problem, "");
  EXPECT_EQ(z.framing_problem, "");
  EXPECT_EQ(z.entries, 2u);
  // The archive comment after the end record is part of the record, not trailing data.
  EXPECT_EQ(Validate(BuildZip(kGood, "a comment")).framing_problem, "");
}

TEST(ZipValidator, TrailingData) {
  EXPECT_EQ(Validate(BuildZip(kGood) + "junk").framing_problem, "Trailing data");
}

TEST(ZipValidator, PrependedData) {
  EXPECT_EQ(Validate("#!/bin/sh\n" + BuildZip(kGood)).framing_problem, "Unknown record signature");
}

TEST(ZipValidator, DataDescriptorFlag) {
  auto entries = kGood;
  entries[1].flags = 0x08;
  EXPECT_EQ(Validate(BuildZip(entries)).framing_problem, "ZIP contains a data descriptor");
}

TEST(ZipValidator, PerFileComment) {
  auto entries = kGood;
  entries[0].cd_comment = "hello";
  EXPECT_EQ(Validate(BuildZip(entries)).framing_problem, "Comment in central directory");
}

TEST(ZipValidator, UnprintableName) {
  auto entries = kGood;
  entries[0].name = std::string("pkg/a\x01.py");
  EXPECT_EQ(Validate(BuildZip(entries)).framing_problem, "Invalid character in filename");
}

TEST(ZipValidator, DuplicateNames) {
  auto entries = kGood;
  entries.push_back(kGood[0]);
  EXPECT_EQ(Validate(BuildZip(entries)).framing_problem, "Duplicate filename in local headers");
}

TEST(ZipValidator, UnsupportedCompression) {
  auto entries = kGood;
  entries[0].method = 12;  // bzip2
  EXPECT_EQ(Validate(BuildZip(entries)).dist_problem,
            "File does not use a supported compression type");
}

TEST(ZipValidator, NotAZipAndTruncated) {
  EXPECT_EQ(Validate("just text, no zip").dist_problem, "File is not a zipfile");
  std::string zip = BuildZip(kGood);
  EXPECT_NE(Validate(zip.substr(0, zip.size() / 2)).dist_problem, "");
}

// Found reading the code and confirmed under UBSan through fuzz_zip (the input is kept in
// tests/fuzz/regressions/zip/): a ZIP64 end record whose central-directory size is 2^63 overflowed
// the signed start-of-directory arithmetic instead of being zipfile's "Bad offset for central
// directory".
TEST(ZipValidator, Zip64DirectorySizeBeyondTheFile) {
  std::string bytes;
  Put32(&bytes, 0x06064b50);  // ZIP64 end record: size 44, versions, disks, counts, size, offset
  Put32(&bytes, 44);
  Put32(&bytes, 0);
  Put16(&bytes, 45);
  Put16(&bytes, 45);
  Put32(&bytes, 0);
  Put32(&bytes, 0);
  for (uint64_t v : {uint64_t{0}, uint64_t{0}, uint64_t{1} << 63, uint64_t{1} << 62}) {
    Put32(&bytes, static_cast<uint32_t>(v));
    Put32(&bytes, static_cast<uint32_t>(v >> 32));
  }
  Put32(&bytes, 0x07064b50);  // locator: disk 0, offset 0, 1 disk
  Put32(&bytes, 0);
  Put32(&bytes, 0);
  Put32(&bytes, 0);
  Put32(&bytes, 1);
  Put32(&bytes, 0x06054b50);  // end record with the ZIP64 sentinels
  for (int i = 0; i < 4; ++i) Put16(&bytes, 0);
  Put32(&bytes, 0xffffffffu);
  Put32(&bytes, 0xffffffffu);
  Put16(&bytes, 0);
  ASSERT_EQ(bytes.size(), 98u);
  EXPECT_EQ(Validate(bytes).dist_problem, "Bad offset for central directory");
}

// check lists a wheel's members from our central directory instead of libarchive's walk only where
// PlainZipMember says libarchive sees the same thing: here libarchive itself is asked.
TEST(ZipValidator, PlainMembersAreWhatLibarchiveSees) {
  struct Variant {
    uint8_t system;
    uint32_t attributes;
    std::string name;
    bool plain;  // expected: libarchive plainly sees a file, or a directory for a name with '/'
  };
  const std::vector<Variant> variants = {
      {3, 0100644u << 16, "pkg/a.py", true},
      {3, 0100755u << 16, "bin/tool", true},
      {3, 0, "pkg/zero_mode.py", true},
      {3, 0, "pkg/", true},
      {3, 040755u << 16, "data/", true},
      {0, 0, "dos.txt", true},
      {0, 0x20, "archive_bit.txt", true},
      {0, 0x10, "dosdir/", true},
      {0, 0x01, "readonly.txt", true},
      {1, 0xdeadbeef, "amiga.txt", true},
      {3, 0120777u << 16, "link", false},
      {3, 010644u << 16, "fifo", false},
      {3, 040755u << 16, "dir_without_slash", false},
      {3, 0100644u << 16, "file_with_slash/", false},
      {0, 0x10, "dos_dir_without_slash", false},
      {3, 0100644u << 16, "__MACOSX/._a.py", false},
  };
  for (const Variant& v : variants) {
    std::string bytes = BuildZip({{"first.txt", "1"}, {v.name, ""}, {"last.txt", "2"}});
    // The second central-directory entry: "version made by" (its high byte names the system) and
    // the external attributes.
    size_t cd = bytes.find(std::string("PK\x01\x02", 4));
    cd = bytes.find(std::string("PK\x01\x02", 4), cd + 4);
    ASSERT_NE(cd, std::string::npos);
    bytes[cd + 5] = static_cast<char>(v.system);
    for (int i = 0; i < 4; ++i) bytes[cd + 38 + i] = static_cast<char>(v.attributes >> (8 * i));
    ZipStructure z;
    ValidateZipBytes(bytes, &z);
    ASSERT_EQ(z.framing_problem, "") << v.name;
    ASSERT_EQ(z.spans.size(), 3u);
    bool is_dir = false;
    EXPECT_EQ(PlainZipMember(z.spans[1], &is_dir), v.plain) << v.name;
    DistReader reader;
    std::string err;
    ASSERT_TRUE(reader.OpenBytes("x.whl", bytes, false, &err)) << err;
    DistMember m;
    std::vector<DistMember> seen;
    while (reader.Next(&m, &err)) seen.push_back(m);
    EXPECT_EQ(err, "") << v.name;
    if (v.plain) {  // the same members in the same order
      ASSERT_EQ(seen.size(), 3u) << v.name;
      for (size_t i = 0; i < 3; ++i) EXPECT_EQ(seen[i].name, z.spans[i].name);
    }
    for (const ZipMemberSpan& span : z.spans) {
      bool plain_dir = false;
      if (!PlainZipMember(span, &plain_dir)) continue;
      auto it = std::find_if(seen.begin(), seen.end(),
                             [&](const DistMember& d) { return d.name == span.name; });
      ASSERT_NE(it, seen.end()) << span.name;
      EXPECT_EQ(it->is_dir, plain_dir) << span.name;
      EXPECT_EQ(it->is_regular, !plain_dir) << span.name;
      EXPECT_FALSE(it->is_symlink || it->is_hardlink || it->is_sparse) << span.name;
      EXPECT_EQ(it->special, "") << span.name;
    }
  }
  // A central directory entry that points at another member's local header is left to libarchive.
  std::string bytes = BuildZip({{"a.txt", "1"}, {"b.txt", "2"}});
  size_t cd = bytes.find(std::string("PK\x01\x02", 4));
  bytes[cd + 42] = 1;  // a.txt's local header offset: 1 instead of 0
  ZipStructure z;
  ValidateZipBytes(bytes, &z);
  ASSERT_EQ(z.framing_problem, "");
  bool is_dir = false;
  EXPECT_FALSE(PlainZipMember(z.spans[0], &is_dir));
  EXPECT_TRUE(PlainZipMember(z.spans[1], &is_dir));
}
