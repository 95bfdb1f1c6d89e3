#include <gtest/gtest.h>

#include <cstdio>

#include "backend_test_util.h"

TEST(BackendSetuptools, ExplicitPackagesPackageDirAndPackageData) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("setuptools", "demo", R"(
[tool.setuptools]
packages = ["demo", "demo.sub"]
package-dir = {"" = "lib"}
include-package-data = false
[tool.setuptools.package-data]
"*" = ["*.txt"]
demo = ["templates/**/*.html"]
[tool.setuptools.exclude-package-data]
demo = ["skip.txt"]
)"));
  tmp.Write("README.md", "x");
  tmp.Write("lib/demo/__init__.py", "");
  tmp.Write("lib/demo/a.txt", "");
  tmp.Write("lib/demo/skip.txt", "");
  tmp.Write("lib/demo/templates/x/page.html", "");
  tmp.Write("lib/demo/sub/__init__.py", "");
  tmp.Write("lib/demo/sub/b.txt", "");
  tmp.Write("lib/demo/notpkg/c.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"demo/__init__.py", "demo/a.txt", "demo/sub/__init__.py",
                            "demo/sub/b.txt", "demo/templates/x/page.html"}));
}

TEST(BackendSetuptools, FindWithoutNamespacesNeedsInitFiles) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("setuptools", "demo", R"(
[tool.setuptools.packages.find]
namespaces = false
exclude = ["tests*"]
)"));
  tmp.Write("README.md", "x");
  tmp.Write("demo/__init__.py", "");
  tmp.Write("demo/data/x.py", "");  // no __init__.py: not a package without namespaces
  tmp.Write("tests/__init__.py", "");
  tmp.Write("tests/test_a.py", "");
  tmp.Write("tests/helper.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"demo/__init__.py"}));
  // tests/test*.py is a setuptools sdist default; tests/helper.py is not.
  EXPECT_EQ(r.sdist, Files({"README.md", "demo/__init__.py", "pyproject.toml", "tests/test_a.py"}));
}

TEST(BackendSetuptools, FlatLayoutWithTwoTopLevelPackagesIsRefused) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("setuptools", "demo", ""));
  tmp.Write("README.md", "x");
  tmp.Write("demo/__init__.py", "");
  tmp.Write("other/__init__.py", "");
  tmp.Write("docs/conf.py", "");  // excluded by the flat-layout finder
  SelectionResult r = SelectIn(tmp);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(Messages(r.diags).find("multiple top-level packages"), std::string::npos);
  EXPECT_NE(Messages(r.diags).find("demo, other"), std::string::npos);
}

TEST(BackendSetuptools, FlatLayoutSingleModuleAndPyModules) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("setuptools", "solo", ""));
  tmp.Write("README.md", "x");
  tmp.Write("solo.py", "");
  tmp.Write("setup.py", "");
  tmp.Write("conftest.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"solo.py"}));
  EXPECT_EQ(r.sdist, Files({"README.md", "pyproject.toml", "setup.py", "solo.py"}));

  tmp.Write("pyproject.toml",
            Pyproject("setuptools", "solo",
                      "[tool.setuptools]\npy-modules = [\"conftest\", \"solo\"]\n"));
  r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"conftest.py", "solo.py"}));
}

TEST(BackendSetuptools, IncludePackageDataTakesManifestFilesInsidePackages) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("setuptools", "demo", ""));
  tmp.Write("README.md", "x");
  tmp.Write("LICENSE.txt", "x");  // default license-files glob
  tmp.Write("MANIFEST.in", "recursive-include src *.cfg\ninclude notes.txt\n");
  tmp.Write("notes.txt", "");
  tmp.Write("src/demo/__init__.py", "");
  tmp.Write("src/demo/conf/app.cfg", "");
  tmp.Write("src/demo/other.dat", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"demo/__init__.py", "demo/conf/app.cfg"}));
  EXPECT_EQ(r.sdist, Files({"LICENSE.txt", "MANIFEST.in", "README.md", "notes.txt",
                            "pyproject.toml", "src/demo/__init__.py", "src/demo/conf/app.cfg"}));
}

