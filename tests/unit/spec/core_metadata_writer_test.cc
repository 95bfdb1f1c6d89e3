#include "spec/core_metadata_writer.h"

#include <gtest/gtest.h>

namespace {

Metadata Basic() {
  Metadata m;
  m.name = "Demo_Pkg";
  m.version = "1.0";
  return m;
}

}  // namespace

TEST(CoreMetadataWriter, MinimalIs21) {
  CoreMetadata cm = ToCoreMetadata(Basic(), false);
  EXPECT_EQ(RenderCoreMetadata(cm), "Metadata-Version: 2.1\nName: Demo_Pkg\nVersion: 1.0\n");
}

TEST(CoreMetadataWriter, LicenseExpressionAndFilesNeed24) {
  Metadata m = Basic();
  m.license_expression = "MIT";
  EXPECT_EQ(CoreMetadataVersion(m), "2.4");
  m.license_expression.clear();
  m.license_files = {"LICENSE"};
  EXPECT_EQ(CoreMetadataVersion(m), "2.4");
  CoreMetadata cm = ToCoreMetadata(m, true);
  EXPECT_EQ(cm.GetAll("License-File"), (std::vector<std::string>{"LICENSE"}));
  EXPECT_FALSE(cm.Has("Dynamic"));
}

// The pyproject specification's author mapping, with Python's email.headerregistry quoting.
TEST(CoreMetadataWriter, AuthorsRendering) {
  Metadata m = Basic();
  m.authors = {{"Only Name", ""},
               {"", "only@example.org"},
               {"Both", "both@example.org"},
               {"Doe, Jane", "jane@example.org"},
               {"J. R. \"Bob\"", "bob@example.org"}};
  m.maintainers = {{"Maint", ""}};
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(cm.Get("Author"), "Only Name");
  EXPECT_EQ(cm.Get("Author-email"),
            "only@example.org, Both <both@example.org>, \"Doe, Jane\" <jane@example.org>, "
            "\"J. R. \\\"Bob\\\"\" <bob@example.org>");
  EXPECT_EQ(cm.Get("Maintainer"), "Maint");
  EXPECT_FALSE(cm.Has("Maintainer-email"));
}

TEST(CoreMetadataWriter, FullOrderAndExtras) {
  Metadata m = Basic();
  m.summary = "A demo";
  m.keywords = {"a", "b c"};
  m.requires_python = ">=3.8";
  m.readme = {"# Title\n", "text/markdown", "README.md"};
  m.license_expression = "MIT";
  m.classifiers = {"Programming Language :: Python :: 3"};
  m.license_files = {"LICENSE"};
  m.dependencies = {"requests[Socks_X] >=2 ; python_version<'3.12'"};
  m.optional_dependencies = {{"Fast_IO", {"uvloop; sys_platform != 'win32'", "orjson"}},
                             {"empty", {}}};
  m.urls = {{"Homepage", "https://example.invalid/demo"}};
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(RenderCoreMetadata(cm),
            "Metadata-Version: 2.4\n"
            "Name: Demo_Pkg\n"
            "Version: 1.0\n"
            "Summary: A demo\n"
            "Keywords: a,b c\n"
            "Requires-Python: >=3.8\n"
            "Description-Content-Type: text/markdown\n"
            "License-Expression: MIT\n"
            "Classifier: Programming Language :: Python :: 3\n"
            "License-File: LICENSE\n"
            "Requires-Dist: requests[socks-x]>=2; python_version < \"3.12\"\n"
            "Requires-Dist: uvloop; sys_platform != \"win32\" and extra == \"fast-io\"\n"
            "Requires-Dist: orjson; extra == \"fast-io\"\n"
            "Project-URL: Homepage, https://example.invalid/demo\n"
            "Provides-Extra: fast-io\n"
            "Provides-Extra: empty\n"
            "\n"
            "# Title\n");
}

TEST(CoreMetadataWriter, LegacyLicenseText) {
  Metadata m = Basic();
  m.license_text = "Line one\nLine two\n";
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(cm.Get("License"), "Line one\nLine two");
  EXPECT_EQ(cm.Get("Metadata-Version"), "2.1");
}

TEST(CoreMetadataWriter, ImportNamesAreMetadata25WhereTheBackendWritesThem) {
  Metadata m = Basic();
  m.backend = Backend::kHatch;
  m.has_import_names = true;
  m.import_names = {"_speedups; private", "demo"};
  m.import_namespaces = {"ns"};
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(cm.Get("Metadata-Version"), "2.5");
  EXPECT_NE(RenderCoreMetadata(cm).find(
                "Import-Name: _speedups; private\nImport-Name: demo\nImport-Namespace: ns\n"),
            std::string::npos)
      << RenderCoreMetadata(cm);
  // setuptools validates import-names but does not write them (84.x), nor does pyrelease for it.
  m.backend = Backend::kSetuptools;
  cm = ToCoreMetadata(m, false);
  EXPECT_EQ(cm.Get("Metadata-Version"), "2.1");
  EXPECT_EQ(RenderCoreMetadata(cm).find("Import-Name"), std::string::npos);
  // An empty import-names: a dist without modules.
  m.backend = Backend::kUv;
  m.import_names.clear();
  m.import_namespaces.clear();
  EXPECT_NE(RenderCoreMetadata(ToCoreMetadata(m, false)).find("Import-Name: \n"),
            std::string::npos);
}

