#include "core/owned_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "test_support.h"

namespace fs = std::filesystem;

// A file system without locks (flock fails with ENOLCK, as on some network mounts) for the
// fallback's test: this binary's own flock(), which the library's calls link to, fails while the
// switch is on and is the system call otherwise. (A forked owner inherits the switch.)
namespace {
bool no_file_locks = false;
}  // namespace
extern "C" int flock(int fd, int operation) noexcept {
  if (no_file_locks) {
    errno = ENOLCK;
    return -1;
  }
  return static_cast<int>(syscall(SYS_flock, fd, operation));
}

namespace {

// Everything below happens inside one marked temporary directory: even a broken guard could only
// delete there. HOME is pointed at a sentinel inside it for the $HOME cases.
class OwnedDir : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* home = getenv("HOME");
    saved_home_ = home ? home : "";
    had_home_ = home != nullptr;
  }
  void TearDown() override {
    if (had_home_)
      setenv("HOME", saved_home_.c_str(), 1);
    else
      unsetenv("HOME");
  }
  std::string Dir(const std::string& rel) {
    fs::create_directories(fs::path(temp_.path) / rel);
    return (fs::path(temp_.path) / rel).string();
  }
  ScopedTempDir temp_;
  std::string saved_home_;
  bool had_home_ = false;
};

TEST_F(OwnedDir, RemovesATreeInsideAMarkedRoot) {
  std::string root = Dir("root");
  std::string err;
  ASSERT_TRUE(CreateOwnedDir(root, &err)) << err;
  temp_.Write("root/venv/bin/python", "x");
  ASSERT_TRUE(RemoveOwnedTree(root + "/venv", root, &err)) << err;
  EXPECT_FALSE(fs::exists(root + "/venv"));
  EXPECT_TRUE(fs::exists(root));
  ASSERT_TRUE(RemoveOwnedTree(root, root, &err)) << err;
  EXPECT_FALSE(fs::exists(root));
  EXPECT_TRUE(RemoveOwnedTree(root + "/gone", temp_.path, &err))
      << "a missing path is not an error";
}

TEST_F(OwnedDir, RefusesTheRootDirectoryAndDotDot) {
  std::string err;
  EXPECT_FALSE(RemoveOwnedTree("/", "/", &err));
  EXPECT_NE(err.find("plain name"), std::string::npos) << err;
  std::string root = Dir("r");
  ASSERT_TRUE(CreateOwnedDir(root, &err)) << err;
  temp_.Write("victim/file", "keep");
  EXPECT_FALSE(RemoveOwnedTree(root + "/..", root, &err));
  EXPECT_FALSE(RemoveOwnedTree(root + "/.", root, &err));
  EXPECT_TRUE(fs::exists(fs::path(temp_.path) / "victim" / "file"));
}

TEST_F(OwnedDir, RefusesAnUnmarkedRootAndAnythingOutsideTheRoot) {
  std::string err;
  std::string unmarked = Dir("unmarked");
  temp_.Write("unmarked/data", "keep");
  EXPECT_FALSE(RemoveOwnedTree(unmarked + "/data", unmarked, &err));
  EXPECT_NE(err.find("was not made by pyrelease"), std::string::npos) << err;
  // The /etc incident: a truncated path ("<dir>/my" of "<dir>/my build") outside the marked root.
  std::string root = Dir("my build/env");
  ASSERT_TRUE(CreateOwnedDir(root, &err)) << err;
  temp_.Write("my/etc/passwd", "keep");
  EXPECT_FALSE(RemoveOwnedTree((fs::path(temp_.path) / "my").string(), root, &err));
  EXPECT_NE(err.find("outside"), std::string::npos) << err;
  EXPECT_TRUE(fs::exists(fs::path(temp_.path) / "my" / "etc" / "passwd"));
}

TEST_F(OwnedDir, RefusesHomeEvenInsideAMarkedRoot) {
  std::string err;
  std::string root = Dir("root");
  ASSERT_TRUE(CreateOwnedDir(root, &err)) << err;
  std::string home = Dir("root/home/user");
  temp_.Write("root/home/user/.pypirc", "keep");
  setenv("HOME", home.c_str(), 1);
  EXPECT_FALSE(RemoveOwnedTree(home, root, &err));
  EXPECT_NE(err.find("$HOME"), std::string::npos) << err;
  EXPECT_FALSE(RemoveOwnedTree(root + "/home", root, &err)) << "an ancestor of $HOME";
  EXPECT_TRUE(fs::exists(home + "/.pypirc"));
}

TEST_F(OwnedDir, RemovesASymlinkNeverItsTarget) {
  std::string err;
  std::string root = Dir("root");
  ASSERT_TRUE(CreateOwnedDir(root, &err)) << err;
  std::string outside = Dir("outside");
  temp_.Write("outside/keep", "keep");
  fs::create_directory_symlink(outside, root + "/link");
  ASSERT_TRUE(RemoveOwnedTree(root + "/link", root, &err)) << err;
  EXPECT_FALSE(fs::exists(fs::symlink_status(root + "/link")));
  EXPECT_TRUE(fs::exists(outside + "/keep"));
  // A path reached through a symlinked parent resolves outside the root: refused.
  fs::create_directory_symlink(outside, root + "/via");
  EXPECT_FALSE(RemoveOwnedTree(root + "/via/keep", root, &err));
  EXPECT_TRUE(fs::exists(outside + "/keep"));
}

