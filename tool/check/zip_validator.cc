#include "check/zip_validator.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/regular_file.h"
#include "core/string_util.h"

namespace {

constexpr uint32_t kSigCentral = 0x02014b50;
constexpr uint32_t kSigLocal = 0x04034b50;
constexpr uint32_t kSigEocd = 0x06054b50;
constexpr uint32_t kSigEocd64 = 0x06064b50;
constexpr uint32_t kSigEocd64Locator = 0x07064b50;
constexpr uint64_t kRatioMinSize = 64ull << 20;  // Warehouse COMPRESSION_RATIO_MIN_SIZE
constexpr uint64_t kRatioThreshold = 50;

uint16_t U16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t U32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
uint64_t U64(const unsigned char* p) { return U32(p) | (static_cast<uint64_t>(U32(p + 4)) << 32); }

// A buffered reader that can also jump. It reads with pread into one window (no seek calls), so
// the sequential pass over a wheel's local headers costs at most one call per member, not a seek
// and a 4 KiB read per member (10,000 members: 20,000 system calls).
class Reader {
 public:
  explicit Reader(int fd) : fd_(fd), window_(kWindow) {}
  // Reads exactly n bytes; false at a short read.
  bool Read(size_t n, std::string* out) {
    out->resize(n);
    if (n == 0) return true;
    size_t got = Copy(n, reinterpret_cast<unsigned char*>(&(*out)[0]));
    out->resize(got);
    return got == n;
  }
  bool Read(size_t n, unsigned char* out) { return Copy(n, out) == n; }
  void Skip(uint64_t n) { pos_ += n; }
  void Seek(uint64_t pos) { pos_ = pos; }
  uint64_t Tell() const { return pos_; }

 private:
  static constexpr size_t kWindow = 1 << 16;
  static constexpr size_t kAfterJump = 1 << 10;

  // Copies up to n bytes from pos_ on (fewer at the end of the file), advancing pos_.
  size_t Copy(size_t n, unsigned char* out) {
    size_t done = 0;
    while (done < n) {
      if (pos_ < start_ || pos_ >= start_ + filled_) {
        // Reading on from the window's end: a whole window. After a jump over a member's data,
        // 1 KiB: its local header and the small members after it, without copying the data of
        // the larger ones (the kernel's copy of every byte was this pass's main cost).
        size_t want = pos_ == start_ + filled_ ? kWindow : kAfterJump;
        start_ = pos_;
        filled_ = 0;
        ssize_t got;
        do {
          got = pread(fd_, window_.data(), want, static_cast<off_t>(pos_));
        } while (got < 0 && errno == EINTR);
        if (got <= 0) break;
        filled_ = static_cast<size_t>(got);
      }
      size_t take = std::min<uint64_t>(n - done, start_ + filled_ - pos_);
      std::memcpy(out + done, window_.data() + (pos_ - start_), take);
      done += take;
      pos_ += take;
    }
    return done;
  }