TEST(BackendSetuptools, BadManifestLineIsReportedWithItsLine) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("setuptools", "demo", ""));
  tmp.Write("README.md", "x");
  tmp.Write("demo/__init__.py", "");
  tmp.Write("MANIFEST.in", "include README.md\ninclude-all *\n");
  SelectionResult r = SelectIn(tmp);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diags[0].path, tmp.dir() + "/MANIFEST.in");
  EXPECT_EQ(r.diags[0].line, 2);
}

// setuptools >= 69 ships each package's py.typed and *.pyi without package-data (measured with
// setuptools 81: `python -m build` puts them in both archives); exclude-package-data still wins.
TEST(BackendSetuptools, TypingFilesAreImplicitPackageData) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("setuptools", "demo", R"(
[tool.setuptools]
include-package-data = false
[tool.setuptools.exclude-package-data]
"demo.sub" = ["*.pyi"]
)"));
  tmp.Write("README.md", "x");
  tmp.Write("src/demo/__init__.py", "");
  tmp.Write("src/demo/py.typed", "");
  tmp.Write("src/demo/core.pyi", "");
  tmp.Write("src/demo/notes.txt", "");  // other data still needs package-data
  tmp.Write("src/demo/sub/__init__.py", "");
  tmp.Write("src/demo/sub/x.pyi", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel,
            Files({"demo/__init__.py", "demo/core.pyi", "demo/py.typed", "demo/sub/__init__.py"}));
  EXPECT_EQ(r.sdist, Files({"README.md", "pyproject.toml", "src/demo/__init__.py",
                            "src/demo/core.pyi", "src/demo/py.typed", "src/demo/sub/__init__.py"}));
}

// A py-modules entry without its file: setuptools warns and builds without it.
TEST(BackendSetuptools, MissingPyModuleIsAWarning) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("setuptools", "solo",
                                        "[tool.setuptools]\npy-modules = [\"solo\", \"gone\"]\n"));
  tmp.Write("README.md", "x");
  tmp.Write("solo.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"solo.py"}));
  ASSERT_EQ(r.diags.size(), 1u) << Messages(r.diags);
  EXPECT_EQ(r.diags[0].severity, Severity::kWarning);
  EXPECT_NE(r.diags[0].message.find("gone.py"), std::string::npos) << r.diags[0].message;
}

TEST(BackendSetuptools, AnEarlierBuildsSourcesTxtStartsTheSdist) {
  // python-json-logger 4.2.0 from a checkout: without setuptools-scm's file finder setuptools'
  // sdist starts from src/<egg name>.egg-info/SOURCES.txt, whose NOTICE no MANIFEST.in line names
  // (license-files is set, so the NOTICE* default does not apply). Listed files that are gone
  // are dropped; MANIFEST.in still applies after it.
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("setuptools", "python-json-logger", R"(
license-files = ["LICENSE"]
[tool.setuptools.packages.find]
where = ["src"]
)"));
  tmp.Write("README.md", "x");
  tmp.Write("LICENSE", "x");
  tmp.Write("NOTICE", "x");
  tmp.Write("notes.txt", "");
  tmp.Write("MANIFEST.in", "exclude notes.txt\n");
  tmp.Write("src/pythonjsonlogger/__init__.py", "");
  tmp.Write("src/pythonjsonlogger/data.json", "");
  tmp.Write("src/other.egg-info/SOURCES.txt", "README.md\n");  // another name's: not read
  SelectionResult before = SelectIn(tmp);
  ASSERT_TRUE(before.ok) << Messages(before.diags);
  EXPECT_EQ(before.sdist, Files({"LICENSE", "MANIFEST.in", "README.md", "pyproject.toml",
                                 "src/pythonjsonlogger/__init__.py"}));
  tmp.Write("src/python_json_logger.egg-info/SOURCES.txt",
            "NOTICE\nnotes.txt\ngone.txt\nsrc/pythonjsonlogger/data.json\n"
            "src/python_json_logger.egg-info/PKG-INFO\n");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.sdist, Files({"LICENSE", "MANIFEST.in", "NOTICE", "README.md", "pyproject.toml",
                            "src/pythonjsonlogger/__init__.py", "src/pythonjsonlogger/data.json"}));
  // include-package-data (the default) takes the listed package file into the wheel, as
  // setuptools' build_py does from the same SOURCES.txt.
  EXPECT_EQ(r.wheel, Files({"pythonjsonlogger/__init__.py", "pythonjsonlogger/data.json"}));
}

