#include "spec/pep440.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace {

std::string Norm(const std::string& v) {
  std::string out, err;
  if (!NormalizeVersion(v, &out, &err)) return "INVALID";
  return out;
}

Pep440Version V(const std::string& s) {
  Pep440Version v;
  EXPECT_TRUE(ParseVersion(s, &v, nullptr)) << s;
  return v;
}

bool In(const std::string& spec, const std::string& version) {
  SpecifierSet set;
  EXPECT_TRUE(ParseSpecifierSet(spec, &set, nullptr)) << spec;
  return set.Contains(version);
}

}  // namespace

// Expected values from packaging 26.3's str(Version(x)).
TEST(Pep440, Normalization) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1.0", "1.0"},
      {"v1.0", "1.0"},
      {"V1.0", "1.0"},
      {"1.0-1", "1.0.post1"},
      {"1.0_post_1", "1.0.post1"},
      {"1.0.post", "1.0.post0"},
      {"1.0-r4", "1.0.post4"},
      {"1.0rev2", "1.0.post2"},
      {"1!2.0", "1!2.0"},
      {"0!2.0", "2.0"},
      {"1.0a", "1.0a0"},
      {"1.0alpha1", "1.0a1"},
      {"1.0.beta.2", "1.0b2"},
      {"1.0-preview-3", "1.0rc3"},
      {"1.0c1", "1.0rc1"},
      {"1.0pre2", "1.0rc2"},
      {"1.0RC1", "1.0rc1"},
      {"1.0.dev", "1.0.dev0"},
      {"1.0-dev5", "1.0.dev5"},
      {"1.0_dev_6", "1.0.dev6"},
      {"1.0+ubuntu-1", "1.0+ubuntu.1"},
      {"1.0+Ubuntu_01.A", "1.0+ubuntu.1.a"},
      {"  1.0  ", "1.0"},
      {"01.02.03", "1.2.3"},
      {"1.0a1.post2.dev3+loc", "1.0a1.post2.dev3+loc"},
      {"1.0.0", "1.0.0"},
      {"2012.10", "2012.10"},
      {"1.0.post0.dev0", "1.0.post0.dev0"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(Norm(in), want) << in;
}

TEST(Pep440, Invalid) {
  for (const char* bad :
       {"1.0-", "1..0", "1.0+", "1.0+foo..bar", "a1.0", "1.0a1a2", "1.0 a1", "", "1.0-foo",
        "1.0.dev1.post1", "1!", "1.0+-foo", "\xd9\xa3.0", "1.0.0-foo", "latest"}) {
    EXPECT_EQ(Norm(bad), "INVALID") << bad;
  }
  std::string out, err;
  EXPECT_FALSE(NormalizeVersion("1.0-foo", &out, &err));
  EXPECT_EQ(err, "Invalid version: '1.0-foo'");
}

TEST(Pep440, OrderingFromThePep) {
  const std::vector<std::string> order = {
      "1.0.dev456",    "1.0a1",         "1.0a2.dev456", "1.0a12.dev456",
      "1.0a12",        "1.0b1.dev456",  "1.0b2",        "1.0b2.post345.dev456",
      "1.0b2.post345", "1.0rc1.dev456", "1.0rc1",       "1.0",
      "1.0+abc.5",     "1.0+abc.7",     "1.0+5",        "1.0.post456.dev34",
      "1.0.post456",   "1.0.15",        "1.1.dev1",     "1!0.1"};
  for (size_t i = 0; i + 1 < order.size(); ++i) {
    EXPECT_LT(CompareVersions(V(order[i]), V(order[i + 1])), 0)
        << order[i] << " < " << order[i + 1];
    EXPECT_GT(CompareVersions(V(order[i + 1]), V(order[i])), 0);
  }
  EXPECT_EQ(CompareVersions(V("1.0"), V("1.0.0.0")), 0);
  EXPECT_EQ(CompareVersions(V("1.0+01"), V("1.0+1")), 0);
  EXPECT_LT(CompareVersions(V("1.0+a"), V("1.0+1")), 0);  // numeric local segments sort higher
}

