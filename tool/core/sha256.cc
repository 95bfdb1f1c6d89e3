#include "core/sha256.h"

#define OPENSSL_SUPPRESS_DEPRECATED  // SHA256_*: the one-algorithm functions (no EVP start-up)
#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PYRELEASE_SHA_NI 1
#endif

#include "core/cpu_features.h"

static_assert(sizeof(SHA256_CTX) <= 128, "Sha256::openssl_ holds a SHA256_CTX");

namespace {

constexpr uint32_t kInitial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

#ifdef PYRELEASE_SHA_NI
alignas(16) constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// Compresses `blocks` 64-byte blocks into `state` with the SHA extensions: four rounds per step,
// the state held as ABEF/CDGH pairs, the message schedule computed 4 words ahead.
__attribute__((target("sha,sse4.1,ssse3"))) void Blocks(uint32_t state[8],
                                                        const unsigned char* data, size_t blocks) {
  const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xb1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1b);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xf0);
  for (; blocks > 0; --blocks, data += 64) {
    const __m128i abef_before = abef, cdgh_before = cdgh;
    __m128i w[4];
    for (int i = 0; i < 16; ++i) {
      if (i < 4) {
        w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * i)),
                                byteswap);
      }
      __m128i msg =
          _mm_add_epi32(w[i % 4], _mm_load_si128(reinterpret_cast<const __m128i*>(kRound + 4 * i)));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
      if (i >= 3 && i <= 14) {  // the words of step i + 1
        __m128i next = _mm_add_epi32(w[(i + 1) % 4], _mm_alignr_epi8(w[i % 4], w[(i + 3) % 4], 4));
        w[(i + 1) % 4] = _mm_sha256msg2_epu32(next, w[i % 4]);
      }
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(msg, 0x0e));
      if (i >= 1 && i <= 12) w[(i + 3) % 4] = _mm_sha256msg1_epu32(w[(i + 3) % 4], w[i % 4]);
    }
    abef = _mm_add_epi32(abef, abef_before);
    cdgh = _mm_add_epi32(cdgh, cdgh_before);
  }
  __m128i feba = _mm_shuffle_epi32(abef, 0x1b);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(feba, dchg, 0xf0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}
#else
void Blocks(uint32_t*, const unsigned char*, size_t) {}
#endif

SHA256_CTX* Ctx(unsigned char* storage) { return reinterpret_cast<SHA256_CTX*>(storage); }

}  // namespace

bool Sha256::HasShaInstructions() {
  static const bool has = CpuHasShaExtensions();
  return has;
}

Sha256::Sha256(bool sha_instructions) : native_(sha_instructions && HasShaInstructions()) {
  std::memcpy(state_, kInitial, sizeof state_);
  if (!native_) SHA256_Init(Ctx(openssl_));
}

void Sha256::Update(const void* data, size_t size) {
  if (size == 0) return;  // an empty member's data may be a null pointer (memcpy must not see it)
  if (!native_) {
    SHA256_Update(Ctx(openssl_), data, size);
    return;
  }
  const unsigned char* p = static_cast<const unsigned char*>(data);
  total_ += size;
  if (used_ > 0) {
    size_t take = std::min(size, sizeof block_ - used_);
    std::memcpy(block_ + used_, p, take);
    used_ += take;
    p += take;
    size -= take;
    if (used_ < sizeof block_) return;
    Blocks(state_, block_, 1);
    used_ = 0;
  }
  Blocks(state_, p, size / 64);
  p += size / 64 * 64;
  used_ = size % 64;
  std::memcpy(block_, p, used_);
}

void Sha256::Final(unsigned char out[kDigestSize]) {
  if (!native_) {
    SHA256_Final(out, Ctx(openssl_));
    return;
  }
  // Padding: 0x80, zeros up to 56 mod 64, the bit length big-endian.
  const uint64_t bits = total_ * 8;
  unsigned char tail[72] = {0x80};
  size_t pad = (used_ < 56 ? 56 : 120) - used_;
  for (int i = 0; i < 8; ++i) tail[pad + i] = (unsigned char)(bits >> (56 - 8 * i));
  Update(tail, pad + 8);
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j) out[4 * i + j] = (unsigned char)(state_[i] >> (24 - 8 * j));
}
