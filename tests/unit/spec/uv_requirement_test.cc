// uv_build's Requires-Dist: each expected text is what uv_build 0.10.12 and 0.13.6 wrote for the
// dependency (tests/integration/requires_dist_test.py compares with the installed uv_build).
#include "spec/uv_requirement.h"

#include <gtest/gtest.h>

namespace {

std::string Uv(const std::string& dep, const std::string& extra = "") {
  Requirement r;
  std::string err, out;
  EXPECT_TRUE(ParseRequirement(dep, &r, &err)) << dep << ": " << err;
  return UvRequiresDist(r, extra, &out) ? out : "(backend)";
}

}  // namespace

TEST(UvRequirement, PythonVersionBecomesPythonFullVersion) {
  EXPECT_EQ(Uv("tomli; python_version < '3.11'"), "tomli ; python_full_version < '3.11'");
  EXPECT_EQ(Uv("tomli ; python_version<\"3.11\""), "tomli ; python_full_version < '3.11'");
  EXPECT_EQ(Uv("tomli; python_version <= '3.9'"), "tomli ; python_full_version < '3.10'");
  EXPECT_EQ(Uv("tomli; python_version <= '3.10'"), "tomli ; python_full_version < '3.11'");
  EXPECT_EQ(Uv("tomli; python_version > '3.13'"), "tomli ; python_full_version >= '3.14'");
  EXPECT_EQ(Uv("tomli; python_version >= '3.8'"), "tomli ; python_full_version >= '3.8'");
  EXPECT_EQ(Uv("tomli; python_version >= '4.0'"), "tomli ; python_full_version >= '4'");
  EXPECT_EQ(Uv("tomli; python_version < '3.0'"), "tomli ; python_full_version < '3'");
  EXPECT_EQ(Uv("tomli; python_version == '3.10'"), "tomli ; python_full_version == '3.10.*'");
  EXPECT_EQ(Uv("tomli; python_version == '3.0'"), "tomli ; python_full_version == '3.0.*'");
  EXPECT_EQ(Uv("tomli; python_version != '3.8'"), "tomli ; python_full_version != '3.8.*'");
  EXPECT_EQ(Uv("tomli; python_full_version <= '3.9.2'"), "tomli ; python_full_version <= '3.9.2'");
  EXPECT_EQ(Uv("tomli; python_full_version > '3.9.2'"), "tomli ; python_full_version > '3.9.2'");
}

TEST(UvRequirement, StringMarkersAndConjunctionsPythonFirst) {
  EXPECT_EQ(Uv("colorama; sys_platform == \"win32\""), "colorama ; sys_platform == 'win32'");
  EXPECT_EQ(Uv("x; platform_python_implementation != 'PyPy'"),
            "x ; platform_python_implementation != 'PyPy'");
  EXPECT_EQ(Uv("x; sys_platform == 'win32' and python_version < '3.11'"),
            "x ; python_full_version < '3.11' and sys_platform == 'win32'");
  EXPECT_EQ(Uv("x; os_name=='nt' and python_version<'3.11'", "dev-x"),
            "x ; python_full_version < '3.11' and os_name == 'nt' and extra == 'dev-x'");
  EXPECT_EQ(Uv("x", "dev"), "x ; extra == 'dev'");
}

// dnspython 2.9.2: `wmi>=1.5.1; platform_system=='Windows'` is `sys_platform == 'win32'` in the
// METADATA uv_build writes (checked with uv_build 0.13.6).
TEST(UvRequirement, PlatformSystemBecomesTheSysPlatformUvImplies) {
  EXPECT_EQ(Uv("wmi>=1.5.1; platform_system=='Windows'", "wmi"),
            "wmi>=1.5.1 ; sys_platform == 'win32' and extra == 'wmi'");
  EXPECT_EQ(Uv("x; platform_system != 'Windows'"), "x ; sys_platform != 'win32'");
  EXPECT_EQ(Uv("x; platform_system == 'Darwin'"), "x ; sys_platform == 'darwin'");
  EXPECT_EQ(Uv("x; platform_system == 'Linux' and python_version < '3.11'"),
            "x ; python_full_version < '3.11' and sys_platform == 'linux'");
}