  int fd_;
  std::vector<unsigned char> window_;
  uint64_t start_ = 0;  // file offset of window_[0]
  size_t filled_ = 0;   // valid bytes in window_
  uint64_t pos_ = 0;
};

bool HasUnprintable(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool IsAscii(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

struct CentralEntry {
  uint64_t compress_size = 0, file_size = 0;
  uint16_t method = 0;
  uint32_t crc = 0;
};

// The central directory as Python's zipfile reads it (_EndRecData + _RealGetContents): the key
// is the name as zipfile decodes it (UTF-8 with flag bit 11, else cp437; a non-ASCII cp437 name
// can never equal a UTF-8-decoded local name, so it gets a key no local name matches).
struct CentralDirectory {
  std::unordered_map<std::string, CentralEntry> by_name;  // looked up per local header
  std::vector<uint16_t> methods;
  uint64_t total_uncompressed = 0;
};

// Returns "" on success, else zipfile's BadZipFile text.
std::string ReadCentralDirectory(Reader& r, uint64_t file_size, CentralDirectory* cd) {
  if (file_size < 22) return "File is not a zip file";
  uint64_t search = std::min<uint64_t>(file_size, 22 + 65535);
  std::string tail;
  r.Seek(file_size - search);
  if (!r.Read(search, &tail)) return "File is not a zip file";
  size_t at = std::string::npos;
  // zipfile first tries "no comment", then the last signature in the tail.
  if (U32(reinterpret_cast<const unsigned char*>(tail.data() + search - 22)) == kSigEocd &&
      U16(reinterpret_cast<const unsigned char*>(tail.data() + search - 2)) == 0) {
    at = search - 22;
  } else {
    static const char sig[] = {'P', 'K', 5, 6};
    at = tail.rfind(std::string(sig, 4));
    if (at == std::string::npos || at + 22 > tail.size()) return "File is not a zip file";
  }
  const unsigned char* e = reinterpret_cast<const unsigned char*>(tail.data() + at);
  uint64_t eocd_pos = file_size - search + at;
  uint64_t size_cd = U32(e + 12);
  bool zip64 = false;
  if (eocd_pos >= 20) {
    unsigned char loc[20];
    r.Seek(eocd_pos - 20);
    if (r.Read(20, loc) && U32(loc) == kSigEocd64Locator) {
      if (U32(loc + 4) != 0 || U32(loc + 16) > 1)
        return "zipfiles that span multiple disks are not supported";
      if (eocd_pos >= 76) {
        unsigned char e64[56];
        r.Seek(eocd_pos - 76);
        if (r.Read(56, e64) && U32(e64) == kSigEocd64) {
          zip64 = true;
          size_cd = U64(e64 + 40);
        }
      }
    }
  }
  // zipfile: start_dir = offset_cd + concat = eocd_pos - size_cd (- the ZIP64 records; offset_cd
  // cancels out), negative is an error. Unsigned: a ZIP64 size near 2^63 overflowed the signed
  // form.
  uint64_t records64 = zip64 ? 76 : 0;
  if (size_cd > eocd_pos || records64 > eocd_pos - size_cd)
    return "Bad offset for central directory";
  r.Seek(eocd_pos - size_cd - records64);
  uint64_t total = 0;
  unsigned char h[46];
  std::string name, extra, comment;
  while (total < size_cd) {
    if (!r.Read(46, h)) return "Truncated central directory";
    if (U32(h) != kSigCentral) return "Bad magic number for central directory";
    uint16_t flags = U16(h + 8), method = U16(h + 10);
    uint64_t csize = U32(h + 20), usize = U32(h + 24);
    uint16_t nlen = U16(h + 28), xlen = U16(h + 30), clen = U16(h + 32);
    if (!r.Read(nlen, &name) || !r.Read(xlen, &extra) || !r.Read(clen, &comment)) {
      return "Truncated central directory";
    }
    // zipfile._decodeExtra: ZIP64 values replace the 0xFFFFFFFF sentinels, in order.
    const unsigned char* x = reinterpret_cast<const unsigned char*>(extra.data());
    size_t xi = 0;
    while (xi + 4 <= extra.size()) {
      uint16_t id = U16(x + xi), len = U16(x + xi + 2);
      if (xi + 4 + len > extra.size())
        return "Corrupt extra field " + std::to_string(id) + " (size=" + std::to_string(len) + ")";
      if (id == 1) {
        size_t p = xi + 4, end = xi + 4 + len;
        if (usize == 0xFFFFFFFFu) {
          if (p + 8 > end) return "Corrupt zip64 extra field. File size not found.";
          usize = U64(x + p);
          p += 8;
        }
        if (csize == 0xFFFFFFFFu) {
          if (p + 8 > end) return "Corrupt zip64 extra field. Compress size not found.";
          csize = U64(x + p);
          p += 8;
        }
      }
      xi += 4 + len;
    }
    std::string key;
    if ((flags & 0x800) || IsAscii(name)) {
      if (!IsValidUtf8(name)) return "Filename not unicode";
      key = name;
    } else {
      key = std::string("\x01cp437:", 7) + name;
    }
    cd->by_name[key] = CentralEntry{csize, usize, method, U32(h + 16)};
    cd->methods.push_back(method);
    cd->total_uncompressed += usize;
    total += 46 + nlen + xlen + clen;
  }
  return "";
}

struct ZipError {
  std::string message;
};

// The sequential pass of validate_zipfile. Returns "" when the framing is acceptable.
// Local headers whose CRC-32 differs from the central directory's are added to `crc_mismatches`.
std::string ValidateFraming(Reader& r, uint64_t file_size, const CentralDirectory& cd,
                            std::vector<std::string>* crc_mismatches,
                            std::vector<ZipMemberSpan>* spans) {
  r.Seek(0);
  std::unordered_set<std::string> local_names, cd_names;
  bool have_expected_eocd64 = false, have_actual_eocd64 = false;
  uint64_t cd_records = 0, cd_size = 0;
  bool have_cd_offset = false;
  uint64_t cd_offset = 0;
  bool have_eocd_values = false;
  uint64_t eocd_records = 0, eocd_size = 0, eocd_offset = 0;
  std::string name, extra;
  unsigned char buf[56];
  for (;;) {
    if (!r.Read(4, buf)) return "Malformed zip file";
    uint32_t sig = U32(buf);
    if (sig == kSigEocd && have_expected_eocd64 && !have_actual_eocd64) return "Malformed zip file";
    if (sig == kSigCentral) {
      if (!have_cd_offset) {
        have_cd_offset = true;
        cd_offset = r.Tell() - 4;
      }
      ++cd_records;
      if (!r.Read(42, buf)) return "Malformed zip file";
      uint16_t nlen = U16(buf + 24), xlen = U16(buf + 26), clen = U16(buf + 28);
      if (clen != 0) return "Comment in central directory";
      if (!r.Read(nlen, &name) || !r.Read(xlen, &extra)) return "Malformed zip file";
      if (HasUnprintable(name)) return "Invalid character in filename";
      cd_size += 46 + nlen + xlen;
      if (cd_names.count(name)) return "Duplicate filename in central directory";
      if (!local_names.count(name)) return "Missing filename in local headers";
      cd_names.insert(name);
    } else if (sig == kSigLocal) {
      if (!r.Read(26, buf)) return "Malformed zip file";
      uint16_t flags = U16(buf + 2), method = U16(buf + 4);
      uint64_t csize = U32(buf + 14), usize = U32(buf + 18);
      uint32_t crc = U32(buf + 10);
      uint16_t nlen = U16(buf + 22), xlen = U16(buf + 24);
      if (!r.Read(nlen, &name) || !r.Read(xlen, &extra)) return "Malformed zip file";
      if (HasUnprintable(name)) return "Invalid character in filename";
      std::set<uint16_t> seen;
      const unsigned char* x = reinterpret_cast<const unsigned char*>(extra.data());
      size_t xi = 0;
      while (xi < extra.size()) {
        if (extra.size() - xi < 4) return "Malformed zip file";
        uint16_t id = U16(x + xi), len = U16(x + xi + 2);
        if (static_cast<size_t>(len) + 4 > extra.size() - xi) return "Malformed zip file";
        if (seen.count(id) && (id == 0x0001 || id == 0x7075))
          return "Invalid duplicate extra in local file";
        seen.insert(id);
        if (id == 0x0001) {
          if (len != 0 && len != 8 && len != 16 && len != 24 && len != 28)
            return "Malformed zip file";
          if (len == 0) {
            if (csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu) return "Malformed zip file";
          } else if (len == 8) {
            if (method != 0) return "Malformed zip file";
            uint64_t u = U64(x + xi + 4);
            csize = u;
            if (usize == 0xFFFFFFFFu) usize = u;
          } else {
            if (usize == 0xFFFFFFFFu) usize = U64(x + xi + 4);
            csize = U64(x + xi + 12);
          }
        } else if (id == 0x7075) {
          std::string uname = len > 5 ? extra.substr(xi + 9, len - 5) : std::string();
          if (HasUnprintable(uname)) return "Invalid character in filename";
          if (!IsValidUtf8(uname)) return "Filename not valid UTF-8";
        }
        xi += 4 + len;
      }
      if (flags & 0x08) return "ZIP contains a data descriptor";
      if (!IsValidUtf8(name)) return "Filename not unicode";
      auto it = cd.by_name.find(name);
      if (it == cd.by_name.end()) return "Filename not in central directory";
      if (it->second.compress_size != csize) return "Mis-matched data size";
      if (it->second.file_size != usize) return "Mis-matched file size";
      if (it->second.crc != crc) crc_mismatches->push_back(name);
      spans->push_back(ZipMemberSpan{name, r.Tell(), csize, usize, method, flags, crc});
      r.Skip(csize);
      if (local_names.count(name)) return "Duplicate filename in local headers";
      local_names.insert(name);
    } else if (sig == kSigEocd) {
      if (!have_cd_offset) {
        have_cd_offset = true;
        cd_offset = r.Tell() - 4;
      }
      if (!r.Read(18, buf)) return "Malformed zip file";
      uint16_t on_disk = U16(buf + 4), records = U16(buf + 6);
      uint32_t size = U32(buf + 8), offset = U32(buf + 12);
      uint16_t comment = U16(buf + 16);
      if (on_disk != records) return "Malformed zip file";
      r.Skip(comment);
      if (!(have_actual_eocd64 && have_eocd_values)) {
        eocd_records = records;
        eocd_size = size;
        eocd_offset = offset;
      }
      if (eocd_records != cd_records) return "Mismatched central directory records";
      if (eocd_offset != cd_offset) return "Mismatched central directory offset";
      if (eocd_size != cd_size) return "Mismatched central directory size";
      break;
    } else if (sig == kSigEocd64) {
      have_expected_eocd64 = true;
      if (!r.Read(52, buf)) return "Malformed zip file";
      uint64_t size = U64(buf), on_disk = U64(buf + 20), records = U64(buf + 28);
      if (on_disk != records) return "Malformed zip file";
      if (size != 44) return "ZIP64 extensible data not allowed";
      eocd_records = records;
      eocd_size = U64(buf + 36);
      eocd_offset = U64(buf + 44);
      have_eocd_values = true;
    } else if (sig == kSigEocd64Locator) {
      if (!r.Read(16, buf)) return "Malformed zip file";
      have_actual_eocd64 = true;
    } else {
      return "Unknown record signature";
    }
  }
  if (cd_names != local_names) return "Mis-matched local headers and central directory";
  if (r.Tell() != file_size) return "Trailing data";
  return "";
}

}  // namespace

bool ValidateZipStructure(const std::string& path, ZipStructure* out, std::string* err) {
  *out = ZipStructure();
  // A FIFO or device named x.whl is refused, never read: opening a FIFO would wait for a writer.
  int fd = OpenRegularFile(path, err);
  if (fd < 0) return false;
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  off_t end = lseek(fd, 0, SEEK_END);
  if (end < 0) {
    if (err) *err = path + ": " + std::strerror(errno);
    return false;
  }
  out->file_size = static_cast<uint64_t>(end);
  Reader r(fd);
  CentralDirectory cd;
  std::string bad = ReadCentralDirectory(r, out->file_size, &cd);
  if (!bad.empty()) {
    // zipfile.is_zipfile fails first when there is no end record at all.
    out->dist_problem = bad == "File is not a zip file" ? "File is not a zipfile" : bad;
    return true;
  }
  out->entries = cd.methods.size();
  out->total_uncompressed = cd.total_uncompressed;
  if (cd.total_uncompressed > kRatioMinSize && out->file_size > 0 &&
      cd.total_uncompressed > kRatioThreshold * out->file_size) {
    out->dist_problem = "File exceeds compression ratio of 50";
    return true;
  }
  for (uint16_t m : cd.methods) {
    if (m != 0 && m != 8) {
      out->dist_problem = "File does not use a supported compression type";
      return true;
    }
  }
  out->framing_problem = ValidateFraming(r, out->file_size, cd, &out->crc_mismatches, &out->spans);
  return true;
}
