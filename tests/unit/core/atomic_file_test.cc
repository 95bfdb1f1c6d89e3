#include "core/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.h"

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool IsLink(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

// A pid that belonged to a process that has exited (reaped), so kill(pid, 0) gives ESRCH.
pid_t DeadPid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

}  // namespace

TEST(AtomicFile, PlantedSymlinksAtTheTemporaryNameAreNeverWrittenThrough) {
  // The old name was "<dest>.tmp.<pid>.<counter>", opened with fopen("wb"): a link planted there
  // redirected the write to any file the user can write. Plant one at every name of that form a
  // thousand counters deep: the victim must stay untouched, the links too.
  ScopedTempDir dir;
  std::string victim = dir.Write("victim.txt", "precious\n");
  std::string dest = dir.path + "/demo-1.0-py3-none-any.whl";
  std::string pid = std::to_string(::getpid());
  for (int n = 0; n < 1000; ++n) {
    ASSERT_EQ(::symlink(victim.c_str(), (dest + ".tmp." + pid + "." + std::to_string(n)).c_str()),
              0);
  }
  std::string err;
  ASSERT_TRUE(WriteFileAtomically(dest, "archive bytes", &err)) << err;
  EXPECT_EQ(Slurp(dest), "archive bytes");
  EXPECT_EQ(Slurp(victim), "precious\n");
  EXPECT_FALSE(IsLink(dest));
  for (int n = 0; n < 1000; ++n)
    EXPECT_TRUE(IsLink(dest + ".tmp." + pid + "." + std::to_string(n))) << n;
}

