#include "build/tar_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clocale>
#include <fstream>

#include "core/atomic_file.h"
#include "core/string_util.h"
#include "test_support.h"

namespace {

using TempDir = ScopedTempDir;

struct Member {
  std::string name, data, uname, gname;
  unsigned mode = 0;
  int64_t uid = -1, gid = -1, mtime = 0;
  bool has_atime = false, has_ctime = false, is_file = false;
};

std::vector<Member> ReadTarGz(const std::string& path) {
  std::setlocale(LC_CTYPE, "C.UTF-8");  // as main() does, for UTF-8 names
  std::vector<Member> out;
  archive* a = archive_read_new();
  archive_read_support_filter_gzip(a);
  archive_read_support_format_tar(a);
  EXPECT_EQ(archive_read_open_filename(a, path.c_str(), 1 << 16), ARCHIVE_OK);
  archive_entry* e;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    Member m;
    m.name = archive_entry_pathname_utf8(e) ? archive_entry_pathname_utf8(e) : "";
    m.mode = archive_entry_perm(e);
    m.uid = archive_entry_uid(e);
    m.gid = archive_entry_gid(e);
    m.uname = archive_entry_uname(e) ? archive_entry_uname(e) : "";
    m.gname = archive_entry_gname(e) ? archive_entry_gname(e) : "";
    m.mtime = archive_entry_mtime(e);
    m.has_atime = archive_entry_atime_is_set(e);
    m.has_ctime = archive_entry_ctime_is_set(e);
    m.is_file = archive_entry_filetype(e) == AE_IFREG;
    char buf[4096];
    la_ssize_t n;
    while ((n = archive_read_data(a, buf, sizeof buf)) > 0) m.data.append(buf, size_t(n));
    out.push_back(m);
  }
  archive_read_free(a);
  return out;
}

std::string Slurp(const std::string& path) {
  std::string s, err;
  EXPECT_TRUE(ReadFile(path, &s, &err)) << err;
  return s;
}

bool WriteTar(const std::string& dest, const std::vector<TarSource>& members, int64_t epoch,
              std::string* err) {
  TarGzWriter w(epoch);
  if (!w.Open(dest, err)) return false;
  for (const auto& m : members) {
    if (!w.Add(m, err)) return false;
  }
  return w.Commit(err);
}

}  // namespace

TEST(TarWriter, NormalizesEveryEntry) {
  TempDir dir;
  std::string long_name = "demo-1.0/" + std::string(120, 'd') + "/file.py";
  std::string big(300000, 'x');
  std::vector<TarSource> members = {
      {"demo-1.0/README.md", dir.Write("r", "# demo\n"), "", false},
      {"demo-1.0/bin/run.sh", dir.Write("s", "#!/bin/sh\n"), "", true},
      {"demo-1.0/caf\xc3\xa9.txt", "", "unicode", false},
      {"demo-1.0/empty", dir.Write("e", ""), "", false},
      {"demo-1.0/big.txt", dir.Write("b", big), "", false},
      {long_name, "", "long", false},
      {"demo-1.0/PKG-INFO", "", "Metadata-Version: 2.1\n", false},
  };
  ::chmod((dir.path + "/r").c_str(), 0600);  // source modes don't leak into the archive
  std::string err, dest = dir.path + "/demo-1.0.tar.gz";
  ASSERT_TRUE(WriteTar(dest, members, 1700000000, &err)) << err;
  auto back = ReadTarGz(dest);
  ASSERT_EQ(back.size(), members.size()) << "no directory entries, nothing extra";
  for (size_t i = 0; i < back.size(); ++i) {
    const Member& m = back[i];
    EXPECT_EQ(m.name, members[i].name) << "in the order added";
    EXPECT_TRUE(m.is_file);
    EXPECT_EQ(m.mode, members[i].executable ? 0755u : 0644u) << m.name;
    EXPECT_EQ(m.uid, 0);
    EXPECT_EQ(m.gid, 0);
    EXPECT_EQ(m.uname, "");
    EXPECT_EQ(m.gname, "");
    EXPECT_EQ(m.mtime, 1700000000);
    EXPECT_FALSE(m.has_atime);
    EXPECT_FALSE(m.has_ctime);
  }
  EXPECT_EQ(back[0].data, "# demo\n");
  EXPECT_EQ(back[2].data, "unicode");
  EXPECT_EQ(back[4].data, big);
  EXPECT_EQ(back[5].data, "long");

  // gzip header: magic, deflate, no flags (so no file name), mtime = the epoch, OS 255.
  std::string gz = Slurp(dest);
  ASSERT_GT(gz.size(), 10u);
  EXPECT_EQ((unsigned char)gz[0], 0x1f);
  EXPECT_EQ((unsigned char)gz[1], 0x8b);
  EXPECT_EQ(gz[3], 0) << "FNAME/FCOMMENT/FEXTRA flags";
  uint32_t mtime = uint32_t((unsigned char)gz[4]) | uint32_t((unsigned char)gz[5]) << 8 |
                   uint32_t((unsigned char)gz[6]) << 16 | uint32_t((unsigned char)gz[7]) << 24;
  EXPECT_EQ(mtime, 1700000000u);
  EXPECT_EQ((unsigned char)gz[9], 255);
}

