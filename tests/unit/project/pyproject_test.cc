#include "project/pyproject.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

// A throw-away project directory holding the given files.
class TempProject {
 public:
  explicit TempProject(const std::map<std::string, std::string>& files) {
    root_ = temp_.path;
    for (const auto& [path, text] : files) {
      fs::create_directories((root_ / path).parent_path());
      std::ofstream(root_ / path, std::ios::binary) << text;
    }
  }
  std::string dir() const { return root_.string(); }

 private:
  ScopedTempDir temp_;  // declared first: root_ is read from it
  fs::path root_;
};

std::string Errors(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += FormatDiagnostic(d) + "\n";
  return out;
}

const char kFlitHeader[] =
    "[build-system]\nrequires = [\"flit_core\"]\nbuild-backend = \"flit_core.buildapi\"\n";

}  // namespace

TEST(Pyproject, LoadsFixtureWithExtras) {
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(LoadProject(std::string(PYRELEASE_TEST_PROJECTS_DIR) + "/extras", &p, &diags))
      << Errors(diags);
  const Metadata& m = p.meta;
  EXPECT_EQ(m.name, "extras-demo");
  EXPECT_EQ(m.version, "0.1.0");
  EXPECT_EQ(m.backend, Backend::kFlit);
  EXPECT_EQ(m.license_expression, "MIT");
  EXPECT_EQ(m.license_files, (std::vector<std::string>{"LICENSE"}));
  EXPECT_EQ(m.readme.content_type, "text/markdown");
  EXPECT_FALSE(m.readme.text.empty());
  ASSERT_EQ(m.optional_dependencies.size(), 3u);
  EXPECT_EQ(m.optional_dependencies[1].first, "cli");
  ASSERT_EQ(m.authors.size(), 1u);
  EXPECT_EQ(m.authors[0].email, "tests@example.org");
}

// A readme file as each backend reads it: hatchling, flit_core, setuptools, pdm-backend and
// poetry-core in Python's text mode ("\r\n" and a lone "\r" become "\n"), uv_build as bytes
// (pytest-xdist's CRLF README.rst built from a checkout; checked with each backend).
TEST(Pyproject, AReadmeWithCrLfIsReadAsTheBackendReadsIt) {
  const std::string crlf = "# Title\r\n\r\nline one\r\nline two\rlone cr\n";
  for (const auto& [backend, requires_, text] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"hatchling.build", "hatchling", "# Title\n\nline one\nline two\nlone cr\n"},
           {"flit_core.buildapi", "flit_core", "# Title\n\nline one\nline two\nlone cr\n"},
           {"setuptools.build_meta", "setuptools", "# Title\n\nline one\nline two\nlone cr\n"},
           {"uv_build", "uv_build", crlf}}) {
    for (const std::string readme : {"readme = \"README.md\"",
                                     "readme = {file = \"README.md\", content-type = "
                                     "\"text/markdown\"}"}) {
      TempProject t(
          {{"pyproject.toml",
            "[build-system]\nrequires = [\"" + requires_ + "\"]\nbuild-backend = \"" + backend +
                "\"\n[project]\nname = \"demo\"\nversion = \"1\"\n" + readme + "\n"},
           {"README.md", crlf},
           {"demo/__init__.py", ""},
           {"src/demo/__init__.py", ""}});
      Project p;
      std::vector<Diagnostic> diags;
      ASSERT_TRUE(LoadProject(t.dir(), &p, &diags)) << backend << "\n" << Errors(diags);
      EXPECT_EQ(p.meta.readme.text, text) << backend << " " << readme;
    }
  }
}

TEST(Pyproject, HatchRegexVersionFixture) {
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(
      LoadProject(std::string(PYRELEASE_TEST_PROJECTS_DIR) + "/dynamic_version", &p, &diags))
      << Errors(diags);
  EXPECT_EQ(p.meta.version, "2.3.4");
  EXPECT_EQ(p.meta.dynamic, (std::vector<std::string>{"version"}));
  EXPECT_EQ(p.meta.backend, Backend::kHatch);
}

