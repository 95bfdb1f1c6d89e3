// setup.cfg's [metadata] and [options] read as setuptools 84 reads them, one rule a test; what
// the native reader does not reproduce is named, never approximated.
#include "project/setup_cfg.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "core/string_util.h"
#include "project/file_selection.h"
#include "project/pyproject.h"
#include "spec/core_metadata.h"
#include "spec/core_metadata_writer.h"
#include "test_support.h"

namespace {

struct Read {
  bool ok = false;
  SetupCfgProject cfg;
  std::vector<Diagnostic> diags;
  std::string Unreproduced() const {
    std::string out;
    for (const auto& [where, why] : cfg.unreproduced) out += where + ": " + why + "\n";
    return out;
  }
};

Read ReadIn(const ScopedTempDir& dir) {
  Read r;
  r.ok = ReadSetupCfgProject(dir.path, &r.cfg, &r.diags);
  return r;
}

Read ReadCfg(const std::string& cfg) {
  ScopedTempDir dir;
  dir.Write("setup.cfg", cfg);
  return ReadIn(dir);
}

const char kHead[] = "[metadata]\nname = demo\nversion = 1.0\n";

}  // namespace

TEST(SetupCfg, ListsAreLinesOrCommaSeparated) {
  Read r = ReadCfg(std::string(kHead) +
                   "keywords = a, b ,,c\nplatforms =\n  any\n  linux, mac\n"
                   "classifiers =\n  Programming Language :: Python\n\n  Topic :: Utilities\n");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.cfg.meta.keywords, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(r.cfg.meta.platforms, (std::vector<std::string>{"any", "linux, mac"}));
  EXPECT_EQ(r.cfg.meta.classifiers,
            (std::vector<std::string>{"Programming Language :: Python", "Topic :: Utilities"}));
  EXPECT_TRUE(r.cfg.unreproduced.empty()) << r.Unreproduced();
}

TEST(SetupCfg, PeopleUrlsAndLicenseAreTheLegacyFields) {
  Read r = ReadCfg(std::string(kHead) +
                   "author = Ann, Bob\nauthor_email = ann@x.invalid\nmaintainer = Cy\n"
                   "home_page = https://x.invalid\ndownload_url = https://x.invalid/dl\n"
                   "license = Two\n  lines\nproject_urls =\n  Docs = https://d.invalid\n"
                   "  Source=https://s.invalid\n");
  ASSERT_TRUE(r.ok);
  CoreMetadata m = ToCoreMetadata(r.cfg.meta, true);
  EXPECT_EQ(m.Get("Author"), "Ann, Bob");
  EXPECT_EQ(m.Get("Author-email"), "ann@x.invalid");
  EXPECT_EQ(m.Get("Maintainer"), "Cy");
  EXPECT_FALSE(m.Has("Maintainer-email"));
  EXPECT_EQ(m.Get("Home-page"), "https://x.invalid");  // the home_page alias of url
  EXPECT_EQ(m.Get("Download-URL"), "https://x.invalid/dl");
  EXPECT_EQ(m.Get("License"), "Two\nlines");
  EXPECT_EQ(m.GetAll("Project-URL"),
            (std::vector<std::string>{"Docs, https://d.invalid", "Source, https://s.invalid"}));
  // An empty author would be written as an empty field: not reproduced.
  r = ReadCfg(std::string(kHead) + "author =\n");
  EXPECT_NE(r.Unreproduced().find("setup.cfg:4:1: author is empty"), std::string::npos)
      << r.Unreproduced();
  // A project_urls line without '=' is setuptools' error too.
  r = ReadCfg(std::string(kHead) + "project_urls = nolabel\n");
  EXPECT_FALSE(r.ok);
  ASSERT_FALSE(r.diags.empty());
  EXPECT_EQ(r.diags[0].line, 4);
  // license = file: is refused by setuptools.
  EXPECT_FALSE(ReadCfg(std::string(kHead) + "license = file: LICENSE\n").ok);
}