TEST(AtomicFile, TemporaryNamesCarryThePidAndAnUnguessableSuffix) {
  ScopedTempDir dir;
  std::string dest = dir.path + "/x.tar.gz";
  AtomicFile a(dest), b(dest);
  std::string err;
  ASSERT_TRUE(a.Open(&err)) << err;
  ASSERT_TRUE(b.Open(&err)) << err;
  EXPECT_NE(a.temp_path(), b.temp_path());
  std::string name = a.temp_path().substr(dir.path.size() + 1);
  long pid = 0;
  EXPECT_TRUE(IsAtomicTempName(name, &pid)) << name;
  EXPECT_EQ(pid, long(::getpid()));
  EXPECT_EQ(name.size(), std::string("x.tar.gz.tmp.").size() + std::to_string(pid).size() + 1 + 16)
      << name;
  struct stat st;
  ASSERT_EQ(::lstat(a.temp_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);  // nobody else reads a half-written file
}

TEST(AtomicFile, FinishLeavesTheFileAsideUntilPublish) {
  ScopedTempDir dir;
  std::string dest = dir.path + "/out.whl";
  std::string err, temp;
  {
    AtomicFile f(dest);
    ASSERT_TRUE(f.Open(&err) && f.Write("abc", &err) && f.Finish(&err, 0644)) << err;
    temp = f.temp_path();
    EXPECT_EQ(::access(dest.c_str(), F_OK), -1);
    EXPECT_EQ(Slurp(temp), "abc");
  }
  // Dropped unpublished: the temporary file goes with it, nothing is in place.
  EXPECT_EQ(::access(temp.c_str(), F_OK), -1);
  EXPECT_EQ(::access(dest.c_str(), F_OK), -1);

  AtomicFile g(dest);
  ASSERT_TRUE(g.Open(&err) && g.Write("def", &err) && g.Finish(&err, 0644) && g.Publish(&err))
      << err;
  EXPECT_EQ(Slurp(dest), "def");
  struct stat st;
  ASSERT_EQ(::stat(dest.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

// kRenameOnly replaces a regular file by swapping names (RENAME_EXCHANGE) and unlinking the old
// one; the result must be what rename(2) gives: the new bytes in place, no file left beside it, a
// link at the name replaced (never written through), a directory at the name refused.
TEST(AtomicFile, ReplacingAnExistingFileLeavesOnlyTheNewOne) {
  ScopedTempDir dir;
  namespace fs = std::filesystem;
  auto publish = [](const std::string& dest, const std::string& text, std::string* err) {
    AtomicFile f(dest, AtomicFile::Sync::kRenameOnly);
    return f.Open(err) && f.Write(text, err) && f.Commit(err, 0644);
  };
  auto temporary_files = [&dir] {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir.path))
      n += e.path().filename().string().find(".tmp.") != std::string::npos;
    return n;
  };
  std::string err;
  const std::string dest = dir.path + "/a.whl";
  for (const char* text : {"first", "second", "third"}) {
    ASSERT_TRUE(publish(dest, text, &err)) << err;
    EXPECT_EQ(Slurp(dest), text);
    EXPECT_EQ(temporary_files(), 0);
  }
  struct stat st;
  ASSERT_EQ(::stat(dest.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);

  const std::string target = dir.Write("target", "kept"), link = dir.path + "/link.whl";
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  ASSERT_TRUE(publish(link, "new", &err)) << err;
  EXPECT_FALSE(IsLink(link));
  EXPECT_EQ(Slurp(link), "new");
  EXPECT_EQ(Slurp(target), "kept");

  const std::string sub = dir.path + "/sub.whl";
  ASSERT_EQ(::mkdir(sub.c_str(), 0755), 0);
  EXPECT_FALSE(publish(sub, "x", &err));
  EXPECT_NE(err.find("cannot rename into place"), std::string::npos) << err;
  EXPECT_TRUE(fs::is_directory(sub));
  EXPECT_EQ(temporary_files(), 0);
}

TEST(AtomicFile, FilesThatBelongTogetherAreAllReplacedOrNoneIs) {
  // A file index's two pages: the second cannot be created (its directory is missing), so the
  // first keeps its old content, and no temporary file is left beside it.
  ScopedTempDir dir;
  std::string json = dir.Write("simple/index.json", "old json\n");
  std::string html = dir.path + "/missing/index.html";
  std::string err;
  EXPECT_FALSE(WriteFilesAtomically({{json, "new json\n"}, {html, "new html\n"}}, &err));
  EXPECT_NE(err.find(html + ": cannot create a file in its directory: "), std::string::npos) << err;
  EXPECT_EQ(Slurp(json), "old json\n");
  std::string listing;
  for (const auto& e : std::filesystem::directory_iterator(dir.path + "/simple"))
    listing += e.path().filename().string() + " ";
  EXPECT_EQ(listing, "index.json ");

  html = dir.Write("simple/index.html", "old html\n");
  ASSERT_TRUE(WriteFilesAtomically({{json, "new json\n"}, {html, "new html\n"}}, &err)) << err;
  EXPECT_EQ(Slurp(json), "new json\n");
  EXPECT_EQ(Slurp(html), "new html\n");
}

TEST(AtomicFile, TempNamePattern) {
  long pid = 0;
  EXPECT_TRUE(IsAtomicTempName("a-1.0.tar.gz.tmp.123.0", &pid));
  EXPECT_EQ(pid, 123);
  EXPECT_TRUE(IsAtomicTempName("a.whl.tmp.7.00ff12ab34cd56ef"));
  for (const char* no :
       {".tmp.1.0", "a.tmp..0", "a.tmp.1.", "a.tmp.1.xyz", "a.tmp.-1.0", "a.tmp.0.0", "a.whl",
        "a.tmp", "a.whl.tmp.12a.0", "a.whl.tmp.1234567890.0", "a.whl.temp.1.0"}) {
    EXPECT_FALSE(IsAtomicTempName(no)) << no;
  }
}

TEST(AtomicFile, StaleTemporaryFilesOfDeadProcessesAreRemovedAndNothingElse) {
  ScopedTempDir dir;
  std::string dead = std::to_string(DeadPid());
  std::string alive = std::to_string(::getpid());
  std::string victim = dir.Write("victim.txt", "precious\n");
  dir.Write("a-1.0.tar.gz.tmp." + dead + ".0", "half an sdist");                  // stale: removed
  dir.Write("a-1.0-py3-none-any.whl.tmp." + dead + ".00ff12ab34cd56ef", "half");  // stale: removed
  dir.Write("a-1.0-py3-none-any.whl.tmp." + alive + ".1", "in progress");         // alive: kept
  dir.Write("notes.tmp." + dead + ".txt", "not our pattern");                     // kept
  dir.Write("a-1.0-py3-none-any.whl", "a finished wheel");                        // kept
  ASSERT_EQ(::symlink(victim.c_str(), (dir.path + "/b.whl.tmp." + dead + ".2").c_str()),
            0);                                                                   // link: kept
  ASSERT_EQ(::mkdir((dir.path + "/c.whl.tmp." + dead + ".3").c_str(), 0755), 0);  // dir: kept

  std::vector<std::string> removed;
  std::string err;
  ASSERT_TRUE(RemoveStaleTempFiles(dir.path, &removed, &err)) << err;
  std::sort(removed.begin(), removed.end());
  EXPECT_EQ(removed,
            (std::vector<std::string>{"a-1.0-py3-none-any.whl.tmp." + dead + ".00ff12ab34cd56ef",
                                      "a-1.0.tar.gz.tmp." + dead + ".0"}));
  for (const std::string& kept :
       {"a-1.0-py3-none-any.whl.tmp." + alive + ".1", "notes.tmp." + dead + ".txt",
        std::string("a-1.0-py3-none-any.whl"), "b.whl.tmp." + dead + ".2",
        "c.whl.tmp." + dead + ".3"}) {
    struct stat st;
    EXPECT_EQ(::lstat((dir.path + "/" + kept).c_str(), &st), 0) << kept;
  }
  EXPECT_EQ(Slurp(victim), "precious\n");
  EXPECT_FALSE(RemoveStaleTempFiles(dir.path + "/missing", &removed, &err));
}
