#include "check/gzip_trailer.h"

#include <libdeflate.h>
#include <sys/stat.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace {

// Up to this size (of the file and of what its trailer says it inflates to), a file that is
// exactly one gzip member is checked in one libdeflate call: about three times zlib's speed, and
// this is the second time `check` inflates the sdist (libarchive read it first).
constexpr uint64_t kFastPathMax = 32ull << 20;

// True when the whole file is one valid gzip member (nothing after it): then nothing trails.
// False when that is not known (too big, several members, padding, junk, corrupt): the streaming
// walk below decides and reports.
bool WholeFileIsOneMember(std::FILE* f) {
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || st.st_size < 18 || uint64_t(st.st_size) > kFastPathMax)
    return false;
  std::string in(size_t(st.st_size), '\0');
  if (std::fread(&in[0], 1, in.size(), f) != in.size()) return false;
  const unsigned char* tail = reinterpret_cast<const unsigned char*>(in.data()) + in.size() - 4;
  uint32_t isize = uint32_t(tail[0]) | uint32_t(tail[1]) << 8 | uint32_t(tail[2]) << 16 |
                   uint32_t(tail[3]) << 24;  // the member's size mod 2^32, if it is the last one
  if (isize > kFastPathMax) return false;
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  if (!d) return false;
  std::string out(isize ? isize : 1, '\0');
  size_t used_in = 0, used_out = 0;
  libdeflate_result r = libdeflate_gzip_decompress_ex(d, in.data(), in.size(), &out[0], out.size(),
                                                      &used_in, &used_out);
  libdeflate_free_decompressor(d);
  return r == LIBDEFLATE_SUCCESS && used_in == in.size() && used_out == isize;
}

}  // namespace

bool GzipTrailingBytes(const std::string& path, uint64_t* trailing, std::string* err) {
  *trailing = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    *err = path + ": " + std::strerror(errno);
    return false;
  }
  if (WholeFileIsOneMember(f.get())) return true;
  std::rewind(f.get());
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {  // 16: gzip wrapper only
    *err = path + ": cannot initialize zlib";
    return false;
  }
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, &inflateEnd);
  std::vector<unsigned char> in(1 << 16), out(1 << 16);
  bool in_member = true;  // inside a gzip member (false: after one, looking at what follows)
  int members_done = 0;
  uint64_t read_total = 0, member_start = 0;  // file offsets
  for (;;) {
    if (z.avail_in == 0) {
      size_t n = std::fread(in.data(), 1, in.size(), f.get());
      if (n == 0) {
        if (std::ferror(f.get())) {
          *err = path + ": " + std::strerror(errno);
          return false;
        }
        if (in_member && members_done > 0) {
          *trailing = read_total - member_start;  // the start of a member, cut off: appended junk
        } else if (in_member) {
          *err = path + ": the gzip stream ends before its first member does";
          return false;
        }
        return true;
      }
      read_total += n;
      z.next_in = in.data();
      z.avail_in = static_cast<uInt>(n);
    }
    if (!in_member) {
      // Between members: zero padding is skipped, a gzip magic starts the next member, anything
      // else (up to the end of the file) is trailing data.
      while (z.avail_in > 0 && *z.next_in == 0) {
        ++z.next_in;
        --z.avail_in;
      }
      if (z.avail_in == 0) continue;
      if (*z.next_in == 0x1f && (z.avail_in < 2 || z.next_in[1] == 0x8b)) {
        inflateReset(&z);
        in_member = true;
        member_start = read_total - z.avail_in;
      } else {
        *trailing += z.avail_in;
        z.avail_in = 0;
        size_t n;
        while ((n = std::fread(in.data(), 1, in.size(), f.get())) > 0) *trailing += n;
        return true;
      }
    }
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      in_member = false;
      ++members_done;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR && members_done > 0) {
      // Not a gzip member after all (0x1f 0x8b followed by junk): the rest is trailing data.
      size_t n;
      while ((n = std::fread(in.data(), 1, in.size(), f.get())) > 0) read_total += n;
      *trailing = read_total - member_start;
      return true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      *err = path + ": corrupt gzip stream" + (z.msg ? std::string(": ") + z.msg : std::string());
      return false;
    }
  }
}
