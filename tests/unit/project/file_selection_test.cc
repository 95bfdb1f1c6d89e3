#include "project/file_selection.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "selection_test_util.h"

namespace {

using Files = std::vector<std::string>;

// Selects the files of a copy of tests/projects/<fixture> (outside git: .gitignore rules apply).
bool SelectFixture(const std::string& fixture, FileSelection* sel, std::vector<Diagnostic>* diags,
                   TempProject* tmp) {
  tmp->CopyFixture(fixture);
  if (fixture == "flat") {
    // flat's .gitignore has "*.log" and "/scratch/": these must stay out.
    tmp->Write("debug.log", "ignored");
    tmp->Write("scratch/notes.txt", "ignored");
  }
  Project p;
  std::string err;
  EXPECT_TRUE(ProjectFromDir(tmp->dir(), &p, &err)) << err;
  return SelectFiles(p, sel, diags);
}

// The lists below are what `python -m build` produces with the real backends (flit_core 4.2,
// hatchling 1.33, setuptools 81, uv_build 0.13) minus the files the writers generate (PKG-INFO,
// setup.cfg, *.egg-info, pyproject.toml.orig, .dist-info).
struct Expected {
  const char* fixture;
  Files sdist;
  Files wheel;
};

const Expected kFixtures[] = {
    {"flat",
     {".gitignore", "LICENSE", "README.md", "docs/index.md", "flat_demo/__init__.py",
      "flat_demo/core.py", "flat_demo/templates/page.html", "pyproject.toml", "tests/test_core.py"},
     {"flat_demo/__init__.py", "flat_demo/core.py", "flat_demo/templates/page.html"}},
    {"flit",
     {"CHANGELOG.md", "LICENSE", "README.md", "docs/index.md", "fancy/__init__.py",
      "fancy/colors.py", "fancy/palettes/default.json", "fancy/py.typed", "pyproject.toml",
      "share/fancy/themes.txt", "tests/test_colors.py"},
     {"fancy/__init__.py", "fancy/colors.py", "fancy/palettes/default.json", "fancy/py.typed",
      "flit_demo-0.1.0.data/data/fancy/themes.txt"}},
    {"hatch",
     {"CHANGELOG.md", "LICENSE", "README.md", "pyproject.toml", "src/hatch_demo/__init__.py",
      "src/hatch_demo/_devtools.py", "src/hatch_demo/api.py", "src/hatch_demo/cache.tmp",
      "src/hatch_demo/schema/item.json", "tests/fixtures/small.txt", "tests/test_api.py"},
     {"hatch_demo/__init__.py", "hatch_demo/api.py", "hatch_demo/cache.tmp",
      "hatch_demo/schema/item.json"}},
    {"setuptools",
     {"CHANGES.rst", "LICENSE", "MANIFEST.in", "README.md", "docs/index.rst", "docs/notes.txt",
      "examples/demo.py", "pyproject.toml", "src/setup_demo/__init__.py", "src/setup_demo/core.py",
      "src/setup_demo/data/defaults.json", "src/setup_demo/plugins/__init__.py",
      "src/setup_demo/plugins/builtin.py", "src/setup_demo/py.typed",
      "src/setup_demo/templates/base.html", "tests/test_core.py"},
     {"setup_demo/__init__.py", "setup_demo/core.py", "setup_demo/data/defaults.json",
      "setup_demo/plugins/__init__.py", "setup_demo/plugins/builtin.py", "setup_demo/py.typed",
      "setup_demo/templates/base.html"}},
    {"uv",
     {"CHANGELOG.md", "LICENSE", "README.md", "docs/guide.md", "pyproject.toml",
      "share/uv-demo/config.toml", "src/uv_demo/__init__.py", "src/uv_demo/dev_notes.txt",
      "src/uv_demo/fast.py", "src/uv_demo/py.typed"},
     {"uv_demo-0.1.0.data/data/uv-demo/config.toml", "uv_demo/__init__.py", "uv_demo/fast.py",
      "uv_demo/py.typed"}},
    {"src_layout",
     {"LICENSE", "README.md", "pyproject.toml", "src/src_layout_demo/__init__.py",
      "src/src_layout_demo/sub/__init__.py", "src/src_layout_demo/sub/helpers.py",
      "src/src_layout_demo/util.py", "tests/test_util.py"},
     {"src_layout_demo/__init__.py", "src_layout_demo/sub/__init__.py",
      "src_layout_demo/sub/helpers.py", "src_layout_demo/util.py"}},
    {"single_module",
     {"LICENSE", "README.md", "pyproject.toml", "single_module_demo.py"},
     {"single_module_demo.py"}},
    {"namespace",
     {"LICENSE", "README.md", "pyproject.toml", "src/acme/widgets/__init__.py",
      "src/acme/widgets/knob.py"},
     {"acme/widgets/__init__.py", "acme/widgets/knob.py"}},
    {"dynamic_version",
     {"LICENSE", "README.md", "pyproject.toml", "src/dynamic_version_demo/__about__.py",
      "src/dynamic_version_demo/__init__.py"},
     {"dynamic_version_demo/__about__.py", "dynamic_version_demo/__init__.py"}},
    {"scripts",
     {"LICENSE", "README.md", "pyproject.toml", "scripts_demo/__init__.py",
      "scripts_demo/__main__.py", "scripts_demo/cli.py"},
     {"scripts_demo/__init__.py", "scripts_demo/__main__.py", "scripts_demo/cli.py"}},
    {"license_files",
     {"LICENSE", "LICENSES/Apache-2.0.txt", "LICENSES/MIT.txt", "NOTICE", "README.md",
      "license_files_demo/__init__.py", "pyproject.toml"},
     {"license_files_demo/__init__.py"}},
    {"rst_readme",
     {"LICENSE", "README.rst", "pyproject.toml", "rst_readme_demo/__init__.py"},
     {"rst_readme_demo/__init__.py"}},
    {"md_readme",
     {"LICENSE", "README.md", "md_readme_demo/__init__.py", "pyproject.toml"},
     {"md_readme_demo/__init__.py"}},
    {"extras",
     {"LICENSE", "README.md", "extras_demo/__init__.py", "pyproject.toml"},
     {"extras_demo/__init__.py"}},
};

}  // namespace

