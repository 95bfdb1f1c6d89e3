#include "core/cpu_features.h"

#include <algorithm>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#if __has_include(<sys/platform/x86.h>)
#ifdef __clang__
#define _Bool bool  // the header is C; clang's C++ has no _Bool (g++ accepts it)
#endif
#include <sys/platform/x86.h>  // glibc >= 2.33: the CPU features it read at start-up
#ifdef __clang__
#undef _Bool
#endif
#else
#include <cpuid.h>
#endif

namespace {

#ifndef CPU_FEATURE_ACTIVE
// Without glibc's record (musl, old glibc): CPUID leaves 1 and 7, once per process.
struct CpuidBits {
  unsigned leaf1_ecx = 0, leaf7_ebx = 0;
  bool ymm_saved = false;  // XCR0 bits 1 and 2: the kernel saves SSE and AVX state
};

const CpuidBits& Bits() {
  static const CpuidBits bits = [] {
    CpuidBits b;
    unsigned a, ebx, c, d;
    if (__get_cpuid(1, &a, &ebx, &c, &d)) {
      b.leaf1_ecx = c;
      if (c & (1u << 27)) {  // OSXSAVE: XGETBV may be executed
        unsigned lo, hi;
        __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        b.ymm_saved = (lo & 6) == 6;
      }
    }
    if (__get_cpuid_count(7, 0, &a, &ebx, &c, &d)) b.leaf7_ebx = ebx;
    return b;
  }();
  return bits;
}
#endif

}  // namespace

bool CpuHasShaExtensions() {
#ifdef CPU_FEATURE_ACTIVE
  return CPU_FEATURE_ACTIVE(SHA) && CPU_FEATURE_ACTIVE(SSSE3) && CPU_FEATURE_ACTIVE(SSE4_1);
#else
  const CpuidBits& b = Bits();  // leaf 1 ECX bits 9 (SSSE3) and 19 (SSE4.1); leaf 7 EBX bit 29
  return (b.leaf1_ecx & (1u << 9)) && (b.leaf1_ecx & (1u << 19)) && (b.leaf7_ebx & (1u << 29));
#endif
}

bool CpuHasAvx2() {
#ifdef CPU_FEATURE_ACTIVE
  return CPU_FEATURE_ACTIVE(AVX2);
#else
  const CpuidBits& b = Bits();  // leaf 1 ECX bit 28 (AVX), leaf 7 EBX bit 5 (AVX2)
  return b.ymm_saved && (b.leaf1_ecx & (1u << 28)) && (b.leaf7_ebx & (1u << 5));
#endif
}

#else
bool CpuHasShaExtensions() { return false; }
bool CpuHasAvx2() { return false; }
#endif

unsigned CpuCount() {
  static const unsigned count = std::max(1u, std::thread::hardware_concurrency());
  return count;
}