TEST_F(OwnedDir, AdoptsOnlyNewEmptyOrMarkedDirectories) {
  std::string err;
  std::string full = Dir("full");
  temp_.Write("full/mine.txt", "user data");
  EXPECT_FALSE(CreateOwnedDir(full, &err));
  EXPECT_NE(err.find("not empty"), std::string::npos) << err;
  EXPECT_FALSE(IsOwnedDir(full));
  std::string empty = Dir("empty");
  EXPECT_TRUE(CreateOwnedDir(empty, &err)) << err;
  EXPECT_TRUE(IsOwnedDir(empty));
  temp_.Write("empty/venv/x", "");
  EXPECT_TRUE(CreateOwnedDir(empty, &err)) << "marked earlier: reused";
  std::string fresh = (fs::path(temp_.path) / "new" / "dir").string();
  EXPECT_TRUE(CreateOwnedDir(fresh, &err)) << err;
  EXPECT_TRUE(IsOwnedDir(fresh));
}

// A process that makes a temporary directory `<base>/<prefix>XXXXXX` and waits; Kill() ends it by
// SIGKILL, as a killed pyrelease ends (nothing of it removes the directory).
class OwnerProcess {
 public:
  OwnerProcess(const std::string& base, const std::string& prefix) {
    int to_parent[2], to_child[2];
    if (pipe(to_parent) != 0 || pipe(to_child) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      std::string path, err;
      if (!CreateOwnedTempDir(base, prefix, &path, &err)) _exit(1);
      if (write(to_parent[1], path.data(), path.size()) < 0) _exit(1);
      close(to_parent[1]);
      char c;
      while (read(to_child[0], &c, 1) < 0) {
      }
      _exit(0);
    }
    close(to_parent[1]);
    close(to_child[0]);
    wake_ = to_child[1];
    char buf[4096];
    ssize_t n;
    while ((n = read(to_parent[0], buf, sizeof buf)) > 0) dir_.append(buf, n);
    close(to_parent[0]);
  }
  ~OwnerProcess() { Kill(); }
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    close(wake_);
    pid_ = -1;
  }
  const std::string& dir() const { return dir_; }

 private:
  pid_t pid_ = -1;
  int wake_ = -1;
  std::string dir_;
};

// The directory a killed owner left behind in `base`.
std::string LeftBehind(const std::string& base, const std::string& prefix) {
  OwnerProcess owner(base, prefix);
  owner.Kill();
  return owner.dir();
}

TEST_F(OwnedDir, TakesBackOnlyADirectoryWhoseOwnerIsGone) {
  std::string base = Dir("tmp");
  OwnerProcess live(base, "pyrelease-pep517-");
  ASSERT_TRUE(fs::exists(live.dir() + "/" + kOwnedMarker)) << live.dir();
  std::string left = LeftBehind(base, "pyrelease-pep517-");
  ASSERT_TRUE(fs::exists(left + "/" + kOwnedMarker)) << left;
  temp_.Write("tmp/" + fs::path(left).filename().string() + "/env/bin/python", "x");
  std::string mine, err;
  ASSERT_TRUE(CreateOwnedTempDir(base, "pyrelease-pep517-", &mine, &err)) << err;
  EXPECT_FALSE(fs::exists(left)) << "the killed run's directory is taken back";
  EXPECT_TRUE(fs::exists(live.dir() + "/" + kOwnedMarker)) << "a live run's directory stays";
  EXPECT_TRUE(fs::exists(mine + "/" + kOwnedMarker));
  // This process's own directory is not taken back while it holds it (another open is locked
  // out too), and its lock goes with the directory.
  EXPECT_TRUE(TakeBackLeftTempDirs(base, "pyrelease-pep517-").empty());
  EXPECT_TRUE(fs::exists(mine));
  ASSERT_TRUE(RemoveOwnedTree(mine, mine, &err)) << err;
  live.Kill();
  EXPECT_EQ(TakeBackLeftTempDirs(base, "pyrelease-pep517-"), std::vector<std::string>{live.dir()});
  EXPECT_FALSE(fs::exists(live.dir()));
}

