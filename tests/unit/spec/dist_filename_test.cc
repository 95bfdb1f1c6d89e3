#include "spec/dist_filename.h"

#include <gtest/gtest.h>

TEST(DistFilename, WheelsAndSdists) {
  DistFilename f;
  std::string err;
  ASSERT_TRUE(ParseDistFilename("my_pkg-1.0-py2.py3-none-any.whl", &f, &err)) << err;
  EXPECT_EQ(f.kind, DistKind::kWheel);
  EXPECT_EQ(f.name, "my_pkg");
  EXPECT_EQ(f.version, "1.0");
  EXPECT_EQ(f.python_tag, "py2.py3");
  EXPECT_EQ(f.platform_tag, "any");
  ASSERT_TRUE(ParseDistFilename("ext-2.0-1-cp311-cp311-manylinux_2_17_x86_64.whl", &f, &err))
      << err;
  EXPECT_EQ(f.build_tag, "1");
  EXPECT_EQ(f.python_tag, "cp311");
  ASSERT_TRUE(ParseDistFilename("my_pkg-1.0.post1.tar.gz", &f, &err)) << err;
  EXPECT_EQ(f.kind, DistKind::kSdist);
  EXPECT_EQ(f.name, "my_pkg");
  EXPECT_EQ(f.version, "1.0.post1");
  EXPECT_FALSE(ParseDistFilename("my_pkg-1.0.whl", &f, &err));
  EXPECT_NE(err.find("my_pkg-1.0.whl"), std::string::npos);
  EXPECT_FALSE(ParseDistFilename("README.md", &f, &err));
}

TEST(DistFilename, SplitWheelKeepsPartsAsWritten) {
  DistFilename f;
  ASSERT_TRUE(SplitWheelFilename("a--py3-none-any.whl", &f));  // empty version: split, not judged
  EXPECT_EQ(f.name, "a");
  EXPECT_EQ(f.version, "");
  EXPECT_FALSE(SplitWheelFilename("a-1.0-none-any.whl", &f));  // four parts
  EXPECT_FALSE(SplitWheelFilename("a-1.0-py3-none-any.zip", &f));
  ASSERT_TRUE(SplitWheelFilename("A-1.0-7-py2.py3-none-Any.whl", &f));
  EXPECT_EQ(f.build_tag, "7");
  EXPECT_EQ(ExpandWheelTags(f), (std::vector<std::string>{"py2-none-any", "py3-none-any"}));
}
