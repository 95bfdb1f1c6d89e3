#include "spec/license.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "test_support.h"

namespace {

std::string Canon(const std::string& e) {
  std::string out, err;
  if (!CanonicalizeLicenseExpression(e, &out, &err)) return "ERR " + err;
  return out;
}

}  // namespace

// Expected values from packaging 26.3's canonicalize_license_expression.
TEST(License, Canonicalize) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"mit", "MIT"},
      {"MIT OR apache-2.0", "MIT OR Apache-2.0"},
      {"gpl-2.0+ WITH classpath-exception-2.0", "GPL-2.0+ WITH Classpath-exception-2.0"},
      {"(MIT)", "(MIT)"},
      {"LicenseRef-foo", "LicenseRef-foo"},
      {"licenseref-Foo.1", "LicenseRef-Foo.1"},
      {"mit or  (bsd-3-clause and 0bsd)", "MIT OR (BSD-3-Clause AND 0BSD)"},
      {"mit and (apache-2.0 or bsd-2-clause)", "MIT AND (Apache-2.0 OR BSD-2-Clause)"},
      {"GPL-2.0", "GPL-2.0"},
      {"MIT AND", "ERR Invalid license expression: 'MIT AND'"},
      {"(mit", "ERR Invalid license expression: '(mit'"},
      {"MIT ()", "ERR Invalid license expression: 'MIT ()'"},
      {"MIT (Apache-2.0)", "ERR Invalid license expression: 'MIT (Apache-2.0)'"},
      {"", "ERR Invalid license expression: ''"},
      {"WITH MIT", "ERR Invalid license expression: 'WITH MIT'"},
      {"MIT WITH", "ERR Invalid license expression: 'MIT WITH'"},
      {"Foo", "ERR Unknown license: 'foo'"},
      {"Use-it-after-midnight", "ERR Unknown license: 'use-it-after-midnight'"},
      {"MIT WITH Foo", "ERR Unknown license exception: 'foo'"},
      {"LicenseRef-a_b", "ERR Invalid licenseref: 'licenseref-a_b'"},
      {"LicenseRef-x+", "ERR Invalid licenseref: 'licenseref-x+'"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(Canon(in), want) << in;
}

TEST(License, Lookup) {
  std::string id;
  bool deprecated = false;
  EXPECT_TRUE(LookupSpdxLicense("apache-2.0", &id, &deprecated));
  EXPECT_EQ(id, "Apache-2.0");
  EXPECT_FALSE(deprecated);
  EXPECT_TRUE(LookupSpdxLicense("GPL-2.0", &id, &deprecated));
  EXPECT_TRUE(deprecated);
  EXPECT_TRUE(LookupSpdxException("llvm-exception", &id));
  EXPECT_EQ(id, "LLVM-exception");
  EXPECT_FALSE(LookupSpdxLicense("nope", &id));
  EXPECT_STRNE(SpdxListVersion(), "");
}

TEST(License, GlobValidation) {
  std::string err;
  for (const char* ok :
       {"LICENSE", "LICEN[CS]E*", "licenses/**", "**/COPYING.txt", "docs/?.md", "LICENSE-[a-z]"}) {
    EXPECT_TRUE(ValidateLicenseGlob(ok, &err)) << ok << ": " << err;
  }
  for (const char* bad : {"", "/LICENSE", "../LICENSE", "a\\b", "LICENSE{,.txt}", "a**b/x", "[abc",
                          "x]", "LIC ENSE", "[]"}) {
    EXPECT_FALSE(ValidateLicenseGlob(bad, &err)) << bad;
  }
}

TEST(License, GlobMatch) {
  EXPECT_TRUE(GlobMatch("LICEN[CS]E*", "LICENSE.txt"));
  EXPECT_TRUE(GlobMatch("LICEN[CS]E*", "LICENCE"));
  EXPECT_FALSE(GlobMatch("LICEN[CS]E*", "LICENZE"));
  EXPECT_FALSE(GlobMatch("*", "a/b"));
  EXPECT_TRUE(GlobMatch("**/NOTICE", "NOTICE"));
  EXPECT_TRUE(GlobMatch("**/NOTICE", "a/b/NOTICE"));
  EXPECT_TRUE(GlobMatch("licenses/**", "licenses/x/y.txt"));
  EXPECT_TRUE(GlobMatch("?.md", "a.md"));
  EXPECT_FALSE(GlobMatch("?.md", "ab.md"));
  EXPECT_TRUE(GlobMatch("[!a]x", "bx"));
  EXPECT_FALSE(GlobMatch("[!a]x", "ax"));
}

TEST(License, GlobFiles) {
  namespace fs = std::filesystem;
  ScopedTempDir temp;
  fs::path root = temp.path;
  fs::create_directories(root / "licenses" / "vendor");
  fs::create_directories(root / ".git");
  for (const char* f : {"LICENSE", "COPYING.md", "licenses/a.txt", "licenses/vendor/b.txt",
                        ".git/LICENSE", "README"}) {
    std::ofstream(root / f) << "x";
  }
  EXPECT_EQ(GlobFiles(root.string(), "LICEN[CS]E*"), (std::vector<std::string>{"LICENSE"}));
  EXPECT_EQ(GlobFiles(root.string(), "licenses/**"),
            (std::vector<std::string>{"licenses/a.txt", "licenses/vendor/b.txt"}));
  EXPECT_EQ(GlobFiles(root.string(), "**/LICENSE"), (std::vector<std::string>{"LICENSE"}));
  EXPECT_EQ(GlobFiles(root.string(), "**/*.txt"),
            (std::vector<std::string>{"licenses/a.txt", "licenses/vendor/b.txt"}));
  EXPECT_TRUE(GlobFiles(root.string(), "NOTICE*").empty());
}
