#include "core/file_lock.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

// Whether another open file description could take the lock right now (without waiting).
bool LockIsFree(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  ::close(fd);
  return free;
}

}  // namespace

TEST(FileLock, CreatesTheFileAndHoldsTheLockUntilDestroyed) {
  ScopedTempDir dir;
  std::string path = dir.path + "/.lock";
  std::string err;
  {
    FileLock lock;
    ASSERT_TRUE(lock.Acquire(path, &err)) << err;
    EXPECT_TRUE(fs::is_regular_file(path));
    EXPECT_FALSE(LockIsFree(path));
  }
  EXPECT_TRUE(LockIsFree(path));
  FileLock again;  // an existing lock file is reused
  EXPECT_TRUE(again.Acquire(path, &err)) << err;
}

TEST(FileLock, APlantedSymlinkIsRefusedAndNothingIsCreatedThroughIt) {
  ScopedTempDir dir;
  std::string victim = dir.path + "/victim";
  std::string path = dir.path + "/.lock";
  fs::create_symlink(victim, path);  // dangling: O_CREAT through it would create the victim
  FileLock lock;
  std::string err;
  EXPECT_FALSE(lock.Acquire(path, &err));
  EXPECT_EQ(err.rfind(path + ": a symbolic link; refusing to lock through it", 0), 0u) << err;
  EXPECT_FALSE(fs::exists(victim));

  std::string existing = dir.Write("existing", "keep me");
  fs::remove(path);
  fs::create_symlink(existing, path);
  EXPECT_FALSE(lock.Acquire(path, &err));
  EXPECT_NE(err.find("a symbolic link"), std::string::npos) << err;
}

TEST(FileLock, AFifoIsRefusedWithoutBlocking) {
  ScopedTempDir dir;
  std::string fifo = MakeFifo(dir.path, ".lock");
  FileLock lock;
  std::string err;
  bool ok = true;
  EXPECT_TRUE(ReturnsWithin(5, fifo, [&] { ok = lock.Acquire(fifo, &err); }));
  EXPECT_FALSE(ok);
  EXPECT_NE(err.find(fifo + ": not a regular file (a FIFO)"), std::string::npos) << err;
}
