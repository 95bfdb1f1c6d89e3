#include "build/gzip_stream.h"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "core/atomic_file.h"

namespace {

constexpr size_t kWindow = 32768;

// Raw deflate of one chunk. Not final: ends with a sync flush (an empty stored block), so the next
// chunk's blocks can follow. Returns "" on failure (a sync-flushed chunk is never empty).
std::string DeflateChunk(std::string input, std::string dictionary, int level, bool final) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  if (!dictionary.empty()) {
    deflateSetDictionary(&zs, reinterpret_cast<const Bytef*>(dictionary.data()),
                         uInt(dictionary.size()));
  }
  std::string out(deflateBound(&zs, uLong(input.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(&input[0]);
  zs.avail_in = uInt(input.size());
  size_t used = 0;
  int flush = final ? Z_FINISH : Z_SYNC_FLUSH;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(&out[used]);
    zs.avail_out = uInt(out.size() - used);
    int r = deflate(&zs, flush);
    used = out.size() - zs.avail_out;
    if (r == Z_STREAM_ERROR) {
      deflateEnd(&zs);
      return "";
    }
    if ((final && r == Z_STREAM_END) || (!final && zs.avail_out != 0 && zs.avail_in == 0)) break;
    out.resize(out.size() * 2);
  }
  deflateEnd(&zs);
  out.resize(used);
  return out;
}

// The whole stream in one piece (no dictionary, final): libdeflate, about three times zlib's speed.
std::string DeflateWhole(const std::string& input, int level) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  if (!c) return "";
  std::string out(libdeflate_deflate_compress_bound(c, input.size()), '\0');
  size_t n = libdeflate_deflate_compress(c, input.data(), input.size(), &out[0], out.size());
  libdeflate_free_compressor(c);
  out.resize(n);
  return out;
}

void PutLe32(std::string* b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b->push_back(char((v >> (8 * i)) & 0xFF));
}

}  // namespace

GzipStream::GzipStream(AtomicFile* out, int level, uint32_t mtime, unsigned threads,
                       size_t chunk_size)
    : out_(out),
      level_(std::clamp(level, 1, 9)),
      chunk_size_(std::max<size_t>(chunk_size, kWindow)),
      mtime_(mtime) {
  unsigned n = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  max_in_flight_ = size_t(n) + 1;
  chunk_.reserve(chunk_size_);
}

GzipStream::~GzipStream() {
  for (auto& f : in_flight_) f.wait();
}

bool GzipStream::Write(const void* data, size_t size, std::string* err) {
  const char* p = static_cast<const char*>(data);
  crc_ = libdeflate_crc32(crc_, p, size);
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
  // Chunks are full except the final one, so the next dictionary is this chunk's last 32 KiB.
  std::string next_dictionary = chunk_.substr(chunk_.size() - std::min(chunk_.size(), kWindow));
  if (final && dictionary_.empty()) {
    // The stream fits in one chunk (small sdists): compress it here, no thread needed. Which path
    // is taken depends only on the stream's size, so the output stays reproducible.
    std::promise<std::string> done;
    done.set_value(DeflateWhole(chunk_, level_));
    in_flight_.push_back(done.get_future());
  } else {
    in_flight_.push_back(std::async(std::launch::async, DeflateChunk, std::move(chunk_),
                                    dictionary_, level_, final));
  }
  dictionary_ = std::move(next_dictionary);
  chunk_ = std::string();
  chunk_.reserve(chunk_size_);
  return Drain(final ? 0 : max_in_flight_ - 1, err);
}

bool GzipStream::Drain(size_t keep, std::string* err) {
  while (in_flight_.size() > keep) {
    std::string compressed = in_flight_.front().get();
    in_flight_.pop_front();
    if (compressed.empty()) {
      *err = out_->temp_path() + ": gzip compression failed";
      return false;
    }
    if (!out_->Write(compressed, err)) return false;
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