// uv_build never quotes a person's name and writes Requires-Python sorted by version, joined with
// ", " (commitizen 4.19.3: `"Axel H."` was quoted, `>=3.10,<4.0` was kept; checked with uv_build
// 0.9.30 and 0.13.6).
TEST(CoreMetadataWriter, UvWritesNamesUnquotedAndRequiresPythonAsUvPrintsIt) {
  Metadata m = Basic();
  m.backend = Backend::kUv;
  m.maintainers = {{"Axel H.", "a@x.org"}, {"Doe, John", "d@x.org"}};
  m.requires_python = "<4.0,>=3.10 , !=3.11.1";
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(cm.Get("Maintainer-email"), "Axel H. <a@x.org>, Doe, John <d@x.org>");
  EXPECT_EQ(cm.Get("Requires-Python"), ">=3.10, !=3.11.1, <4.0");
  m.backend = Backend::kSetuptools;  // Python's email rendering quotes them
  EXPECT_EQ(ToCoreMetadata(m, false).Get("Maintainer-email"),
            "\"Axel H.\" <a@x.org>, \"Doe, John\" <d@x.org>");
}

// flit_core writes requirements as written (only bracket extras normalized), each extra's as
// `req ; extra == "x"` / `name ; extra == "x" and (marker)` sorted by extra, sorted
// Provides-Extra, and no License field for a license table (the corpus: idna, jinja2, mdurl).
TEST(CoreMetadataWriter, FlitWritesRequirementsAsWrittenAndNoLicenseText) {
  Metadata m = Basic();
  m.backend = Backend::kFlit;
  m.dependencies = {"MarkupSafe >= 2.0", "Foo [Bar_Baz,  Qux]>=1"};
  m.optional_dependencies = {{"zeta", {"ruff >= 0.16.0"}},
                             {"Alpha.Beta", {"tomli; python_version < '3.11'"}}};
  m.license_text = "Copyright ...\n";
  m.license_files = {"LICENSE"};
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(
      cm.GetAll("Requires-Dist"),
      (std::vector<std::string>{"MarkupSafe >= 2.0", "Foo [bar-baz, qux]>=1",
                                "tomli ; extra == \"alpha-beta\" and ( python_version < '3.11')",
                                "ruff >= 0.16.0 ; extra == \"zeta\""}));
  EXPECT_EQ(cm.GetAll("Provides-Extra"), (std::vector<std::string>{"alpha-beta", "zeta"}));
  EXPECT_FALSE(cm.Has("License"));
  // setuptools keeps packaging's canonical form and the License text.
  m.backend = Backend::kSetuptools;
  cm = ToCoreMetadata(m, false);
  EXPECT_EQ(cm.GetAll("Requires-Dist")[0], "MarkupSafe>=2.0");
  EXPECT_TRUE(cm.Has("License"));
}

// hatchling 1.33: normalized names, single quotes, `dep; (marker) and extra == 'x'` (the corpus:
// starlette, uvicorn).
TEST(CoreMetadataWriter, HatchWritesNormalizedNamesAndSingleQuotes) {
  Metadata m = Basic();
  m.backend = Backend::kHatch;
  m.dependencies = {"typing_extensions>=4.0; python_version < \"3.11\""};
  m.optional_dependencies = {{"Full", {"itsdangerous", "Foo_Bar>=1; os_name == 'nt'"}}};
  m.keywords = {"json", "asyncapi", "json"};
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(cm.GetAll("Keywords"), (std::vector<std::string>{"asyncapi,json"}));  // sorted, once
  EXPECT_EQ(cm.GetAll("Requires-Dist"),
            (std::vector<std::string>{"typing-extensions>=4.0; python_version < '3.11'",
                                      "foo-bar>=1; (os_name == 'nt') and extra == 'full'",
                                      "itsdangerous; extra == 'full'"}));  // sorted, as hatchling
}

