#include "build/zip_writer.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clocale>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>

#include "check/zip_validator.h"
#include "core/string_util.h"
#include "spec/dist_reader.h"
#include "test_support.h"

namespace {

using TempDir = ScopedTempDir;

// The entries of a directory, without "." and "..".
std::vector<std::string> List(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") out.push_back(n);
  }
  closedir(d);
  return out;
}

uint32_t Le32(const std::string& b, size_t at) {
  return uint32_t((unsigned char)b[at]) | uint32_t((unsigned char)b[at + 1]) << 8 |
         uint32_t((unsigned char)b[at + 2]) << 16 | uint32_t((unsigned char)b[at + 3]) << 24;
}
uint16_t Le16(const std::string& b, size_t at) {
  return uint16_t((unsigned char)b[at] | ((unsigned char)b[at + 1]) << 8);
}

// Walks the file from offset 0 the way PyPI's validator does: local headers, then the central
// directory, then the end records, and nothing after them.
struct Walk {
  std::vector<std::string> local_names;
  std::vector<uint16_t> local_flags;
  size_t central = 0;
  bool zip64_end = false;
  bool clean_end = false;
  uint32_t dos = 0;
};
Walk WalkZip(const std::string& b) {
  Walk w;
  size_t at = 0;
  while (at + 4 <= b.size()) {
    uint32_t sig = Le32(b, at);
    if (sig == 0x04034b50) {
      uint16_t flags = Le16(b, at + 6);
      w.dos = Le32(b, at + 10);
      uint64_t csize = Le32(b, at + 18);
      uint16_t name_len = Le16(b, at + 26), extra_len = Le16(b, at + 28);
      if (csize == 0xFFFFFFFF) {  // ZIP64 local extra: usize, csize
        EXPECT_EQ(extra_len, 20);
        csize = Le32(b, at + 30 + name_len + 12) | uint64_t(Le32(b, at + 30 + name_len + 16)) << 32;
      }
      w.local_names.push_back(b.substr(at + 30, name_len));
      w.local_flags.push_back(flags);
      at += 30 + name_len + extra_len + csize;
    } else if (sig == 0x02014b50) {
      EXPECT_EQ(Le16(b, at + 32), 0) << "per-file comment";
      w.central++;
      at += 46 + Le16(b, at + 28) + Le16(b, at + 30);
    } else if (sig == 0x06064b50) {
      w.zip64_end = true;
      at += 56;
    } else if (sig == 0x07064b50) {
      at += 20;
    } else if (sig == 0x06054b50) {
      w.clean_end = at + 22 + Le16(b, at + 20) == b.size();
      return w;
    } else {
      ADD_FAILURE() << "unknown record at " << at;
      return w;
    }
  }
  return w;
}

std::map<std::string, std::pair<std::string, unsigned>> ReadBack(const std::string& path) {
  std::map<std::string, std::pair<std::string, unsigned>> out;
  std::setlocale(LC_CTYPE, "C.UTF-8");  // as main() does: libarchive needs it for UTF-8 names
  DistReader r;
  std::string err;
  EXPECT_TRUE(r.Open(path, &err)) << err;
  DistMember m;
  while (r.Next(&m, &err)) {
    std::string data;
    EXPECT_TRUE(r.ReadData(&data, 1 << 30, &err)) << err;
    out[m.name] = {data, m.mode};
  }
  EXPECT_EQ(err, "");
  return out;
}

// The check area's port of PyPI's ZIP validator must accept everything we write.
void ExpectPyPIAccepts(const std::string& path) {
  ZipStructure z;
  std::string err;
  ASSERT_TRUE(ValidateZipStructure(path, &z, &err)) << err;
  EXPECT_EQ(z.framing_problem, "") << path;
  EXPECT_EQ(z.dist_problem, "") << path;
}

std::string Slurp(const std::string& path) {
  std::string s, err;
  EXPECT_TRUE(ReadFile(path, &s, &err)) << err;
  return s;
}

std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = char(rng());
  return s;
}

