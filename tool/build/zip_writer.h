// Our own ZIP writer for wheels. PyPI rejects ZIPs with data descriptors (flag bit 3), which
// streaming writers such as libarchive's set, so this one writes sizes and CRC-32 into every local
// header: no data descriptors, no comments, no trailing data, no extra fields except a well-formed
// ZIP64 one when a size, an offset or the entry count needs it. Every member gets the same DOS
// timestamp (SOURCE_DATE_EPOCH) and 0644/0755 permissions; directories are not written.
//
// Members are compressed independently, so they are deflated (libdeflate) on worker threads with a
// bounded amount of data in flight, and written in the order given. Files larger than
// `stream_threshold` are not loaded whole: they are deflated in chunks with zlib on the writing
// thread, and their local header is patched once the CRC and sizes are known (the output is a
// regular file, so it can seek).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "build/content_feed.h"
#include "core/reproducible.h"

class AtomicFile;

struct ZipSource {
  std::string name;  // member name: '/'-separated, relative, UTF-8
  std::string path;  // the file to read; when empty, `data` is the content
  std::string data;
  bool executable = false;  // 0755 instead of 0644
  // The content already read (by the credential scan): used instead of `path` and `data`.
  std::shared_ptr<const std::string> bytes;
  // Permissions without the regular-file type bits, as zipfile.ZipInfo(name) leaves them when the
  // caller sets only 0644 (poetry-core's RECORD).
  bool permissions_only = false;
  // When set, asked for the content on a worker, just before it is compressed (the build's one
  // reader hands it over: build/content_feed.h): its bytes, or a stream of them for a file past
  // `stream_threshold`; neither means: read `path`. The bytes' CRC-32 comes with them (not
  // computed again).
  std::function<FeedContent()> fetch;
};

struct ZipMemberInfo {
  std::string name;
  std::string sha256;  // raw digest of the uncompressed content (for RECORD)
  uint64_t size = 0;   // uncompressed size
};

struct ZipOptions {
  int64_t epoch = kDefaultSourceDateEpoch;  // every member's timestamp (clamped to the ZIP range)
  int level = 6;         // deflate level (libdeflate 1..12, zlib 1..9 when streaming)
  unsigned threads = 0;  // compression workers; 0 = one per core
  uint64_t parallel_min_bytes = 1ull << 20;  // smaller batches are compressed on the calling thread
  uint64_t stream_threshold = 16ull
                              << 20;  // larger files are deflated in chunks, never loaded whole
  // Sizes and offsets above this use ZIP64 fields. Like Python's zipfile, 2 GiB - 1 (some readers
  // treat the 32-bit fields as signed); tests lower it to exercise ZIP64 with small files.
  uint64_t zip64_limit = 0x7FFFFFFF;
  uint64_t max_in_flight = 8ull << 20;  // bytes of read + compressed data held at once (the next
                                        // member to write is always admitted, so it can't stall)
  // The archive's stdio buffer. A small build keeps 1 MiB: its buffers then reuse the pages the
  // sdist freed (a 256 KiB one split them: 58 more page faults). Large builds pass 64 KiB.
  size_t write_buffer = 1 << 20;
};

class ZipWriter {
 public:
  explicit ZipWriter(ZipOptions options = ZipOptions());
  ~ZipWriter();  // an archive that was not committed is removed
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Creates `dest`'s temporary file (AtomicFile).
  bool Open(const std::string& dest, std::string* err);
  // Reads, hashes and compresses `members` in parallel and appends them in the given order. Names
  // must be unique across calls. `infos` (optional) receives one entry per member, in order.
  bool Add(const std::vector<ZipSource>& members, std::vector<ZipMemberInfo>* infos,
           std::string* err);
  // Writes the central directory and end records: the temporary file is complete, not yet in place.
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

// The MS-DOS (date << 16 | time) form of a UTC timestamp, clamped to 1980..2107.
uint32_t DosDateTime(int64_t epoch);