TEST(TarWriter, SameInputsGiveIdenticalBytes) {
  TempDir dir;
  std::string p = dir.Write("a", "hello");
  std::vector<TarSource> members = {{"x-1/a", p, "", false}, {"x-1/PKG-INFO", "", "meta", false}};
  std::string err;
  ASSERT_TRUE(WriteTar(dir.path + "/1.tar.gz", members, kDefaultSourceDateEpoch, &err)) << err;
  // A different mtime on the source must not matter.
  struct timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, p.c_str(), times, 0), 0);
  ASSERT_TRUE(WriteTar(dir.path + "/2.tar.gz", members, kDefaultSourceDateEpoch, &err)) << err;
  EXPECT_EQ(Slurp(dir.path + "/1.tar.gz"), Slurp(dir.path + "/2.tar.gz"));
  ASSERT_TRUE(WriteTar(dir.path + "/3.tar.gz", members, kDefaultSourceDateEpoch + 1, &err)) << err;
  EXPECT_NE(Slurp(dir.path + "/1.tar.gz"), Slurp(dir.path + "/3.tar.gz"));
}

TEST(TarWriter, AReadErrorMidWayLeavesNothingBehind) {
  TempDir dir;
  std::string out = dir.path + "/dist";
  ASSERT_EQ(::mkdir(out.c_str(), 0755), 0);
  std::string err;
  {
    TarGzWriter w;
    ASSERT_TRUE(w.Open(out + "/x-1.tar.gz", &err)) << err;
    ASSERT_TRUE(w.Add({"x-1/a", dir.Write("a", std::string(200000, 'a')), "", false}, &err)) << err;
    EXPECT_FALSE(w.Add({"x-1/b", "/proc/self/mem", "", false}, &err));  // EIO even for root
    EXPECT_NE(err.find("/proc/self/mem"), std::string::npos) << err;
    EXPECT_FALSE(w.Add({"x-1/a", "", "dup", false}, &err));
    EXPECT_NE(err.find("duplicate"), std::string::npos) << err;
  }
  DIR* d = opendir(out.c_str());
  int entries = 0;
  while (dirent* e = readdir(d))
    entries += std::string(e->d_name) != "." && std::string(e->d_name) != "..";
  closedir(d);
  EXPECT_EQ(entries, 0) << "a temp file or archive was left in the output directory";
}

TEST(TarWriter, AFifoSourceIsRefusedNotRead) {
  // Opening a FIFO for reading waits for a writer: the old writer hung there forever.
  TempDir dir;
  std::string fifo = MakeFifo(dir.path, "pkg/fifo.py");
  std::string err;
  bool ok = true;
  TarGzWriter w;
  ASSERT_TRUE(w.Open(dir.path + "/x-1.tar.gz", &err)) << err;
  EXPECT_TRUE(ReturnsWithin(5, fifo, [&] {
    ok = w.Add({"x-1/pkg/fifo.py", fifo, "", false}, &err);
  }));
  EXPECT_FALSE(ok);
  EXPECT_NE(err.find(fifo + ": not a regular file (a FIFO)"), std::string::npos) << err;
}

TEST(TarWriter, FinishKeepsTheArchiveOutOfPlaceUntilPublished) {
  TempDir dir;
  std::string dest = dir.path + "/x-1.tar.gz", err;
  TarGzWriter w;
  ASSERT_TRUE(w.Open(dest, &err) && w.Add({"x-1/a", "", "data", false}, &err) && w.Finish(&err))
      << err;
  std::unique_ptr<AtomicFile> file = w.TakeFile();
  ASSERT_TRUE(file);
  EXPECT_EQ(::access(dest.c_str(), F_OK), -1);
  ASSERT_EQ(ReadTarGz(file->temp_path()).size(), 1u);  // already complete
  ASSERT_TRUE(file->Publish(&err)) << err;
  std::vector<Member> members = ReadTarGz(dest);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].data, "data");
}

TEST(TarWriter, BytesAlreadyReadAreWrittenInsteadOfReadingThePath) {
  TempDir dir;
  std::string p = dir.Write("a", "hello");
  std::string err;
  ASSERT_TRUE(
      WriteTar(dir.path + "/1.tar.gz", {{"x-1/a", p, "", false}}, kDefaultSourceDateEpoch, &err))
      << err;
  ASSERT_EQ(::unlink(p.c_str()), 0);  // only `bytes` can give the content now
  auto bytes = std::make_shared<const std::string>("hello");
  ASSERT_TRUE(WriteTar(dir.path + "/2.tar.gz", {{"x-1/a", p, "", false, bytes}},
                       kDefaultSourceDateEpoch, &err))
      << err;
  EXPECT_EQ(Slurp(dir.path + "/1.tar.gz"), Slurp(dir.path + "/2.tar.gz"));
}

