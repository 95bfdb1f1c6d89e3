// Opening many files by absolute path, one directory's files after another: each is opened by its
// name relative to its directory, kept open while the files in it follow each other, instead of a
// walk of its whole path from / (about half of an open's cost: docs/benchmarks.md).
#pragma once

#include <string>
#include <utility>

class DirectoryCursor {
 public:
  DirectoryCursor() = default;
  ~DirectoryCursor() { Close(); }
  DirectoryCursor(const DirectoryCursor&) = delete;
  DirectoryCursor& operator=(const DirectoryCursor&) = delete;

  // The directory fd and the name within it for `path` (`next`: the path opened after it, or ""),
  // for openat; AT_FDCWD and `path` itself for a file alone in its directory (a directory is
  // opened only for a run of two files or more: for one, its open would cost more than the walk
  // it saves) or when the directory cannot be opened. Valid until the next call.
  std::pair<int, const char*> Locate(const std::string& path, const std::string& next);

 private:
  void Close();
  std::string dir_;
  int fd_ = -1;
};
