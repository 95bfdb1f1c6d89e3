// BLAKE2b (RFC 7693) with a chosen digest length. OpenSSL 3.0, which Debian ships, only offers the
// 64-byte variant, and PyPI wants blake2b with digest_size=32 (a different parameter block, not a
// truncation), so we carry the reference algorithm.
#pragma once

#include <cstddef>
#include <cstdint>

class Blake2b {
 public:
  explicit Blake2b(size_t digest_len);  // 1..64
  void Update(const void* data, size_t size);
  void Final(uint8_t* out);  // writes digest_len bytes

 private:
  void Compress(bool last);
  uint64_t h_[8];
  uint64_t t_[2] = {0, 0};
  uint8_t b_[128];
  size_t c_ = 0;
  size_t outlen_;
};