TEST(Pyproject, FlitVersionFilesAndDocstring) {
  TempProject t(
      {{"pyproject.toml",
        std::string(kFlitHeader) +
            "[project]\nname = \"My-Pkg\"\ndynamic = [\"version\", \"description\"]\n"},
       {"src/My_Pkg/__init__.py",
        "\"\"\"Does things.\n\n    More detail.\n\"\"\"\nfrom ._version import __version__\n"},
       {"src/My_Pkg/_version.py", "__version__: str = 'v1.0-1'  # set by release\n"}});
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(LoadProject(t.dir(), &p, &diags)) << Errors(diags);
  EXPECT_EQ(p.meta.version, "1.0.post1");
  EXPECT_EQ(p.meta.summary, "Does things.");
}

TEST(Pyproject, FlitInitWinsOverVersionPy) {
  TempProject t(
      {{"pyproject.toml",
        std::string(kFlitHeader) +
            "[project]\nname = \"pkg\"\ndynamic = [\"version\"]\n[tool.flit.module]\n"
            "name = \"other\"\n"},
       {"other/__init__.py", "x = '''\n__version__ = \"9\"\n'''\n__version__ = \"2.0\"\n"},
       {"other/version.py", "__version__ = \"1.0\"\n"}});
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(LoadProject(t.dir(), &p, &diags)) << Errors(diags);
  EXPECT_EQ(p.meta.version, "2.0");
}

TEST(Pyproject, SetuptoolsAttrAndFile) {
  const std::string header =
      "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n"
      "[project]\nname = \"st\"\ndynamic = [\"version\", \"dependencies\", \"readme\"]\n";
  TempProject attr({{"pyproject.toml",
                     header + "[tool.setuptools.dynamic]\nversion = {attr = \"st.about.VERSION\"}\n"
                              "dependencies = {file = \"requirements.txt\"}\n"
                              "readme = {file = [\"README.rst\", \"CHANGES.rst\"]}\n"},
                    {"src/st/__init__.py", ""},
                    {"src/st/about.py", "VERSION = (\n    \"3.1\"\n)\n"},
                    {"requirements.txt", "# pinned\nrequests>=2  # http\n\nclick\n"},
                    {"README.rst", "Title\n=====\n"},
                    {"CHANGES.rst", "1.0\n---\n"}});
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(LoadProject(attr.dir(), &p, &diags)) << Errors(diags);
  EXPECT_EQ(p.meta.version, "3.1");
  EXPECT_EQ(p.meta.dependencies, (std::vector<std::string>{"requests>=2", "click"}));
  EXPECT_EQ(p.meta.readme.content_type, "text/x-rst");
  EXPECT_EQ(p.meta.readme.text, "Title\n=====\n\n1.0\n---\n");

  TempProject file(
      {{"pyproject.toml",
        "[project]\nname = \"st\"\ndynamic = [\"version\"]\n[tool.setuptools.dynamic]\n"
        "version = {file = \"VERSION\"}\n"},
       {"VERSION", "  4.0rc1\n"}});
  diags.clear();
  ASSERT_TRUE(LoadProject(file.dir(), &p, &diags)) << Errors(diags);
  EXPECT_EQ(p.meta.version, "4.0rc1");
  EXPECT_EQ(p.meta.backend, Backend::kUnknown);
}

TEST(Pyproject, SetuptoolsClassifiersAndDescriptionFiles) {
  TempProject t(
      {{"pyproject.toml",
        "[build-system]\nbuild-backend = \"setuptools.build_meta\"\n[project]\nname = \"st\"\n"
        "version = \"1\"\ndynamic = [\"classifiers\", \"description\"]\n[tool.setuptools.dynamic]\n"
        "classifiers = {file = \"classifiers.txt\"}\ndescription = {file = \"SUMMARY\"}\n"},
       {"classifiers.txt",
        "# trove\nLicense :: OSI Approved :: MIT License\n\nTopic :: Utilities\n"},
       {"SUMMARY", "  A short summary.\n"}});
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(LoadProject(t.dir(), &p, &diags)) << Errors(diags);
  EXPECT_EQ(p.meta.classifiers, (std::vector<std::string>{"License :: OSI Approved :: MIT License",
                                                          "Topic :: Utilities"}));
  EXPECT_EQ(p.meta.summary, "A short summary.");
}