// The archive is byte for byte what libarchive's restricted pax writer made of the same members
// (it wrote the sdists before): headers, content padding, the end marker and the 10240-byte record.
TEST(TarWriter, WholeArchiveIsByteIdenticalToLibarchive) {
  if (archive_version_number() / 1000 != 3006)
    GTEST_SKIP() << "the layout is libarchive 3.6's; this is " << archive_version_string();
  TempDir dir;
  const int64_t epoch = 1700000000;
  struct Case {
    TarSource source;
    std::string content;
  };
  std::string from_file(70000, 'f'), exact(10240 - 512 - 1024, 'e');
  std::vector<Case> cases = {
      {{"x-1/a.py", dir.Write("a", from_file), "", false}, from_file},
      {{"x-1/bin/run", "", "#!/bin/sh\n", true}, "#!/bin/sh\n"},
      {{"x-1/caf\xc3\xa9/\xe2\x82\xac.txt", "", "euro", false}, "euro"},
      {{"x-1/" + std::string(140, 'd') + "/" + std::string(99, 'f'), "", "deep", false}, "deep"},
      {{"x-1/" + std::string(130, 'n'), "", "", false}, ""},
      {{"x-1/empty", dir.Write("e", ""), "", false}, ""},
      {{"x-1/held", "", "", false, std::make_shared<const std::string>("bytes")}, "bytes"},
  };
  TarSource link{"x-1/link", "", "", false};
  link.link_text = "a.py";
  cases.push_back({link, ""});
  link.name = "x-1/long-link";
  link.link_text = std::string(120, '.') + "/a.py";
  cases.push_back({link, ""});
  link.name = "x-1/utf8-link";
  link.link_text = "caf\xc3\xa9/\xe2\x82\xac.txt";
  cases.push_back({link, ""});

  std::vector<std::pair<TarEntry, std::string>> reference;
  std::vector<TarSource> members;
  for (const Case& c : cases) {
    TarEntry e;
    e.name = c.source.name;
    e.link_text = c.source.link_text;
    e.mode = c.source.executable || !e.link_text.empty() ? 0755 : 0644;
    e.size = c.content.size();
    e.mtime = epoch;
    reference.push_back({e, c.content});
    members.push_back(c.source);
  }
  std::string err, dest = dir.path + "/x-1.tar.gz";
  ASSERT_TRUE(WriteTar(dest, members, epoch, &err)) << err;
  bool single = false;
  std::string tar = Gunzip(Slurp(dest), &single);
  EXPECT_TRUE(single);
  EXPECT_EQ(tar.size() % 10240, 0u);
  EXPECT_EQ(tar, LibarchiveTar(reference));

  // A tar that ends exactly on a record boundary gets no extra record; an empty one is one record.
  for (const auto& [name, content] :
       std::vector<std::pair<std::string, std::string>>{{"x-1/exact", exact}, {"", ""}}) {
    std::vector<TarSource> one;
    std::vector<std::pair<TarEntry, std::string>> ref;
    if (!name.empty()) {
      one.push_back({name, "", content, false});
      TarEntry e;
      e.name = name;
      e.size = content.size();
      e.mtime = epoch;
      ref.push_back({e, content});
    }
    ASSERT_TRUE(WriteTar(dest, one, epoch, &err)) << err;
    tar = Gunzip(Slurp(dest), &single);
    EXPECT_EQ(tar.size(), 10240u) << name;
    EXPECT_EQ(tar, LibarchiveTar(ref)) << name;
  }
}

TEST(TarWriter, NamesThatAreNotValidUtf8AreRefused) {
  TempDir dir;
  TarGzWriter w;
  std::string err;
  ASSERT_TRUE(w.Open(dir.path + "/x-1.tar.gz", &err)) << err;
  EXPECT_FALSE(w.Add({"x-1/caf\xe9.py", "", "x", false}, &err));
  EXPECT_NE(err.find("not valid UTF-8"), std::string::npos) << err;
  TarSource link{"x-1/link", "", "", false};
  link.link_text = "caf\xe9.py";
  EXPECT_FALSE(w.Add(link, &err));
  EXPECT_NE(err.find("not valid UTF-8"), std::string::npos) << err;
  EXPECT_FALSE(w.Add({std::string("x-1/a\0b", 7), "", "x", false}, &err));
  EXPECT_NE(err.find("not a valid archive member name"), std::string::npos) << err;
}

TEST(TarWriter, AFileLongerThanItsStatSizeIsRefused) {
  // /proc files stat as empty but read as text: what grew after the stat is not cut silently.
  TempDir dir;
  TarGzWriter w;
  std::string err;
  ASSERT_TRUE(w.Open(dir.path + "/x-1.tar.gz", &err)) << err;
  EXPECT_FALSE(w.Add({"x-1/status", "/proc/self/status", "", false}, &err));
  EXPECT_NE(err.find("/proc/self/status: changed while it was being archived"), std::string::npos)
      << err;
}
