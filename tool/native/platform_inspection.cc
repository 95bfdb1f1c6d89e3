#include "native/platform_inspection.h"

#include <set>

#include "native/library_search.h"

bool InspectPlatform(const std::vector<std::string>& elf_paths, PlatformInspection* out,
                     std::string* err) {
  *out = PlatformInspection();
  for (const std::string& path : elf_paths) {
    ElfFile f;
    if (!ReadElfFile(path, &f, err)) return false;
    out->files.push_back(std::move(f));
  }
  // Vendoring a library may bring the libraries it links: repeat until nothing new is to vendor.
  std::set<std::string> resolved;
  for (;;) {
    if (!ChoosePlatformPolicy(out->files, out->vendored, &out->choice, err)) return false;
    bool added = false;
    for (const std::string& lib : out->choice.to_vendor) {
      if (resolved.count(lib)) continue;
      const ElfFile* from = nullptr;
      for (const auto* list : {&out->files, &out->vendored}) {
        for (const ElfFile& f : *list) {
          for (const std::string& n : f.needed) {
            if (n == lib && !from) from = &f;
          }
        }
      }
      ElfFile found;
      if (!from) {
        *err = lib + ": no file links it";
        return false;
      }
      if (!FindSharedLibrary(lib, *from, &found, err)) return false;
      resolved.insert(lib);
      out->vendored.push_back(std::move(found));
      added = true;
      break;  // `from` points into the vectors: choose again before the next one
    }
    if (!added) return true;
  }
}