TEST(FileSelection, FixturesMatchTheirBackends) {
  for (const Expected& e : kFixtures) {
    SCOPED_TRACE(e.fixture);
    TempProject tmp;
    FileSelection sel;
    std::vector<Diagnostic> diags;
    ASSERT_TRUE(SelectFixture(e.fixture, &sel, &diags, &tmp)) << Messages(diags);
    EXPECT_EQ(Paths(sel.sdist), e.sdist);
    EXPECT_EQ(Paths(sel.wheel), e.wheel);
  }
}

TEST(FileSelection, FixturesInsideTheGitCheckoutGiveTheSameLists) {
  // tests/projects/* live in pyrelease's own checkout, so git ls-files lists them. A hatchling
  // fixture without a .gitignore of its own also ships the repository's .gitignore as its
  // sdist's, as hatchling does in a monorepo: it reads and force-includes the nearest one upwards.
  const std::string projects = PYRELEASE_TEST_PROJECTS_DIR;
  std::string repo_gitignore, err;
  ASSERT_TRUE(ReadFile(projects + "/../../.gitignore", &repo_gitignore, &err)) << err;
  for (const Expected& e : kFixtures) {
    SCOPED_TRACE(e.fixture);
    Project p;
    ASSERT_TRUE(ProjectFromDir(projects + "/" + e.fixture, &p, &err));
    std::string pyproject;
    ASSERT_TRUE(ReadFile(projects + "/" + e.fixture + "/pyproject.toml", &pyproject, &err));
    struct stat st;
    const bool own_gitignore = stat((projects + "/" + e.fixture + "/.gitignore").c_str(), &st) == 0;
    const bool ships_repos =
        pyproject.find("hatchling.build") != std::string::npos && !own_gitignore;
    std::vector<std::string> sdist = e.sdist;
    if (ships_repos)
      sdist.insert(std::lower_bound(sdist.begin(), sdist.end(), ".gitignore"), ".gitignore");
    FileSelection sel;
    std::vector<Diagnostic> diags;
    ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
    EXPECT_EQ(Paths(sel.sdist), sdist);
    EXPECT_EQ(Paths(sel.wheel), e.wheel);
    for (const SelectedFile& f : sel.sdist) {
      if (f.archive_path != ".gitignore" || !ships_repos) continue;
      ASSERT_TRUE(f.bytes);
      EXPECT_EQ(*f.bytes, repo_gitignore);
    }
  }
}