// hatchling 1.33 (metadata/core.py optional_dependencies_complex) sorts the extras and each extra's
// requirements, and replaces a requirement on the project itself by the named extras'
// requirements, dropping its marker (hatch-fancy-pypi-readme 25.1.0: dev = ["...[tests]", "mypy"]).
// Expected: what hatchling 1.33.0 wrote for this project.
TEST(CoreMetadataWriter, HatchSortsExtrasAndExpandsTheProjectsOwnExtras) {
  Metadata m = Basic();
  m.name = "Demo";
  m.backend = Backend::kHatch;
  m.optional_dependencies = {
      {"Full", {"itsdangerous", "Foo_Bar>=1; os_name == 'nt'"}},
      {"tests", {"pytest", "build"}},
      {"dev", {"demo[tests,Full]; python_version<'3.11'", "mypy", "pytest"}}};
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(
      cm.GetAll("Requires-Dist"),
      (std::vector<std::string>{
          "build; extra == 'dev'", "foo-bar>=1; (os_name == 'nt') and extra == 'dev'",
          "itsdangerous; extra == 'dev'", "mypy; extra == 'dev'", "pytest; extra == 'dev'",
          "foo-bar>=1; (os_name == 'nt') and extra == 'full'", "itsdangerous; extra == 'full'",
          "build; extra == 'tests'", "pytest; extra == 'tests'"}));
  EXPECT_EQ(cm.GetAll("Provides-Extra"), (std::vector<std::string>{"dev", "full", "tests"}));

  std::map<std::string, std::set<std::string>> extras;
  std::string err;
  m.optional_dependencies = {{"a", {"demo[b]"}}, {"b", {"demo[a]"}}};
  EXPECT_FALSE(HatchOptionalDependencies(m, &extras, &err));
  EXPECT_NE(err.find("circular"), std::string::npos) << err;
  err.clear();
  m.optional_dependencies = {{"a", {"demo[nope]"}}};
  EXPECT_FALSE(HatchOptionalDependencies(m, &extras, &err));
  EXPECT_NE(err.find("'nope', which is not an extra"), std::string::npos) << err;
}

// hatchling writes Requires-Python as str(SpecifierSet(...)): sorted, once, no spaces (colorama
// 0.4.6; what hatchling 1.33.0 wrote), and so does setuptools. flit_core keeps it as written.
TEST(CoreMetadataWriter, HatchWritesRequiresPythonAsPackagingPrintsIt) {
  Metadata m = Basic();
  m.backend = Backend::kHatch;
  m.requires_python = ">=2.7, !=3.0.*, !=3.1.*, !=3.6.*, >=2.7";
  EXPECT_EQ(ToCoreMetadata(m, false).GetAll("Requires-Python"),
            (std::vector<std::string>{"!=3.0.*,!=3.1.*,!=3.6.*,>=2.7"}));
  // setuptools too (its _static.SpecifierSet; anyio 4.16's `>= 3.10`, setuptools 84.2.1).
  m.backend = Backend::kSetuptools;
  EXPECT_EQ(ToCoreMetadata(m, false).GetAll("Requires-Python"),
            (std::vector<std::string>{"!=3.0.*,!=3.1.*,!=3.6.*,>=2.7"}));
  m.requires_python = ">= 3.10";
  EXPECT_EQ(ToCoreMetadata(m, false).GetAll("Requires-Python"),
            (std::vector<std::string>{">=3.10"}));
  m.requires_python = ">=2.7, !=3.0.*, !=3.1.*, !=3.6.*, >=2.7";
  m.backend = Backend::kFlit;
  EXPECT_EQ(ToCoreMetadata(m, false).GetAll("Requires-Python"),
            (std::vector<std::string>{">=2.7, !=3.0.*, !=3.1.*, !=3.6.*, >=2.7"}));
}

// hatchling lowercases the specifier set as a whole (SpecifierSet(str(spec).lower()), no PEP 440
// normalization), then packaging sorts and deduplicates it; extras are a set of normalized names.
// Each expected line is what hatchling 1.33.0 wrote (tests/integration/requires_dist_test.py).
TEST(CoreMetadataWriter, HatchLowercasesVersionSpecifiers) {
  Metadata m = Basic();
  m.backend = Backend::kHatch;
  m.dependencies = {"Foo>=1.0RC1",        "foo>=V1.0",
                    "foo>=1.0-1",         "foo>=1.0_c1",
                    "foo!=1.0B1,!=1.0a1", "foo>=1.0RC1,>=1.0rc1",
                    "foo[B,a,A]",         "foo==1.0+LOCAL.1",
                    "FOO==1.0.POST1",     "foo>=1.0.A1; python_version < '3.11'"};
  m.optional_dependencies = {{"X", {"Foo_Bar[Y,x]>=1.0RC1"}}};
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(cm.GetAll("Requires-Dist"),
            (std::vector<std::string>{
                "foo>=1.0rc1", "foo>=v1.0", "foo>=1.0-1", "foo>=1.0_c1", "foo!=1.0a1,!=1.0b1",
                "foo>=1.0rc1", "foo[a,b]", "foo==1.0+local.1", "foo==1.0.post1",
                "foo>=1.0.a1; python_version < '3.11'", "foo-bar[x,y]>=1.0rc1; extra == 'x'"}));
}

