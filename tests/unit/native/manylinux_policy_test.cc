#include "native/manylinux_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace {

ElfFile Elf(const std::string& path, std::vector<std::string> needed,
            std::map<std::string, std::vector<std::string>> versions,
            const std::string& arch = "x86_64") {
  ElfFile f;
  f.path = path;
  f.arch = arch;
  f.machine = 62;
  f.needed = std::move(needed);
  f.version_needs = std::move(versions);
  return f;
}

TEST(ManylinuxPolicy, DataIsLoadedInPriorityOrder) {
  const auto& all = PlatformPolicies();
  ASSERT_GT(all.size(), 10u);
  EXPECT_EQ(all.front().name, "manylinux_2_5");
  EXPECT_EQ(all.front().aliases, std::vector<std::string>{"manylinux1"});
  EXPECT_TRUE(all.front().whitelist.count("libc.so.6"));
  EXPECT_FALSE(all.front().whitelist.count("libcrypto.so.3"));
  for (size_t i = 1; i < all.size(); ++i) {
    if (all[i].libc == all[i - 1].libc) {
      EXPECT_LT(all[i].priority, all[i - 1].priority) << all[i].name;
    }
  }
  EXPECT_EQ(all.back().libc, "musl");
  EXPECT_TRUE(std::string(PlatformPolicySource()).find("auditwheel") == 0);
}

TEST(ManylinuxPolicy, OldestPolicyTheSymbolVersionsAllow) {
  PolicyChoice c;
  std::string err;
  ASSERT_TRUE(ChoosePlatformPolicy({Elf("m.so", {"libc.so.6"}, {{"libc.so.6", {"GLIBC_2.2.5"}}})},
                                   {}, &c, &err))
      << err;
  EXPECT_EQ(c.WheelPlatformTag(), "manylinux1_x86_64.manylinux_2_5_x86_64");
  EXPECT_TRUE(c.to_vendor.empty());
  ASSERT_TRUE(ChoosePlatformPolicy(
      {Elf("m.so", {"libc.so.6"}, {{"libc.so.6", {"GLIBC_2.2.5", "GLIBC_2.17", "GLIBC_2.14"}}})},
      {}, &c, &err));
  EXPECT_EQ(c.WheelPlatformTag(), "manylinux2014_x86_64.manylinux_2_17_x86_64");
  EXPECT_EQ(c.platform_tags,
            (std::vector<std::string>{"manylinux_2_17_x86_64", "manylinux2014_x86_64"}));
  EXPECT_EQ(c.highest_versions.at("GLIBC"), "2.17");
  ASSERT_TRUE(ChoosePlatformPolicy({Elf("m.so", {"libstdc++.so.6", "libc.so.6"},
                                        {{"libc.so.6", {"GLIBC_2.2.5"}},
                                         {"libstdc++.so.6", {"GLIBCXX_3.4.30", "CXXABI_1.3.9"}}})},
                                   {}, &c, &err));
  // GLIBCXX_3.4.30 (GCC 12's libstdc++) is first allowed by manylinux_2_35.
  EXPECT_EQ(c.policy->name, "manylinux_2_35") << c.WheelPlatformTag();
  EXPECT_EQ(c.WheelPlatformTag(), "manylinux_2_35_x86_64");
  EXPECT_EQ(c.highest_versions.at("GLIBCXX"), "3.4.30");
  // The loader's own version needs do not count.
  ASSERT_TRUE(ChoosePlatformPolicy(
      {Elf("m.so", {"libc.so.6"},
           {{"libc.so.6", {"GLIBC_2.2.5"}}, {"ld-linux-x86-64.so.2", {"GLIBC_2.35"}}})},
      {}, &c, &err));
  EXPECT_EQ(c.policy->name, "manylinux_2_5");
}

TEST(ManylinuxPolicy, LibrariesOutsideThePolicyAreToBeVendored) {
  PolicyChoice c;
  std::string err;
  std::vector<ElfFile> files = {
      Elf("pkg/_core.so",
          {"libcrypto.so.3", "libhelper.so", "libz.so.1", "libc.so.6", "ld-linux-x86-64.so.2"},
          {{"libc.so.6", {"GLIBC_2.4"}}}),
      Elf("pkg/libhelper.so", {"libc.so.6"}, {}),
  };
  ASSERT_TRUE(ChoosePlatformPolicy(files, {}, &c, &err)) << err;
  // libz is allowed, libhelper is in the wheel, the loader is the system's.
  EXPECT_EQ(c.to_vendor, std::vector<std::string>{"libcrypto.so.3"});
  EXPECT_EQ(c.policy->name, "manylinux_2_5");
  // The vendored library's own needs count: libcrypto built against glibc 2.34.
  ElfFile crypto = Elf("/usr/lib/libcrypto.so.3", {"libc.so.6"}, {{"libc.so.6", {"GLIBC_2.34"}}});
  ASSERT_TRUE(ChoosePlatformPolicy(files, {crypto}, &c, &err)) << err;
  EXPECT_EQ(c.policy->name, "manylinux_2_34");
}

TEST(ManylinuxPolicy, MuslAndFailures) {
  PolicyChoice c;
  std::string err;
  ASSERT_TRUE(ChoosePlatformPolicy({Elf("m.so", {"libc.musl-x86_64.so.1"}, {})}, {}, &c, &err))
      << err;
  EXPECT_EQ(c.WheelPlatformTag(), "musllinux_1_1_x86_64");
  EXPECT_TRUE(c.to_vendor.empty());
  EXPECT_FALSE(ChoosePlatformPolicy({Elf("m.so", {"libc.so.6"}, {{"libc.so.6", {"GLIBC_2.99"}}})},
                                    {}, &c, &err));
  EXPECT_NE(err.find("GLIBC_2.99"), std::string::npos) << err;
  EXPECT_FALSE(
      ChoosePlatformPolicy({Elf("a.so", {}, {}), Elf("b.so", {}, {}, "aarch64")}, {}, &c, &err));
  EXPECT_EQ(
      err,
      "b.so: architecture aarch64 differs from a.so (x86_64); one wheel holds one architecture");
  ElfFile unknown = Elf("w.so", {}, {}, "");
  unknown.machine = 9999;
  EXPECT_FALSE(ChoosePlatformPolicy({unknown}, {}, &c, &err));
  EXPECT_EQ(err, "w.so: unknown ELF machine 9999 (no platform tag for it)");
  EXPECT_FALSE(ChoosePlatformPolicy({}, {}, &c, &err));
}

}  // namespace
