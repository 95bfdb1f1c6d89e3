#include "build/pep517_build.h"

#include <gtest/gtest.h>

TEST(Pep517Build, ConfigSettingsAsBuildPassesThem) {
  EXPECT_EQ(ConfigSettingsJson({}), "{}");
  // A key given twice becomes a list, in order; values stay strings; first-seen key order.
  EXPECT_EQ(ConfigSettingsJson({{"b", "1"}, {"a", "x y"}, {"b", "2"}, {"b", "3"}, {"c", ""}}),
            R"({"b":["1","2","3"],"a":"x y","c":""})");
}
