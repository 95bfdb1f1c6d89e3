// A shared library opened on first use instead of at process start (see core/archive_loader.cc
// and publish/curl_loader.cc): pyrelease does not link the library, it defines the functions it
// calls as forwarders that resolve the real symbol once and call it.
#pragma once

#include <initializer_list>

// The library's handle: a copy the program already loaded (the self-wheel's vendored one, whatever
// its hashed name), else opened (RTLD_NOW | RTLD_LOCAL) on the first call under the first name in
// `sonames` that loads; when none does, prints "pyrelease: error: cannot load <what>" and exits 1.
void* LazyLibraryHandle(void** handle_slot, const char* what,
                        std::initializer_list<const char*> sonames);
// The address of `symbol` in `handle`, or prints the missing name and exits 1.
void* LazyLibrarySymbol(void* handle, const char* what, const char* symbol);

// Defines `ret name params` as a forwarder to the same function of the library that `library()`
// returns: the real function is resolved once (a function-local static).
#define PYRELEASE_LAZY_FORWARD(library, what, ret, name, params, args)                             \
  extern "C" ret name params {                                                                     \
    static auto real = reinterpret_cast<ret(*) params>(LazyLibrarySymbol(library(), what, #name)); \
    return real args;                                                                              \
  }
