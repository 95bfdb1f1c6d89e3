#include "spec/wheel_tags.h"

#include <gtest/gtest.h>

TEST(WheelTags, PureTagFollowsTheBackend) {
  Metadata m;
  m.name = "My.Pkg";
  m.version = "1.0";
  m.backend = Backend::kFlit;
  EXPECT_EQ(PureWheelTag(m), "py2.py3-none-any");  // flit: no requires-python admits Python 2
  m.requires_python = ">=3.8";
  EXPECT_EQ(PureWheelTag(m), "py3-none-any");
  m.requires_python = ">=2.7";
  m.backend = Backend::kHatch;
  EXPECT_EQ(PureWheelTag(m), "py2.py3-none-any");
  m.backend = Backend::kSetuptools;
  EXPECT_EQ(PureWheelTag(m), "py3-none-any");
  m.backend = Backend::kPyrelease;
  EXPECT_EQ(PureWheelTag(m), "py3-none-any");
  EXPECT_EQ(WheelFileName(m, "py3-none-any"), "my_pkg-1.0-py3-none-any.whl");
  EXPECT_EQ(SdistFileName(m), "my_pkg-1.0.tar.gz");
}
