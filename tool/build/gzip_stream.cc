#include "build/gzip_stream.h"

#include <libdeflate.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "build/deflate_block_walk.h"
#include "core/atomic_file.h"
#include "core/cpu_features.h"

namespace {

// Best effort: maps a fresh buffer's pages in one call (MADV_POPULATE_WRITE, Linux 5.14+)
// instead of one page fault per 4 KiB as they are first written (a fault costs twice as much).
void Prefault(const void* data, size_t size) {
#ifdef MADV_POPULATE_WRITE
  static const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
  uintptr_t begin = (uintptr_t(data) + page - 1) & ~(page - 1);
  uintptr_t end = (uintptr_t(data) + size) & ~(page - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#endif
}

// Room in a chunk's output buffer (RawBuffer: neither zero-filled nor prefaulted): sized by the
// compression bound, it gets only the compressed bytes, often a fraction of it (a tar of small
// files, mostly headers and padding, compresses about 50:1), and only the pages written are
// faulted in and held (the buffer is mapped on its own: see TuneAllocator in cli/cmd_build.cc).
unsigned char* Room(RawBuffer* buf, size_t size) {
  return reinterpret_cast<unsigned char*>(buf->Room(size));
}

// Raw deflate of one chunk into `out` (its first bytes; their count is returned, 0 on failure)
// that the next chunk's blocks can follow: libdeflate compresses it on its own (no shared
// history: libdeflate has no preset dictionary), WalkDeflateBlocks finds the last block (decoding
// symbol lengths only, no output), whose BFINAL bit is cleared, and an empty stored block ends the
// chunk on a byte boundary. The chunks then join into one ordinary deflate stream, one gzip
// member, which every reader takes (a multi-member file would not do: Python's streaming tarfile
// mode and Rust's GzDecoder read only the first member).
size_t DeflateJoinableChunk(libdeflate_compressor* c, const std::string& input, RawBuffer* out) {
  size_t cap = libdeflate_deflate_compress_bound(c, input.size());
  unsigned char* buf = Room(out, cap + kDeflateWalkSlack);
  size_t n = libdeflate_deflate_compress(c, input.data(), input.size(), buf, cap);
  uint64_t block_start = 0, end = 0;  // bit offsets: the last block's header, the stream's end
  if (n == 0 || !WalkDeflateBlocks(buf, n, &block_start, &end)) return 0;
  buf[block_start / 8] &= uint8_t(~(1u << (block_start % 8)));  // BFINAL of the last block
  n = size_t((end + 7) / 8);
  unsigned used = unsigned(end % 8);  // bits of the last byte in use (0: all of them)
  if (used) buf[n - 1] &= uint8_t((1u << used) - 1);
  // Empty stored block: 3 header bits (BFINAL 0, BTYPE 00) in the free bits of the last byte or a
  // new one, zero padding to the byte boundary, then LEN 0 and NLEN 0xFFFF (within the slack).
  if (used == 0 || used > 5) buf[n++] = 0;
  static const unsigned char kEmptyStored[4] = {0, 0, 0xff, 0xff};
  std::memcpy(buf + n, kEmptyStored, 4);
  return n + 4;
}

// The last chunk, or the whole stream in one piece: libdeflate (about three times zlib's speed),
// ending with the final block.
size_t DeflateWhole(libdeflate_compressor* c, const std::string& input, RawBuffer* out) {
  size_t cap = libdeflate_deflate_compress_bound(c, input.size());
  return libdeflate_deflate_compress(c, input.data(), input.size(), Room(out, cap), cap);
}

void PutLe32(std::string* b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b->push_back(char((v >> (8 * i)) & 0xFF));
}

}  // namespace

GzipStream::GzipStream(AtomicFile* out, int level, uint32_t mtime, unsigned threads,
                       size_t chunk_size)
    : out_(out),
      level_(std::clamp(level, 1, 12)),
      chunk_size_(std::max<size_t>(chunk_size, 4096)),
      mtime_(mtime) {
  unsigned n = threads ? threads : CpuCount();
  // One chunk per core in flight (and one being filled): each costs its input, its output and a
  // compressor (~2.7 MiB at 1 MiB chunks), and the wheel's writer runs beside it on the same cores.
  max_in_flight_ = size_t(n);
  chunk_.reserve(chunk_size_);  // (not prefaulted: most sdists are a few KiB)
}

GzipStream::~GzipStream() {
  for (auto& f : in_flight_) {
    Piece piece = f.get();
    if (piece.compressor) libdeflate_free_compressor(piece.compressor);
  }
  for (libdeflate_compressor* c : compressors_) libdeflate_free_compressor(c);
}

void GzipStream::Deflate(Piece* piece) {
  if (!piece->compressor)
    piece->compressed_size = 0;
  else if (piece->final)
    piece->compressed_size = DeflateWhole(piece->compressor, piece->input, &piece->compressed);
  else
    piece->compressed_size =
        DeflateJoinableChunk(piece->compressor, piece->input, &piece->compressed);
}

bool GzipStream::Write(const void* data, size_t size, std::string* err) {
  crc_ = libdeflate_crc32(crc_, data, size);
  return Append(static_cast<const char*>(data), size, err);
}

bool GzipStream::WriteWithCrc(const void* data, size_t size, uint32_t crc, std::string* err) {
  // zlib's combine: a few polynomial products (log2 of the size), far less than a pass over the
  // bytes. (z_off_t is 64 bits wide on the platforms we build for.)
  static_assert(sizeof(z_off_t) >= 8, "crc32_combine takes 64-bit lengths here");
  crc_ = uint32_t(crc32_combine(crc_, crc, z_off_t(size)));
  return Append(static_cast<const char*>(data), size, err);
}

bool GzipStream::Append(const char* p, size_t size, std::string* err) {
  total_ += size;
  while (size > 0) {
    size_t take = std::min(size, chunk_size_ - chunk_.size());
    chunk_.append(p, take);
    p += take;
    size -= take;
    if (chunk_.size() == chunk_size_ && !Submit(false, err)) return false;
  }
  return true;
}

bool GzipStream::Submit(bool final, std::string* err) {
  if (!header_written_) {
    std::string header("\x1f\x8b\x08\x00", 4);  // magic, deflate, no flags (no name, no comment)
    PutLe32(&header, mtime_);
    header += '\0';    // XFL
    header += '\xff';  // OS: unknown, as Python's gzip writes
    if (!out_->Write(header, err)) return false;
    header_written_ = true;
  }
  Piece piece;
  piece.input = std::move(chunk_);
  piece.final = final;
  if (!spare_outputs_.empty()) {
    piece.compressed = std::move(spare_outputs_.back());
    spare_outputs_.pop_back();
  }
  if (!compressors_.empty()) {
    piece.compressor = compressors_.back();
    compressors_.pop_back();
  } else {
    piece.compressor = libdeflate_alloc_compressor(level_);
  }
  if (final && !chunks_submitted_) {
    // The stream fits in one chunk (small sdists): compress it here, no thread needed. Which path
    // is taken depends only on the stream's size, so the output stays reproducible.
    Deflate(&piece);
    std::promise<Piece> done;
    done.set_value(std::move(piece));
    in_flight_.push_back(done.get_future());
  } else {
    in_flight_.push_back(std::async(std::launch::async, [piece = std::move(piece)]() mutable {
      Deflate(&piece);
      return std::move(piece);
    }));
  }
  ++chunks_submitted_;
  if (final) {
    // No next chunk: what the chunks before it leave is freed as they are written (a spare input
    // alone is 1 MiB held while the last chunk is deflated, often beside the wheel's last batch).
    finishing_ = true;
    spare_inputs_.clear();
    spare_outputs_.clear();
    for (libdeflate_compressor* c : compressors_) libdeflate_free_compressor(c);
    compressors_.clear();
    return Drain(0, err);
  }
  // Written out first, so that the next chunk reuses the buffer of the one just written instead
  // of a new one (one chunk less held at once; the same chunks in flight).
  if (!Drain(max_in_flight_ - 1, err)) return false;
  if (!spare_inputs_.empty()) {
    chunk_ = std::move(spare_inputs_.back());
    spare_inputs_.pop_back();
    chunk_.clear();
  } else {
    chunk_ = std::string();
    chunk_.reserve(chunk_size_);
    Prefault(chunk_.data(), chunk_size_);
  }
  return true;
}

bool GzipStream::Drain(size_t keep, std::string* err) {
  while (in_flight_.size() > keep) {
    Piece piece = in_flight_.front().get();
    in_flight_.pop_front();
    if (piece.compressor && finishing_)
      libdeflate_free_compressor(piece.compressor);
    else if (piece.compressor)
      compressors_.push_back(piece.compressor);
    if (piece.compressed_size == 0) {
      *err = out_->temp_path() + ": gzip compression failed";
      return false;
    }
    if (!out_->Write(piece.compressed.data.get(), piece.compressed_size, err)) return false;
    if (finishing_) continue;                               // (the piece's buffers go with it)
    spare_outputs_.push_back(std::move(piece.compressed));  // kept at its size: see Room
    spare_inputs_.push_back(std::move(piece.input));
  }
  return true;
}

bool GzipStream::Finish(std::string* err) {
  if (!Submit(true, err)) return false;
  std::string trailer;
  PutLe32(&trailer, crc_);
  PutLe32(&trailer, uint32_t(total_ & 0xFFFFFFFF));
  return out_->Write(trailer, err);
}
