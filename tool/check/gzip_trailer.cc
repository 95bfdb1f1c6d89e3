#include "check/gzip_trailer.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

bool GzipTrailingBytes(const std::string& path, uint64_t* trailing, std::string* err) {
  *trailing = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    *err = path + ": " + std::strerror(errno);
    return false;
  }
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
