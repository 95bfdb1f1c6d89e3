// The sdist writer's archive layer: a reproducible .tar.gz. The tar is written here
// (build/tar_header: plain ustar headers unless a name, link text or size needs a pax record, as
// Python's tarfile does for flit and hatchling, byte for byte as libarchive's restricted pax writer
// wrote it before) and gzipped by GzipStream (libdeflate on every core), so that the gzip header
// carries the build timestamp (SOURCE_DATE_EPOCH, as hatchling and flit write it) and no file name.
//
// Every entry is normalized here and nowhere else: regular file (or a symbolic link), uid/gid 0,
// empty user/group names, mode 0644 or 0755, mtime = the epoch, no atime/ctime/xattrs. Directories
// are not written (flit and hatchling don't either). The caller adds entries in the order they
// should appear; a name must be valid UTF-8.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/reproducible.h"

class AtomicFile;
class FeedStream;

struct TarSource {
  std::string name;  // '/'-separated path inside the archive, UTF-8
  std::string path;  // the file to read; when empty, `data` is the content
  std::string data;
  bool executable = false;  // 0755 instead of 0644
  // The content already read (by the credential scan): used instead of `path` and `data`.
  std::shared_ptr<const std::string> bytes;
  // A large file the build's one reader streams (build/content_feed.h): used instead of `path`
  // unless the reader let this writer go (then `path` is read).
  FeedStream* stream = nullptr;
  // The CRC-32 of `bytes`, when known (from the build's reader): combined into the gzip stream's
  // instead of computed again.
  std::optional<uint32_t> bytes_crc;
  // When set, a symbolic link member holding this text (mode 0755, no content; the sources above
  // are not read), as tarfile.add stores a link in the backends' sdists.
  std::string link_text;
};

class TarGzWriter {
 public:
  explicit TarGzWriter(int64_t epoch = kDefaultSourceDateEpoch, int level = 6);
  ~TarGzWriter();  // an archive that was not committed is removed
  TarGzWriter(const TarGzWriter&) = delete;
  TarGzWriter& operator=(const TarGzWriter&) = delete;

  bool Open(const std::string& dest, std::string* err);
  // Appends one file, streaming it in blocks (memory stays flat whatever its size).
  bool Add(const TarSource& source, std::string* err);
  // Ends the tar and finishes the gzip stream: the temporary file is complete, not yet in place.
  bool Finish(std::string* err);
  // After Finish: hands over the temporary file, for the caller to Publish() (or to drop, which
  // removes it) together with other archives.
  std::unique_ptr<AtomicFile> TakeFile();
  // Finish + rename the archive into place.
  bool Commit(std::string* err);

  const std::string& temp_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