TEST(SetupCfg, FileDirectivesReadJoinAndShipTheirFiles) {
  ScopedTempDir dir;
  dir.Write("setup.cfg", std::string(kHead) +
                             "description = file: SUMMARY.txt\n"
                             "long_description = file: README.rst, CHANGES.rst, GONE.rst\n"
                             "long_description_content_type = text/x-rst\n"
                             "classifiers = file: classifiers.txt\n");
  dir.Write("SUMMARY.txt", "First line\nsecond line\n");
  dir.Write("README.rst", "Readme\r\n");
  dir.Write("CHANGES.rst", "Changes\n");
  dir.Write("classifiers.txt", "Topic :: Utilities\nTyping :: Typed\n");
  Read r = ReadIn(dir);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.cfg.meta.summary, "First line");               // single_line: the first of several
  EXPECT_EQ(r.cfg.meta.readme.text, "Readme\n\nChanges\n");  // text mode, joined with "\n"
  EXPECT_EQ(r.cfg.meta.readme.content_type, "text/x-rst");
  EXPECT_EQ(r.cfg.meta.classifiers,
            (std::vector<std::string>{"Topic :: Utilities", "Typing :: Typed"}));
  EXPECT_EQ(r.cfg.referenced_files, (std::vector<std::string>{"SUMMARY.txt", "README.rst",
                                                              "CHANGES.rst", "classifiers.txt"}));
  // setuptools skips a missing file but still lists it for the sdist: a reason.
  EXPECT_NE(r.Unreproduced().find("file: 'GONE.rst' does not exist"), std::string::npos)
      << r.Unreproduced();
  // A file outside the project is refused.
  ScopedTempDir parent;
  parent.Write("outside.txt", "secret\n");
  parent.Write("proj/setup.cfg", std::string(kHead) + "long_description = file: ../outside.txt\n");
  std::vector<Diagnostic> diags;
  SetupCfgProject cfg;
  EXPECT_FALSE(ReadSetupCfgProject(parent.path + "/proj", &cfg, &diags));
}

TEST(SetupCfg, VersionLiteralFileOrStaticAttr) {
  ScopedTempDir dir;
  dir.Write("setup.cfg", "[metadata]\nname = demo\nversion = file: VERSION\n");
  dir.Write("VERSION", " 2.0.0-rc1 \n");
  Read r = ReadIn(dir);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.cfg.meta.version, "2.0.0rc1");  // stripped, then normalized as egg_info does

  dir.Write("setup.cfg",
            "[metadata]\nname = demo\nversion = attr: demo.__version__\n"
            "[options]\npackage_dir =\n    = src\npackages = find:\n"
            "[options.packages.find]\nwhere = src\n");
  dir.Write("src/demo/__init__.py", "__version__ = '3.1'\n");
  r = ReadIn(dir);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.cfg.meta.version, "3.1");
  EXPECT_TRUE(r.cfg.unreproduced.empty()) << r.Unreproduced();

  // distro 1.9.0: `__version__ = __version__` after importing it from a submodule rebinds the
  // imported string; following the import statically gives what setuptools' import gives.
  dir.Write("src/demo/__init__.py",
            "from .core import (\n    __version__,\n    main,\n)\n\n__version__ = __version__\n");
  dir.Write("src/demo/core.py", "__version__ = \"3.2\"\n\ndef main():\n    pass\n");
  r = ReadIn(dir);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.cfg.meta.version, "3.2");
  EXPECT_TRUE(r.cfg.unreproduced.empty()) << r.Unreproduced();

  // A computed value needs the import setuptools would do: a reason, not a guess.
  dir.Write("src/demo/__init__.py", "__version__ = '.'.join(['3', '1'])\n");
  r = ReadIn(dir);
  EXPECT_NE(r.Unreproduced().find("setup.cfg:3:1: version = attr: demo.__version__"),
            std::string::npos)
      << r.Unreproduced();

  EXPECT_FALSE(ReadCfg("[metadata]\nname = demo\nversion = not a version\n").ok);
  EXPECT_NE(ReadCfg("[metadata]\nname = demo\n").Unreproduced().find("no version"),
            std::string::npos);
}

