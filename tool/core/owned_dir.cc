#include "core/owned_dir.h"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/atomic_file.h"

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

}  // namespace

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
  if (!WriteFileAtomically((fs::path(dir) / kOwnedMarker).string(),
                           "made by pyrelease; pyrelease deletes only directories that carry this "
                           "file\n",
                           err)) {
    if (created) ::rmdir(dir.c_str());
    return false;
  }
  return true;
}

bool CreateOwnedTempDir(const std::string& base, const std::string& prefix, std::string* path,
                        std::string* err) {
  std::string templ = (fs::path(base) / (prefix + "XXXXXX")).string();
  if (!::mkdtemp(templ.data())) {
    *err = "cannot create a temporary directory in " + base + ": " + std::strerror(errno);
    return false;
  }
  *path = templ;
  if (CreateOwnedDir(templ, err)) return true;
  ::rmdir(templ.c_str());  // still empty: the marker is written whole or not at all
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
  return true;
}
