#include "spec/names.h"

#include <gtest/gtest.h>

TEST(Names, ValidProjectNames) {
  EXPECT_TRUE(IsValidProjectName("a"));
  EXPECT_TRUE(IsValidProjectName("Repo-Agent"));
  EXPECT_TRUE(IsValidProjectName("zope.interface"));
  EXPECT_FALSE(IsValidProjectName(""));
  EXPECT_FALSE(IsValidProjectName("-leading"));
  EXPECT_FALSE(IsValidProjectName("trailing_"));
  EXPECT_FALSE(IsValidProjectName("sp ace"));
  EXPECT_FALSE(IsValidProjectName("caf\xc3\xa9"));
}

TEST(Names, Pep503Normalization) {
  EXPECT_EQ(NormalizeName("Friendly-Bard"), "friendly-bard");
  EXPECT_EQ(NormalizeName("FRIENDLY-BARD"), "friendly-bard");
  EXPECT_EQ(NormalizeName("friendly.bard"), "friendly-bard");
  EXPECT_EQ(NormalizeName("friendly_bard"), "friendly-bard");
  EXPECT_EQ(NormalizeName("friendly--bard"), "friendly-bard");
  EXPECT_EQ(NormalizeName("FrIeNdLy-._.-bArD"), "friendly-bard");
}

TEST(Names, FileNameForm) {
  EXPECT_EQ(FilenameName("Qt.py"), "qt_py");
  EXPECT_EQ(FilenameName("openbabel-wheel"), "openbabel_wheel");
  EXPECT_EQ(FilenameName("repo_agent"), "repo_agent");
}
