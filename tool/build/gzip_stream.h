// A single-member gzip stream compressed on several cores: the input is cut into fixed-size
// chunks, each deflated on its own thread by libdeflate and made joinable (its final-block bit
// cleared, an empty stored block appended; see DeflateJoinableChunk), so the pieces join into one
// ordinary deflate stream. Chunk boundaries depend only on the byte count, so the output is the
// same whatever the number of threads. At most a few chunks are in flight (memory stays flat).
// A stream that fits in one chunk is deflated at once on the calling thread (still one member,
// and the choice depends only on the size). Chunk buffers and compressors are reused from chunk to
// chunk (no fresh pages to fault in for every MiB).
#pragma once

#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "core/raw_buffer.h"

class AtomicFile;
struct libdeflate_compressor;

class GzipStream {
 public:
  // Writes the gzip header (mtime = `mtime`, no file name, OS 255) before the first data.
  GzipStream(AtomicFile* out, int level, uint32_t mtime, unsigned threads = 0,
             size_t chunk_size = 1 << 20);
  ~GzipStream();
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  bool Write(const void* data, size_t size, std::string* err);
  // Write, for bytes whose CRC-32 is known already (`crc`, as libdeflate_crc32(0, data, size)
  // gives it; the build's reader computes it once for both archives): it is combined into the
  // stream's CRC instead of computed again.
  bool WriteWithCrc(const void* data, size_t size, uint32_t crc, std::string* err);
  // Compresses what is left, ends the stream and writes the CRC-32/size trailer.
  bool Finish(std::string* err);

 private:
  struct Piece {
    std::string input;     // the chunk (handed back for reuse)
    RawBuffer compressed;  // its deflate data: the first compressed_size bytes (0 on failure)
    size_t compressed_size = 0;
    libdeflate_compressor* compressor = nullptr;
    bool final = false;
  };
  static void Deflate(Piece* piece);
  bool Append(const char* data, size_t size, std::string* err);  // into chunks, no CRC
  bool Submit(bool final, std::string* err);
  bool Drain(size_t keep, std::string* err);

  AtomicFile* out_;
  int level_;
  size_t chunk_size_, max_in_flight_;
  bool header_written_ = false;
  bool finishing_ = false;  // the final chunk is submitted: nothing is kept for reuse
  uint32_t mtime_;
  uint32_t crc_ = 0;
  uint64_t total_ = 0;
  std::string chunk_;
  uint64_t chunks_submitted_ = 0;
  std::deque<std::future<Piece>> in_flight_;  // in order
  // Idle buffers and compressors, touched on the writing thread only.
  std::vector<std::string> spare_inputs_;
  std::vector<RawBuffer> spare_outputs_;
  std::vector<libdeflate_compressor*> compressors_;
};