// uv_build: normalized name, extras in the order written, specifiers normalized and sorted by
// version, ` ; ` and uv's marker normal form (what uv_build 0.10.12 and 0.13.6 wrote).
TEST(CoreMetadataWriter, UvWritesItsOwnRequirementForm) {
  Metadata m = Basic();
  m.backend = Backend::kUv;
  m.dependencies = {"Foo_Bar[Y,x] <2, >= 1.0RC1", "tomli; python_version <= '3.10'"};
  m.optional_dependencies = {{"Dev_X", {"colorama; sys_platform == \"win32\"", "b2"}}};
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(
      cm.GetAll("Requires-Dist"),
      (std::vector<std::string>{"foo-bar[y,x]>=1.0rc1,<2", "tomli ; python_full_version < '3.11'",
                                "colorama ; sys_platform == 'win32' and extra == 'dev-x'",
                                "b2 ; extra == 'dev-x'"}));
}

// uv_build writes a person's name into Author also when the person has an email (uv-secure).
TEST(CoreMetadataWriter, UvBuildNamesEveryPersonInAuthor) {
  Metadata m = Basic();
  m.backend = Backend::kUv;
  m.authors = {{"Owen", "owen@example.org"}, {"", "only@example.org"}};
  CoreMetadata cm = ToCoreMetadata(m, false);
  EXPECT_EQ(cm.GetAll("Author"), (std::vector<std::string>{"Owen"}));
  EXPECT_EQ(cm.GetAll("Author-email"),
            (std::vector<std::string>{"Owen <owen@example.org>, only@example.org"}));
}

// poetry-core 2.5's METADATA for the same [project] table (WheelBuilder.get_metadata_content):
// its field order, the first author only (an email alone becomes the name), sorted extras and
// requirements in poetry's form, Homepage/Repository/Documentation named its way and Project-URLs
// sorted by their first character, a readme read with universal newlines followed by a newline.
TEST(CoreMetadataWriter, PoetryCoreOrderAndForms) {
  Metadata m;
  m.backend = Backend::kPoetry;
  m.name = "t2";
  m.version = "1.0";
  m.summary = "d";
  m.classifiers = {"X :: Y"};
  m.authors = {{"", "e@f.g"}, {"Second", ""}};
  m.maintainers = {{"M, N", "m@n.o"}};
  m.license_expression = "MIT";
  m.license_files = {"LICENSE"};
  m.keywords = {"b", "a"};
  m.requires_python = ">=3.8";
  m.dependencies = {"a>=1,<2; sys_platform == 'win32' or os_name == 'nt'"};
  m.optional_dependencies = {
      {"X", {"c; sys_platform == 'win32' or os_name == 'nt'", "d[B,a]<2,>=1"}}, {"Empty_One", {}}};
  m.urls = {{"Repository", "https://r"},
            {"Changelog", "https://c"},
            {"documentation", "https://d"},
            {"aa", "https://aa"}};
  m.readme = {"# T\r\nhello\r\n", "text/markdown", "README.md"};
  EXPECT_EQ(CoreMetadataVersion(m), "2.4");
  EXPECT_EQ(RenderCoreMetadata(ToCoreMetadata(m, true)),
            "Metadata-Version: 2.4\nName: t2\nVersion: 1.0\nSummary: d\nLicense-Expression: MIT\n"
            "License-File: LICENSE\nKeywords: b,a\nAuthor: e@f.g\nMaintainer: M, N\n"
            "Maintainer-email: m@n.o\nRequires-Python: >=3.8\nClassifier: X :: Y\n"
            "Provides-Extra: empty-one\nProvides-Extra: x\n"
            "Requires-Dist: a (>=1,<2) ; sys_platform == \"win32\" or os_name == \"nt\"\n"
            "Requires-Dist: c ; (sys_platform == \"win32\" or os_name == \"nt\") and (extra == "
            "\"x\")\n"
            "Requires-Dist: d[a,b] (>=1,<2) ; extra == \"x\"\n"
            "Project-URL: Changelog, https://c\nProject-URL: Documentation, https://d\n"
            "Project-URL: Repository, https://r\nProject-URL: aa, https://aa\n"
            "Description-Content-Type: text/markdown\n\n# T\nhello\n\n");
  // No description: an empty Summary all the same.
  Metadata bare;
  bare.backend = Backend::kPoetry;
  bare.name = "p";
  bare.version = "1";
  EXPECT_EQ(RenderCoreMetadata(ToCoreMetadata(bare, false)),
            "Metadata-Version: 2.4\nName: p\nVersion: 1\nSummary: \n");
}