bool WriteZip(const std::string& dest, const std::vector<ZipSource>& members, ZipOptions opt,
              std::vector<ZipMemberInfo>* infos, std::string* err) {
  ZipWriter w(opt);
  return w.Open(dest, err) && w.Add(members, infos, err) && w.Commit(err);
}

}  // namespace

TEST(ZipWriter, DosDateTimeOfTheDefaultEpoch) {
  // 2020-02-02 00:00:00 UTC
  EXPECT_EQ(DosDateTime(kDefaultSourceDateEpoch), uint32_t(((40 << 9) | (2 << 5) | 2) << 16));
  // 1980-01-01 00:00:02 and anything earlier clamps to 1980-01-01.
  EXPECT_EQ(DosDateTime(kMinZipEpoch + 2), uint32_t(((0 << 9) | (1 << 5) | 1) << 16 | 1));
  EXPECT_EQ(DosDateTime(0), DosDateTime(kMinZipEpoch));
}

TEST(ZipWriter, RoundTripsMembersWithModesAndNoDataDescriptors) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + "\n";
  std::string random = RandomBytes(100000, 1);
  std::vector<ZipSource> members = {
      {"pkg/__init__.py", dir.Write("init.py", text), "", false},
      {"pkg/empty.py", dir.Write("empty.py", ""), "", false},
      {"pkg/blob.bin", dir.Write("blob.bin", random), "", false},
      {"pkg/tool.sh", dir.Write("tool.sh", "#!/bin/sh\n"), "", true},
      {"pkg/caf\xc3\xa9.txt", "", "unicode name", false},
      {"pkg-1.0.dist-info/METADATA", "", "Metadata-Version: 2.1\n", false},
  };
  std::vector<ZipMemberInfo> infos;
  std::string err, dest = dir.path + "/out.whl";
  ASSERT_TRUE(WriteZip(dest, members, ZipOptions(), &infos, &err)) << err;

  ASSERT_EQ(infos.size(), members.size());
  EXPECT_EQ(infos[0].size, text.size());
  EXPECT_EQ(infos[5].name, "pkg-1.0.dist-info/METADATA");

  auto back = ReadBack(dest);
  ASSERT_EQ(back.size(), members.size());
  EXPECT_EQ(back["pkg/__init__.py"].first, text);
  EXPECT_EQ(back["pkg/__init__.py"].second, 0644u);
  EXPECT_EQ(back["pkg/empty.py"].first, "");
  EXPECT_EQ(back["pkg/blob.bin"].first, random);
  EXPECT_EQ(back["pkg/tool.sh"].second, 0755u);
  EXPECT_EQ(back["pkg/caf\xc3\xa9.txt"].first, "unicode name");

  std::string bytes = Slurp(dest);
  Walk w = WalkZip(bytes);
  EXPECT_EQ(w.local_names.size(), members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    EXPECT_EQ(w.local_names[i], members[i].name) << "written in the given order";
    EXPECT_EQ(w.local_flags[i] & 0x8, 0) << "data descriptor flag on " << w.local_names[i];
    EXPECT_EQ((w.local_flags[i] & 0x800) != 0, i == 4) << "UTF-8 flag only for non-ASCII names";
  }
  EXPECT_EQ(w.central, members.size());
  EXPECT_TRUE(w.clean_end) << "trailing data";
  EXPECT_FALSE(w.zip64_end);
  EXPECT_EQ(w.dos, DosDateTime(kDefaultSourceDateEpoch));
  EXPECT_EQ(bytes.find("\x50\x4b\x07\x08"), std::string::npos) << "a data descriptor record";
  ExpectPyPIAccepts(dest);
}

