#include "project/dynamic_version.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

TEST(DynamicVersion, FindStringAssignment) {
  std::string v, err;
  EXPECT_TRUE(FindStringAssignment("__version__ = '1.0'\n", "__version__", &v, &err));
  EXPECT_EQ(v, "1.0");
  EXPECT_TRUE(FindStringAssignment("import x\n__version__: str = \"2.0\"  # comment\n",
                                   "__version__", &v, &err));
  EXPECT_EQ(v, "2.0");
  EXPECT_TRUE(FindStringAssignment("__version__ = ('3.'\n  '0')\n", "__version__", &v, &err));
  EXPECT_EQ(v, "3.0");
  // Not top level, inside a string, a comparison, or a longer name: not an assignment.
  EXPECT_FALSE(FindStringAssignment("if x:\n    __version__ = '1'\n", "__version__", &v, &err));
  EXPECT_FALSE(
      FindStringAssignment("s = '''\n__version__ = \"9\"\n'''\n", "__version__", &v, &err));
  EXPECT_FALSE(FindStringAssignment("__version__ == '1'\n", "__version__", &v, &err));
  EXPECT_FALSE(FindStringAssignment("__version__x = '1'\n", "__version__", &v, &err));
  // The first string assignment wins, as in flit (later files win over earlier ones).
  EXPECT_TRUE(FindStringAssignment("__version__ = get()\n__version__ = '4'\n__version__ = '5'\n",
                                   "__version__", &v, &err));
  EXPECT_EQ(v, "4");
  err.clear();
  EXPECT_FALSE(FindStringAssignment("__version__ = b'1'\n", "__version__", &v, &err));
  EXPECT_NE(err.find("must be a string"), std::string::npos) << err;
  EXPECT_FALSE(FindStringAssignment("__version__ = f'{x}'\n", "__version__", &v, &err));
  EXPECT_TRUE(FindStringAssignment("VERSION = r'1.0\\n'\n", "VERSION", &v, &err));
  EXPECT_EQ(v, "1.0\\n");
  // A chained assignment assigns every target (tinycss2 1.5.1: `VERSION = __version__ = '1.5.1'`).
  EXPECT_TRUE(FindStringAssignment("VERSION = __version__ = '1.5.1'\n", "__version__", &v, &err));
  EXPECT_EQ(v, "1.5.1");
  EXPECT_TRUE(FindStringAssignment("__version__ = VERSION = '1.6'\n", "__version__", &v, &err));
  EXPECT_EQ(v, "1.6");
  EXPECT_FALSE(FindStringAssignment("a = b = '1'\n", "__version__", &v, &err));
  EXPECT_FALSE(FindStringAssignment("x = __version__\n", "__version__", &v, &err));
}

TEST(DynamicVersion, ModuleDocstring) {
  std::string doc;
  EXPECT_TRUE(ModuleDocstring(
      "#!/usr/bin/env python\n# coding: utf-8\n\n\"\"\"Summary line.\n\n    Body.\n\"\"\"\n",
      &doc));
  EXPECT_EQ(doc, "Summary line.\n\nBody.");
  EXPECT_TRUE(ModuleDocstring("'One line'\nx = 1\n", &doc));
  EXPECT_EQ(doc, "One line");
  EXPECT_FALSE(ModuleDocstring("import os\n\"\"\"Not a docstring.\"\"\"\n", &doc));
  EXPECT_FALSE(ModuleDocstring("", &doc));
}

TEST(DynamicVersion, FindModuleLayouts) {
  namespace fs = std::filesystem;
  ScopedTempDir temp;
  fs::path root = temp.path;
  fs::create_directories(root / "src" / "pkg");
  fs::create_directories(root / "ns" / "sub");
  std::ofstream(root / "single.py") << "";
  std::ofstream(root / "both.py") << "";
  fs::create_directories(root / "both");
  ModuleLocation loc;
  std::string err;
  ASSERT_TRUE(FindModule(root.string(), "pkg", &loc, &err)) << err;
  EXPECT_EQ(loc.rel_path, "src/pkg");
  EXPECT_TRUE(loc.is_package);
  ASSERT_TRUE(FindModule(root.string(), "single", &loc, &err)) << err;
  EXPECT_EQ(loc.rel_path, "single.py");
  EXPECT_FALSE(loc.is_package);
  ASSERT_TRUE(FindModule(root.string(), "ns.sub", &loc, &err)) << err;
  EXPECT_EQ(loc.rel_path, "ns/sub");
  EXPECT_FALSE(FindModule(root.string(), "both", &loc, &err));
  EXPECT_NE(err.find("multiple files or folders"), std::string::npos) << err;
  EXPECT_FALSE(FindModule(root.string(), "absent", &loc, &err));
  EXPECT_NE(err.find("no module 'absent'"), std::string::npos) << err;
}

