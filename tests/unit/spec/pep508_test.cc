#include "spec/pep508.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace {

std::string Canon(const std::string& text) {
  Requirement r;
  std::string err;
  if (!ParseRequirement(text, &r, &err)) return "INVALID: " + err;
  return r.ToString();
}

}  // namespace

// Expected values from packaging 26.3's str(Requirement(x)).
TEST(Pep508, CanonicalForm) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"requests", "requests"},
      {"requests[security,socks]>=2.8.1,==2.8.*; python_version < '2.7'",
       "requests[security,socks]==2.8.*,>=2.8.1; python_version < \"2.7\""},
      {"name@http://foo.com", "name @ http://foo.com"},
      {"name @ https://x.org/a.whl ; os_name=='a'",
       "name @ https://x.org/a.whl ; os_name == \"a\""},
      {"pkg (>=1.0, <2)", "pkg<2,>=1.0"},
      {"pkg [Foo_Bar] >= 1", "pkg[Foo_Bar]>=1"},
      {"pkg; (python_version >= '3' or os_name == 'nt') and sys_platform != 'win32'",
       "pkg; (python_version >= \"3\" or os_name == \"nt\") and sys_platform != \"win32\""},
      {"pkg; ((python_version >= '3'))", "pkg; python_version >= \"3\""},
      {"pkg ; extra == 'Foo_Bar'", "pkg; extra == \"foo-bar\""},
      {"pkg;python_implementation=='CPython'",
       "pkg; platform_python_implementation == \"CPython\""},
      {"pkg; 'linux' in sys_platform", "pkg; \"linux\" in sys_platform"},
      {"pkg; python_version not in '2.6 2.7'", "pkg; python_version not in \"2.6 2.7\""},
      {"pkg; os.name == 'posix'", "pkg; os_name == \"posix\""},
      {"A.B-C_D", "A.B-C_D"},
      {"pkg[]", "pkg"},
      {"pkg; python_version < '3' and (os_name == 'a')",
       "pkg; python_version < \"3\" and os_name == \"a\""},
      {"pkg >=1.0,", "pkg>=1.0"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(Canon(in), want) << in;
}

TEST(Pep508, Invalid) {
  for (const char* bad :
       {"pkg >= 1.0 python_version", "pkg; python_version <", "pkg; foo == 'x'", "pkg[foo", "pkg @",
        "-pkg", "pkg; (python_version == '3'", "pkg==1.0.*.*", "pkg; python_version == \"3\" and",
        "pkg[a b]", "pkg ~= 1", "", "pkg; python_version = '3'", "pkg; os_name == 'a"}) {
    EXPECT_FALSE(IsValidRequirement(bad)) << bad;
  }
  Requirement r;
  std::string err;
  EXPECT_FALSE(ParseRequirement("pkg; python_version <", &r, &err));
  EXPECT_NE(err.find("Expected a marker variable or quoted string"), std::string::npos) << err;
  EXPECT_NE(err.find("column 22"), std::string::npos) << err;
}

TEST(Pep508, Parts) {
  Requirement r;
  ASSERT_TRUE(ParseRequirement("Foo.Bar [x, Y_z] >=1.0 ; python_version >= '3.8'", &r, nullptr));
  EXPECT_EQ(r.name, "Foo.Bar");
  EXPECT_EQ(r.extras, (std::vector<std::string>{"x", "Y_z"}));
  EXPECT_EQ(r.specifier.ToString(), ">=1.0");
  EXPECT_EQ(r.marker, "python_version >= \"3.8\"");
  EXPECT_TRUE(r.url.empty());
}

TEST(Pep508, MarkerAlone) {
  std::string canon, err;
  ASSERT_TRUE(ParseMarker("python_version>='3' and(os_name=='nt' or extra=='A.B')", &canon, &err))
      << err;
  EXPECT_EQ(canon, "python_version >= \"3\" and (os_name == \"nt\" or extra == \"a-b\")");
  EXPECT_FALSE(ParseMarker("python_version >= '3' or", &canon, &err));
  EXPECT_FALSE(ParseMarker("python_version >= '3')", &canon, &err));
  EXPECT_FALSE(ParseMarker("implementation_name", &canon, &err));
}

// hatchling and setuptools write extra dependencies this way (packaging compares them equal).
TEST(Pep508, RequiresDistForExtra) {
  Requirement r;
  ASSERT_TRUE(ParseRequirement("rich[Jupyter_X]>=10", &r, nullptr));
  EXPECT_EQ(RequiresDistForExtra(r, "cli"), "rich[jupyter-x]>=10; extra == \"cli\"");
  EXPECT_EQ(RequiresDist(r), "rich[jupyter-x]>=10");
  ASSERT_TRUE(
      ParseRequirement("uvloop; sys_platform != 'win32' or python_version < '3.9'", &r, nullptr));
  EXPECT_EQ(
      RequiresDistForExtra(r, "fast"),
      "uvloop; (sys_platform != \"win32\" or python_version < \"3.9\") and extra == \"fast\"");
  ASSERT_TRUE(ParseRequirement("pkg @ https://example.invalid/pkg.whl", &r, nullptr));
  EXPECT_EQ(RequiresDistForExtra(r, "x"), "pkg @ https://example.invalid/pkg.whl ; extra == \"x\"");
}