TEST(ZipWriter, SameInputsGiveIdenticalBytesWhateverTheThreadCount) {
  TempDir dir;
  std::vector<ZipSource> members;
  for (int i = 0; i < 200; ++i) {
    std::string content =
        RandomBytes(size_t(i) * 37, unsigned(i)) + std::string(size_t(i) * 50, 'x');
    members.push_back(
        {"m/" + std::to_string(1000 + i), dir.Write(std::to_string(i), content), "", i % 7 == 0});
  }
  std::string err;
  ZipOptions one;
  one.threads = 1;
  ZipOptions four;
  four.threads = 4;
  four.max_in_flight = 4096;  // forces the in-flight cap to throttle the workers
  ASSERT_TRUE(WriteZip(dir.path + "/a.zip", members, one, nullptr, &err)) << err;
  ASSERT_TRUE(WriteZip(dir.path + "/b.zip", members, four, nullptr, &err)) << err;
  EXPECT_EQ(Slurp(dir.path + "/a.zip"), Slurp(dir.path + "/b.zip"));
  ZipOptions inline_only;
  inline_only.parallel_min_bytes = UINT64_MAX;  // everything on the calling thread
  ASSERT_TRUE(WriteZip(dir.path + "/i.zip", members, inline_only, nullptr, &err)) << err;
  EXPECT_EQ(Slurp(dir.path + "/a.zip"), Slurp(dir.path + "/i.zip"));
  ZipOptions later;
  later.epoch = kDefaultSourceDateEpoch + 86400;
  ASSERT_TRUE(WriteZip(dir.path + "/c.zip", members, later, nullptr, &err)) << err;
  EXPECT_NE(Slurp(dir.path + "/a.zip"), Slurp(dir.path + "/c.zip"))
      << "the epoch is in the headers";
}

// The wheel comes in batches: the compressors and output buffers one Add leaves are taken by the
// next (on workers or on the calling thread), and a member compressed on the calling thread is
// written from that buffer. The bytes are those of one Add with every member, and a name seen in
// an earlier batch is still a duplicate, in order or not.
TEST(ZipWriter, BatchesGiveTheSameBytesAsOneAdd) {
  TempDir dir;
  std::vector<ZipSource> members;
  for (int i = 0; i < 120; ++i) {
    std::string content =
        RandomBytes(size_t(i) * 41, unsigned(i)) + std::string(size_t(i) * 90, 'y');
    members.push_back(
        {"m/" + std::to_string(1000 + i), dir.Write(std::to_string(i), content), "", false});
  }
  members.push_back({"RECORD", "", std::string(200000, 'r') + RandomBytes(5000, 7), false});
  std::string err;
  ZipOptions opt;
  opt.threads = 2;
  opt.parallel_min_bytes = 64 << 10;  // the smaller batches go to the calling thread
  ASSERT_TRUE(WriteZip(dir.path + "/whole.zip", members, opt, nullptr, &err)) << err;
  ZipWriter w(opt);
  ASSERT_TRUE(w.Open(dir.path + "/batches.zip", &err)) << err;
  size_t sizes[] = {3, 50, 1, 40, 26, 1};  // 121 members: small and large batches, RECORD alone
  size_t at = 0;
  for (size_t n : sizes) {
    std::vector<ZipSource> batch(members.begin() + long(at), members.begin() + long(at + n));
    ASSERT_TRUE(w.Add(batch, nullptr, &err)) << err;
    at += n;
  }
  ASSERT_EQ(at, members.size());
  EXPECT_FALSE(w.Add({{"m/1000", "", "again", false}}, nullptr, &err));
  EXPECT_NE(err.find("duplicate"), std::string::npos) << err;
  EXPECT_FALSE(w.Add({{"m/1119", "", "again", false}}, nullptr, &err));  // the greatest so far
  ASSERT_TRUE(w.Commit(&err)) << err;
  EXPECT_EQ(Slurp(dir.path + "/whole.zip"), Slurp(dir.path + "/batches.zip"));
  ExpectPyPIAccepts(dir.path + "/batches.zip");
}

