#include "core/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/regular_file.h"

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileLock::Acquire(const std::string& path, std::string* err) {
  // O_NONBLOCK only for the open (a FIFO must not hang it); flock waits either way.
  int fd =
      ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
  if (fd < 0) {
    int e = errno;
    struct stat st;
    if (e == ELOOP && ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode))
      *err = path +
             ": a symbolic link; refusing to lock through it (remove it: the lock file is "
             "pyrelease's own)";
    else
      *err = path + ": cannot open the lock file: " + std::strerror(e);
    return false;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    *err = path + ": cannot stat the lock file: " + std::strerror(errno);
    ::close(fd);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    *err = path + ": not a regular file (" + FileTypeName(st.st_mode) + "); refusing to lock it";
    ::close(fd);
    return false;
  }
  if (::flock(fd, LOCK_EX) != 0) {
    *err = path + ": cannot lock: " + std::strerror(errno);
    ::close(fd);
    return false;
  }
  fd_ = fd;
  return true;
}
