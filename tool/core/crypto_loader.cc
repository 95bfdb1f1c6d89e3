// libcrypto, loaded when the first digest needs it rather than at process start: SHA-256 runs on
// the CPU's SHA instructions where it has them (core/sha256), so only md5 (uploads with --md5) and
// SHA-256 on CPUs without them come here. Mapping and relocating libcrypto cost every run about
// 0.7 ms of CPU. As for libarchive (core/archive_loader.cc), pyrelease does not link it: the
// functions it calls are defined here as forwarders to the library opened on first use.
#define OPENSSL_SUPPRESS_DEPRECATED  // the one-algorithm functions (no EVP start-up)
#include <openssl/md5.h>
#include <openssl/sha.h>

#include "core/lazy_library.h"

namespace {

void* Library() {
  static void* handle = nullptr;
  return LazyLibraryHandle(&handle, "libcrypto", {"libcrypto.so.3", "libcrypto.so"});
}

}  // namespace

#define PYRELEASE_CRYPTO_FORWARD(ret, name, params, args) \
  PYRELEASE_LAZY_FORWARD(Library, "libcrypto", ret, name, params, args)

PYRELEASE_CRYPTO_FORWARD(int, SHA256_Init, (SHA256_CTX * c), (c))
PYRELEASE_CRYPTO_FORWARD(int, SHA256_Update, (SHA256_CTX * c, const void* data, size_t len),
                         (c, data, len))
PYRELEASE_CRYPTO_FORWARD(int, SHA256_Final, (unsigned char* md, SHA256_CTX* c), (md, c))
PYRELEASE_CRYPTO_FORWARD(int, MD5_Init, (MD5_CTX * c), (c))
PYRELEASE_CRYPTO_FORWARD(int, MD5_Update, (MD5_CTX * c, const void* data, size_t len),
                         (c, data, len))
PYRELEASE_CRYPTO_FORWARD(int, MD5_Final, (unsigned char* md, MD5_CTX* c), (md, c))
