#include <gtest/gtest.h>

#include "backend_test_util.h"

TEST(BackendUv, ModuleRootModuleNameIncludesExcludesAndData) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("uv", "uv-x", R"(
[tool.uv.build-backend]
module-root = ""
module-name = "fast_x"
source-include = ["docs/**"]
source-exclude = ["*.orig"]
wheel-exclude = ["fast_x/tests"]
data = { scripts = "bin", headers = "include" }
)"));
  tmp.Write("README.md", "x");
  tmp.Write("fast_x/__init__.py", "");
  tmp.Write("fast_x/a.py.orig", "");
  tmp.Write("fast_x/tests/test_a.py", "");
  tmp.Write("docs/x.md", "");
  tmp.Write("docs/y.orig", "");
  tmp.Write("bin/run", "", true);
  tmp.Write("include/x.h", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.sdist, Files({"README.md", "bin/run", "docs/x.md", "fast_x/__init__.py",
                            "fast_x/tests/test_a.py", "include/x.h", "pyproject.toml"}));
  EXPECT_EQ(r.wheel, Files({"fast_x/__init__.py", "uv_x-1.0.data/headers/x.h",
                            "uv_x-1.0.data/scripts/run"}));
}

TEST(BackendUv, DottedModuleNameIsANamespaceAndMissingInitIsAnError) {
  TempProject tmp;
  tmp.Write("pyproject.toml",
            Pyproject("uv", "acme-w", "[tool.uv.build-backend]\nmodule-name = \"acme.w\"\n"));
  tmp.Write("README.md", "x");
  tmp.Write("src/acme/w/__init__.py", "");
  tmp.Write("src/acme/other/__init__.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"acme/w/__init__.py"}));

  tmp.Write("pyproject.toml", Pyproject("uv", "missing", ""));
  r = SelectIn(tmp);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(Messages(r.diags).find("src/missing/__init__.py"), std::string::npos);
}

TEST(BackendUv, UnknownDataKeyIsRejected) {
  TempProject tmp;
  tmp.Write("pyproject.toml",
            Pyproject("uv", "d", "[tool.uv.build-backend]\ndata = { stuff = \"x\" }\n"));
  tmp.Write("README.md", "x");
  tmp.Write("src/d/__init__.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diags[0].field, "tool.uv.build-backend.data.stuff");
}
