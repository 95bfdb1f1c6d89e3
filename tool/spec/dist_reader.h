// Reading distributions (.whl as ZIP, .tar.gz as tar) through libarchive, safely: member sizes are
// capped when read into memory, and nothing is ever extracted to disk.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

enum class DistKind { kWheel, kSdist, kUnknown };

// By file name: ".whl" -> wheel, ".tar.gz" (or ".zip", a legacy sdist) -> sdist.
DistKind DistKindOf(const std::string& path);

struct DistMember {
  std::string name;   // path inside the archive, as stored
  int64_t size = 0;   // uncompressed size as declared by the header
  unsigned mode = 0;  // permission bits
  bool is_regular = false;
  bool is_dir = false;
  bool is_symlink = false;
  bool is_hardlink = false;
  bool is_sparse = false;
  std::string special;      // "character device", "block device", "FIFO", "socket"; "" otherwise
  std::string link_target;  // a symlink's target, or the archive path a hardlink names
};

class DistReader {
 public:
  DistReader();
  ~DistReader();
  DistReader(const DistReader&) = delete;
  DistReader& operator=(const DistReader&) = delete;

  bool Open(const std::string& path, std::string* err);
  // Reads from `bytes` (which must outlive the reader) rather than the file: the whole of `path`,
  // or for a .tar.gz with `inflated`, the tar inside it. `path` names the format and the errors.
  bool OpenBytes(const std::string& path, std::string_view bytes, bool inflated, std::string* err);
  // Reads the tar inside the .tar.gz `path` from `next`, which hands over its next piece (size 0 at
  // the end; false on failure). `next` must outlive the reader.
  using NextPiece = std::function<bool(const void** data, size_t* size)>;
  bool OpenTarStream(const std::string& path, NextPiece next, std::string* err);
  // Advances to the next member. Returns false at the end (err empty) or on a read error (err set).
  bool Next(DistMember* member, std::string* err);
  // Reads the current member's data. Fails (err set) when it is larger than `max_bytes`.
  bool ReadData(std::string* out, int64_t max_bytes, std::string* err);
  // Streams the current member's data in blocks to `sink(data, size)`; false from sink stops.
  template <typename Sink>
  bool StreamData(Sink&& sink, std::string* err);

 private:
  bool ReadBlock(const void** data, size_t* size, bool* eof, std::string* err);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

template <typename Sink>
bool DistReader::StreamData(Sink&& sink, std::string* err) {
  for (;;) {
    const void* data = nullptr;
    size_t size = 0;
    bool eof = false;
    if (!ReadBlock(&data, &size, &eof, err)) return false;
    if (eof) return true;
    if (!sink(data, size)) return true;
  }
}

// The core metadata of a distribution: a wheel's `<name>-<ver>.dist-info/METADATA` (the shallowest
// such member) or an sdist's `<top>/PKG-INFO`. `member` receives the member's name.
bool ReadDistMetadata(const std::string& path, std::string* text, std::string* member,
                      std::string* err);