TEST(Pyproject, HatchCustomPattern) {
  TempProject t({{"pyproject.toml",
                  "[build-system]\nbuild-backend = \"hatchling.build\"\n[project]\nname = \"h\"\n"
                  "dynamic = [\"version\"]\n[tool.hatch.version]\npath = \"h.py\"\n"
                  "pattern = \"RELEASE = '(?P<version>[^']+)'\"\n"},
                 {"h.py", "VERSION = '0.0'\nRELEASE = '5.6.7'\n"}});
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(LoadProject(t.dir(), &p, &diags)) << Errors(diags);
  EXPECT_EQ(p.meta.version, "5.6.7");
}

TEST(Pyproject, ReportsEveryErrorWithPositions) {
  TempProject t({{std::string("pyproject.toml"),
                  "[project]\n"
                  "name = \"ok\"\n"
                  "version = \"one\"\n"
                  "requires-python = \">=3.8,<\"\n"
                  "classifiers = \"Private :: x\"\n"
                  "dependencies = [\"good\", \"bad dep\"]\n"}});
  Project p;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(LoadProject(t.dir(), &p, &diags));
  ASSERT_EQ(diags.size(), 4u) << Errors(diags);
  EXPECT_EQ(diags[0].field, "project.version");
  EXPECT_EQ(diags[0].line, 3);
  EXPECT_EQ(diags[0].column, 11);
  EXPECT_EQ(diags[1].field, "project.requires-python");
  EXPECT_EQ(diags[2].field, "project.classifiers");
  EXPECT_EQ(diags[3].field, "project.dependencies");
  EXPECT_EQ(diags[3].line, 6);
  EXPECT_EQ(diags[3].column, 25);
}

TEST(Pyproject, TomlSyntaxError) {
  TempProject t({{std::string("pyproject.toml"), "[project]\nname = \"x\nversion = \"1\"\n"}});
  Project p;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(LoadProject(t.dir(), &p, &diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].line, 2);
  EXPECT_GT(diags[0].column, 0);
  EXPECT_NE(diags[0].message.find("invalid TOML"), std::string::npos);
}

TEST(Pyproject, BackendDetection) {
  // The names are what `metadata --json` reports as `backend`, which users' CMake reads.
  const std::vector<std::tuple<std::string, Backend, std::string>> cases = {
      {"[build-system]\nbuild-backend = \"flit_core.buildapi\"\n", Backend::kFlit, "flit"},
      {"[build-system]\nbuild-backend = \"hatchling.build\"\n", Backend::kHatch, "hatchling"},
      {"[build-system]\nbuild-backend = \"setuptools.build_meta:__legacy__\"\n",
       Backend::kSetuptools, "setuptools"},
      {"[build-system]\nbuild-backend = \"uv_build\"\n", Backend::kUv, "uv_build"},
      {"[tool.pyrelease]\n", Backend::kPyrelease, "pyrelease"},
      {"[build-system]\nbuild-backend = \"pdm.backend\"\n", Backend::kPdm, "pdm-backend"},
      {"[build-system]\nbuild-backend = \"poetry.core.masonry.api\"\n", Backend::kPoetry,
       "poetry-core"},
      {"[build-system]\nbuild-backend = \"mesonpy\"\n", Backend::kUnknown, "unknown"},
      {"", Backend::kUnknown, "unknown"},
  };
  for (const auto& [toml, backend, name] : cases) {
    TempProject t({{"pyproject.toml", toml + "[project]\nname = \"x\"\nversion = \"1\"\n"}});
    Project p;
    std::vector<Diagnostic> diags;
    ASSERT_TRUE(LoadProject(t.dir(), &p, &diags)) << Errors(diags);
    EXPECT_EQ(p.meta.backend, backend) << toml;
    EXPECT_EQ(BackendName(p.meta.backend), name) << toml;
  }
}

