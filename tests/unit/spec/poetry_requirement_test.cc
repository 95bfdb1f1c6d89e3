// poetry-core's Requires-Dist text: every expectation here is what poetry-core 2.5's
// Dependency.create_from_pep_508(text).to_pep_508() printed for the same input.
#include "spec/poetry_requirement.h"

#include <gtest/gtest.h>

namespace {

std::string Render(const std::string& dep, const std::string& extra = "") {
  std::string out, why;
  EXPECT_TRUE(PoetryRequiresDist(dep, extra, &out, &why)) << dep << ": " << why;
  return out;
}

std::string Refusal(const std::string& dep) {
  std::string out, why;
  EXPECT_FALSE(PoetryRequiresDist(dep, "", &out, &why)) << dep << " -> " << out;
  return why;
}

}  // namespace

TEST(PoetryRequirement, ConstraintsInParenthesesAsPoetryPrintsThem) {
  EXPECT_EQ(Render("requests>=2.0"), "requests (>=2.0)");
  EXPECT_EQ(Render("requests >= 2.0, <3"), "requests (>=2.0,<3)");
  EXPECT_EQ(Render("x<3,>=2"), "x (>=2,<3)");  // lower bound first
  EXPECT_EQ(Render("x<2.0,>1.0"), "x (>1.0,<2.0)");
  EXPECT_EQ(Render("requests==2.*"), "requests (==2.*)");
  EXPECT_EQ(Render("x!=1.0"), "x (!=1.0)");
  EXPECT_EQ(Render("x>1.0rc1"), "x (>1.0rc1)");
  EXPECT_EQ(Render("x (>=1.0)"), "x (>=1.0)");
  EXPECT_EQ(Render("Foo_Bar>=1"), "Foo_Bar (>=1)");  // the name as written
  EXPECT_EQ(Render("x"), "x");
}

TEST(PoetryRequirement, CompatibleReleaseExpandedAsPoetryDoes) {
  // A lone ~=V: >=V,<U, U the release without its last part, the new last part incremented and
  // zeros padded back to the release's length; pre, post and dev parts stay in the lower bound.
  EXPECT_EQ(Render("foo~=1.2"), "foo (>=1.2,<2.0)");
  EXPECT_EQ(Render("foo ~= 1.2.0"), "foo (>=1.2.0,<1.3.0)");
  EXPECT_EQ(Render("foo~=1.2.3.4"), "foo (>=1.2.3.4,<1.2.4.0)");
  EXPECT_EQ(Render("foo~=0.0.1"), "foo (>=0.0.1,<0.1.0)");
  EXPECT_EQ(Render("foo~=1.99.9"), "foo (>=1.99.9,<1.100.0)");
  EXPECT_EQ(Render("foo~=2.999.1"), "foo (>=2.999.1,<2.1000.0)");
  EXPECT_EQ(Render("foo~=2.0.0b1"), "foo (>=2.0.0b1,<2.1.0)");
  EXPECT_EQ(Render("foo~=1.2.post1"), "foo (>=1.2.post1,<2.0)");
  EXPECT_EQ(Render("foo~=1.2a1.post2.dev3"), "foo (>=1.2a1.post2.dev3,<2.0)");
  EXPECT_EQ(Render("foo (~=3.4)"), "foo (>=3.4,<4.0)");
  EXPECT_EQ(Render("foo~=1.2; python_version > '3.8'"),
            "foo (>=1.2,<2.0) ; python_version > \"3.8\"");
  EXPECT_EQ(Render("foo~=1.2", "x"), "foo (>=1.2,<2.0) ; extra == \"x\"");
}

TEST(PoetryRequirement, ExtrasNormalizedAndSorted) {
  EXPECT_EQ(Render("requests[socks,Security]>=2"), "requests[security,socks] (>=2)");
  EXPECT_EQ(Render("x[A_b]"), "x[a-b]");
}

