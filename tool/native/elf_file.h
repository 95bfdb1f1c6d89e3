// Reads what a wheel's platform tag depends on from an ELF shared object or executable: its
// architecture, the libraries it links (DT_NEEDED), where it looks for them (DT_RPATH/RUNPATH),
// its own DT_SONAME, and the symbol versions it requires from each library (.gnu.version_r:
// GLIBC_2.17, GLIBCXX_3.4.21, CXXABI_1.3.9, GCC_3.0, ...). ELF32 and ELF64, either byte order.
#pragma once

#include <map>
#include <string>
#include <vector>

struct ElfFile {
  std::string path;
  bool is_64 = false;
  bool little_endian = true;
  int machine = 0;     // e_machine
  std::string arch;    // as wheel tags spell it: x86_64, i686, aarch64, armv7l, ppc64le, s390x, ...
                       // ("" unknown)
  std::string soname;  // DT_SONAME ("" if none)
  std::vector<std::string> needed;   // DT_NEEDED, in order
  std::vector<std::string> rpath;    // DT_RPATH entries (':'-separated in the file)
  std::vector<std::string> runpath;  // DT_RUNPATH entries
  // Version requirements per library: "libc.so.6" -> {"GLIBC_2.2.5", "GLIBC_2.14", ...} (file
  // order).
  std::map<std::string, std::vector<std::string>> version_needs;

  // The highest version this file needs with the given prefix ("GLIBC" -> "2.34"), over every
  // library; "" when it needs none. Versions compare numerically part by part ("2.10" > "2.9").
  std::string HighestVersion(const std::string& prefix) const;
};

// Reads `path`. On failure returns false with `err` naming the file and what is wrong with it
// ("lib.so: not an ELF file", "lib.so: the dynamic section lies outside the file").
bool ReadElfFile(const std::string& path, ElfFile* out, std::string* err);
// The same for bytes already in memory (`path` is used for messages only).
bool ParseElfFile(const std::string& path, const std::string& data, ElfFile* out, std::string* err);

// -1, 0 or 1 comparing dotted version strings part by part as numbers ("2.10" > "2.9"); a part
// that is not a number compares as text after numbers ("1.3" < "TM_1").
int CompareDottedVersions(const std::string& a, const std::string& b);

// Splits "GLIBC_2.17" into {"GLIBC", "2.17"} at the first '_' (as auditwheel groups them).
std::pair<std::string, std::string> SplitSymbolVersion(const std::string& name);