// Very long values and deep nesting are reported, not a stack overflow (std::regex and naive
// recursion would crash here).
TEST(Pyproject, HostileInputDoesNotCrash) {
  std::string longversion;
  for (int i = 0; i < 50000; ++i) longversion += "1.";
  longversion += "1";
  std::string deep_marker =
      "a; " + std::string(20000, '(') + "os_name == 'x'" + std::string(20000, ')');
  std::string deep_license = std::string(20000, '(') + "MIT" + std::string(20000, ')');
  std::string spec;
  for (int i = 0; i < 20000; ++i) spec += ">=1,";
  spec += ">=1";
  using Files = std::map<std::string, std::string>;
  TempProject t(Files{
      {"pyproject.toml",
       "[project]\nname = \"demo\"\nversion = \"" + longversion + "\"\nrequires-python = \"" +
           spec + "\"\ndependencies = [\"" + deep_marker + "\"]\nlicense = \"" + deep_license +
           "\"\n[project.urls]\nx = \"https://" + std::string(100000, 'a') + "\"\n"}});
  Project p;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(LoadProject(t.dir(), &p, &diags));
  ASSERT_EQ(diags.size(), 2u) << Errors(diags).substr(0, 2000);
  EXPECT_EQ(diags[0].field, "project.dependencies");  // in file order
  EXPECT_EQ(diags[1].field, "project.license");
  EXPECT_EQ(p.meta.version.size(), longversion.size());
}

namespace {

const char kHatchHeader[] =
    "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n";
const char kSetuptoolsHeader[] =
    "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n";

bool Load(const std::string& pyproject, Project* p, std::vector<Diagnostic>* diags) {
  TempProject tmp({{"pyproject.toml", pyproject},
                   {"demo/__init__.py", "\"\"\"Demo.\"\"\"\n__version__ = \"1.0\"\n"}});
  return LoadProject(tmp.dir(), p, diags);
}

int Count(const std::vector<Diagnostic>& diags, Severity s) {
  int n = 0;
  for (const auto& d : diags) n += d.severity == s ? 1 : 0;
  return n;
}

}  // namespace

TEST(Pyproject, ImportNamesArePep794) {
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(Load(std::string(kHatchHeader) +
                       "[project]\nname = \"demo\"\nversion = \"1.0\"\n"
                       "import-names = [\"demo\", \"_demo_speedups\", \"demo.cli; private\"]\n"
                       "import-namespaces = [\"ns\"]\n",
                   &p, &diags))
      << Errors(diags);
  EXPECT_TRUE(p.meta.has_import_names);
  EXPECT_EQ(p.meta.import_names,
            (std::vector<std::string>{"_demo_speedups; private", "demo", "demo.cli; private"}));
  EXPECT_EQ(p.meta.import_namespaces, (std::vector<std::string>{"ns"}));

  for (const char* bad :
       {"[\"1demo\"]", "[\"demo; public\"]", "[\"class\"]", "[\"demo\", \"demo\"]", "\"demo\""}) {
    diags.clear();
    EXPECT_FALSE(Load(std::string(kHatchHeader) +
                          "[project]\nname = \"demo\"\nversion = \"1.0\"\nimport-names = " + bad +
                          "\n",
                      &p, &diags))
        << bad;
    ASSERT_FALSE(diags.empty());
    EXPECT_EQ(diags[0].line, 7) << bad;
    EXPECT_EQ(diags[0].field, "project.import-names") << Errors(diags);
  }
  // The same name in both lists.
  diags.clear();
  EXPECT_FALSE(Load(std::string(kHatchHeader) +
                        "[project]\nname = \"demo\"\nversion = \"1.0\"\nimport-names = "
                        "[\"ns\"]\nimport-namespaces = [\"ns\"]\n",
                    &p, &diags));
}

