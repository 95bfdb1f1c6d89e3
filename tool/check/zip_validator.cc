#include "check/zip_validator.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string_view>
#include <unordered_map>
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
constexpr uint64_t kNoOffset = ~0ull;  // a ZIP64 local header offset the extra field lacks
constexpr uint16_t kXlExtra = 0x6c78;  // libarchive's own extra field, which may reset the mode

uint16_t U16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t U32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
uint64_t U64(const unsigned char* p) { return U32(p) | (static_cast<uint64_t>(U32(p + 4)) << 32); }

// A cursor over the file's bytes, already in memory (check reads each dist once, and the inflater
// and the member list work from the same bytes): reads past the end come back short.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  // Reads exactly n bytes; false at a short read.
  bool Read(size_t n, std::string* out) {
    size_t got = Available(n);
    out->assign(bytes_.data() + (got ? pos_ : 0), got);
    pos_ += got;
    return got == n;
  }
  bool Read(size_t n, unsigned char* out) {
    size_t got = Available(n);
    if (got) std::memcpy(out, bytes_.data() + pos_, got);
    pos_ += got;
    return got == n;
  }
  void Skip(uint64_t n) { pos_ += n; }
  void Seek(uint64_t pos) { pos_ = pos; }
  uint64_t Tell() const { return pos_; }

 private:
  size_t Available(size_t n) const {
    if (pos_ >= bytes_.size()) return 0;
    return static_cast<size_t>(std::min<uint64_t>(n, bytes_.size() - pos_));
  }

  std::string_view bytes_;
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
  // What a reader that trusts the central directory (libarchive) takes from it.
  uint8_t made_by_system = 0;
  uint32_t external_attributes = 0;
  uint64_t local_header_offset = kNoOffset;
  bool has_xl_extra = false;
};

// The central directory as Python's zipfile reads it (_EndRecData + _RealGetContents): the key
// is the name as zipfile decodes it (UTF-8 with flag bit 11, else cp437; a non-ASCII cp437 name
// can never equal a UTF-8-decoded local name, so it gets a key no local name matches).
struct CentralDirectory {
  std::vector<CentralEntry> entries;                // one per name (the last of a name wins)
  std::unordered_map<std::string, size_t> by_name;  // index into entries, per local header
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
  cd->by_name.reserve(U16(e + 10));  // the record count (a hint: ZIP64 and liars may differ)
  uint64_t total = 0;
  unsigned char h[46];
  std::string name, extra, comment;
  while (total < size_cd) {
    if (!r.Read(46, h)) return "Truncated central directory";
    if (U32(h) != kSigCentral) return "Bad magic number for central directory";
    uint16_t flags = U16(h + 8), method = U16(h + 10);
    uint64_t csize = U32(h + 20), usize = U32(h + 24), offset = U32(h + 42);
    bool has_xl = false;
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
        if (offset == 0xFFFFFFFFu) offset = p + 8 <= end ? U64(x + p) : kNoOffset;
      }
      if (id == kXlExtra) has_xl = true;
      xi += 4 + len;
    }
    std::string key;
    if ((flags & 0x800) || IsAscii(name)) {
      if (!IsValidUtf8(name)) return "Filename not unicode";
      key = name;
    } else {
      key = std::string("\x01cp437:", 7) + name;
    }
    CentralEntry entry{csize, usize, method, U32(h + 16), h[5], U32(h + 38), offset, has_xl};
    auto [it, added] = cd->by_name.try_emplace(std::move(key), cd->entries.size());
    if (added) {
      cd->entries.push_back(entry);
    } else {
      cd->entries[it->second] = entry;
    }
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
  // Which central-directory names a local header and a central header named so far (zipfile's
  // sets of names, as flags: every name either set holds is a key of cd.by_name).
  std::vector<char> local_seen(cd.entries.size(), 0), cd_seen(cd.entries.size(), 0);
  size_t local_count = 0, cd_count = 0;
  spans->reserve(cd.entries.size());
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
      auto found = cd.by_name.find(name);
      if (found != cd.by_name.end() && cd_seen[found->second])
        return "Duplicate filename in central directory";
      if (found == cd.by_name.end() || !local_seen[found->second])
        return "Missing filename in local headers";
      cd_seen[found->second] = 1;
      ++cd_count;
    } else if (sig == kSigLocal) {
      uint64_t header_offset = r.Tell() - 4;
      bool local_xl = false;
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
        if (id == kXlExtra) local_xl = true;
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
      const CentralEntry& c = cd.entries[it->second];
      if (c.compress_size != csize) return "Mis-matched data size";
      if (c.file_size != usize) return "Mis-matched file size";
      if (c.crc != crc) crc_mismatches->push_back(name);
      spans->push_back(ZipMemberSpan{
          name, r.Tell(), csize, usize, method, flags, crc, c.made_by_system, c.external_attributes,
          c.local_header_offset == header_offset, c.has_xl_extra || local_xl});
      r.Skip(csize);
      if (local_seen[it->second]) return "Duplicate filename in local headers";
      local_seen[it->second] = 1;
      ++local_count;
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
  // Every central name was a local one first, so the sets are equal when their sizes are.
  if (cd_count != local_count) return "Mis-matched local headers and central directory";
  if (r.Tell() != file_size) return "Trailing data";
  return "";
}

}  // namespace

