#include "native/strip_copy.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "core/string_util.h"
#include "test_support.h"

namespace {

std::string ReadAll(const std::string& path) {
  std::string out, err;
  EXPECT_TRUE(ReadFile(path, &out, &err)) << err;
  return out;
}

off_t SizeOf(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

TEST(StripCopy, StripsACopyAndLeavesTheBuiltFile) {
  ScopedTempDir dir;
  // The test binary has a symbol table to strip.
  const std::string built = "/proc/self/exe";
  const off_t before = SizeOf(built);
  std::string copy, err;
  ASSERT_TRUE(StripCopy("strip", built, dir.path, 0, &copy, &err)) << err;
  EXPECT_EQ(copy, dir.path + "/0-exe");
  EXPECT_LT(SizeOf(copy), before);
  EXPECT_EQ(SizeOf(built), before);
  // Reproducible: stripping the same input again gives the same bytes.
  std::string again;
  ASSERT_TRUE(StripCopy("strip", built, dir.path, 1, &again, &err)) << err;
  EXPECT_EQ(ReadAll(copy), ReadAll(again));
}

TEST(StripCopy, FailuresNameTheFile) {
  ScopedTempDir dir;
  std::string text = dir.Write("notelf.so", "not compiled\n");
  std::string copy, err;
  EXPECT_FALSE(StripCopy("strip", text, dir.path, 0, &copy, &err));
  EXPECT_EQ(err.rfind(text + ": strip --strip-unneeded ", 0), 0u) << err;
  EXPECT_FALSE(StripCopy("/nonexistent/strip", text, dir.path, 1, &copy, &err));
  EXPECT_EQ(err.rfind(text + ": cannot run /nonexistent/strip", 0), 0u) << err;
  EXPECT_FALSE(StripCopy("strip", dir.path + "/missing.so", dir.path, 2, &copy, &err));
  EXPECT_EQ(err.rfind(dir.path + "/missing.so: cannot copy it", 0), 0u) << err;
}

}  // namespace
