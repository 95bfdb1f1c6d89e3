#include <gtest/gtest.h>

#include "backend_test_util.h"

TEST(BackendFlit, ModuleNameSdistIncludeExcludeAndExternalData) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("flit", "my-dist", R"(
[tool.flit.module]
name = "realname"
[tool.flit.sdist]
include = ["doc/**/*.rst", "extra.txt"]
exclude = ["realname/_private.py", "doc/skip.rst"]
[tool.flit.external-data]
directory = "data"
)"));
  tmp.Write("README.md", "x");
  tmp.Write("realname/__init__.py", "");
  tmp.Write("realname/_private.py", "");
  tmp.Write("doc/a.rst", "");
  tmp.Write("doc/skip.rst", "");
  tmp.Write("doc/b.md", "");
  tmp.Write("extra.txt", "");
  tmp.Write("data/share/x.txt", "");
  tmp.Write("unrelated.txt", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.sdist, Files({"README.md", "data/share/x.txt", "doc/a.rst", "extra.txt",
                            "pyproject.toml", "realname/__init__.py"}));
  // flit's sdist excludes do not touch the wheel, which is the whole module.
  EXPECT_EQ(r.wheel, Files({"my_dist-1.0.data/data/share/x.txt", "realname/__init__.py",
                            "realname/_private.py"}));
}

TEST(BackendFlit, SrcLayoutAndDefaultModuleName) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("flit", "pkg-two", ""));
  tmp.Write("README.md", "x");
  tmp.Write("src/pkg_two/__init__.py", "");
  tmp.Write("src/pkg_two/sub/m.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"pkg_two/__init__.py", "pkg_two/sub/m.py"}));
  EXPECT_EQ(r.sdist, Files({"README.md", "pyproject.toml", "src/pkg_two/__init__.py",
                            "src/pkg_two/sub/m.py"}));
}

TEST(BackendFlit, ExcludingTheModuleIsAnError) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("flit", "m", "[tool.flit.sdist]\nexclude = [\"m.py\"]\n"));
  tmp.Write("README.md", "x");
  tmp.Write("m.py", "");
  SelectionResult r = SelectIn(tmp);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(Messages(r.diags).find("m.py"), std::string::npos);
  EXPECT_NE(Messages(r.diags).find("excludes it"), std::string::npos);
}

TEST(BackendFlit, MissingModuleAndBadTypesPointAtTheKey) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("flit", "x", "[tool.flit.module]\nname = \"nothere\"\n"));
  tmp.Write("README.md", "x");
  SelectionResult r = SelectIn(tmp);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diags[0].field, "tool.flit.module.name");
  EXPECT_EQ(r.diags[0].line, 10);
  EXPECT_NE(r.diags[0].message.find("nothere"), std::string::npos);

  tmp.Write("pyproject.toml", Pyproject("flit", "x", "[tool.flit.sdist]\ninclude = \"docs\"\n"));
  tmp.Write("x.py", "");
  r = SelectIn(tmp);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diags[0].field, "tool.flit.sdist.include");
  EXPECT_EQ(r.diags[0].line, 10);
  EXPECT_EQ(r.diags[0].column, 11);
}
