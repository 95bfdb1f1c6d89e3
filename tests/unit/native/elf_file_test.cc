#include "native/elf_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/string_util.h"

namespace {

// The test binary itself is a real ELF file linking libstdc++ and libc.
std::string SelfBytes() {
  std::string data, err;
  EXPECT_TRUE(ReadFile("/proc/self/exe", &data, &err)) << err;
  return data;
}

TEST(ElfFile, ReadsTheTestBinary) {
  ElfFile elf;
  std::string err;
  ASSERT_TRUE(ReadElfFile("/proc/self/exe", &elf, &err)) << err;
#if defined(__x86_64__)
  EXPECT_EQ(elf.arch, "x86_64");
  EXPECT_EQ(elf.machine, 62);
#elif defined(__aarch64__)
  EXPECT_EQ(elf.arch, "aarch64");
#endif
  EXPECT_EQ(elf.is_64, sizeof(void*) == 8);
  EXPECT_NE(std::find(elf.needed.begin(), elf.needed.end(), "libc.so.6"), elf.needed.end());
  EXPECT_NE(std::find(elf.needed.begin(), elf.needed.end(), "libstdc++.so.6"), elf.needed.end());
  ASSERT_TRUE(elf.version_needs.count("libc.so.6"));
  const auto& libc = elf.version_needs.at("libc.so.6");
  EXPECT_TRUE(std::all_of(libc.begin(), libc.end(),
                          [](const std::string& v) { return StartsWith(v, "GLIBC_"); }));
  // Every program linked against glibc 2.34+ needs GLIBC_2.34 (__libc_start_main moved there);
  // older ones at least 2.2.5 (x86_64's base) or 2.17 (aarch64's).
  EXPECT_GE(CompareDottedVersions(elf.HighestVersion("GLIBC"), "2.2.5"), 0)
      << elf.HighestVersion("GLIBC");
  EXPECT_FALSE(elf.HighestVersion("GLIBCXX").empty());
  EXPECT_EQ(elf.HighestVersion("NOSUCH"), "");
}

TEST(ElfFile, BadInputNamesTheFileAndTheProblem) {
  ElfFile elf;
  std::string err;
  EXPECT_FALSE(ParseElfFile("x.so", "not an elf file at all", &elf, &err));
  EXPECT_EQ(err, "x.so: not an ELF file");
  std::string self = SelfBytes();
  std::string bad_class = self;
  bad_class[4] = 7;
  EXPECT_FALSE(ParseElfFile("x.so", bad_class, &elf, &err));
  EXPECT_EQ(err, "x.so: unknown ELF class 7");
  // Cut off before the section header table (it sits at the end of the file).
  EXPECT_FALSE(ParseElfFile("cut.so", self.substr(0, self.size() / 2), &elf, &err));
  EXPECT_TRUE(StartsWith(err, "cut.so: ")) << err;
  // Every truncation fails cleanly or parses; none reads outside the data.
  for (size_t n : {16u, 63u, 64u, 1000u}) {
    std::string e;
    ParseElfFile("t.so", self.substr(0, n), &elf, &e);
  }
  EXPECT_FALSE(ReadElfFile("/nonexistent/lib.so", &elf, &err));
  EXPECT_TRUE(StartsWith(err, "/nonexistent/lib.so: cannot open")) << err;
}

TEST(ElfFile, VersionsCompareNumerically) {
  EXPECT_LT(CompareDottedVersions("2.9", "2.10"), 0);
  EXPECT_GT(CompareDottedVersions("3.4.30", "3.4.9"), 0);
  EXPECT_EQ(CompareDottedVersions("2.17", "2.17"), 0);
  EXPECT_LT(CompareDottedVersions("2.2", "2.2.5"), 0);
  EXPECT_LT(CompareDottedVersions("1.3", "TM_1"), 0);
  EXPECT_EQ(SplitSymbolVersion("GLIBCXX_3.4.21"),
            (std::pair<std::string, std::string>{"GLIBCXX", "3.4.21"}));
  EXPECT_EQ(SplitSymbolVersion("CXXABI_TM_1"),
            (std::pair<std::string, std::string>{"CXXABI", "TM_1"}));
}

}  // namespace
