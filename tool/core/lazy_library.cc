#include "core/lazy_library.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

void* LazyLibraryHandle(void** handle_slot, const char* what,
                        std::initializer_list<const char*> sonames) {
  // One mutex for every lazy library: they are opened once each, so it is never contended.
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  if (*handle_slot) return *handle_slot;
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