TEST(Pyproject, StrictnessFollowsTheDeclaredBackend) {
  const std::string body =
      "[project]\nname = \"demo\"\nversion = \"1.0\"\nlicense = \"MIT\"\n"
      "classifiers = [\"License :: OSI Approved :: MIT License\"]\nkeywords = [\"a,b\"]\n"
      "authors = [{name = \"Doe, Jane\"}]\n";
  Project p;
  std::vector<Diagnostic> diags;
  // hatchling builds it: three warnings, the values kept as the backend writes them.
  ASSERT_TRUE(Load(std::string(kHatchHeader) + body, &p, &diags)) << Errors(diags);
  EXPECT_EQ(Count(diags, Severity::kWarning), 3) << Errors(diags);
  EXPECT_EQ(p.meta.keywords, (std::vector<std::string>{"a,b"}));
  ASSERT_EQ(p.meta.authors.size(), 1u);
  EXPECT_EQ(p.meta.classifiers.size(), 1u);
  // setuptools >= 77 refuses the license classifier: so does pyrelease; the rest are warnings.
  diags.clear();
  EXPECT_FALSE(Load(std::string(kSetuptoolsHeader) + body, &p, &diags));
  EXPECT_EQ(Count(diags, Severity::kError), 1) << Errors(diags);
  EXPECT_EQ(Count(diags, Severity::kWarning), 2) << Errors(diags);
  // An unknown [project] key: hatchling ignores it, flit_core refuses it.
  diags.clear();
  EXPECT_TRUE(Load(std::string(kHatchHeader) +
                       "[project]\nname = \"demo\"\nversion = \"1.0\"\nhomepage = \"x\"\n",
                   &p, &diags))
      << Errors(diags);
  EXPECT_EQ(Count(diags, Severity::kWarning), 1);
  diags.clear();
  EXPECT_FALSE(Load(std::string(kFlitHeader) +
                        "[project]\nname = \"demo\"\nversion = \"1.0\"\nhomepage = \"x\"\n"
                        "description = \"d\"\n",
                    &p, &diags));
}

// Built from an unpacked sdist, hatchling takes a dynamic readme from PKG-INFO: the fragment files
// of hatch-fancy-pypi-readme need not be in the sdist (the corpus's platformdirs 4.14.5).
TEST(Pyproject, FancyReadmeFromAnUnpackedSdistIsPkgInfosBody) {
  TempProject t({{"pyproject.toml",
                  "[build-system]\nrequires = [\"hatchling\", \"hatch-fancy-pypi-readme\"]\n"
                  "build-backend = \"hatchling.build\"\n[project]\nname = \"x\"\nversion = \"1\"\n"
                  "dynamic = [\"readme\"]\n[tool.hatch.metadata.hooks.fancy-pypi-readme]\n"
                  "content-type = \"text/markdown\"\nfragments = [{ path = \"README.md\" }]\n"},
                 {"PKG-INFO",
                  "Metadata-Version: 2.4\nName: x\nVersion: 1\n"
                  "Description-Content-Type: text/markdown\n\n# x\n\nRendered before.\n"}});
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(LoadProject(t.dir(), &p, &diags)) << Errors(diags);
  EXPECT_EQ(p.meta.readme.text, "# x\n\nRendered before.\n");
  EXPECT_EQ(p.meta.readme.content_type, "text/markdown");
}

// hatchling sorts scripts, groups and names (jupyter-client 8.10.0's scripts are written unsorted);
// other backends keep the declared order.
TEST(Pyproject, HatchEntryPointsSortedAsHatchlingWritesThem) {
  const std::string body =
      "[project]\nname = \"demo\"\nversion = \"1\"\n"
      "[project.scripts]\nz-run = \"demo:run\"\na-kernel = \"demo:main\"\n"
      "[project.entry-points.zeta]\nb = \"demo:b\"\na = \"demo:a\"\n"
      "[project.entry-points.alpha]\nx = \"demo:x\"\n"
      "[project.gui-scripts]\ng = \"demo:g\"\n";
  TempProject hatch({{"pyproject.toml",
                      "[build-system]\nrequires = [\"hatchling\"]\n"
                      "build-backend = \"hatchling.build\"\n" +
                          body},
                     {"demo/__init__.py", ""}});
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(LoadProject(hatch.dir(), &p, &diags)) << Errors(diags);
  std::vector<std::string> order;
  for (const auto& g : p.meta.entry_points)
    for (const auto& [name, value] : g.items) order.push_back(g.group + ":" + name);
  EXPECT_EQ(order, (std::vector<std::string>{"console_scripts:a-kernel", "console_scripts:z-run",
                                             "gui_scripts:g", "alpha:x", "zeta:a", "zeta:b"}));

  TempProject flit({{"pyproject.toml", std::string(kFlitHeader) + body}, {"demo.py", ""}});
  Project f;
  ASSERT_TRUE(LoadProject(flit.dir(), &f, &diags)) << Errors(diags);
  EXPECT_EQ(f.meta.entry_points[0].items[0].first, "z-run");
}

