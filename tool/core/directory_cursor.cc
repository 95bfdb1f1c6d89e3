#include "core/directory_cursor.h"

#include <fcntl.h>
#include <unistd.h>

std::pair<int, const char*> DirectoryCursor::Locate(const std::string& path,
                                                    const std::string& next) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return {AT_FDCWD, path.c_str()};
  if (fd_ < 0 || dir_.size() != slash || path.compare(0, slash, dir_) != 0) {
    Close();
    const bool run = next.size() > slash && next[slash] == '/' &&
                     next.find('/', slash + 1) == std::string::npos &&
                     next.compare(0, slash, path, 0, slash) == 0;
    if (!run) return {AT_FDCWD, path.c_str()};
    dir_.assign(path, 0, slash);
    fd_ = ::open(dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) return {AT_FDCWD, path.c_str()};
  }
  return {fd_, path.c_str() + slash + 1};
}

void DirectoryCursor::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  dir_.clear();
}