TEST_F(OwnedDir, TakesBackNothingItDidNotMakeAsAnOwner) {
  std::string base = Dir("tmp"), err;
  const std::string prefix = "pyrelease-pep517-";
  // Unmarked, marked without an owner line (an older pyrelease, CreateOwnedDir), a marker that is
  // a FIFO or a symlink, another prefix, another length.
  temp_.Write("tmp/pyrelease-pep517-AAAAAA/user.txt", "keep");
  std::string old_style = Dir("tmp/pyrelease-pep517-BBBBBB");
  ASSERT_TRUE(CreateOwnedDir(old_style, &err)) << err;
  std::string fifo_dir = Dir("tmp/pyrelease-pep517-CCCCCC");
  MakeFifo(fifo_dir, kOwnedMarker);
  std::string other_base = Dir("elsewhere");
  std::string dead_elsewhere = LeftBehind(other_base, prefix);
  std::string link_marker = Dir("tmp/pyrelease-pep517-DDDDDD");
  fs::create_symlink(dead_elsewhere + "/" + kOwnedMarker, link_marker + "/" + kOwnedMarker);
  std::string other_prefix = LeftBehind(base, "pyrelease-verify-");
  std::string renamed = base + "/pyrelease-pep517-EEEEEEE";
  fs::rename(LeftBehind(base, prefix), renamed);
  // A symlink named like a left directory, to one whose owner is gone: the link is not followed.
  fs::create_directory_symlink(dead_elsewhere, base + "/pyrelease-pep517-FFFFFF");
  EXPECT_TRUE(TakeBackLeftTempDirs(base, prefix).empty());
  for (const char* name : {"AAAAAA/user.txt", "BBBBBB", "CCCCCC", "DDDDDD", "EEEEEEE"})
    EXPECT_TRUE(fs::exists(fs::symlink_status(base + "/pyrelease-pep517-" + name))) << name;
  EXPECT_TRUE(fs::exists(other_prefix + "/" + kOwnedMarker));
  EXPECT_TRUE(fs::is_symlink(base + "/pyrelease-pep517-FFFFFF"));
  EXPECT_TRUE(fs::exists(dead_elsewhere + "/" + kOwnedMarker));
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct NoFileLocks {
  NoFileLocks() { no_file_locks = true; }
  ~NoFileLocks() { no_file_locks = false; }
};

TEST_F(OwnedDir, WithoutFileLocksATempDirIsMadeKeptNoLockAndNeverTakenBack) {
  std::string base = Dir("tmp"), err, mine;
  const std::string prefix = "pyrelease-pep517-";
  std::string left_unlocked, left_with_owner = LeftBehind(base, prefix);
  {
    NoFileLocks no_locks;
    ASSERT_TRUE(CreateOwnedTempDir(base, prefix, &mine, &err)) << err;
    left_unlocked = LeftBehind(base, prefix);  // its owner ran (and was killed) without locks
    // A failing flock never reads as "no owner": the killed owner's directory with the owner line
    // stays while locks fail, as do the two made without them.
    EXPECT_TRUE(TakeBackLeftTempDirs(base, prefix).empty());
  }
  for (const std::string& dir : {mine, left_unlocked}) {
    std::string text = ReadAll(dir + "/" + kOwnedMarker);
    EXPECT_EQ(text.rfind("made by pyrelease", 0), 0u) << dir << ": " << text;
    EXPECT_EQ(text.find("owner:"), std::string::npos) << dir << ": the plain marker, " << text;
  }
  EXPECT_NE(ReadAll(left_with_owner + "/" + kOwnedMarker).find("owner:"), std::string::npos);
  // No descriptor is kept for the plain marker: nothing holds a lock on it.
  int fd = open((mine + "/" + kOwnedMarker).c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(flock(fd, LOCK_EX | LOCK_NB), 0) << "no lock is held on a marker made without locks";
  close(fd);
  // With locks back, only the directory whose marker names an owner is taken: the plain ones
  // (this process's live one and the killed owner's) stay, as an older pyrelease's do.
  EXPECT_EQ(TakeBackLeftTempDirs(base, prefix), std::vector<std::string>{left_with_owner});
  EXPECT_TRUE(fs::exists(left_unlocked + "/" + kOwnedMarker));
  EXPECT_TRUE(fs::exists(mine + "/" + kOwnedMarker));
  // The guarded removal works on them as on any marked directory.
  ASSERT_TRUE(RemoveOwnedTree(mine, mine, &err)) << err;
  EXPECT_FALSE(fs::exists(mine));
}

TEST_F(OwnedDir, TakeBackStillRefusesHomeAndTheWorkingDirectory) {
  std::string base = Dir("tmp");
  std::string home = LeftBehind(base, "pyrelease-pep517-");
  temp_.Write("tmp/" + fs::path(home).filename().string() + "/.pypirc", "keep");
  std::string cwd = LeftBehind(Dir("tmp2"), "pyrelease-pep517-");
  setenv("HOME", home.c_str(), 1);
  EXPECT_TRUE(TakeBackLeftTempDirs(base, "pyrelease-pep517-").empty());
  EXPECT_TRUE(fs::exists(home + "/.pypirc")) << "$HOME is never removed";
  std::error_code ec;
  fs::path saved = fs::current_path();
  fs::current_path(cwd);
  std::vector<std::string> taken = TakeBackLeftTempDirs(temp_.path + "/tmp2", "pyrelease-pep517-");
  fs::current_path(saved, ec);
  EXPECT_TRUE(taken.empty());
  EXPECT_TRUE(fs::exists(cwd + "/" + kOwnedMarker)) << "the working directory is never removed";
}

}  // namespace
