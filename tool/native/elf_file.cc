#include "native/elf_file.h"

#include <cstdint>

#include "core/string_util.h"

namespace {

// ELF constants (the System V ABI and the GNU extensions).
constexpr int kElfClass32 = 1, kElfClass64 = 2;
constexpr int kElfData2Lsb = 1, kElfData2Msb = 2;
constexpr uint32_t kShtDynamic = 6, kShtGnuVerneed = 0x6ffffffe;
constexpr uint64_t kDtNull = 0, kDtNeeded = 1, kDtSoname = 14, kDtRpath = 15, kDtRunpath = 29;

// Bounds-checked reads in the file's byte order; a read past the end sets `bad`.
struct Reader {
  const std::string& data;
  bool little;
  bool bad = false;

  uint64_t Read(uint64_t at, int size) {
    if (at > data.size() || data.size() - at < static_cast<uint64_t>(size)) {
      bad = true;
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < size; ++i) {
      uint64_t byte = static_cast<unsigned char>(data[at + (little ? i : size - 1 - i)]);
      v |= byte << (8 * i);
    }
    return v;
  }
  uint64_t U16(uint64_t at) { return Read(at, 2); }
  uint64_t U32(uint64_t at) { return Read(at, 4); }
  uint64_t U64(uint64_t at) { return Read(at, 8); }
};

struct Section {
  uint32_t type = 0;
  uint64_t offset = 0, size = 0;
  uint32_t link = 0, info = 0;
};

std::string ArchOf(int machine, bool is_64, bool little) {
  switch (machine) {
    case 3:
      return "i686";
    case 62:
      return "x86_64";
    case 183:
      return "aarch64";
    case 40:
      return "armv7l";
    case 21:
      return little ? "ppc64le" : "ppc64";
    case 22:
      return is_64 ? "s390x" : "s390";
    case 243:
      return is_64 ? "riscv64" : "riscv32";
    case 258:
      return "loongarch64";
    default:
      return "";
  }
}

// The NUL-terminated string at `offset` of a string table section; false if it runs out of it.
bool StringAt(const std::string& data, const Section& strtab, uint64_t offset, std::string* out) {
  if (offset >= strtab.size) return false;
  uint64_t start = strtab.offset + offset, end = strtab.offset + strtab.size;
  size_t nul = data.find('\0', start);
  if (nul == std::string::npos || nul >= end) return false;
  *out = data.substr(start, nul - start);
  return true;
}

bool SectionInFile(const std::string& data, const Section& s) {
  return s.offset <= data.size() && s.size <= data.size() - s.offset;
}

}  // namespace

int CompareDottedVersions(const std::string& a, const std::string& b) {
  std::vector<std::string> pa = Split(a, '.'), pb = Split(b, '.');
  for (size_t i = 0; i < pa.size() || i < pb.size(); ++i) {
    if (i >= pa.size()) return -1;
    if (i >= pb.size()) return 1;
    bool na = !pa[i].empty() && pa[i].find_first_not_of("0123456789") == std::string::npos;
    bool nb = !pb[i].empty() && pb[i].find_first_not_of("0123456789") == std::string::npos;
    if (na && nb) {
      // Compare as numbers without overflow: the longer digit string (without leading zeros) wins.
      std::string x = pa[i].substr(std::min(pa[i].find_first_not_of('0'), pa[i].size()));
      std::string y = pb[i].substr(std::min(pb[i].find_first_not_of('0'), pb[i].size()));
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      if (x != y) return x < y ? -1 : 1;
    } else if (na != nb) {
      return na ? -1 : 1;
    } else if (pa[i] != pb[i]) {
      return pa[i] < pb[i] ? -1 : 1;
    }
  }
  return 0;
}

std::pair<std::string, std::string> SplitSymbolVersion(const std::string& name) {
  size_t us = name.find('_');
  if (us == std::string::npos) return {name, ""};
  return {name.substr(0, us), name.substr(us + 1)};
}

std::string ElfFile::HighestVersion(const std::string& prefix) const {
  std::string best;
  for (const auto& [lib, versions] : version_needs) {
    for (const std::string& v : versions) {
      auto [p, number] = SplitSymbolVersion(v);
      if (p == prefix && (best.empty() || CompareDottedVersions(number, best) > 0)) best = number;
    }
  }
  return best;
}

