// INI files as configparser reads them (.pypirc for twine, setup.cfg for setuptools).
#include "core/ini_file.h"

#include <gtest/gtest.h>

TEST(Ini, ParsesLikeConfigparser) {
  IniFile ini;
  std::string err;
  ASSERT_TRUE(
      ParseIni("# comment\n[distutils]\nindex-servers =\n    pypi\n    private\n\n[private]\n"
               "Repository: https://idx.invalid/legacy/\nusername = __token__\n; other comment\n"
               "[DEFAULT]\nca_cert = /ca.pem\n",
               "x.pypirc", &ini, &err))
      << err;
  EXPECT_EQ(ini.Get("distutils", "index-servers"), "\npypi\nprivate");
  EXPECT_EQ(ini.Get("private", "repository"),
            "https://idx.invalid/legacy/");             // keys are case-insensitive
  EXPECT_EQ(ini.Get("private", "ca_cert"), "/ca.pem");  // [DEFAULT] applies
  EXPECT_EQ(ini.key_lines["private.username"], 9);
  EXPECT_TRUE(ini.has_defaults);
}

TEST(Ini, ErrorsNameTheLineButNeverItsContent) {
  IniFile ini;
  std::string err;
  EXPECT_FALSE(ParseIni("[pypi]\npassword pypi-SECRETTOKEN\n", "f", &ini, &err));
  EXPECT_NE(err.find("f:2"), std::string::npos) << err;
  EXPECT_EQ(err.find("SECRETTOKEN"), std::string::npos) << err;
  EXPECT_FALSE(ParseIni("password = x\n", "f", &ini, &err));
  EXPECT_NE(err.find("f:1"), std::string::npos);
  EXPECT_FALSE(ParseIni("[a]\nk=1\n[a]\n", "f", &ini, &err));
  EXPECT_NE(err.find("twice"), std::string::npos);
  EXPECT_FALSE(ParseIni("[a\n", "f", &ini, &err));
  EXPECT_FALSE(ParseIni("[a]\nk = 1\nK = 2\n", "f", &ini, &err));  // keys fold case
}

// configparser keeps a blank line inside a value when more of the value follows, drops the
// blank lines at its end, and skips comment lines wherever they stand (setuptools' long
// inline descriptions and classifier lists go through exactly this).
TEST(Ini, BlankAndCommentLinesInsideValues) {
  IniFile ini;
  std::string err;
  ASSERT_TRUE(
      ParseIni("[metadata]\nlong_description = first\n\n    second\n  # not a line\n"
               "    third\n\n\nname = x\nclassifiers =\n    A\n# comment\n    B\n\n",
               "setup.cfg", &ini, &err))
      << err;
  EXPECT_EQ(ini.Get("metadata", "long_description"), "first\n\nsecond\nthird");
  EXPECT_EQ(ini.Get("metadata", "classifiers"), "\nA\nB");
  EXPECT_EQ(ini.Get("metadata", "name"), "x");
}

// The file's order and the keys as written, which setuptools keeps for extras, entry point groups
// and package names.
TEST(Ini, KeepsTheFileOrderAndTheKeysAsWritten) {
  IniFile ini;
  std::string err;
  ASSERT_TRUE(
      ParseIni("[options.entry_points]\nconsole_scripts = a = m:f\nMy_Group = b = m:g\n"
               "[metadata]\nname = x\n[ spaced ]\nk: v\n",
               "setup.cfg", &ini, &err))
      << err;
  ASSERT_EQ(ini.order.size(), 3u);
  EXPECT_EQ(ini.order[0].first, "options.entry_points");
  EXPECT_EQ(ini.order[0].second, (std::vector<std::string>{"console_scripts", "my_group"}));
  EXPECT_EQ(ini.KeysOf("metadata"), std::vector<std::string>{"name"});
  EXPECT_EQ(ini.key_spellings["options.entry_points.my_group"], "My_Group");
  EXPECT_EQ(ini.Get("options.entry_points", "console_scripts"), "a = m:f");  // the first '='
  EXPECT_EQ(ini.order[2].first, " spaced ");  // configparser keeps a header's spaces
  EXPECT_EQ(ini.section_lines["metadata"], 4);
  EXPECT_TRUE(ini.KeysOf("absent").empty());
}
