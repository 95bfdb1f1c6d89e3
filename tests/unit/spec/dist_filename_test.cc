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
  ASSERT_TRUE(ParseDistFilename("ext-2.0-1-cp311-cp311-manylinux_2_17_x86_64.whl", &f, &err)) << err;
  EXPECT_EQ(f.build_tag, "1");
  EXPECT_EQ(f.python_tag, "cp311");
  ASSERT_TRUE(ParseDistFilename("my_pkg-1.0.post1.tar.gz", &f, &err)) << err;
  EXPECT_EQ(f.kind, DistKind::kSdist);
  EXPECT_EQ(f.name, "my_pkg");
  EXPECT_EQ(f.version, "1.0.post1");
  EXPECT_FALSE(ParseDistFilename("my_pkg-1.0.whl", &f, &err));
  EXPECT_NE(err.find("my_pkg-1.0.whl"), std::string::npos);
  EXPECT_FALSE(ParseDistFilename("README.md", &f, &err));
  EXPECT_EQ(BaseName("dist/a-1.tar.gz"), "a-1.tar.gz");
}
