#include "native/library_vendoring.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "test_support.h"

namespace {

TEST(LibraryVendoring, LibsDirIsNamedAfterTheDistAsAuditwheelNamesIt) {
  EXPECT_EQ(VendorLibsDir("fastthing"), "fastthing.libs");
  EXPECT_EQ(VendorLibsDir("Fast-Thing.x"), "fast_thing_x.libs");
}

TEST(LibraryVendoring, OriginPathLeadsFromTheFilesDirectoryToTheLibs) {
  EXPECT_EQ(OriginPathTo("fastthing/_core.so", "fastthing.libs"), "$ORIGIN/../fastthing.libs");
  EXPECT_EQ(OriginPathTo("a/b/c/_x.so", "a.libs"), "$ORIGIN/../../../a.libs");
  EXPECT_EQ(OriginPathTo("_top.so", "top.libs"), "$ORIGIN/top.libs");
}

// Without patchelf the error names it and how to get it; the selection is left as it was.
TEST(LibraryVendoring, MissingPatchelfIsNamed) {
  ScopedTempDir dir;
  std::string lib = dir.Write("libs/libfoo.so.1",
                              "\x7f"
                              "ELF pretend\n");
  PlatformInspection platform;
  ElfFile f;
  f.path = lib;
  platform.vendored.push_back(f);
  FileSelection selection;
  const char* old_path = getenv("PATH");
  std::string saved = old_path ? old_path : "";
  setenv("PATH", (dir.path + "/nowhere").c_str(), 1);
  std::vector<VendoredLibrary> vendored;
  std::string err;
  bool ok =
      VendorLibraries(platform, "demo.libs", dir.path + "/stage", &selection, &vendored, &err);
  setenv("PATH", saved.c_str(), 1);
  EXPECT_FALSE(ok);
  EXPECT_NE(err.find("vendoring needs the patchelf program"), std::string::npos) << err;
  EXPECT_NE(err.find("apt-get install patchelf"), std::string::npos) << err;
  EXPECT_TRUE(selection.wheel.empty());
  ASSERT_EQ(vendored.size(), 1u);
  // The hashed name: the first 8 hex digits of the file's sha256 between stem and suffix.
  EXPECT_EQ(vendored[0].new_soname.substr(0, 7), "libfoo-");
  EXPECT_EQ(vendored[0].new_soname.size(), std::string("libfoo-12345678.so.1").size());
  EXPECT_EQ(vendored[0].archive_path, "demo.libs/" + vendored[0].new_soname);
}

}  // namespace
