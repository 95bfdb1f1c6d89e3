#include "core/regular_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

std::string FileTypeName(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return "a regular file";
    case S_IFDIR:
      return "a directory";
    case S_IFIFO:
      return "a FIFO";
    case S_IFCHR:
      return "a character device";
    case S_IFBLK:
      return "a block device";
    case S_IFSOCK:
      return "a socket";
    case S_IFLNK:
      return "a symbolic link";
  }
  return "not a regular file";
}

int OpenRegularFile(const std::string& path, std::string* err, bool no_follow) {
  int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (no_follow ? O_NOFOLLOW : 0);
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    if (err) *err = path + ": cannot open: " + std::strerror(errno);
    return -1;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    if (err) *err = path + ": cannot stat: " + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    if (err)
      *err = path + ": not a regular file (" + FileTypeName(st.st_mode) + "); refusing to read it";
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

bool ReadOpenFile(int fd, const std::string& path, std::string* out, std::string* err) {
  // Straight into the result, sized by fstat: one read call for the whole file (plus the one that
  // sees its end) instead of one per 64 KiB and a second copy of every byte.
  struct stat st;
  size_t expect = ::fstat(fd, &st) == 0 && st.st_size > 0 ? size_t(st.st_size) : 0;
  std::string data(expect + 1, '\0');  // one spare byte: a file that grew shows without a resize
  size_t have = 0;
  for (;;) {
    if (have == data.size()) data.resize(data.size() * 2);
    ssize_t n = ::read(fd, &data[have], data.size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (err) *err = path + ": read error: " + std::strerror(errno);
      return false;
    }
    if (n == 0) break;
    have += size_t(n);
  }
  data.resize(have);
  *out = std::move(data);
  return true;
}

bool ReadRegularFile(const std::string& path, std::string* out, std::string* err) {
  int fd = OpenRegularFile(path, err);
  if (fd < 0) return false;
  bool ok = ReadOpenFile(fd, path, out, err);
  ::close(fd);
  return ok;
}

bool ResolvesInside(const std::string& root, const std::string& path, std::string* resolved) {
  char root_buf[PATH_MAX], path_buf[PATH_MAX];
  if (!::realpath(root.c_str(), root_buf) || !::realpath(path.c_str(), path_buf)) return false;
  std::string r = root_buf, p = path_buf;
  if (resolved) *resolved = p;
  if (r == "/") return true;
  return p == r || (p.size() > r.size() && p.compare(0, r.size(), r) == 0 && p[r.size()] == '/');
}

bool ReadProjectFile(const std::string& root, const std::string& rel, std::string* out,
                     std::string* err) {
  std::string path = root + "/" + rel;
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (err) *err = rel + ": cannot open: " + std::strerror(errno);
    return false;
  }
  // A name directly in the root that is no symbolic link resolves inside it: realpath(3) of both
  // (a readlink per component) is needed only for deeper paths and for links.
  const bool plain_name = !S_ISLNK(st.st_mode) && rel.find('/') == std::string::npos &&
                          rel != "." && rel != ".." && !rel.empty();
  std::string resolved;
  if (!plain_name && !ResolvesInside(root, path, &resolved)) {
    if (err) {
      *err = rel + ": " +
             (resolved.empty()
                  ? std::string("cannot resolve its symbolic links: ") + std::strerror(errno)
                  : "a symbolic link to " + resolved + ", outside the project") +
             "; refusing to read it";
    }
    return false;
  }
  std::string why;
  if (!ReadRegularFile(path, out, &why)) {
    // ReadRegularFile names the absolute path; the project-relative one is what the user wrote.
    if (err) *err = rel + why.substr(path.size());
    return false;
  }
  return true;
}

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