// flit_core 3 (config.default_license_files_globs) takes COPYING* and LICEN[CS]E* only; flit_core 4
// adds NOTICE* and AUTHORS* (webargs 8.7.1 requires flit_core<4 and ships a NOTICE).
TEST(Pyproject, FlitCore3DefaultLicenseFilesLeaveOutNotice) {
  for (const auto& [requires, expected] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"flit_core >=3.2,<4", {"LICENSE"}},
           {"flit_core<4.dev0", {"LICENSE"}},
           {"flit_core >=3.2", {"AUTHORS", "LICENSE", "NOTICE"}},
           {"flit_core", {"AUTHORS", "LICENSE", "NOTICE"}}}) {
    TempProject t({{"pyproject.toml", "[build-system]\nrequires = [\"" + requires +
                                          "\"]\nbuild-backend = \"flit_core.buildapi\"\n"
                                          "[project]\nname = \"demo\"\nversion = \"1\"\n"
                                          "description = \"d\"\n"},
                   {"demo.py", ""},
                   {"LICENSE", "x"},
                   {"NOTICE", "x"},
                   {"AUTHORS", "x"}});
    Project p;
    std::vector<Diagnostic> diags;
    ASSERT_TRUE(LoadProject(t.dir(), &p, &diags)) << Errors(diags);
    EXPECT_EQ(p.meta.license_files, expected) << requires;
  }
}

// hatch-requirements-txt fills the dynamic dependencies and extras (gradio-client); without the
// hook a dynamic dependencies field stays unresolvable under hatchling.
TEST(Pyproject, HatchRequirementsTxtFillsDynamicDependencies) {
  const std::string head =
      "[build-system]\nrequires = [\"hatchling\", \"hatch-requirements-txt\"]\n"
      "build-backend = \"hatchling.build\"\n[project]\nname = \"demo\"\nversion = \"1\"\n"
      "dynamic = [\"dependencies\", \"optional-dependencies\"]\n";
  TempProject t({{"pyproject.toml",
                  head + "[tool.hatch.metadata.hooks.requirements_txt]\nfiles = [\"r.txt\"]\n"
                         "optional-dependencies = { cli = [\"cli.txt\"] }\n"},
                 {"r.txt", "httpx>=0.24  # http\n-r other.txt\nFoo_Bar\n"},
                 {"cli.txt", "rich\n"},
                 {"demo/__init__.py", ""}});
  Project p;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(LoadProject(t.dir(), &p, &diags)) << Errors(diags);
  EXPECT_EQ(p.meta.dependencies, (std::vector<std::string>{"httpx>=0.24", "Foo_Bar"}));
  ASSERT_EQ(p.meta.optional_dependencies.size(), 1u);
  EXPECT_EQ(p.meta.optional_dependencies[0].first, "cli");
  EXPECT_EQ(p.meta.optional_dependencies[0].second, (std::vector<std::string>{"rich"}));

  TempProject none({{"pyproject.toml", head}, {"demo/__init__.py", ""}});
  diags.clear();
  EXPECT_FALSE(LoadProject(none.dir(), &p, &diags));
  EXPECT_NE(Errors(diags).find("cannot resolve a dynamic 'dependencies'"), std::string::npos)
      << Errors(diags);
}