TEST(SetupCfg, KeysSetuptoolsIgnoresOrDoesNotNormalize) {
  // Dashes become underscores; a key that is no attribute of setuptools' metadata is ignored
  // (distlib's `requires_python > = 2.7` is the key `requires_python >`); one that is (provides)
  // is not read natively.
  Read r = ReadCfg(std::string(kHead) +
                   "long-description = text\nrequires_python > = 2.7\nprovides = demo\n");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.cfg.meta.readme.text, "text");
  EXPECT_TRUE(r.cfg.meta.requires_python.empty());
  ASSERT_EQ(r.cfg.unreproduced.size(), 1u) << r.Unreproduced();
  EXPECT_EQ(r.cfg.unreproduced[0].first, "setup.cfg:6:1");
  // Two spellings of one key: setuptools keeps the later value (one dict entry), and names
  // the later line.
  Read twice = ReadCfg(std::string(kHead) +
                       "author-email = first@x.invalid\nauthor_email = second@x.invalid\n");
  ASSERT_TRUE(twice.ok);
  ASSERT_EQ(twice.cfg.meta.authors.size(), 1u);
  EXPECT_EQ(twice.cfg.meta.authors[0].email, "second@x.invalid");
  // An alias after its key: the first value stays, unless it is empty.
  EXPECT_EQ(ReadCfg(std::string(kHead) + "summary = S1\ndescription = S2\n").cfg.meta.summary,
            "S1");
  EXPECT_EQ(ReadCfg(std::string(kHead) + "summary =\ndescription = S2\n").cfg.meta.summary, "S2");
  // '%' is interpolated by setuptools' ConfigParser; [DEFAULT] reaches every section.
  EXPECT_NE(ReadCfg(std::string(kHead) + "description = 100%\n").Unreproduced().find("'%'"),
            std::string::npos);
  EXPECT_NE(ReadCfg(std::string(kHead) + "[DEFAULT]\nx = 1\n").Unreproduced().find("[DEFAULT]"),
            std::string::npos);
  // A content type without a description is written by setuptools alone.
  EXPECT_FALSE(ReadCfg(std::string(kHead) + "long_description_content_type = text/markdown\n")
                   .cfg.unreproduced.empty());
}

TEST(SetupCfg, RequirementsExtrasAndEntryPoints) {
  ScopedTempDir dir;
  dir.Write("setup.cfg",
            std::string(kHead) +
                "[options]\npython_requires = >=3.8, !=3.9.*\n"
                "install_requires =\n    requests>=2\n    # a comment\n"
                "    tomli; python_version < \"3.11\"\nzip_safe = False\n"
                "[options.extras_require]\nTest_Suite =\n    pytest\n"
                "[options.entry_points]\nconsole_scripts =\n    Demo-Tool = demo:main\n"
                "    a = demo:a\n");
  Read r = ReadIn(dir);
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.cfg.unreproduced.empty()) << r.Unreproduced();
  EXPECT_EQ(r.cfg.meta.dependencies,
            (std::vector<std::string>{"requests>=2", "tomli; python_version < \"3.11\""}));
  ASSERT_EQ(r.cfg.meta.optional_dependencies.size(), 1u);
  EXPECT_EQ(r.cfg.meta.optional_dependencies[0].first, "Test_Suite");  // case kept
  CoreMetadata m = ToCoreMetadata(r.cfg.meta, true);
  EXPECT_EQ(m.Get("Requires-Python"), "!=3.9.*,>=3.8");
  EXPECT_EQ(m.Get("Provides-Extra"), "test-suite");
  ASSERT_EQ(r.cfg.meta.entry_points.size(), 1u);
  EXPECT_EQ(r.cfg.meta.entry_points[0].group, "console_scripts");
  EXPECT_EQ(r.cfg.meta.entry_points[0].items[0],
            (std::pair<std::string, std::string>{"Demo-Tool", "demo:main"}));

  // entry_points = file: reads an INI file of groups.
  dir.Write("setup.cfg", std::string(kHead) + "[options]\nentry_points = file: eps.cfg\n");
  dir.Write("eps.cfg", "[console_scripts]\nx = demo:x\n\n[demo.plugins]\np = demo.p:P\n");
  r = ReadIn(dir);
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.cfg.meta.entry_points.size(), 2u);
  EXPECT_EQ(r.cfg.meta.entry_points[1].group, "demo.plugins");
  EXPECT_EQ(r.cfg.referenced_files, std::vector<std::string>{"eps.cfg"});

  // A one-line ';' list and unread options are reasons.
  r = ReadCfg(std::string(kHead) +
              "[options]\ninstall_requires = a; b\nscripts = bin/x\nsetup_requires = wheel\n"
              "tests_require = pytest\n[options.data_files]\nshare = a.txt\n");
  const std::string why = r.Unreproduced();
  EXPECT_NE(why.find("setup.cfg:5:1: a one-line requirement list"), std::string::npos) << why;
  EXPECT_NE(why.find("setup.cfg:6:1: [options] scripts"), std::string::npos) << why;
  EXPECT_NE(why.find("setup.cfg:7:1: [options] setup_requires"), std::string::npos) << why;
  EXPECT_EQ(why.find("tests_require"), std::string::npos) << why;  // setuptools ignores it
  EXPECT_NE(why.find("[options.data_files]"), std::string::npos) << why;
}