TEST(FileSelection, SecretsAreRefusedWithTheirNames) {
  TempProject tmp;
  FileSelection sel;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(SelectFixture("secrets", &sel, &diags, &tmp));
  std::string all = Messages(diags);
  EXPECT_NE(all.find(tmp.dir() + "/.env"), std::string::npos) << all;
  EXPECT_NE(all.find(tmp.dir() + "/secrets_demo/server.pem"), std::string::npos) << all;
  EXPECT_NE(all.find("allow-secrets"), std::string::npos) << all;
  EXPECT_EQ(diags.size(), 2u);  // each file once, though server.pem is in both archives
  EXPECT_TRUE(sel.sdist.empty());
}

TEST(FileSelection, AllowSecretsLetsNamedFilesThrough) {
  TempProject tmp;
  tmp.CopyFixture("secrets");
  std::string text;
  std::string err;
  ASSERT_TRUE(ReadFile(tmp.dir() + "/pyproject.toml", &text, &err));
  tmp.Write("pyproject.toml",
            text + "\n[tool.pyrelease]\nallow-secrets = [\"secrets_demo/*.pem\"]\n");
  Project p;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err));
  FileSelection sel;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(SelectFiles(p, &sel, &diags));  // .env is still refused
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags[0].path.find(".env"), std::string::npos);
  tmp.Write("pyproject.toml",
            text + "\n[tool.pyrelease]\nallow-secrets = [\"secrets_demo/*.pem\", \".env\"]\n");
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err));
  diags.clear();
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  Files wheel = Paths(sel.wheel);
  EXPECT_EQ(std::count(wheel.begin(), wheel.end(), "secrets_demo/server.pem"), 1);
}

TEST(FileSelection, SecretNamesGitTracksShipWithAWarningUntrackedOnesAreRefused) {
  TempProject tmp;
  tmp.CopyFixture("secrets");
  tmp.Write("tests/certs/untracked.key", "not tracked\n");
  tmp.Git({"init", "-q"});
  tmp.Git({"add", ".env", "pyproject.toml", "README.md", "LICENSE", "secrets_demo"});
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err));
  FileSelection sel;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(SelectFiles(p, &sel, &diags));
  std::string all = Messages(diags);
  ASSERT_EQ(diags.size(), 3u) << all;
  for (const Diagnostic& d : diags) {
    bool untracked = d.path == tmp.dir() + "/tests/certs/untracked.key";
    EXPECT_EQ(d.severity, untracked ? Severity::kError : Severity::kWarning) << d.path;
    EXPECT_NE(d.message.find(untracked ? "git does not track" : "git tracks it"), std::string::npos)
        << d.message;
  }
  // Tracked, the fixture builds (with the two warnings) once the untracked key is gone.
  ASSERT_EQ(unlink((tmp.dir() + "/tests/certs/untracked.key").c_str()), 0);
  diags.clear();
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  EXPECT_EQ(diags.size(), 2u);
  Files wheel = Paths(sel.wheel);
  EXPECT_EQ(std::count(wheel.begin(), wheel.end(), "secrets_demo/server.pem"), 1);
}

// An unpacked sdist (PKG-INFO at the root, no git) already published every file it holds: its
// secret-looking names (flask's tests/test_apps/.env, pygments' id_ecdsa sample in the corpus)
// ship with a warning naming the sdist, as a tracked file of a checkout does.
TEST(FileSelection, SecretNamesOfAnUnpackedSdistShipWithAWarning) {
  TempProject tmp;
  tmp.CopyFixture("secrets");
  tmp.Write("PKG-INFO", "Metadata-Version: 2.1\nName: secrets-demo\nVersion: 1.0\n");
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err));
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  ASSERT_EQ(diags.size(), 2u) << Messages(diags);
  for (const Diagnostic& d : diags) {
    EXPECT_EQ(d.severity, Severity::kWarning) << d.path;
    EXPECT_NE(d.message.find("unpacked sdist"), std::string::npos) << d.message;
  }
  Files wheel = Paths(sel.wheel);
  EXPECT_EQ(std::count(wheel.begin(), wheel.end(), "secrets_demo/server.pem"), 1);
}

