// Helpers shared by the unit tests. Check here before writing another fixture helper.
#pragma once

#include <string>

// A fresh directory under $TMPDIR (or /tmp), marked as ours (core/owned_dir.h), and removed with
// its contents through the deletion guard when the object goes away.
struct ScopedTempDir {
  ScopedTempDir();
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  // Writes `content` to `rel` inside the directory, creating parent directories; returns the path.
  std::string Write(const std::string& rel, const std::string& content) const;

  std::string path;
};