TEST(Pep440, VersionParts) {
  Pep440Version v = V("2!1.2.3rc4.post5.dev6+Local.7");
  EXPECT_EQ(v.epoch, 2u);
  EXPECT_EQ(v.release, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_TRUE(v.IsPrerelease());
  EXPECT_TRUE(v.IsPostrelease());
  EXPECT_EQ(v.Public(), "2!1.2.3rc4.post5.dev6");
  EXPECT_EQ(v.BaseVersion(), "2!1.2.3");
  EXPECT_EQ(v.ToString(), "2!1.2.3rc4.post5.dev6+local.7");
}

TEST(Pep440, SpecifierValidity) {
  for (const char* ok :
       {">=3.9,<4", "~=3.8", "==1.*", "!=1.0", "===foo", "==1.0+local", "== 1.0.*", ">=3.9,,<4", "",
        ">=1.0a1", "~=1.0.post1", "<1.0.dev1", "~= 1.0", " >= 3.8 "}) {
    EXPECT_TRUE(IsValidSpecifierSet(ok)) << ok;
  }
  for (const char* bad : {"~=1", ">=1.0+local", "<=1.*", "==1.0.*.*", "==1.0a1.*", ">=3.9 <4",
                          "=>3", "==1.0+abc.*", ">3.x", "3.8", ">=", "===a b"}) {
    EXPECT_FALSE(IsValidSpecifierSet(bad)) << bad;
  }
  std::string err;
  SpecifierSet set;
  EXPECT_FALSE(ParseSpecifierSet(">=3.9,=>4", &set, &err));
  EXPECT_NE(err.find("=>4"), std::string::npos) << err;
}

// Expected values from packaging 26.3's SpecifierSet(s).contains(v).
TEST(Pep440, SpecifierContains) {
  EXPECT_TRUE(In(">=3.9,<4", "3.9"));
  EXPECT_FALSE(In(">=3.9,<4", "4.0"));
  EXPECT_TRUE(In(">=3.9,<4", "3.10.1"));
  EXPECT_TRUE(In("~=3.8", "3.9"));
  EXPECT_FALSE(In("~=3.8", "4.0"));
  EXPECT_TRUE(In("~=3.8.1", "3.8.5"));
  EXPECT_FALSE(In("~=3.8.1", "3.9"));
  EXPECT_TRUE(In("==1.*", "1.5"));
  EXPECT_FALSE(In("==1.*", "2.0"));
  EXPECT_FALSE(In("!=1.0", "1.0.0"));
  EXPECT_TRUE(In("!=1.0", "1.0.1"));
  EXPECT_TRUE(In("==1.0", "1.0+local"));
  EXPECT_FALSE(In("==1.0+local", "1.0"));
  EXPECT_FALSE(In("<2.0", "2.0a1"));
  EXPECT_TRUE(In(">=1.0", "2.0a1"));
  EXPECT_TRUE(In(">=1.0a1", "2.0a1"));
  EXPECT_FALSE(In(">1.0", "1.0.post1"));
  EXPECT_TRUE(In(">1.0.post1", "1.0.post2"));
  EXPECT_FALSE(In(">1.0", "1.0+loc"));
  EXPECT_TRUE(In("<=2.0", "2.0+loc"));
  EXPECT_TRUE(In("===1.0", "1.0"));
  EXPECT_FALSE(In("===1.0", "1.0.0"));
  EXPECT_TRUE(In("==1.0.*", "1.0a1"));
  EXPECT_TRUE(In("==2.*", "2"));
  EXPECT_FALSE(In("==1!1.*", "1.5"));
  EXPECT_TRUE(In(">=1.0", "1!0.5"));
  EXPECT_TRUE(In("", "0.0.1"));
  SpecifierSet set;
  ASSERT_TRUE(ParseSpecifierSet(">=1.0", &set, nullptr));
  EXPECT_FALSE(set.Contains("2.0a1", /*prereleases=*/false));
  ASSERT_TRUE(ParseSpecifierSet(">=1.0b1", &set, nullptr));
  EXPECT_TRUE(set.Contains("2.0a1", /*prereleases=*/false));
}

TEST(Pep440, RequiresPythonAdmitsPython2) {
  EXPECT_TRUE(SpecifierAllowsMajor("", 2));
  EXPECT_TRUE(SpecifierAllowsMajor("<4", 2));
  EXPECT_TRUE(SpecifierAllowsMajor(">=2.7,!=3.0.*,!=3.1.*", 2));
  EXPECT_TRUE(SpecifierAllowsMajor("!=3.0", 2));
  EXPECT_FALSE(SpecifierAllowsMajor(">=3.8", 2));
  EXPECT_FALSE(SpecifierAllowsMajor(">3", 2));
  EXPECT_FALSE(SpecifierAllowsMajor("~=3.8", 2));
  EXPECT_FALSE(SpecifierAllowsMajor("==3.*", 2));
  EXPECT_FALSE(SpecifierAllowsMajor("<2", 2));
  EXPECT_FALSE(SpecifierAllowsMajor("<=1.9", 2));
  EXPECT_FALSE(SpecifierAllowsMajor("!=2.*", 2));
  EXPECT_TRUE(SpecifierAllowsMajor(">=3.8", 3));
  EXPECT_FALSE(SpecifierAllowsMajor("<3", 3));
}