TEST(SetupCfg, OptionsBecomeToolSetuptoolsKeys) {
  Read r = ReadCfg(std::string(kHead) +
                   "[options]\npackage_dir =\n    = src\n    other = lib/other\n"
                   "packages = find_namespace:\npy_modules = a, b\n"
                   "[options.packages.find]\nwhere =\n  src\n  ignored\nexclude = tests*\n"
                   "[options.package_data]\n* = *.txt\nMyPkg = data/*.json\n"
                   "[options.exclude_package_data]\nMyPkg = data/skip.json\n");
  ASSERT_TRUE(r.ok);
  const toml::table& t = r.cfg.tool_setuptools;
  EXPECT_EQ(t.at_path("package-dir").as_table()->at_path("other").value<std::string>(),
            "lib/other");
  EXPECT_EQ(t.at_path("package-dir").as_table()->get("")->value<std::string>(), "src");
  EXPECT_EQ(t.at_path("packages.find.namespaces").value<bool>(), true);
  EXPECT_EQ(t.at_path("packages.find.where").as_array()->size(), 1u);  // the first only
  EXPECT_EQ(t.at_path("packages.find.exclude[0]").value<std::string>(), "tests*");
  EXPECT_EQ(t.at_path("py-modules").as_array()->size(), 2u);
  // include_package_data defaults to false with setup.cfg (true with [project]).
  EXPECT_EQ(t.at_path("include-package-data").value<bool>(), false);
  EXPECT_EQ(t.at_path("package-data").as_table()->get("")->as_array()->size(), 1u);
  EXPECT_TRUE(t.at_path("package-data.MyPkg").is_array());  // package names keep their case
  EXPECT_TRUE(t.at_path("exclude-package-data.MyPkg").is_array());

  r = ReadCfg(std::string(kHead) + "[options]\npackages = find:\ninclude_package_data = yes\n");
  EXPECT_EQ(r.cfg.tool_setuptools.at_path("packages.find.namespaces").value<bool>(), false);
  EXPECT_EQ(r.cfg.tool_setuptools.at_path("include-package-data").value<bool>(), true);
  r = ReadCfg(std::string(kHead) + "[options]\npackages =\n    demo\n    demo.sub\n");
  EXPECT_EQ(r.cfg.tool_setuptools.at_path("packages").as_array()->size(), 2u);
}

// [bdist_wheel] python_tag (distlib's py2.py3) or universal names the pure wheel's python tag.
TEST(SetupCfg, BdistWheelPythonTag) {
  EXPECT_EQ(ReadCfg(std::string(kHead) + "[bdist_wheel]\npython_tag = py2.py3\n")
                .cfg.meta.wheel_python_tag,
            "py2.py3");
  EXPECT_EQ(ReadCfg(std::string(kHead) + "[wheel]\nuniversal = 1\n").cfg.meta.wheel_python_tag,
            "py2.py3");
  EXPECT_EQ(ReadCfg(kHead).cfg.meta.wheel_python_tag, "");
  EXPECT_FALSE(
      ReadCfg(std::string(kHead) + "[bdist_wheel]\npython_tag = py 3\n").cfg.unreproduced.empty());
  EXPECT_TRUE(SetsOnlyPythonTag({"python_tag = py2.py3", "universal = 0"}));
  EXPECT_FALSE(SetsOnlyPythonTag({"python_tag = py3", "plat_name = any"}));
}

