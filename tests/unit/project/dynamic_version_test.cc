#include "project/dynamic_version.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

TEST(DynamicVersion, FindStringAssignment) {
  std::string v, err;
  EXPECT_TRUE(FindStringAssignment("__version__ = '1.0'\n", "__version__", &v, &err));
  EXPECT_EQ(v, "1.0");
  EXPECT_TRUE(FindStringAssignment("import x\n__version__: str = \"2.0\"  # comment\n", "__version__", &v, &err));
  EXPECT_EQ(v, "2.0");
  EXPECT_TRUE(FindStringAssignment("__version__ = ('3.'\n  '0')\n", "__version__", &v, &err));
  EXPECT_EQ(v, "3.0");
  // Not top level, inside a string, a comparison, or a longer name: not an assignment.
  EXPECT_FALSE(FindStringAssignment("if x:\n    __version__ = '1'\n", "__version__", &v, &err));
  EXPECT_FALSE(FindStringAssignment("s = '''\n__version__ = \"9\"\n'''\n", "__version__", &v, &err));
  EXPECT_FALSE(FindStringAssignment("__version__ == '1'\n", "__version__", &v, &err));
  EXPECT_FALSE(FindStringAssignment("__version__x = '1'\n", "__version__", &v, &err));
  // The first string assignment wins, as in flit (later files win over earlier ones).
  EXPECT_TRUE(FindStringAssignment("__version__ = get()\n__version__ = '4'\n__version__ = '5'\n", "__version__", &v,
                                   &err));
  EXPECT_EQ(v, "4");
  err.clear();
  EXPECT_FALSE(FindStringAssignment("__version__ = b'1'\n", "__version__", &v, &err));
  EXPECT_NE(err.find("must be a string"), std::string::npos) << err;
  EXPECT_FALSE(FindStringAssignment("__version__ = f'{x}'\n", "__version__", &v, &err));
  EXPECT_TRUE(FindStringAssignment("VERSION = r'1.0\\n'\n", "VERSION", &v, &err));
  EXPECT_EQ(v, "1.0\\n");
}

TEST(DynamicVersion, ModuleDocstring) {
  std::string doc;
  EXPECT_TRUE(ModuleDocstring("#!/usr/bin/env python\n# coding: utf-8\n\n\"\"\"Summary line.\n\n    Body.\n\"\"\"\n",
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
