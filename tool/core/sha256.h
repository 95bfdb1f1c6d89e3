// SHA-256 with the CPU's SHA instructions (x86 SHA-NI) where it has them, else OpenSSL's, opened on
// first use (core/crypto_loader.cc): mapping and relocating libcrypto cost every run 0.7 ms of CPU,
// more than a small build spends hashing, and SHA-NI is as fast as OpenSSL's own code.
#pragma once

#include <cstddef>
#include <cstdint>

class Sha256 {
 public:
  static constexpr size_t kDigestSize = 32;

  // `sha_instructions` false: OpenSSL's code even where the CPU has them (tests both paths).
  explicit Sha256(bool sha_instructions = HasShaInstructions());
  void Update(const void* data, size_t size);
  void Final(unsigned char out[kDigestSize]);  // once

  // Whether this CPU has the instructions (else OpenSSL does the work).
  static bool HasShaInstructions();

 private:
  bool native_;
  alignas(16) uint32_t state_[8];
  unsigned char block_[64];
  size_t used_ = 0;                        // bytes waiting in block_
  uint64_t total_ = 0;                     // bytes hashed
  alignas(8) unsigned char openssl_[128];  // OpenSSL's SHA256_CTX, when !native_
};