TEST(DynamicVersion, FlitModuleName) {
  toml::parse_result doc = toml::parse("[tool.flit.module]\nname = \"custom\"\n");
  ASSERT_TRUE(doc);
  EXPECT_EQ(FlitModuleName(doc.table(), "whatever"), "custom");
  toml::parse_result empty = toml::parse("");
  EXPECT_EQ(FlitModuleName(empty.table(), "my-pkg"), "my_pkg");
  EXPECT_EQ(FlitModuleName(empty.table(), "types-foo-stubs"), "types_foo-stubs");
}

TEST(DynamicVersion, FindImportOf) {
  std::string module, imported;
  EXPECT_TRUE(
      FindImportOf("from .package_data import __version__\n", "__version__", &module, &imported));
  EXPECT_EQ(module, ".package_data");
  EXPECT_EQ(imported, "__version__");
  EXPECT_TRUE(
      FindImportOf("import os\nfrom pkg._version import (  # generated\n    version as "
                   "__version__,\n    x,\n)\n",
                   "__version__", &module, &imported));
  EXPECT_EQ(module, "pkg._version");
  EXPECT_EQ(imported, "version");
  // Inside a function, another name, or `import x as y` of a module: not a re-export of the name.
  EXPECT_FALSE(FindImportOf("def f():\n    from .v import __version__\n", "__version__", &module,
                            &imported));
  EXPECT_FALSE(FindImportOf("from .v import version\n", "__version__", &module, &imported));
  EXPECT_FALSE(FindImportOf("import v as __version__\n", "__version__", &module, &imported));
}

TEST(DynamicVersion, FindModuleStringFollowsReexports) {
  ScopedTempDir dir;
  dir.Write("src/pkg/__init__.py", "\"\"\"Doc.\"\"\"\nfrom .package_data import __version__\n");
  dir.Write("src/pkg/package_data.py", "from pkg.sub.v import VERSION as __version__\n");
  dir.Write("src/pkg/sub/__init__.py", "");
  dir.Write("src/pkg/sub/v.py", "VERSION = '2.31.0'\n");
  dir.Write("src/pkg/computed.py", "from .calc import __version__\n");
  dir.Write("src/pkg/calc.py", "__version__ = '.'.join(map(str, (1, 2)))\n");
  std::string value, in, err;
  ASSERT_TRUE(FindModuleString(dir.path, "src/pkg/__init__.py", "__version__", {"", "src"}, &value,
                               &in, &err))
      << err;
  EXPECT_EQ(value, "2.31.0");
  EXPECT_EQ(in, "src/pkg/sub/v.py");
  // A computed value is not followed into: the error names the file (the backend path decides).
  EXPECT_FALSE(FindModuleString(dir.path, "src/pkg/computed.py", "__version__", {"", "src"}, &value,
                                &in, &err));
  EXPECT_NE(err.find("src/pkg/calc.py"), std::string::npos) << err;
  dir.Write("src/pkg/missing.py", "from .nowhere import __version__\n");
  EXPECT_FALSE(FindModuleString(dir.path, "src/pkg/missing.py", "__version__", {"", "src"}, &value,
                                &in, &err));
  EXPECT_NE(err.find(".nowhere"), std::string::npos) << err;
}

// A backend pyrelease has no rules for (scikit-build-core here) computes a dynamic version itself:
// the error names that backend and project.dynamic, not [tool.setuptools.dynamic] (what the
// CMake package's configure step printed for mapbox-earcut). With setuptools' table, it is read.
TEST(DynamicVersion, AnUnknownBackendsDynamicVersionIsNamedAsItsOwn) {
  toml::parse_result doc = toml::parse(
      "[build-system]\nbuild-backend = \"scikit_build_core.build\"\n"
      "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n");
  ASSERT_TRUE(doc);
  std::string version, from;
  DynamicError err;
  EXPECT_FALSE(
      ResolveDynamicVersion(".", doc.table(), Backend::kUnknown, "demo", &version, &from, &err));
  EXPECT_EQ(err.key, "project.dynamic");
  EXPECT_NE(err.message.find("'scikit_build_core.build' computes it"), std::string::npos)
      << err.message;
  EXPECT_EQ(err.message.find("tool.setuptools"), std::string::npos) << err.message;

  ScopedTempDir dir;
  dir.Write("VERSION", "1.2.3\n");
  toml::parse_result with_table = toml::parse(
      "[build-system]\nbuild-backend = \"scikit_build_core.build\"\n"
      "[tool.setuptools.dynamic]\nversion = {file = \"VERSION\"}\n");
  ASSERT_TRUE(with_table);
  err = DynamicError();
  EXPECT_TRUE(ResolveDynamicVersion(dir.path, with_table.table(), Backend::kUnknown, "demo",
                                    &version, &from, &err))
      << err.message;
  EXPECT_EQ(version, "1.2.3");
}
