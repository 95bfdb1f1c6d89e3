#include "core/cpu_features.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

// glibc's record (or CPUID) agrees with GCC's own detection, which the tool no longer links.
TEST(CpuFeaturesTest, AgreesWithTheCompilersDetection) {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  EXPECT_EQ(CpuHasAvx2(), static_cast<bool>(__builtin_cpu_supports("avx2")));
  const bool sha_and_friends = __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("sse4.1");
  if (!sha_and_friends) {
    EXPECT_FALSE(CpuHasShaExtensions());
  }
#else
  EXPECT_FALSE(CpuHasAvx2());
  EXPECT_FALSE(CpuHasShaExtensions());
#endif
}

TEST(CpuFeaturesTest, CpuCountIsTheLibrarys) {
  EXPECT_EQ(CpuCount(), std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(CpuCount(), CpuCount());
}
