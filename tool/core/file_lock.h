// An exclusive advisory lock (flock) on a lock file, held for the lifetime of the object. The lock
// file sits in a directory others may write to (a file index, a shared --env-dir), so it is opened
// like any file the tool did not just create: O_NOFOLLOW, so that a symbolic link planted at its
// name is refused instead of a file being created or opened through it, and only a regular file
// is accepted (a FIFO or a device planted there is refused, never opened for reading).
#pragma once

#include <string>

class FileLock {
 public:
  FileLock() = default;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

  // Creates `path` (0644) when missing and waits until the lock is held. On failure `err` starts
  // with the path: "<path>: a symbolic link; refusing to lock through it", "<path>: not a regular
  // file (a FIFO)", or the errno text.
  bool Acquire(const std::string& path, std::string* err);

 private:
  int fd_ = -1;
};
