#include "build/member_names.h"

#include <gtest/gtest.h>

#include <string>

TEST(MemberNames, SortedNamesAreNewAndARepeatIsCaught) {
  MemberNames names;
  EXPECT_TRUE(names.Insert("p-1/a"));
  EXPECT_TRUE(names.Insert("p-1/b"));
  EXPECT_FALSE(names.Insert("p-1/b"));  // equal to the greatest: not greater, so looked up
  EXPECT_TRUE(names.Insert("p-1/c"));
  EXPECT_EQ(names.size(), 3u);
}

TEST(MemberNames, AnOutOfOrderNameIsLookedUpAmongAllEarlierOnes) {
  MemberNames names;
  EXPECT_TRUE(names.Insert("p-1/src/x.py"));
  EXPECT_TRUE(names.Insert("p-1/src/y.py"));
  EXPECT_TRUE(names.Insert("p-1/PKG-INFO"));   // before the greatest, new
  EXPECT_FALSE(names.Insert("p-1/src/x.py"));  // before the greatest, seen
  EXPECT_FALSE(names.Insert("p-1/PKG-INFO"));  // an out-of-order name is remembered too
  EXPECT_TRUE(names.Insert("p-1/src/z.py"));
  EXPECT_FALSE(names.Insert("p-1/src/z.py"));
}

// Past the scanned look-ups the hashes go into a hash set: names in descending order (every one
// a look-up) and repeats of early, late and out-of-order names are all still caught.
TEST(MemberNames, ManyOutOfOrderNamesGoThroughTheHashSet) {
  MemberNames names;
  for (int i = 999; i >= 0; --i) ASSERT_TRUE(names.Insert("m/" + std::to_string(i))) << i;
  for (int i = 0; i < 1000; i += 7) EXPECT_FALSE(names.Insert("m/" + std::to_string(i))) << i;
  EXPECT_TRUE(names.Insert("m/1000"));
  EXPECT_TRUE(names.Insert("a"));
  EXPECT_FALSE(names.Insert("a"));
  EXPECT_FALSE(names.Insert("m/1000"));
  EXPECT_EQ(names.size(), 1002u);
}
