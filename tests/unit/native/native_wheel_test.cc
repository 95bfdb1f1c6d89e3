#include "native/native_wheel.h"

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace {

TEST(NativeWheel, ModuleArgumentsKeepTheFilesSuffix) {
  NativeModule m;
  std::string err;
  ASSERT_TRUE(
      ParseNativeModule("build/_core.cpython-311-x86_64-linux-gnu.so=fastthing/_core", &m, &err))
      << err;
  EXPECT_EQ(m.file, "build/_core.cpython-311-x86_64-linux-gnu.so");
  EXPECT_EQ(m.archive_path, "fastthing/_core.cpython-311-x86_64-linux-gnu.so");
  ASSERT_TRUE(ParseNativeModule("b/_core.abi3.so=pkg/sub/_core", &m, &err));
  EXPECT_EQ(m.archive_path, "pkg/sub/_core.abi3.so");
  ASSERT_TRUE(ParseNativeModule("b/libx.so=pkg/_x.so", &m, &err));  // a suffix given is kept
  EXPECT_EQ(m.archive_path, "pkg/_x.so");
  ASSERT_TRUE(ParseNativeModule("/a=b/c.so=pkg/_c", &m, &err));  // the last '=' splits
  EXPECT_EQ(m.file, "/a=b/c.so");
}

TEST(NativeWheel, BadModuleArgumentsSayWhy) {
  NativeModule m;
  std::string err;
  EXPECT_FALSE(ParseNativeModule("build/_core.so", &m, &err));
  EXPECT_EQ(err,
            "'build/_core.so': expected FILE=import/path (e.g. build/_core.so=fastthing/_core)");
  EXPECT_FALSE(ParseNativeModule("x.so=/abs/_core", &m, &err));
  EXPECT_EQ(err, "'/abs/_core': the import path must be relative and '/'-separated");
  EXPECT_FALSE(ParseNativeModule("x.so=pkg//_core", &m, &err));
  EXPECT_FALSE(ParseNativeModule("x.so=pkg/../_core", &m, &err));
  EXPECT_FALSE(ParseNativeModule("x.so=demo-1.0.dist-info/_core", &m, &err));
  EXPECT_EQ(err, "'demo-1.0.dist-info/_core': the .dist-info directory is the wheel writer's");
}

TEST(NativeWheel, PlanRefusesWhatItCannotTag) {
  ScopedTempDir dir;
  std::string text = dir.Write("pkg/_core.so", "not compiled\n");
  FileSelection selection;
  NativeWheelRequest request;
  request.abi_use = PythonAbiUse::kNone;
  NativeWheelPlan plan;
  std::string err;
  EXPECT_FALSE(PlanNativeWheel(request, &selection, &plan, &err));
  EXPECT_EQ(err, "no compiled files for the wheel");
  request.modules = {{text, "pkg/_core.so"}};
  EXPECT_FALSE(PlanNativeWheel(request, &selection, &plan, &err));
  EXPECT_EQ(err,
            text + ": not an ELF file (only Linux wheels are built from compiled files so far)");
  // The test binary is an ELF file; a platform tag given is used as is, a malformed one refused.
  request.modules = {{"/proc/self/exe", "pkg/_tool"}};
  request.platform_tag = "manylinux_2_17_x86_64; rm";
  EXPECT_FALSE(PlanNativeWheel(request, &selection, &plan, &err));
  EXPECT_NE(err.find("a platform tag has letters, digits"), std::string::npos) << err;
  request.platform_tag = "linux_x86_64";
  selection.wheel.push_back({"/stale/_tool", "pkg/_tool", false, false});
  ASSERT_TRUE(PlanNativeWheel(request, &selection, &plan, &err)) << err;
  EXPECT_EQ(plan.wheel.tag, "py3-none-linux_x86_64");
  EXPECT_FALSE(plan.wheel.purelib);
  ASSERT_EQ(selection.wheel.size(), 1u);  // the built file replaces a stale one at the same path
  EXPECT_EQ(selection.Source(selection.wheel[0]), "/proc/self/exe");
  EXPECT_TRUE(selection.wheel[0].executable);
}

}  // namespace