TEST(FileSelection, OnlyTheArchivesBeingBuiltAreJudged) {
  TempProject tmp;
  tmp.CopyFixture("secrets");
  ASSERT_EQ(unlink((tmp.dir() + "/.env").c_str()), 0);
  ASSERT_EQ(unlink((tmp.dir() + "/secrets_demo/server.pem").c_str()), 0);
  tmp.Write("tests/data/id_ecdsa", "sample key for an sdist-only test\n");
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err));
  FileSelection sel;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(SelectFiles(p, &sel, &diags));  // both archives: the sdist would ship it
  ASSERT_EQ(diags.size(), 1u) << Messages(diags);
  EXPECT_EQ(diags[0].path, tmp.dir() + "/tests/data/id_ecdsa");
  diags.clear();
  ASSERT_TRUE(SelectFiles(p, &sel, &diags, SelectOptions{/*sdist=*/false, /*wheel=*/true}))
      << Messages(diags);
  EXPECT_TRUE(diags.empty()) << Messages(diags);
  diags.clear();
  EXPECT_FALSE(SelectFiles(p, &sel, &diags, SelectOptions{/*sdist=*/true, /*wheel=*/false}));
}

TEST(FileSelection, BuildOutputAndCachesNeverShip) {
  TempProject tmp;
  tmp.CopyFixture("flat");
  tmp.Write("dist/flat_demo-0.1.0.tar.gz", "old build");
  tmp.Write("build/lib/flat_demo/__init__.py", "");
  tmp.Write("cmake-build/CMakeCache.txt", "");
  tmp.Write("cmake-build/out.txt", "");
  tmp.Write("flat_demo/__pycache__/core.cpython-311.pyc", "");
  tmp.Write("flat_demo/stale.pyc", "");
  tmp.Write(".tox/log.txt", "");
  tmp.Write("flat_demo.egg-info/PKG-INFO", "");
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err));
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  for (const std::string& f : Paths(sel.sdist)) {
    EXPECT_FALSE(StartsWith(f, "dist/") || StartsWith(f, "build/") ||
                 StartsWith(f, "cmake-build/") || f.find("__pycache__") != std::string::npos ||
                 EndsWith(f, ".pyc") || StartsWith(f, ".tox/") ||
                 f.find(".egg-info") != std::string::npos)
        << f;
  }
}

TEST(FileSelection, GitCheckoutExcludesIgnoredAndKeepsUntracked) {
  TempProject tmp;
  tmp.CopyFixture("flat");
  tmp.Write("flat_demo/generated.dat", "untracked, not ignored");
  tmp.Write(".git/info/exclude", "");  // replaced by git init below
  tmp.Git({"init", "-q"});
  tmp.Write(".git/info/exclude", "flat_demo/local_only.txt\n");
  tmp.Write("flat_demo/local_only.txt", "excluded through .git/info/exclude");
  tmp.Git({"add", "pyproject.toml", "flat_demo/__init__.py"});
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err));
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  Files wheel = Paths(sel.wheel);
  EXPECT_EQ(std::count(wheel.begin(), wheel.end(), "flat_demo/generated.dat"), 1);
  EXPECT_EQ(std::count(wheel.begin(), wheel.end(), "flat_demo/local_only.txt"), 0);
  Files sdist = Paths(sel.sdist);
  EXPECT_EQ(std::count(sdist.begin(), sdist.end(), "debug.log"), 0);
  std::vector<std::string> inputs = sel.DepfileInputs();
  EXPECT_NE(std::find(inputs.begin(), inputs.end(), tmp.dir() + "/.git/info/exclude"),
            inputs.end());
}

// hatch-requirements-txt's files are inputs: the dependencies come from them even when no
// archive ships them.
TEST(FileSelection, HatchRequirementsTxtFilesAreInputs) {
  TempProject tmp;
  tmp.Write(
      "pyproject.toml",
      "[build-system]\nrequires = [\"hatchling\", \"hatch-requirements-txt\"]\n"
      "build-backend = \"hatchling.build\"\n[project]\nname = \"demo\"\nversion = \"1\"\n"
      "dynamic = [\"dependencies\"]\n[tool.hatch.metadata.hooks.requirements_txt]\n"
      "files = [\"reqs/base.txt\"]\n[tool.hatch.build.targets.sdist]\nexclude = [\"reqs\"]\n");
  tmp.Write("reqs/base.txt", "httpx\n");
  tmp.Write("demo/__init__.py", "");
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err)) << err;
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  Files sdist = Paths(sel.sdist);
  EXPECT_EQ(std::count(sdist.begin(), sdist.end(), "reqs/base.txt"), 0);
  std::vector<std::string> inputs = sel.DepfileInputs();
  EXPECT_NE(std::find(inputs.begin(), inputs.end(), tmp.dir() + "/reqs/base.txt"), inputs.end());
}