TEST(SetupCfg, LicenseFilesDefaultOrGiven) {
  ScopedTempDir dir;
  dir.Write("setup.cfg", kHead);
  dir.Write("LICENSE", "MIT\n");
  dir.Write("AUTHORS.md", "me\n");
  dir.Write("COPYING~", "backup\n");
  Read r = ReadIn(dir);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.cfg.meta.license_files, (std::vector<std::string>{"AUTHORS.md", "LICENSE"}));
  dir.Write("setup.cfg", std::string(kHead) + "license_files = LICENSE\n  docs/NOTICE\n");
  dir.Write("docs/NOTICE", "n\n");
  r = ReadIn(dir);
  EXPECT_EQ(r.cfg.meta.license_files, (std::vector<std::string>{"LICENSE", "docs/NOTICE"}));
  dir.Write("setup.cfg", std::string(kHead) + "license_files = NOPE*\n");
  EXPECT_NE(ReadIn(dir).Unreproduced().find("matches no file"), std::string::npos);
}

TEST(SetupCfg, SyntaxErrorsNameSetupCfgAndTheLine) {
  Read r = ReadCfg("[metadata]\nname = demo\nnot a key line\n");
  EXPECT_FALSE(r.ok);
  ASSERT_FALSE(r.diags.empty());
  EXPECT_NE(r.diags[0].message.find("setup.cfg:3"), std::string::npos) << r.diags[0].message;
  EXPECT_FALSE(ReadCfg("\xEF\xBB\xBF[metadata]\nname = demo\nversion = 1\n").ok);
  EXPECT_FALSE(ReadCfg("[metadata]\nname = -bad-\nversion = 1\n").ok);
}

// The loader: no [project] with setuptools (or no pyproject.toml at all) takes setup.cfg's
// metadata, and the file choice follows [options] (include_package_data off by default, the
// files `file:` read shipped in the sdist).
TEST(SetupCfg, LoaderAndFileSelection) {
  ScopedTempDir dir;
  dir.Write("setup.cfg",
            "[metadata]\nname = demo\nversion = attr: demo.__version__\n"
            "long_description = file: README.md\nlong_description_content_type = text/markdown\n"
            "[options]\npackages = demo\n");
  dir.Write("README.md", "# Demo\n");
  dir.Write("NOTES.txt", "notes\n");
  dir.Write("MANIFEST.in", "include NOTES.txt\ninclude demo/data.txt\n");
  dir.Write("demo/__init__.py", "__version__ = \"0.3\"\n");
  dir.Write("demo/data.txt", "data\n");
  for (bool with_pyproject : {true, false}) {
    if (with_pyproject)
      dir.Write("pyproject.toml",
                "[build-system]\nrequires = [\"setuptools\"]\n"
                "build-backend = \"setuptools.build_meta\"\n[tool.black]\nline-length = 99\n");
    else
      ::unlink((dir.path + "/pyproject.toml").c_str());
    Project p;
    std::vector<Diagnostic> diags;
    ASSERT_TRUE(LoadProject(dir.path, &p, &diags)) << (diags.empty() ? "" : diags[0].message);
    EXPECT_TRUE(p.setup_cfg_metadata);
    EXPECT_EQ(p.has_pyproject, with_pyproject);
    EXPECT_EQ(p.meta.name, "demo");
    EXPECT_EQ(p.meta.version, "0.3");
    EXPECT_EQ(p.meta.backend, Backend::kSetuptools);
    FileSelection sel;
    ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << (diags.empty() ? "" : diags[0].message);
    std::vector<std::string> sdist, wheel;
    for (const auto& f : sel.sdist) sdist.push_back(f.archive_path);
    for (const auto& f : sel.wheel) wheel.push_back(f.archive_path);
    std::vector<std::string> expected_sdist = {"MANIFEST.in",      "NOTES.txt",     "README.md",
                                               "demo/__init__.py", "demo/data.txt", "setup.cfg"};
    if (with_pyproject) expected_sdist.push_back("pyproject.toml");
    std::sort(sdist.begin(), sdist.end());
    std::sort(expected_sdist.begin(), expected_sdist.end());
    EXPECT_EQ(sdist, expected_sdist);
    // include_package_data is off: demo/data.txt is in the sdist only.
    EXPECT_EQ(wheel, std::vector<std::string>{"demo/__init__.py"});
  }
}
