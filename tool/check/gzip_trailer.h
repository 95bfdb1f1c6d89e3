// What follows the last member of a gzip file. libarchive (and Python's gzip) read a .tar.gz up to
// the end of its gzip stream and ignore the rest, so bytes appended after it travel unseen with the
// archive: a second payload, or the sign of a truncated copy concatenated with another file.
// Concatenated gzip members (RFC 1952 §2.2) and zero padding (tape blocking) are legitimate.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

// When `file` is exactly one valid gzip member (nothing after it) that inflates to at most
// `max_size` bytes, inflates it into `out` in one libdeflate call and returns true: then nothing
// trails, and the tar inside is read from `out` (check inflates an sdist once). False otherwise.
bool InflateWholeGzipMember(std::string_view file, uint64_t max_size, std::string* out);

// Inflates `file` (the bytes of `path`; output discarded, memory flat) and counts the bytes after
// the last gzip member that are neither another member nor zero padding. False, with `err` naming
// `path`, when its gzip stream is corrupt (libarchive reports that one on its own).
bool GzipTrailingBytes(std::string_view file, const std::string& path, uint64_t* trailing,
                       std::string* err);

// Inflates a .tar.gz's bytes once, for two readers in turn: first the tar inside it, piece by piece
// (`Next`: the members that directly follow one another, which is what libarchive's gzip filter
// reads), then the trailer scan (`Finish`: the rest of the file, as GzipTrailingBytes counts it).
class GzipTarStream {
 public:
  GzipTarStream(std::string_view file, std::string path);
  // Reads the file from `fd` (from its current offset, `size` bytes in all) in 1 MiB blocks, so
  // a large sdist is never held whole. The caller keeps `fd` open and closes it.
  GzipTarStream(int fd, uint64_t size, std::string path);
  ~GzipTarStream();
  GzipTarStream(const GzipTarStream&) = delete;
  GzipTarStream& operator=(const GzipTarStream&) = delete;

  // The next piece of the tar; `*size` 0 at its end. False when the stream is corrupt or does not
  // go on as libarchive's gzip filter would read it: then `failed()`, and the caller reads the file
  // the old way (libarchive's own filter, then GzipTrailingBytes).
  bool Next(const void** data, size_t* size);
  bool failed() const { return failed_; }
  // Inflates the rest of the file and counts what trails (GzipTrailingBytes' result).
  bool Finish(uint64_t* trailing, std::string* err);

 private:
  enum class Step { kOutput, kBoundary, kEnd, kError };
  Step Advance();
  bool TakePiece(const unsigned char** piece, size_t* n);
  struct State;
  std::unique_ptr<State> s_;
  bool failed_ = false;
  bool feeding_ = true;  // still handing the tar to Next
  bool ended_ = false;   // the walk reached the end of the file
};
