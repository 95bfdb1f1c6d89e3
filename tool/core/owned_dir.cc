#include "core/owned_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>

#include "core/atomic_file.h"
#include "core/string_util.h"

namespace fs = std::filesystem;

namespace {

// realpath(3) of an existing path, or "" when it cannot be resolved.
std::string RealPath(const std::string& path) {
  char buf[PATH_MAX];
  return ::realpath(path.c_str(), buf) ? std::string(buf) : std::string();
}

// `inner` is `outer` or below it (both resolved, no trailing slash except for "/").
bool IsWithin(const std::string& inner, const std::string& outer) {
  if (inner == outer) return true;
  std::string prefix = outer == "/" ? outer : outer + "/";
  return inner.compare(0, prefix.size(), prefix) == 0;
}

// Why `resolved` must never be deleted whatever marker it holds, or "" when nothing forbids it.
std::string ForbiddenReason(const std::string& resolved) {
  if (resolved == "/") return "it is the root directory";
  const char* home = std::getenv("HOME");
  std::string home_real = home && *home ? RealPath(home) : "";
  if (!home_real.empty() && IsWithin(home_real, resolved)) return "it is $HOME or holds it";
  std::error_code ec;
  std::string cwd = RealPath(fs::current_path(ec).string());
  if (!cwd.empty() && IsWithin(cwd, resolved)) return "it is the working directory or holds it";
  return "";
}

constexpr char kMarkerText[] =
    "made by pyrelease; pyrelease deletes only directories that carry this file\n";
// The last line of a temporary directory's marker, written after its owner locked the marker:
// only a marker that ends with it is taken back once its lock is free.
constexpr char kOwnerLine[] =
    "owner: the process that holds an flock on this file; once none does, a later pyrelease "
    "removes this directory\n";

// The markers of this process's temporary directories, each open (and flock'ed) until its
// directory is removed: directory -> descriptor.
std::mutex owner_locks_mutex;
std::map<std::string, int>& OwnerLocks() {
  static auto* locks = new std::map<std::string, int>;  // (never destroyed: used until exit)
  return *locks;
}

// Writes `dir`'s marker as its owner: created, locked, then written, so that no other process
// sees the owner line while the lock is free. The descriptor stays open (O_CLOEXEC: a program this
// process starts does not hold it) until RemoveOwnedTree removes `dir`.
bool WriteOwnerMarker(const std::string& dir, std::string* err) {
  std::string marker = (fs::path(dir) / kOwnedMarker).string();
  int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    *err = "cannot create " + marker + ": " + std::strerror(errno);
    return false;
  }
  // A file system without locks (some network ones) gets the plain marker: its directory is then
  // never taken back, as before, rather than not made.
  bool locked = ::flock(fd, LOCK_EX) == 0;
  std::string text = std::string(kMarkerText) + (locked ? kOwnerLine : "");
  if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    *err = "cannot write " + marker + ": " + std::strerror(errno);
    ::close(fd);
    ::unlink(marker.c_str());
    return false;
  }
  if (!locked) {
    ::close(fd);
    return true;
  }
  std::lock_guard<std::mutex> hold(owner_locks_mutex);
  OwnerLocks()[RealPath(dir)] = fd;  // (RemoveOwnedTree names it by its resolved path)
  return true;
}

// Closes the owner lock of `dir` (resolved; a directory this process made and has just removed).
void ReleaseOwnerLock(const std::string& dir) {
  std::lock_guard<std::mutex> hold(owner_locks_mutex);
  auto it = OwnerLocks().find(dir);
  if (it == OwnerLocks().end()) return;
  ::close(it->second);
  OwnerLocks().erase(it);
}

// `name` is `prefix` followed by mkdtemp's six characters.
bool IsTempDirName(const std::string& name, const std::string& prefix) {
  return name.size() == prefix.size() + 6 && name.compare(0, prefix.size(), prefix) == 0;
}

// Takes back `dir` if its owner is gone (see TakeBackLeftTempDirs).
bool TakeBackIfOwnerGone(int base_fd, const std::string& name, const std::string& dir) {
  struct stat st;
  if (::fstatat(base_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) ||
      st.st_uid != ::geteuid())
    return false;
  std::string marker = name + "/" + kOwnedMarker;
  // O_NONBLOCK: a FIFO planted at the marker's name is not waited on (and refused below).
  int fd = ::openat(base_fd, marker.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  bool removed = false;
  char text[512];
  ssize_t n;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::flock(fd, LOCK_EX | LOCK_NB) == 0 &&
      (n = ::pread(fd, text, sizeof text, 0)) > 0 && EndsWith(std::string(text, n), kOwnerLine)) {
    std::string ignored;  // (a refusal leaves the directory where it is)
    removed = RemoveOwnedTree(dir, dir, &ignored);
  }
  ::close(fd);
  return removed;
}

}  // namespace

