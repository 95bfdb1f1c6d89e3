// Helpers shared by the unit tests. Check here before writing another fixture helper.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "build/tar_header.h"
#include "build/zip_writer.h"

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

// Creates a FIFO at `rel` inside `dir`; returns its path.
std::string MakeFifo(const std::string& dir, const std::string& rel);

// Runs `fn` on a thread and waits up to `seconds`. When it has not returned by then (it is
// blocked reading the FIFO `fifo`), a writer opens and closes the FIFO so that the read ends, and
// the result is false: the code under test hung where it should have refused.
bool ReturnsWithin(double seconds, const std::string& fifo, const std::function<void()>& fn);

// Writes `members` as a zip at `path` with pyrelease's own writer (one thread); returns `path`.
// A failure is a test failure (EXPECT), so a broken fixture never reaches the code under test.
std::string WriteTestZip(const std::string& path, const std::vector<ZipSource>& members);

// Inflates gzip data with zlib; `single_member`: it held exactly one member, nothing after it.
std::string Gunzip(const std::string& gz, bool* single_member);

// What libarchive's restricted pax writer (which wrote the sdists before build/tar_header) writes
// for `entry`, with uid/gid 0 and no user/group names as the sdist writer sets them: the entry's
// header blocks only, or (LibarchiveTar) a whole uncompressed tar of `entries`, each with
// `content` (a link member has none), padded to libarchive's 10240-byte record.
std::string LibarchiveTarHeaders(const TarEntry& entry);
std::string LibarchiveTar(const std::vector<std::pair<TarEntry, std::string>>& entries);

// Flips bits of the byte at `offset` in the file at `path` (in the middle of a member's deflate
// stream, it no longer inflates to its CRC-32).
void FlipByteAt(const std::string& path, uint64_t offset);
