#include "spec/platform_tags.h"

#include <regex>
#include <set>
#include <string>

bool IsPypiPlatformTag(std::string_view tag) {
  static const std::set<std::string, std::less<>> kStatic = {"any",
                                                             "win32",
                                                             "win_arm64",
                                                             "win_amd64",
                                                             "win_ia64",
                                                             "manylinux1_x86_64",
                                                             "manylinux1_i686",
                                                             "manylinux2010_x86_64",
                                                             "manylinux2010_i686",
                                                             "manylinux2014_x86_64",
                                                             "manylinux2014_i686",
                                                             "manylinux2014_aarch64",
                                                             "manylinux2014_armv7l",
                                                             "manylinux2014_ppc64",
                                                             "manylinux2014_ppc64le",
                                                             "manylinux2014_s390x",
                                                             "linux_armv6l",
                                                             "linux_armv7l"};
  if (kStatic.count(tag)) return true;
  static const std::regex kMacos10(
      "macosx_10_\\d+_(ppc|ppc64|i386|x86_64|arm64|intel|fat|fat3|fat64|universal|universal2)");
  static const std::regex kMacos11(
      "macosx_(11|12|13|14|15|26)_0_(ppc|ppc64|i386|x86_64|arm64|intel|fat|fat3|fat64|universal|"
      "universal2)");
  static const std::regex kManylinux(
      "manylinux_\\d+_\\d+_(x86_64|i686|aarch64|armv7l|ppc64le|s390x|riscv64|ppc64)");
  static const std::regex kMusllinux(
      "musllinux_\\d+_\\d+_(x86_64|i686|aarch64|armv7l|ppc64le|s390x|riscv64)");
  static const std::regex kIos("ios_\\d+_\\d+_(arm64|x86_64)_(iphoneos|iphonesimulator)");
  static const std::regex kAndroid("android_\\d+_(armeabi_v7a|arm64_v8a|x86|x86_64)");
  static const std::regex kEmscripten("pyemscripten_\\d+_\\d+_wasm32");
  std::string t(tag);
  for (const std::regex* re :
       {&kMacos10, &kMacos11, &kManylinux, &kMusllinux, &kIos, &kAndroid, &kEmscripten}) {
    if (std::regex_match(t, *re)) return true;
  }
  return false;
}