TEST(ZipWriter, StreamsLargeFilesAndPatchesTheirLocalHeaders) {
  TempDir dir;
  std::string big;
  for (int i = 0; i < 300000; ++i) big += "row " + std::to_string(i % 997) + "\n";
  big += RandomBytes(3 << 20, 9);  // several zlib chunks
  std::vector<ZipSource> members = {
      {"a/big.dat", dir.Write("big.dat", big), "", false},
      {"a/small.txt", "", "small", false},
  };
  ZipOptions opt;
  opt.stream_threshold = 1024;  // "big" is anything over 1 KiB here
  std::vector<ZipMemberInfo> infos;
  std::string err, dest = dir.path + "/s.zip";
  ASSERT_TRUE(WriteZip(dest, members, opt, &infos, &err)) << err;
  auto back = ReadBack(dest);
  EXPECT_EQ(back["a/big.dat"].first, big);
  EXPECT_EQ(back["a/small.txt"].first, "small");
  ASSERT_EQ(infos.size(), 2u);
  EXPECT_EQ(infos[0].size, big.size());
  EXPECT_EQ(infos[0].sha256.size(), 32u);
  Walk w = WalkZip(Slurp(dest));  // a correct patched csize lets the walk land on the next header
  EXPECT_EQ(w.local_names, (std::vector<std::string>{"a/big.dat", "a/small.txt"}));
  EXPECT_TRUE(w.clean_end);
  ExpectPyPIAccepts(dest);
}

TEST(ZipWriter, MoreThan65535EntriesUseZip64EndRecords) {
  TempDir dir;
  std::vector<ZipSource> members;
  for (int i = 0; i < 70000; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "d/%06d", i);
    members.push_back({name, "", std::to_string(i), false});
  }
  std::string err, dest = dir.path + "/many.zip";
  ASSERT_TRUE(WriteZip(dest, members, ZipOptions(), nullptr, &err)) << err;
  Walk w = WalkZip(Slurp(dest));
  EXPECT_EQ(w.central, 70000u);
  EXPECT_TRUE(w.zip64_end);
  EXPECT_TRUE(w.clean_end);
  auto back = ReadBack(dest);
  EXPECT_EQ(back.size(), 70000u);
  EXPECT_EQ(back["d/069999"].first, "69999");
  ExpectPyPIAccepts(dest);
}

TEST(ZipWriter, RejectsDuplicateAndBadNames) {
  TempDir dir;
  std::string err;
  ZipWriter w;
  ASSERT_TRUE(w.Open(dir.path + "/x.zip", &err)) << err;
  EXPECT_FALSE(w.Add({{"a", "", "1", false}, {"a", "", "2", false}}, nullptr, &err));
  EXPECT_NE(err.find("duplicate"), std::string::npos) << err;
  EXPECT_FALSE(w.Add({{"/abs", "", "1", false}}, nullptr, &err));
  EXPECT_FALSE(w.Add({{"a\nb", "", "1", false}}, nullptr, &err));
}

TEST(ZipWriter, AReadErrorMidWayLeavesNothingBehind) {
  TempDir dir;
  std::vector<ZipSource> members;
  for (int i = 0; i < 50; ++i)
    members.push_back({"f" + std::to_string(i), dir.Write(std::to_string(i), "data"), "", false});
  // A regular file whose read fails (EIO) even for root: the failure happens in a worker, after
  // earlier members were written.
  members.insert(members.begin() + 40, ZipSource{"g", "/proc/self/mem", "", false});
  std::string out = dir.path + "/out";
  ASSERT_EQ(::mkdir(out.c_str(), 0755), 0);
  std::string err;
  for (uint64_t parallel_min_bytes : {uint64_t(0), UINT64_MAX}) {  // on workers, then inline
    ZipOptions opt;
    opt.parallel_min_bytes = parallel_min_bytes;
    ZipWriter w(opt);
    ASSERT_TRUE(w.Open(out + "/x.whl", &err)) << err;
    EXPECT_FALSE(w.Add(members, nullptr, &err));
    EXPECT_NE(err.find("/proc/self/mem"), std::string::npos) << err;
    EXPECT_EQ(::access(w.temp_path().c_str(), F_OK), 0)
        << "the temp file exists until the writer goes";
  }
  EXPECT_TRUE(List(out).empty()) << "left " << Join(List(out), ", ");
}

