#include "native/library_search.h"

#include <cstdlib>
#include <filesystem>

#include "core/string_util.h"

namespace fs = std::filesystem;

namespace {

std::string Dirname(const std::string& path) {
  fs::path p = fs::absolute(fs::path(path)).parent_path();
  return p.string();
}

std::string ExpandOrigin(std::string dir, const std::string& origin) {
  for (const char* token : {"${ORIGIN}", "$ORIGIN"}) {
    size_t at;
    while ((at = dir.find(token)) != std::string::npos)
      dir.replace(at, std::string(token).size(), origin);
  }
  return dir;
}

// Debian's multiarch directory names and the usual fallbacks.
std::vector<std::string> SystemDirs(const ElfFile& f) {
  std::string triplet = f.arch == "x86_64"    ? "x86_64-linux-gnu"
                        : f.arch == "i686"    ? "i386-linux-gnu"
                        : f.arch == "aarch64" ? "aarch64-linux-gnu"
                        : f.arch == "armv7l"  ? "arm-linux-gnueabihf"
                        : f.arch == "ppc64le" ? "powerpc64le-linux-gnu"
                        : f.arch == "s390x"   ? "s390x-linux-gnu"
                        : f.arch == "riscv64" ? "riscv64-linux-gnu"
                                              : "";
  std::vector<std::string> dirs;
  if (!triplet.empty()) {
    dirs.push_back("/lib/" + triplet);
    dirs.push_back("/usr/lib/" + triplet);
  }
  if (f.is_64) {
    dirs.push_back("/lib64");
    dirs.push_back("/usr/lib64");
  }
  for (const char* d : {"/lib", "/usr/lib", "/usr/local/lib"}) dirs.push_back(d);
  return dirs;
}

}  // namespace

std::vector<std::string> LibrarySearchPath(const ElfFile& from) {
  std::string origin = Dirname(from.path);
  std::vector<std::string> dirs;
  if (from.runpath.empty()) {
    for (const std::string& d : from.rpath) dirs.push_back(ExpandOrigin(d, origin));
  }
  if (const char* ld = std::getenv("LD_LIBRARY_PATH")) {
    for (const std::string& d : Split(ld, ':')) {
      if (!d.empty()) dirs.push_back(d);
    }
  }
  for (const std::string& d : from.runpath) dirs.push_back(ExpandOrigin(d, origin));
  for (const std::string& d : SystemDirs(from)) dirs.push_back(d);
  return dirs;
}

bool FindSharedLibrary(const std::string& soname, const ElfFile& from, ElfFile* found,
                       std::string* err) {
  std::vector<std::string> dirs = LibrarySearchPath(from);
  for (const std::string& dir : dirs) {
    std::string candidate = dir + "/" + soname;
    std::error_code ec;
    if (!fs::is_regular_file(candidate, ec)) continue;  // follows symlinks, as the loader does
    ElfFile elf;
    std::string why;
    if (!ReadElfFile(candidate, &elf, &why)) continue;
    if (elf.is_64 != from.is_64 || elf.machine != from.machine) continue;
    *found = std::move(elf);
    return true;
  }
  *err = soname + " (linked by " + from.path + ") was not found in " + Join(dirs, ":");
  return false;
}