TEST(FileSelection, InputsCoverConfigurationFilesAndScannedDirectories) {
  TempProject tmp;
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFixture("setuptools", &sel, &diags, &tmp)) << Messages(diags);
  std::vector<std::string> inputs = sel.DepfileInputs();
  auto has = [&](const std::string& rel) {
    std::string abs = rel.empty() ? tmp.dir() : tmp.dir() + "/" + rel;
    return std::binary_search(inputs.begin(), inputs.end(), abs);
  };
  EXPECT_TRUE(has("pyproject.toml"));
  EXPECT_TRUE(has("MANIFEST.in"));
  EXPECT_TRUE(has(""));
  EXPECT_TRUE(has("src/setup_demo"));
  EXPECT_TRUE(has("src/setup_demo/core.py"));
  EXPECT_TRUE(std::is_sorted(inputs.begin(), inputs.end()));
  // The shipped files are not stored among the selection's own inputs (DepfileInputs adds them).
  EXPECT_FALSE(std::binary_search(sel.tree_inputs.begin(), sel.tree_inputs.end(),
                                  tmp.dir() + "/src/setup_demo/core.py"));
}

TEST(FileSelection, EachPathIsStoredOnceAndSourcesAreBuiltFromTheRoot) {
  TempProject tmp;
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFixture("setuptools", &sel, &diags, &tmp)) << Messages(diags);
  EXPECT_EQ(sel.root, tmp.dir());
  for (const SelectedFile& f : sel.sdist) {
    EXPECT_TRUE(f.path.empty()) << f.path;  // the archive path is the project path
    EXPECT_EQ(sel.Source(f), tmp.dir() + "/" + f.archive_path);
  }
  bool seen = false;
  for (const SelectedFile& f : sel.wheel) {
    if (f.archive_path != "setup_demo/core.py") continue;
    seen = true;
    EXPECT_EQ(f.path, "src/setup_demo/core.py");  // src/ layout: the wheel's path differs
    EXPECT_EQ(sel.Source(f), tmp.dir() + "/src/setup_demo/core.py");
  }
  EXPECT_TRUE(seen) << ::testing::PrintToString(Paths(sel.wheel));
}

TEST(FileSelection, TheSdistsLinksAreFoundOnceFromTheWalk) {
  TempProject tmp;
  tmp.Write("pyproject.toml",
            "[build-system]\nrequires = [\"flit_core\"]\nbuild-backend = \"flit_core.buildapi\"\n"
            "[project]\nname = \"fl\"\nversion = \"1.0\"\ndescription = \"d\"\n"
            "[tool.flit.sdist]\ninclude = [\"CHANGELOG\", \"NEWS.txt\"]\n");
  tmp.Write("fl/__init__.py", "\"\"\"Doc.\"\"\"\n");
  tmp.Write("CHANGELOG", "changes\n");
  ASSERT_EQ(::symlink("CHANGELOG", (tmp.dir() + "/NEWS.txt").c_str()), 0);
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err)) << err;
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  ASSERT_TRUE(sel.sdist_links.has_value());
  EXPECT_EQ(sel.sdist_links->text, (std::map<std::string, std::string>{{"NEWS.txt", "CHANGELOG"}}));
  EXPECT_TRUE(sel.sdist_links->unsupported.empty());
}

TEST(FileSelection, ExecutableBitIsReported) {
  TempProject tmp;
  tmp.CopyFixture("setuptools");
  tmp.Write("MANIFEST.in", "graft tools\n");
  tmp.Write("tools/release.sh", "#!/bin/sh\n", /*executable=*/true);
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err));
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  bool seen = false;
  for (const SelectedFile& f : sel.sdist) {
    if (f.archive_path == "tools/release.sh") {
      seen = true;
      EXPECT_TRUE(f.executable);
      EXPECT_EQ(sel.Source(f), tmp.dir() + "/tools/release.sh");
    } else if (f.archive_path == "pyproject.toml") {
      EXPECT_FALSE(f.executable);
    }
  }
  EXPECT_TRUE(seen);
}