bool ValidateZipStructure(const std::string& path, ZipStructure* out, std::string* err) {
  *out = ZipStructure();
  // A FIFO or device named x.whl is refused, never read: opening a FIFO would wait for a writer.
  std::string bytes;
  if (!ReadRegularFile(path, &bytes, err)) return false;
  ValidateZipBytes(bytes, out);
  return true;
}

void ValidateZipBytes(std::string_view bytes, ZipStructure* out) {
  *out = ZipStructure();
  out->file_size = bytes.size();
  Reader r(bytes);
  CentralDirectory cd;
  std::string bad = ReadCentralDirectory(r, out->file_size, &cd);
  if (!bad.empty()) {
    // zipfile.is_zipfile fails first when there is no end record at all.
    out->dist_problem = bad == "File is not a zip file" ? "File is not a zipfile" : bad;
    return;
  }
  out->entries = cd.methods.size();
  out->total_uncompressed = cd.total_uncompressed;
  if (cd.total_uncompressed > kRatioMinSize && out->file_size > 0 &&
      cd.total_uncompressed > kRatioThreshold * out->file_size) {
    out->dist_problem = "File exceeds compression ratio of 50";
    return;
  }
  for (uint16_t m : cd.methods) {
    if (m != 0 && m != 8) {
      out->dist_problem = "File does not use a supported compression type";
      return;
    }
  }
  out->framing_problem = ValidateFraming(r, out->file_size, cd, &out->crc_mismatches, &out->spans);
}

bool PlainZipMember(const ZipMemberSpan& s, bool* is_dir) {
  if (!s.central_offset_matches || s.has_xl_extra || (s.flags & 0x1) || s.name.empty() ||
      StartsWith(s.name, "__MACOSX/"))
    return false;
  bool slash = s.name.back() == '/';
  unsigned type = 0;  // S_IFMT bits; 0: none given, the trailing '/' decides
  if (s.made_by_system == 3) {
    type = (s.external_attributes >> 16) & S_IFMT;
  } else if (s.made_by_system == 0) {
    type = (s.external_attributes & 0x10) ? S_IFDIR : S_IFREG;  // the MS-DOS directory bit
  }
  if (type == 0) type = slash ? S_IFDIR : S_IFREG;
  if (type != (slash ? S_IFDIR : S_IFREG)) return false;
  if (slash && s.uncompressed_size != 0) return false;
  *is_dir = slash;
  return true;
}