TEST(PoetryRequirement, MarkersDoubleQuotedAndExtrasAppended) {
  EXPECT_EQ(Render("tomli; python_version < '3.11'"), "tomli ; python_version < \"3.11\"");
  EXPECT_EQ(Render("x>=1; python_version>='3.8' and sys_platform=='win32'"),
            "x (>=1) ; python_version >= \"3.8\" and sys_platform == \"win32\"");
  EXPECT_EQ(Render("x; sys_platform == 'win32' or os_name == 'nt'"),
            "x ; sys_platform == \"win32\" or os_name == \"nt\"");
  EXPECT_EQ(Render("x; python_full_version >= '3.8.1'"), "x ; python_full_version >= \"3.8.1\"");
  EXPECT_EQ(Render("d[B,a]<2,>=1", "x"), "d[a,b] (>=1,<2) ; extra == \"x\"");
  EXPECT_EQ(
      Render("poetry (>=1.2.0,<3.0.0) ; python_version < '4.0'", "poetry-plugin"),
      "poetry (>=1.2.0,<3.0.0) ; (python_version < \"4.0\") and (extra == \"poetry-plugin\")");
  EXPECT_EQ(Render("c; sys_platform == 'win32' or os_name == 'nt'", "x"),
            "c ; (sys_platform == \"win32\" or os_name == \"nt\") and (extra == \"x\")");
}

TEST(PoetryRequirement, WhatPoetryRewritesIsRefusedWithTheReason) {
  // poetry prints these differently: ~= merged with other bounds, bounds merged (>=3), reordered
  // (>=1.0,!=1.5,<2.0), ranges merged (python_version >= "3.9"), padded ("3.11.0").
  // ~= beside another specifier is merged (~=1.2,<1.5 -> >=1.2,<1.5); ~= on a version not in
  // normal form or with an epoch is printed in poetry's own form.
  EXPECT_NE(Refusal("requests~=2.1,<2.5").find("operator ~="), std::string::npos);
  EXPECT_NE(Refusal("requests~=2.1,!=2.3").find("operator ~="), std::string::npos);
  EXPECT_NE(Refusal("requests~=02.1").find("operator ~="), std::string::npos);
  EXPECT_NE(Refusal("requests~=1!2.1").find("operator ~="), std::string::npos);
  EXPECT_NE(Refusal("requests===2.1").find("operator ==="), std::string::npos);
  EXPECT_NE(Refusal("x>=2,>=3").find("merged or reordered"), std::string::npos);
  EXPECT_NE(Refusal("x>=1.0,<2.0,!=1.5").find("merged or reordered"), std::string::npos);
  EXPECT_NE(Refusal("x>=1.0,<=1.0").find("merged or reordered"), std::string::npos);
  EXPECT_NE(Refusal("x >= 01.0").find("not in normal form"), std::string::npos);
  EXPECT_NE(Refusal("x; python_version >= '3.8' and python_version >= '3.9'").find("marker"),
            std::string::npos);
  EXPECT_NE(Refusal("x; python_full_version < '3.11'").find("marker"), std::string::npos);
  EXPECT_NE(Refusal("x; (a == 'b' or os_name == 'nt') and sys_platform == 'x'").size(), 0u);
  EXPECT_NE(Refusal("x; python_version >= '3' and python_full_version < '3.9.1'").find("marker"),
            std::string::npos);
  EXPECT_NE(Refusal("x; os.name == 'nt'").find("'os.name'"), std::string::npos);
  EXPECT_NE(Refusal("x; python_version in '3.8 3.9'").find("marker"), std::string::npos);
  EXPECT_NE(Refusal("x; platform_release >= '5'").find("platform_release"), std::string::npos);
  EXPECT_NE(Refusal("x @ https://example.org/x-1.tar.gz").find("URL"), std::string::npos);
  EXPECT_FALSE(Refusal("not a requirement !").empty());
}