TEST(FileSelection, VcsIgnoredReadmeIsStillShipped) {
  TempProject tmp;
  tmp.CopyFixture("md_readme");
  tmp.Write(".gitignore", "README.md\n");
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err));
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  Files sdist = Paths(sel.sdist);
  EXPECT_EQ(std::count(sdist.begin(), sdist.end(), "README.md"), 1);
}

TEST(FileSelection, NoBuildBackendMeansSetuptoolsRules) {
  TempProject tmp;
  tmp.Write("pyproject.toml", "[project]\nname = \"legacy\"\nversion = \"1.0\"\n");
  tmp.Write("setup.py", "from setuptools import setup\nsetup()\n");
  tmp.Write("legacy/__init__.py", "");
  tmp.Write("legacy/data.txt", "");
  tmp.Write("tests/test_legacy.py", "");
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err));
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  // setuptools' sdist defaults (setup.py, tests/test*.py), and no package data without config.
  EXPECT_EQ(Paths(sel.sdist),
            Files({"legacy/__init__.py", "pyproject.toml", "setup.py", "tests/test_legacy.py"}));
  EXPECT_EQ(Paths(sel.wheel), Files({"legacy/__init__.py"}));
}

TEST(FileSelection, VcsVersionFileIsGeneratedIntoBothArchives) {
  TempProject tmp;
  tmp.Write("pyproject.toml",
            "[build-system]\nrequires = [\"hatchling\", \"hatch-vcs\"]\nbuild-backend = "
            "\"hatchling.build\"\n"
            "[project]\nname = \"hv\"\nversion = \"1.2.4.dev1\"\n"
            "[tool.hatch.build.hooks.vcs]\nversion-file = \"src/hv/_version.py\"\n");
  tmp.Write(".gitignore", "/src/hv/_version.py\n");
  tmp.Write("src/hv/__init__.py", "from ._version import __version__\n");
  tmp.Write("src/hv/_version.py", "stale content from an earlier build\n");
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err)) << err;
  p.meta.backend = Backend::kHatch;
  p.vcs_node = "ged3cbbba8274d3d68827425f15bb000ed82e5e0c";
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  auto find = [](const std::vector<SelectedFile>& files,
                 const std::string& path) -> const SelectedFile* {
    for (const SelectedFile& f : files)
      if (f.archive_path == path) return &f;
    return nullptr;
  };
  // Ignored by git, yet shipped (a build artifact), with the plugin's content, not the stale
  // file's.
  const SelectedFile* in_sdist = find(sel.sdist, "src/hv/_version.py");
  const SelectedFile* in_wheel = find(sel.wheel, "hv/_version.py");
  ASSERT_NE(in_sdist, nullptr) << ::testing::PrintToString(Paths(sel.sdist));
  ASSERT_NE(in_wheel, nullptr) << ::testing::PrintToString(Paths(sel.wheel));
  EXPECT_TRUE(in_sdist->generated);
  ASSERT_TRUE(in_sdist->bytes && in_wheel->bytes);
  const std::string& sdist_content = *in_sdist->bytes;
  EXPECT_NE(sdist_content.find("__version__ = version = '1.2.4.dev1'\n"), std::string::npos)
      << sdist_content;
  // hatch-vcs's hook writes no commit id; the wheel's file is the same.
  EXPECT_NE(sdist_content.find("commit_id = None\n"), std::string::npos) << sdist_content;
  EXPECT_EQ(*in_wheel->bytes, sdist_content);
  // Not a depfile input: it does not exist before the build.
  std::vector<std::string> inputs = sel.DepfileInputs();
  EXPECT_EQ(std::count(inputs.begin(), inputs.end(), tmp.dir() + "/src/hv/_version.py"), 0);
}

