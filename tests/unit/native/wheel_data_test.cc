#include "native/wheel_data.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <string>

#include "test_support.h"

namespace {

std::vector<std::string> ArchivePaths(const FileSelection& s) {
  std::vector<std::string> out;
  for (const auto& f : s.wheel) out.push_back(f.archive_path);
  return out;
}

TEST(WheelData, SourcesNameASchemeAndAPath) {
  WheelDataSource d;
  std::string err;
  ASSERT_TRUE(ParseWheelDataSource("headers:/b/include", &d, &err)) << err;
  EXPECT_EQ(d.scheme, "headers");
  EXPECT_EQ(d.path, "/b/include");
  ASSERT_TRUE(ParseWheelDataSource("data:c:/x", &d, &err));  // the first ':' splits
  EXPECT_EQ(d.path, "c:/x");
  for (const char* bad : {"/b/include", "lib:/x", "data:", ":x"}) {
    EXPECT_FALSE(ParseWheelDataSource(bad, &d, &err)) << bad;
    EXPECT_EQ(err, "'" + std::string(bad) +
                       "': expected SCHEME:PATH with SCHEME one of data, headers, scripts, "
                       "purelib, platlib");
  }
}

TEST(WheelData, FilesAndDirectoriesGoToTheirSchemes) {
  ScopedTempDir dir;
  std::string header = dir.Write("include/fastthing.h", "int f();\n");
  dir.Write("include/fastthing/detail.h", "\n");
  std::string tool = dir.Write("bin/fastthing-tool", "#!/bin/sh\n");
  ASSERT_EQ(::chmod(tool.c_str(), 0755), 0);
  dir.Write("stage/fastthing/extra.py", "X = 1\n");
  FileSelection s;
  s.wheel.push_back({"/src/fastthing/extra.py", "fastthing/extra.py", false, false});
  std::vector<std::string> added;
  std::string err;
  ASSERT_TRUE(AddWheelData(
      {{"headers", dir.path + "/include"}, {"scripts", tool}, {"platlib", dir.path + "/stage"}},
      "fastthing-1.0.data/", &s, &added, &err))
      << err;
  EXPECT_EQ(ArchivePaths(s), (std::vector<std::string>{
                                 "fastthing-1.0.data/headers/fastthing.h",
                                 "fastthing-1.0.data/headers/fastthing/detail.h",
                                 "fastthing-1.0.data/scripts/fastthing-tool",
                                 "fastthing/extra.py",
                             }));
  // The staged file replaces the selected one at the same path; the script stays executable.
  EXPECT_EQ(s.Source(s.wheel[3]), dir.path + "/stage/fastthing/extra.py");
  EXPECT_TRUE(s.wheel[2].executable);
  EXPECT_FALSE(s.wheel[0].executable);
  EXPECT_EQ(added.size(), 4u);
  // The walked directories are inputs too: a file added there is noticed.
  EXPECT_NE(std::find(s.inputs.begin(), s.inputs.end(), dir.path + "/include/fastthing"),
            s.inputs.end());
  EXPECT_NE(std::find(s.inputs.begin(), s.inputs.end(), header), s.inputs.end());
}

TEST(WheelData, MissingAndEmptySourcesAreRefusedByName) {
  ScopedTempDir dir;
  FileSelection s;
  std::vector<std::string> added;
  std::string err;
  EXPECT_FALSE(AddWheelData({{"data", dir.path + "/nope"}}, "x-1.data/", &s, &added, &err));
  EXPECT_EQ(err, dir.path + "/nope: no such file or directory (for the wheel's data)");
  ASSERT_EQ(::mkdir((dir.path + "/void").c_str(), 0755), 0);
  EXPECT_FALSE(AddWheelData({{"scripts", dir.path + "/void"}}, "x-1.data/", &s, &added, &err));
  EXPECT_EQ(err, dir.path + "/void: the directory holds no file (for the wheel's scripts)");
}

}  // namespace