TEST(BackendSetuptools, AnUnpackedScmSdistsFileListReplacesSourcesTxt) {
  // setuptools-scm in an unpacked sdist whose root egg-info holds scm_version.json: its
  // scm_file_list.json is the file finder's list (the entries that exist), SOURCES.txt is not read,
  // MANIFEST.in still applies after it. Without the list, SOURCES.txt starts the sdist as before.
  TempProject tmp;
  tmp.Write("pyproject.toml",
            "[build-system]\nrequires = [\"setuptools\", \"setuptools-scm\"]\nbuild-backend = "
            "\"setuptools.build_meta\"\n[project]\nname = \"demo\"\nversion = \"1.0\"\n"
            "[tool.setuptools_scm]\n");
  tmp.Write("MANIFEST.in", "exclude notes.txt\n");
  tmp.Write("demo/__init__.py", "");
  tmp.Write("docs/guide.md", "");
  tmp.Write("docs/old.md", "");
  tmp.Write("notes.txt", "");
  tmp.Write("demo.egg-info/SOURCES.txt", "docs/old.md\n");
  tmp.Write("demo.egg-info/scm_version.json", "{\"tag\": \"1.0\", \"distance\": 0}\n");
  SelectionResult before = SelectIn(tmp);
  ASSERT_TRUE(before.ok) << Messages(before.diags);
  EXPECT_EQ(before.sdist,
            Files({"MANIFEST.in", "demo/__init__.py", "docs/old.md", "pyproject.toml"}));
  tmp.Write(
      "demo.egg-info/scm_file_list.json",
      "{\"files\": [\"docs/guide.md\", \"notes.txt\", \"gone.txt\", \"demo/__init__.py\"]}\n");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.sdist, Files({"MANIFEST.in", "demo/__init__.py", "docs/guide.md", "pyproject.toml"}));
  // An entry that exists but is no file (a directory) is a reason; the egg-info's own files are
  // not; a file an unpacked sdist's .gitignore drops from the native tree ships all the same
  // (setuptools never reads .gitignore), in the wheel too when it is package data.
  auto select = [&tmp](FileSelection* sel) {
    Project p;
    std::string err;
    EXPECT_TRUE(ProjectFromDir(tmp.dir(), &p, &err)) << err;
    std::vector<Diagnostic> diags;
    EXPECT_TRUE(SelectFiles(p, sel, &diags)) << Messages(diags);
  };
  tmp.Write("demo.egg-info/scm_file_list.json", "{\"files\": [\"docs\", \"demo/__init__.py\"]}\n");
  FileSelection sel;
  select(&sel);
  ASSERT_EQ(sel.unreproduced.size(), 1u);
  EXPECT_EQ(sel.unreproduced[0].first, "demo.egg-info/scm_file_list.json");
  EXPECT_NE(sel.unreproduced[0].second.find("lists 'docs'"), std::string::npos)
      << sel.unreproduced[0].second;
  std::remove((tmp.dir() + "/demo.egg-info/scm_file_list.json").c_str());
  tmp.Write(".gitignore", "*.log\n.*\n");
  tmp.Write("debug.log", "");
  tmp.Write("demo/data.log", "");
  tmp.Write("demo.egg-info/SOURCES.txt",
            ".gitignore\ndocs/old.md\ndebug.log\ndemo/data.log\ndemo.egg-info/PKG-INFO\n");
  tmp.Write("demo.egg-info/PKG-INFO", "");
  FileSelection again;
  select(&again);
  EXPECT_TRUE(again.unreproduced.empty());
  EXPECT_EQ(Paths(again.sdist), Files({".gitignore", "MANIFEST.in", "debug.log", "demo/__init__.py",
                                       "demo/data.log", "docs/old.md", "pyproject.toml"}));
  EXPECT_EQ(Paths(again.wheel), Files({"demo/__init__.py", "demo/data.log"}));
}
