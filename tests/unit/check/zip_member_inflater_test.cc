#include "check/zip_member_inflater.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "build/zip_writer.h"
#include "core/regular_file.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace {

// Text that deflates well; `seed` makes each member different.
std::string Text(int seed, int lines) {
  std::string s;
  for (int i = 0; i < lines; ++i) s += "line " + std::to_string(seed * 100000 + i) + " of text\n";
  return s;
}

std::string WriteZip(const fs::path& dir, const std::vector<ZipSource>& members) {
  return WriteTestZip((dir / "t.zip").string(), members);
}

// The zip's bytes, as check holds them.
std::string Bytes(const std::string& path) {
  std::string bytes, err;
  EXPECT_TRUE(ReadRegularFile(path, &bytes, &err)) << err;
  return bytes;
}

}  // namespace

TEST(ZipMemberInflater, DeliversEveryMemberExactlyOnTwoThreads) {
  ScopedTempDir t;
  // Over 4 MiB in all, so both threads take a share; one tiny member is stored.
  std::vector<ZipSource> members = {{"tiny", "", "ab"}};
  for (int i = 0; i < 8; ++i) members.push_back({"m" + std::to_string(i), "", Text(i, 30000)});
  std::string path = WriteZip(fs::path(t.path), members);
  ZipStructure zip;
  std::string err;
  ASSERT_TRUE(ValidateZipStructure(path, &zip, &err)) << err;
  ASSERT_EQ(zip.spans.size(), members.size());
  std::vector<std::string> got(members.size());
  std::vector<bool> delivered;
  InflateZipMembers(
      Bytes(path), zip.spans, std::vector<bool>(members.size(), true), 64ull << 20,
      [&](size_t i, const unsigned char* p, size_t n) {
        got[i].assign(reinterpret_cast<const char*>(p), n);
      },
      &delivered);
  EXPECT_EQ(zip.spans[0].method, 0);
  for (size_t i = 0; i < members.size(); ++i) {
    EXPECT_TRUE(delivered[i]) << i;
    EXPECT_EQ(got[i], members[i].data) << zip.spans[i].name;
  }
}

TEST(ZipMemberInflater, ACorruptOrUnwantedMemberIsLeftToTheCaller) {
  ScopedTempDir t;
  std::vector<ZipSource> members = {
      {"a", "", Text(1, 5000)}, {"b", "", Text(2, 5000)}, {"c", "", Text(3, 5000)}};
  std::string path = WriteZip(fs::path(t.path), members);
  ZipStructure zip;
  std::string err;
  ASSERT_TRUE(ValidateZipStructure(path, &zip, &err)) << err;
  const ZipMemberSpan& a = zip.spans[0];
  ASSERT_EQ(a.method, 8);
  FlipByteAt(path, a.data_offset + a.compressed_size / 2);
  std::vector<bool> delivered;
  int calls = 0;
  InflateZipMembers(
      Bytes(path), zip.spans, {true, false, true}, 64ull << 20,
      [&](size_t, const unsigned char*, size_t) { ++calls; }, &delivered);
  EXPECT_FALSE(delivered[0]);  // corrupt: libarchive's pass reports it
  EXPECT_FALSE(delivered[1]);  // not wanted
  EXPECT_TRUE(delivered[2]);
  EXPECT_EQ(calls, 1);
  // Encrypted (flag bit 0): left to the caller, whose reader refuses it.
  std::vector<ZipMemberSpan> encrypted = zip.spans;
  encrypted[2].flags |= 0x1;
  InflateZipMembers(
      Bytes(path), encrypted, {false, false, true}, 64ull << 20,
      [&](size_t, const unsigned char*, size_t) { ++calls; }, &delivered);
  EXPECT_FALSE(delivered[2]);
  EXPECT_EQ(calls, 1);
  // Above the size limit: left to the caller too.
  InflateZipMembers(
      Bytes(path), zip.spans, {true, true, true}, 10,
      [&](size_t, const unsigned char*, size_t) { ++calls; }, &delivered);
  EXPECT_EQ(calls, 1);
}

// Members of many sizes (one over 1 MiB), an unwanted one in between, and a file cut short in its
// last member (those before the cut still arrive).
TEST(ZipMemberInflater, MembersOfAnySizeAndAFileCutShort) {
  ScopedTempDir t;
  uint32_t x = 2463534242u;
  auto noise = [&](size_t n) {  // incompressible: the compressed sizes stay near n
    std::string s(n, '\0');
    for (char& c : s) x ^= x << 13, x ^= x >> 17, x ^= x << 5, c = static_cast<char>(x);
    return s;
  };
  std::vector<ZipSource> members;
  for (int i = 0; i < 7; ++i) members.push_back({"s" + std::to_string(i), "", noise(300000)});
  members.push_back({"big", "", noise(1500000)});
  for (int i = 0; i < 3; ++i) members.push_back({"t" + std::to_string(i), "", Text(i, 2000)});
  std::string path = WriteZip(fs::path(t.path), members);
  ZipStructure zip;
  std::string err;
  ASSERT_TRUE(ValidateZipStructure(path, &zip, &err)) << err;
  ASSERT_EQ(zip.spans.size(), members.size());
  std::vector<bool> wanted(members.size(), true);
  wanted[2] = false;
  std::vector<std::string> got(members.size());
  auto keep = [&](size_t i, const unsigned char* p, size_t n) {
    got[i].assign(reinterpret_cast<const char*>(p), n);
  };
  std::vector<bool> delivered;
  InflateZipMembers(Bytes(path), zip.spans, wanted, 64ull << 20, keep, &delivered);
  for (size_t i = 0; i < members.size(); ++i) {
    EXPECT_EQ(delivered[i], wanted[i]) << i;
    if (wanted[i]) {
      EXPECT_EQ(got[i], members[i].data) << zip.spans[i].name;
    }
  }
  // Cut inside the last member's data: it is not delivered, every member before it is.
  const ZipMemberSpan& last = zip.spans.back();
  fs::resize_file(path, last.data_offset + last.compressed_size / 2);
  got.assign(members.size(), "");
  InflateZipMembers(Bytes(path), zip.spans, std::vector<bool>(members.size(), true), 64ull << 20,
                    keep, &delivered);
  for (size_t i = 0; i + 1 < members.size(); ++i) {
    EXPECT_TRUE(delivered[i]) << i;
    EXPECT_EQ(got[i], members[i].data) << zip.spans[i].name;
  }
  EXPECT_FALSE(delivered.back());
}