std::vector<std::string> TakeBackLeftTempDirs(const std::string& base, const std::string& prefix) {
  std::vector<std::string> removed;
  if (prefix.empty()) return removed;
  int base_fd = ::open(base.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (base_fd < 0) return removed;
  DIR* listing = ::fdopendir(::dup(base_fd));
  std::vector<std::string> names;
  while (dirent* e = listing ? ::readdir(listing) : nullptr) {
    if (IsTempDirName(e->d_name, prefix)) names.push_back(e->d_name);
  }
  if (listing) ::closedir(listing);
  for (const auto& name : names) {
    std::string dir = (fs::path(base) / name).string();
    if (TakeBackIfOwnerGone(base_fd, name, dir)) removed.push_back(dir);
  }
  ::close(base_fd);
  return removed;
}

bool IsOwnedDir(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(fs::path(dir) / kOwnedMarker, ec));
}

bool CreateOwnedDir(const std::string& dir, std::string* err) {
  std::error_code ec;
  bool created = false;
  fs::file_status st = fs::symlink_status(dir, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) {
      *err = dir + ": exists and is not a directory";
      return false;
    }
    if (IsOwnedDir(dir)) return true;
    if (!fs::is_empty(dir, ec) || ec) {
      *err = dir + ": the directory is not empty and was not made by pyrelease (no " +
             std::string(kOwnedMarker) + "); give a new or empty directory";
      return false;
    }
  } else if (!fs::create_directories(dir, ec) && ec) {
    *err = "cannot create " + dir + ": " + ec.message();
    return false;
  } else {
    created = true;
  }
  // Whole or not at all (a full disk, a read-only directory): a directory that holds no marker is
  // never deleted, so one made here without its marker is removed again, and only while empty.
  if (!WriteFileAtomically((fs::path(dir) / kOwnedMarker).string(), kMarkerText, err)) {
    if (created) ::rmdir(dir.c_str());
    return false;
  }
  return true;
}

bool CreateOwnedTempDir(const std::string& base, const std::string& prefix, std::string* path,
                        std::string* err) {
  TakeBackLeftTempDirs(base, prefix);  // what killed runs left here
  std::string templ = (fs::path(base) / (prefix + "XXXXXX")).string();
  if (!::mkdtemp(templ.data())) {
    *err = "cannot create a temporary directory in " + base + ": " + std::strerror(errno);
    return false;
  }
  *path = templ;
  if (WriteOwnerMarker(templ, err)) return true;
  ::rmdir(templ.c_str());  // still empty: a marker not written whole is unlinked
  return false;
}

bool RemoveOwnedTree(const std::string& path, const std::string& owned_root, std::string* err) {
  fs::path p(path);
  std::string leaf = p.filename().string();
  if (leaf.empty() || leaf == "." || leaf == "..") {
    *err = "refusing to delete " + path + ": the path must end in a plain name";
    return false;
  }
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(p, ec))) return true;
  std::string root = RealPath(owned_root);
  if (root.empty() || !IsOwnedDir(root)) {
    *err = "refusing to delete " + path + ": " + owned_root + " was not made by pyrelease (no " +
           std::string(kOwnedMarker) + ")";
    return false;
  }
  std::string parent = RealPath(p.has_parent_path() ? p.parent_path().string() : ".");
  std::string resolved = parent == "/" ? "/" + leaf : parent + "/" + leaf;
  if (parent.empty() || !IsWithin(resolved, root)) {
    *err = "refusing to delete " + path + ": it is outside " + root;
    return false;
  }
  std::string reason = ForbiddenReason(resolved);
  if (!reason.empty()) {
    *err = "refusing to delete " + path + ": " + reason;
    return false;
  }
  fs::remove_all(resolved, ec);  // removes symlinks themselves, never their targets
  if (ec) {
    *err = "cannot delete " + resolved + ": " + ec.message();
    return false;
  }
  if (resolved == root) ReleaseOwnerLock(resolved);
  return true;
}