TEST(FileSelection, SetuptoolsScmWheelKeepsTheCommitIdWhenTheEggInfoIsAtTheRoot) {
  // setuptools-scm writes scm_version.json into the sdist's egg-info; when that lies at the root
  // (no package-dir ""), building the wheel from the sdist reads it again and the wheel's version
  // file keeps the commit id. With the src-layout the egg-info is src/'s: None, from PKG-INFO.
  for (bool src : {false, true}) {
    TempProject tmp;
    tmp.Write("pyproject.toml",
              "[build-system]\nrequires = [\"setuptools\", \"setuptools-scm\"]\nbuild-backend = "
              "\"setuptools.build_meta\"\n[project]\nname = \"sv\"\nversion = \"1.2.3\"\n"
              "[tool.setuptools_scm]\nversion_file = \"" +
                  std::string(src ? "src/" : "") + "sv/_version.py\"\n");
    tmp.Write(std::string(src ? "src/" : "") + "sv/__init__.py", "");
    Project p;
    std::string err;
    ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err)) << err;
    p.meta.backend = Backend::kSetuptools;
    p.vcs_node = "ged3cbbba8274d3d68827425f15bb000ed82e5e0c";
    FileSelection sel;
    std::vector<Diagnostic> diags;
    ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
    const SelectedFile* in_wheel = nullptr;
    for (const SelectedFile& f : sel.wheel)
      if (f.archive_path == "sv/_version.py") in_wheel = &f;
    ASSERT_TRUE(in_wheel && in_wheel->bytes) << ::testing::PrintToString(Paths(sel.wheel));
    EXPECT_NE(in_wheel->bytes->find(src ? "commit_id = None\n" : "commit_id = 'ged3cbbba8'\n"),
              std::string::npos)
        << src << *in_wheel->bytes;
  }
}

TEST(FileSelection, WheelLeavesOutWhatTheSdistDropsAndSaysSo) {
  TempProject tmp;
  tmp.Write("pyproject.toml",
            "[build-system]\nrequires = [\"flit_core\"]\nbuild-backend = \"flit_core.buildapi\"\n"
            "[project]\nname = \"fl\"\nversion = \"1.0\"\ndescription = \"d\"\n"
            "[tool.flit.sdist]\nexclude = [\"fl/private.py\"]\n");
  tmp.Write("fl/__init__.py", "\"\"\"Doc.\"\"\"\n");
  tmp.Write("fl/private.py", "");
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err)) << err;
  p.meta.backend = Backend::kFlit;
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  // flit's own rules: the wheel straight from the tree is the whole module.
  EXPECT_EQ(Paths(sel.wheel), Files({"fl/__init__.py", "fl/private.py"}));
  EXPECT_TRUE(diags.empty()) << Messages(diags);
  RestrictWheelToSdist(p, &sel, &diags);
  EXPECT_EQ(Paths(sel.wheel), Files({"fl/__init__.py"}));
  ASSERT_EQ(diags.size(), 1u) << Messages(diags);
  EXPECT_EQ(diags[0].severity, Severity::kWarning);
  EXPECT_NE(diags[0].message.find("fl/private.py"), std::string::npos) << diags[0].message;
}

TEST(FileSelection, RestrictWheelToSdistKeepsAWheelTheSdistCovers) {
  TempProject tmp;
  tmp.CopyFixture("flit");
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(tmp.dir(), &p, &err)) << err;
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  std::vector<SelectedFile> before = sel.wheel;
  RestrictWheelToSdist(p, &sel, &diags);
  EXPECT_TRUE(diags.empty()) << Messages(diags);
  ASSERT_EQ(sel.wheel.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(sel.wheel[i].archive_path, before[i].archive_path);
    EXPECT_EQ(sel.Source(sel.wheel[i]), sel.Source(before[i]));
  }
}

TEST(FileSelection, DepfileInputsAreOneSortedListOfProjectFilesAndAddedInputs) {
  FileSelection sel;
  sel.root = "/p";
  sel.tree_inputs = {"/p", "/p/pyproject.toml"};
  sel.sdist = {{"", "b.py"}, {"", "pkg/_version.py"}};
  sel.sdist[1].generated = true;  // does not exist before the build: not an input
  sel.wheel = {{"", "b.py"}, {"/build/_core.so", "pkg/_core.so"}, {"src/c.py", "c.py"}};
  // A file from outside the project is an input only when its adder names it (a native build).
  sel.inputs = {"/build/_core.so", "/a-first"};
  EXPECT_EQ(sel.DepfileInputs(),
            (std::vector<std::string>{"/a-first", "/build/_core.so", "/p", "/p/b.py",
                                      "/p/pyproject.toml", "/p/src/c.py"}));
  sel.inputs.clear();
  EXPECT_EQ(sel.DepfileInputs(),
            (std::vector<std::string>{"/p", "/p/b.py", "/p/pyproject.toml", "/p/src/c.py"}));
}
