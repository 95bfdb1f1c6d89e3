// The one way pyrelease deletes a directory tree: only a tree it created itself.
//
// A directory pyrelease makes and may later delete is marked at creation with a marker file
// (kOwnedMarker). RemoveOwnedTree() deletes a path only when, after resolving symlinks in its
// parent, it lies inside such a marked root — and never `/`, `$HOME`, the working directory or an
// ancestor of any of them. Symlinks are removed, never followed. The tests, CMake and shell scripts
// have the same guard: tests/support/owned_dir.py, cmake/Modules/PyRelease/SafeRemove.cmake and
// scripts/lib/owned-dir.sh.
#pragma once

#include <string>
#include <vector>

inline constexpr char kOwnedMarker[] = ".pyrelease-owned";

// Creates `dir` (and its parents) if needed and marks it as pyrelease's own. A directory that
// already exists is marked only when it is empty or already marked; anything else is refused,
// so a user's directory given by mistake is never adopted.
bool CreateOwnedDir(const std::string& dir, std::string* err);

// Creates a fresh directory `<base>/<prefix>XXXXXX` (mkdtemp) and marks it. Returns its path.
// Its marker also names its owner: this process holds an flock on it until the directory is
// removed or the process ends, however it ends (a SIGKILL too). Before creating it, takes back
// the directories `<base>/<prefix>XXXXXX` that such runs left behind (TakeBackLeftTempDirs).
bool CreateOwnedTempDir(const std::string& base, const std::string& prefix, std::string* path,
                        std::string* err);

// Removes the directories `<base>/<prefix>XXXXXX` whose owner is gone: only a real directory (no
// symlink) of this user whose marker is a regular file written by CreateOwnedTempDir, and whose
// lock no process holds (a live run holds it, whatever its pid; a pid reused since does not hold
// it). A directory made by an older pyrelease (no owner line) is left alone. The removal goes
// through RemoveOwnedTree, with the lock held. Returns the paths removed.
std::vector<std::string> TakeBackLeftTempDirs(const std::string& base, const std::string& prefix);

// True when `dir` carries the marker.
bool IsOwnedDir(const std::string& dir);

// Deletes `path` (file, symlink or tree) if it is `owned_root` or inside it, and `owned_root` is
// marked. A missing `path` is not an error. Refusals name the path and the reason.
bool RemoveOwnedTree(const std::string& path, const std::string& owned_root, std::string* err);
