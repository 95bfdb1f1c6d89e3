#include "core/lazy_library.h"

#include <dlfcn.h>
#include <link.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace {

// A copy of the library the program already loaded through DT_NEEDED: pyrelease's own wheel (the
// self-wheel) names the lazily opened libraries as needed so that vendoring copies them into
// pyrelease.libs/ under hashed names (libarchive-1a2b3c4d.so.13), which no dlopen by soname finds.
// Matched by the file name's stem: "libarchive.so.13" matches libarchive.so.13* and
// libarchive-<8 hex>.so.13*.
std::string LoadedCopyOf(const char* soname) {
  struct Search {
    std::string stem, suffix, found;
  } search;
  const char* dot = std::strstr(soname, ".so");
  if (!dot) return "";
  search.stem.assign(soname, dot);
  search.suffix = dot;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        auto* s = static_cast<Search*>(data);
        const char* path = info->dlpi_name;
        if (!path || !*path) return 0;
        const char* base = std::strrchr(path, '/');
        std::string name = base ? base + 1 : path;
        if (name.compare(0, s->stem.size(), s->stem) != 0) return 0;
        std::string rest = name.substr(s->stem.size());
        if (rest.size() > 9 && rest[0] == '-') rest = rest.substr(9);  // "-" and 8 hex digits
        if (rest.compare(0, s->suffix.size(), s->suffix) != 0) return 0;
        s->found = path;
        return 1;
      },
      &search);
  return search.found;
}

}  // namespace

void* LazyLibraryHandle(void** handle_slot, const char* what,
                        std::initializer_list<const char*> sonames) {
  // One mutex for every lazy library: they are opened once each, so it is never contended.
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  if (*handle_slot) return *handle_slot;
  for (const char* name : sonames) {
    std::string loaded = LoadedCopyOf(name);
    if (!loaded.empty() && (*handle_slot = dlopen(loaded.c_str(), RTLD_NOW | RTLD_NOLOAD)))
      return *handle_slot;
  }
  for (const char* name : sonames) {
    *handle_slot = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (*handle_slot) return *handle_slot;
  }
  std::fprintf(stderr, "pyrelease: error: cannot load %s (%s): %s\n", what, *sonames.begin(),
               dlerror());
  std::exit(1);
}

void* LazyLibrarySymbol(void* handle, const char* what, const char* symbol) {
  void* address = dlsym(handle, symbol);
  if (!address) {
    std::fprintf(stderr, "pyrelease: error: %s has no %s\n", what, symbol);
    std::exit(1);
  }
  return address;
}
