#include "spec/platform_tags.h"

#include <gtest/gtest.h>

TEST(PlatformTags, AcceptsWhatPypiAccepts) {
  for (const char* tag : {"any", "win_amd64", "manylinux2014_x86_64", "manylinux_2_28_aarch64",
                          "musllinux_1_2_x86_64", "macosx_10_9_x86_64", "macosx_11_0_arm64",
                          "macosx_14_0_universal2", "linux_armv7l", "ios_13_0_arm64_iphoneos",
                          "android_21_arm64_v8a", "pyemscripten_2024_0_wasm32"}) {
    EXPECT_TRUE(IsPypiPlatformTag(tag)) << tag;
  }
}

TEST(PlatformTags, RefusesWhatPypiRefuses) {
  for (const char* tag :
       {"linux_x86_64", "linux_aarch64", "macosx_11_1_arm64", "musllinux_1_2_ppc64",
        "manylinux_2_17_sparc", "freebsd_13_x86_64", "", "ANY"}) {
    EXPECT_FALSE(IsPypiPlatformTag(tag)) << tag;
  }
}