// uv maps Emscripten, Android and AIX too, and keeps other values as written (uv_build 0.9.30 to
// 0.13.6 agree; Emscripten and FreeBSD went to the backend before).
TEST(UvRequirement, PlatformSystemOtherValuesAreMappedOrKeptAsUvDoes) {
  EXPECT_EQ(Uv("x; platform_system == 'Emscripten'"), "x ; sys_platform == 'emscripten'");
  EXPECT_EQ(Uv("x; platform_system != 'Emscripten'"), "x ; sys_platform != 'emscripten'");
  EXPECT_EQ(Uv("x; platform_system == 'Android' and python_version >= '3.9'"),
            "x ; python_full_version >= '3.9' and sys_platform == 'android'");
  EXPECT_EQ(Uv("x; platform_system != 'AIX'"), "x ; sys_platform != 'aix'");
  EXPECT_EQ(Uv("x; platform_system == 'FreeBSD'"), "x ; platform_system == 'FreeBSD'");
  EXPECT_EQ(Uv("x; python_version < '3.11' and platform_system == 'Java'", "j"),
            "x ; python_full_version < '3.11' and platform_system == 'Java' and extra == 'j'");
  EXPECT_EQ(Uv("x; platform_system != 'iOS'"), "x ; platform_system != 'iOS'");
  for (const char* dep : {"x; platform_system == 'windows'", "x; platform_system == 'Plan9'",
                          "x; platform_system == 'FreeBSD' and os_name == 'posix'"})
    EXPECT_EQ(Uv(dep), "(backend)") << dep;
}

TEST(UvRequirement, NameExtrasAndSpecifiersAsUvWritesThem) {
  // Normalized name and extras (in the order written), specifiers normalized in the order written.
  EXPECT_EQ(Uv("Foo_Bar[Y,x] >= 1.0, <2"), "foo-bar[y,x]>=1.0,<2");
  EXPECT_EQ(Uv("Foo_Bar[Y,x] <2, >= 1.0"), "foo-bar[y,x]>=1.0,<2");
  EXPECT_EQ(Uv("foo (>=1.0RC1)"), "foo>=1.0rc1");
  EXPECT_EQ(Uv("foo == 1.0.*"), "foo==1.0.*");
  EXPECT_EQ(Uv("foo===1.0RC1"), "(backend)");
  // Sorted by version, stably (uv-pep440 VersionSpecifiers::from_unsorted).
  EXPECT_EQ(Uv("a<2rC1,<1!2.0RC1,!=v1.0a2"), "a!=1.0a2,<2rc1,<1!2.0rc1");
  EXPECT_EQ(Uv("a<2,>=2,!=1.5"), "a!=1.5,<2,>=2");
  EXPECT_EQ(Uv("foo>=1.0-1"), "foo>=1.0.post1");
  EXPECT_EQ(Uv("foo @ https://example.org/foo-1.0.tar.gz ; os_name == 'nt'"),
            "foo @ https://example.org/foo-1.0.tar.gz ; os_name == 'nt'");
}

TEST(UvRequirement, FormsUvRewritesFurtherGoToTheBackend) {
  for (const char* dep : {
           "x; sys_platform == 'win32' or python_version < '3.11'",   // `or` meets the extra
           "x; platform_system == 'Plan9'",                           // not seen kept
           "x; platform_system == 'Linux' and os_name == 'posix'",    // two string terms
           "x; platform_release == '5.10'",                           // split on sys_platform
           "x; '3.11' > python_version",                              // reversed comparison
           "x; python_version >= '3.8' and python_version < '3.11'",  // a range of one variable
           "x; python_version in '3.8 3.9'",                          // `in`
           "x; python_version ~= '3.8'",                              // two bounds
           "x; python_version < '3'",                                 // one part
           "x; python_full_version >= '3.9.0'",                       // trailing zero dropped
           "x; sys_platform == 'win32' and os_name == 'nt'",          // related string variables
       })
    EXPECT_EQ(Uv(dep), "(backend)") << dep;
}