TEST(ZipWriter, Zip64FieldsAreWellFormedWhenSizesAndOffsetsOverflow) {
  // With the ZIP64 limit lowered to 1000 bytes, big members get local ZIP64 extras (16 bytes: both
  // sizes), later members get central extras with their offset, and the end records go ZIP64.
  TempDir dir;
  std::string big = RandomBytes(5000, 3);
  std::string text(20000, 'a');
  std::vector<ZipSource> members = {
      {"z/big.bin", dir.Write("big.bin", big), "", false},  // stored: usize and csize overflow
      {"z/text.txt", "", text, false},                      // deflated: usize overflows
      {"z/small.txt", "", "tiny", false},                   // only the offset overflows
      {"z/streamed.bin", dir.Write("s.bin", big), "", true},
  };
  ZipOptions opt;
  opt.zip64_limit = 1000;
  opt.stream_threshold = 4096;  // the last member takes the streaming path with a ZIP64 header
  std::string err, dest = dir.path + "/z64.whl";
  ASSERT_TRUE(WriteZip(dest, members, opt, nullptr, &err)) << err;
  std::string bytes = Slurp(dest);
  Walk w =
      WalkZip(bytes);  // checks the local extras are 20 bytes (4 + 16) and lands on each header
  EXPECT_EQ(w.local_names.size(), 4u);
  EXPECT_TRUE(w.zip64_end);
  EXPECT_TRUE(w.clean_end);
  // Every ZIP64 extra in the central directory has a length PyPI accepts (8, 16 or 24).
  for (size_t at = bytes.find("PK\x01\x02"); at != std::string::npos;
       at = bytes.find("PK\x01\x02", at + 4)) {
    uint16_t name_len = Le16(bytes, at + 28), extra_len = Le16(bytes, at + 30);
    if (extra_len == 0) continue;
    size_t x = at + 46 + name_len;
    EXPECT_EQ(Le16(bytes, x), 0x0001);
    EXPECT_TRUE(Le16(bytes, x + 2) == 8 || Le16(bytes, x + 2) == 16 || Le16(bytes, x + 2) == 24);
    EXPECT_EQ(extra_len, Le16(bytes, x + 2) + 4);
  }
  auto back = ReadBack(dest);
  EXPECT_EQ(back["z/big.bin"].first, big);
  EXPECT_EQ(back["z/text.txt"].first, text);
  EXPECT_EQ(back["z/small.txt"].first, "tiny");
  EXPECT_EQ(back["z/streamed.bin"].first, big);
  ExpectPyPIAccepts(dest);
  // Python's zipfile is the reader pip uses: let it test every member when it is available.
  if (std::system("python3 -c pass >/dev/null 2>&1") == 0) {
    EXPECT_EQ(std::system(("python3 -m zipfile -t " + ShellQuote(dest) + " >/dev/null").c_str()),
              0);
  }
}

TEST(ZipWriter, BytesAlreadyReadGiveTheSameMembersWithoutReadingThePath) {
  TempDir dir;
  std::string content = RandomBytes(3000, 5) + std::string(2000, 'y');
  std::string path = dir.Write("f", content);
  std::string big = std::string(4096, 'b') + RandomBytes(4096, 6);
  std::string big_path = dir.Write("big", big);
  auto shared = std::make_shared<const std::string>(content);
  std::string err;
  ZipOptions opt;
  opt.stream_threshold = 6000;  // "big" (8 KiB) streams with zlib, whatever read it first
  ASSERT_TRUE(WriteZip(dir.path + "/a.zip",
                       {{"m/f", path, "", false}, {"m/big", big_path, "", false}}, opt, nullptr,
                       &err))
      << err;
  // The path is gone: only `bytes` can give the first member. The big one streams (zlib) as
  // before although its bytes are given: deflated in memory (libdeflate) it would differ.
  ASSERT_EQ(::unlink(path.c_str()), 0);
  auto big_bytes = std::make_shared<const std::string>(big);
  ASSERT_TRUE(
      WriteZip(dir.path + "/b.zip",
               {{"m/f", path, "", false, shared}, {"m/big", big_path, "", false, big_bytes}}, opt,
               nullptr, &err))
      << err;
  EXPECT_TRUE(Slurp(dir.path + "/a.zip") == Slurp(dir.path + "/b.zip"));
}
