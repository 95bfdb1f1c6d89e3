#include "check/gzip_trailer.h"

#include <libdeflate.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

bool InflateWholeGzipMember(std::string_view file, uint64_t max_size, std::string* out) {
  out->clear();
  if (file.size() < 18) return false;
  const unsigned char* tail = reinterpret_cast<const unsigned char*>(file.data()) + file.size() - 4;
  uint32_t isize = uint32_t(tail[0]) | uint32_t(tail[1]) << 8 | uint32_t(tail[2]) << 16 |
                   uint32_t(tail[3]) << 24;  // the member's size mod 2^32, if it is the last one
  if (isize > max_size) return false;
  std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> d(
      libdeflate_alloc_decompressor(), &libdeflate_free_decompressor);
  if (!d) return false;
  out->resize(isize ? isize : 1);
  size_t used_in = 0, used_out = 0;
  libdeflate_result r = libdeflate_gzip_decompress_ex(d.get(), file.data(), file.size(), &(*out)[0],
                                                      out->size(), &used_in, &used_out);
  if (r == LIBDEFLATE_SUCCESS && used_in == file.size() && used_out == isize) {
    out->resize(isize);
    return true;
  }
  out->clear();
  return false;
}

struct GzipTarStream::State {
  std::string_view file;  // the whole file in memory, or
  int fd = -1;            // read from here in blocks (and `file` is the current block)
  std::vector<char> block;
  size_t block_pos = 0;
  uint64_t size = 0;  // the file's size
  std::string path;
  z_stream z{};
  bool z_ready = false;
  std::vector<unsigned char> out = std::vector<unsigned char>(1 << 16);
  size_t produced = 0;    // inflated bytes in `out` from the last step
  bool in_member = true;  // inside a gzip member (false: after one, looking at what follows)
  bool gap = false;       // zero padding or junk was skipped after a member
  int members_done = 0;
  uint64_t read_total = 0, member_start = 0;  // file offsets
  uint64_t trailing = 0;
  std::string err;
  ~State() {
    if (z_ready) inflateEnd(&z);
  }
};

GzipTarStream::GzipTarStream(std::string_view file, std::string path)
    : s_(std::make_unique<State>()) {
  s_->file = file;
  s_->size = file.size();
  s_->path = std::move(path);
  s_->z_ready = inflateInit2(&s_->z, 16 + MAX_WBITS) == Z_OK;  // 16: gzip wrapper only
}

GzipTarStream::GzipTarStream(int fd, uint64_t size, std::string path)
    : GzipTarStream(std::string_view(), std::move(path)) {
  s_->fd = fd;
  s_->size = size;
  s_->block.resize(1 << 20);
}

// The next piece for zlib: 64 KiB, as the file was read from disk before (where a piece ends
// decides how a gzip magic cut in half at its end is taken); 0 at the end. False on a read error.
bool GzipTarStream::TakePiece(const unsigned char** piece, size_t* n) {
  State& s = *s_;
  if (s.fd >= 0 && s.block_pos == s.file.size()) {
    ssize_t got;
    do {
      got = ::read(s.fd, s.block.data(), s.block.size());
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
      s.err = s.path + ": read error: " + std::strerror(errno);
      return false;
    }
    s.file = std::string_view(s.block.data(), static_cast<size_t>(got));
    s.block_pos = 0;
  }
  *n = std::min<size_t>(1 << 16, s.file.size() - s.block_pos);
  *piece = reinterpret_cast<const unsigned char*>(s.file.data()) + s.block_pos;
  s.block_pos += *n;
  return true;
}

GzipTarStream::~GzipTarStream() = default;

// One step of the walk over the file: kOutput (out[0, produced) holds inflated bytes, possibly
// none), kBoundary (a member ended), kEnd (the file is done: `trailing` is set) or kError (`err`).
GzipTarStream::Step GzipTarStream::Advance() {
  State& s = *s_;
  z_stream& z = s.z;
  s.produced = 0;
  if (!s.z_ready) {
    s.err = s.path + ": cannot initialize zlib";
    return Step::kError;
  }
  if (z.avail_in == 0) {
    const unsigned char* piece = nullptr;
    size_t n = 0;
    if (!TakePiece(&piece, &n)) return Step::kError;
    if (n == 0) {
      if (s.in_member && s.members_done > 0) {
        s.trailing = s.read_total - s.member_start;  // the start of a member, cut off: junk
      } else if (s.in_member) {
        s.err = s.path + ": the gzip stream ends before its first member does";
        return Step::kError;
      }
      return Step::kEnd;
    }
    z.next_in = const_cast<Bytef*>(piece);
    z.avail_in = static_cast<uInt>(n);
    s.read_total += n;
  }
  if (!s.in_member) {
    // Between members: zero padding is skipped, a gzip magic starts the next member, anything
    // else (up to the end of the file) is trailing data.
    while (z.avail_in > 0 && *z.next_in == 0) {
      ++z.next_in;
      --z.avail_in;
      s.gap = true;
    }
    if (z.avail_in == 0) return Step::kOutput;
    if (*z.next_in == 0x1f && (z.avail_in < 2 || z.next_in[1] == 0x8b)) {
      inflateReset(&z);
      s.in_member = true;
      s.member_start = s.read_total - z.avail_in;
    } else {
      s.gap = true;
      s.trailing += z.avail_in + (s.size - s.read_total);
      return Step::kEnd;
    }
  }
  z.next_out = s.out.data();
  z.avail_out = static_cast<uInt>(s.out.size());
  int rc = inflate(&z, Z_NO_FLUSH);
  s.produced = s.out.size() - z.avail_out;
  if (rc == Z_STREAM_END) {
    s.in_member = false;
    ++s.members_done;
    return Step::kBoundary;
  }
  if (rc != Z_OK && rc != Z_BUF_ERROR && s.members_done > 0) {
    // Not a gzip member after all (0x1f 0x8b followed by junk): the rest is trailing data.
    s.gap = true;
    s.trailing = s.size - s.member_start;
    return Step::kEnd;
  }
  if (rc != Z_OK && rc != Z_BUF_ERROR) {
    s.err = s.path + ": corrupt gzip stream" + (z.msg ? std::string(": ") + z.msg : std::string());
    return Step::kError;
  }
  return Step::kOutput;
}

bool GzipTarStream::Next(const void** data, size_t* size) {
  *size = 0;
  while (feeding_) {
    Step step = Advance();
    State& s = *s_;
    if (step == Step::kEnd) ended_ = true;
    // libarchive's gzip filter reads the members that follow one another directly, to the end of
    // the file. Anything else it meets (zero padding or junk after a member, a member that is not
    // one, a corrupt or cut-off member) is left to that filter and its own messages.
    if (step == Step::kError || s.gap || (step == Step::kEnd && s.in_member)) {
      feeding_ = false;
      failed_ = true;
      return false;
    }
    if (step == Step::kEnd) feeding_ = false;
    if (s.produced > 0) {
      *data = s.out.data();
      *size = s.produced;
      return true;
    }
  }
  return true;
}

bool GzipTarStream::Finish(uint64_t* trailing, std::string* err) {
  feeding_ = false;
  while (!ended_) {
    Step step = Advance();
    if (step == Step::kError) {
      *err = s_->err;
      return false;
    }
    ended_ = step == Step::kEnd;
  }
  *trailing = s_->trailing;
  return true;
}

bool GzipTrailingBytes(std::string_view file, const std::string& path, uint64_t* trailing,
                       std::string* err) {
  GzipTarStream stream(file, path);
  return stream.Finish(trailing, err);
}