bool ParseElfFile(const std::string& path, const std::string& data, ElfFile* out,
                  std::string* err) {
  *out = ElfFile();
  out->path = path;
  auto fail = [&](const std::string& what) {
    *err = path + ": " + what;
    return false;
  };
  if (data.size() < 16 || data.compare(0, 4,
                                       "\x7f"
                                       "ELF") != 0)
    return fail("not an ELF file");
  int cls = static_cast<unsigned char>(data[4]), enc = static_cast<unsigned char>(data[5]);
  if (cls != kElfClass32 && cls != kElfClass64)
    return fail("unknown ELF class " + std::to_string(cls));
  if (enc != kElfData2Lsb && enc != kElfData2Msb)
    return fail("unknown ELF byte order " + std::to_string(enc));
  out->is_64 = cls == kElfClass64;
  out->little_endian = enc == kElfData2Lsb;
  Reader r{data, out->little_endian};
  bool w = out->is_64;
  out->machine = static_cast<int>(r.U16(18));
  out->arch = ArchOf(out->machine, w, out->little_endian);
  uint64_t shoff = w ? r.U64(0x28) : r.U32(0x20);
  uint64_t shentsize = r.U16(w ? 0x3a : 0x2e), shnum = r.U16(w ? 0x3c : 0x30);
  if (r.bad) return fail("truncated ELF header");
  if (shoff == 0 || shnum == 0)
    return fail("no section headers (the dynamic section cannot be found)");
  if (shentsize < (w ? 64u : 40u)) return fail("section header entries are too small");
  std::vector<Section> sections(shnum);
  for (uint64_t i = 0; i < shnum; ++i) {
    uint64_t at = shoff + i * shentsize;
    Section& s = sections[i];
    s.type = static_cast<uint32_t>(r.U32(at + 4));
    s.offset = w ? r.U64(at + 0x18) : r.U32(at + 0x10);
    s.size = w ? r.U64(at + 0x20) : r.U32(at + 0x14);
    s.link = static_cast<uint32_t>(r.U32(at + (w ? 0x28 : 0x18)));
    s.info = static_cast<uint32_t>(r.U32(at + (w ? 0x2c : 0x1c)));
  }
  if (r.bad) return fail("the section header table lies outside the file");
  auto linked_strtab = [&](const Section& s, const char* what, Section* strtab) {
    if (s.link >= sections.size() || !SectionInFile(data, sections[s.link])) {
      *err = path + ": the string table of the " + what + " lies outside the file";
      return false;
    }
    *strtab = sections[s.link];
    return true;
  };
  for (const Section& s : sections) {
    if (s.type == kShtDynamic) {
      if (!SectionInFile(data, s)) return fail("the dynamic section lies outside the file");
      Section strtab;
      if (!linked_strtab(s, "dynamic section", &strtab)) return false;
      uint64_t entsize = w ? 16 : 8;
      for (uint64_t at = s.offset; at + entsize <= s.offset + s.size; at += entsize) {
        uint64_t tag = w ? r.U64(at) : r.U32(at);
        uint64_t val = w ? r.U64(at + 8) : r.U32(at + 4);
        if (tag == kDtNull) break;
        if (tag != kDtNeeded && tag != kDtSoname && tag != kDtRpath && tag != kDtRunpath) continue;
        std::string text;
        if (!StringAt(data, strtab, val, &text))
          return fail("a dynamic entry's name lies outside its string table");
        if (tag == kDtNeeded) out->needed.push_back(text);
        if (tag == kDtSoname) out->soname = text;
        if (tag == kDtRpath || tag == kDtRunpath) {
          for (const std::string& p : Split(text, ':')) {
            if (!p.empty()) (tag == kDtRpath ? out->rpath : out->runpath).push_back(p);
          }
        }
      }
    } else if (s.type == kShtGnuVerneed) {
      if (!SectionInFile(data, s)) return fail("the .gnu.version_r section lies outside the file");
      Section strtab;
      if (!linked_strtab(s, ".gnu.version_r section", &strtab)) return false;
      // Verneed {u16 version, u16 cnt, u32 file, u32 aux, u32 next}; Vernaux {u32 hash,
      // u16 flags, u16 other, u32 name, u32 next}: the same layout in ELF32 and ELF64. `info`
      // counts the Verneed entries; offsets chain them, so the loop is bounded by both.
      uint64_t at = s.offset;
      for (uint32_t n = 0; n < s.info; ++n) {
        if (at < s.offset || at + 16 > s.offset + s.size)
          return fail("a .gnu.version_r entry lies outside its section");
        uint64_t cnt = r.U16(at + 2), file = r.U32(at + 4), aux = r.U32(at + 8),
                 next = r.U32(at + 12);
        std::string lib;
        if (!StringAt(data, strtab, file, &lib))
          return fail("a .gnu.version_r library name lies outside its string table");
        std::vector<std::string>& versions = out->version_needs[lib];
        uint64_t a = at + aux;
        for (uint64_t k = 0; k < cnt; ++k) {
          if (a < s.offset || a + 16 > s.offset + s.size)
            return fail("a .gnu.version_r version lies outside its section");
          std::string name;
          if (!StringAt(data, strtab, r.U32(a + 8), &name))
            return fail("a symbol version name lies outside its string table");
          versions.push_back(name);
          uint64_t anext = r.U32(a + 12);
          if (anext == 0) break;
          a += anext;
        }
        if (next == 0) break;
        at += next;
      }
    }
  }
  if (r.bad) return fail("truncated dynamic data");
  return true;
}

bool ReadElfFile(const std::string& path, ElfFile* out, std::string* err) {
  std::string data;
  if (!ReadFile(path, &data, err)) return false;
  return ParseElfFile(path, data, out, err);
}
