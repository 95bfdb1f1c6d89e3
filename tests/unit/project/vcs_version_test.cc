#include "project/vcs_version.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>

#include "core/subprocess.h"
#include "project/pyproject.h"
#include "project/scm_fallback.h"
#include "test_support.h"

namespace {

toml::table Parse(const std::string& text) {
  toml::parse_result r = toml::parse(text);
  EXPECT_TRUE(r.succeeded()) << text;
  return r.succeeded() ? std::move(r).table() : toml::table();
}

GitDescription Describe(const std::string& out) {
  GitDescription d;
  EXPECT_TRUE(ParseGitDescribe(out, &d)) << out;
  return d;
}

std::string Format(const GitDescription& d, const VcsVersionConfig& c = {},
                   int64_t now = 1000000000) {
  std::string v, err;
  EXPECT_TRUE(FormatScmVersion(d, c, now, &v, &err)) << err;
  return v;
}

const char* kHash = "ed3cbbba8274d3d68827425f15bb000ed82e5e0c";

void Git(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git",
                                   "-c",
                                   "user.name=t",
                                   "-c",
                                   "user.email=t@example.invalid",
                                   "-c",
                                   "commit.gpgsign=false",
                                   "-c",
                                   "tag.gpgsign=false"};
  argv.insert(argv.end(), args.begin(), args.end());
  SubprocessOptions o;
  o.cwd = dir;
  SubprocessResult r;
  std::string err;
  ASSERT_TRUE(RunSubprocess(argv, o, &r, &err)) << err;
  ASSERT_EQ(r.exit_code, 0) << DescribeCommand(argv) << ": " << r.err;
}

}  // namespace

TEST(VcsVersion, ParseGitDescribe) {
  GitDescription d = Describe(std::string("v1.2.3-4-g") + kHash + "-dirty\n");
  EXPECT_EQ(d.tag, "v1.2.3");
  EXPECT_EQ(d.distance, 4);
  EXPECT_EQ(d.node, std::string("g") + kHash);
  EXPECT_TRUE(d.dirty);
  // A tag name holding dashes keeps them.
  d = Describe(std::string("my-pkg-1.0-0-g") + kHash);
  EXPECT_EQ(d.tag, "my-pkg-1.0");
  EXPECT_EQ(d.distance, 0);
  EXPECT_FALSE(d.dirty);
  GitDescription empty;
  EXPECT_FALSE(ParseGitDescribe("  \n", &empty));
}

// Figures taken from setuptools-scm 10.3.4 on a real repository
// (tests/integration/vcs_versions_test.py compares live).
TEST(VcsVersion, DefaultSchemes) {
  std::string g = std::string("g") + kHash;
  EXPECT_EQ(Format(Describe("v1.2.3-0-" + g)), "1.2.3");
  EXPECT_EQ(Format(Describe("v1.2.3-1-" + g)), "1.2.4.dev1+ged3cbbba8");
  // Dirty: the date of SOURCE_DATE_EPOCH (2001-09-09 for 1e9), also on the tag itself.
  EXPECT_EQ(Format(Describe("v1.2.3-1-" + g + "-dirty")), "1.2.4.dev1+ged3cbbba8.d20010909");
  EXPECT_EQ(Format(Describe("v1.2.3-0-" + g + "-dirty")), "1.2.4.dev0+ged3cbbba8.d20010909");
  // Pre-, post- and dev-releases, prefixes, epochs, a local suffix on the tag.
  EXPECT_EQ(Format(Describe("2.0rc1-3-" + g)), "2.0rc2.dev3+ged3cbbba8");
  EXPECT_EQ(Format(Describe("1.0.post1-2-" + g)), "1.0.post2.dev2+ged3cbbba8");
  EXPECT_EQ(Format(Describe("1.0.dev0-2-" + g)), "1.0.dev2+ged3cbbba8");
  EXPECT_EQ(Format(Describe("pkg-name-v3.9-0-" + g)), "3.9");
  EXPECT_EQ(Format(Describe("1!2.0-0-" + g)), "1!2.0");
  EXPECT_EQ(Format(Describe("1.0+local-0-" + g)), "1.0+local");
  EXPECT_EQ(Format(Describe("1.0+local-2-" + g)), "1.1.dev2+local.ged3cbbba8");
  EXPECT_EQ(Format(Describe("V1.9-5-" + g)), "1.10.dev5+ged3cbbba8");
  // No tag: 0.0 (or the fallback version) is the base.
  GitDescription none;
  none.distance = 3;
  none.node = g;
  EXPECT_EQ(Format(none), "0.1.dev3+ged3cbbba8");
  VcsVersionConfig fallback;
  fallback.fallback_version = "2.5";
  EXPECT_EQ(Format(none, fallback), "2.6.dev3+ged3cbbba8");
  // no-local-version drops the node and date.
  VcsVersionConfig no_local;
  no_local.local_version = false;
  EXPECT_EQ(Format(Describe("v1.2.3-1-" + g + "-dirty"), no_local), "1.2.4.dev1");
  // dirty-tag: "+dirty" on a dirty tree only (vcs-versioning's get_local_dirty_tag).
  VcsVersionConfig dirty_tag;
  dirty_tag.local_dirty_tag = true;
  EXPECT_EQ(Format(Describe("v1.2.3-1-" + g + "-dirty"), dirty_tag), "1.2.4.dev1+dirty");
  EXPECT_EQ(Format(Describe("v1.2.3-1-" + g), dirty_tag), "1.2.4.dev1");
  EXPECT_EQ(Format(Describe("v1.2.3-0-" + g), dirty_tag), "1.2.3");
  EXPECT_EQ(Format(Describe("1.0+local-0-" + g + "-dirty"), dirty_tag), "1.1.dev0+local.dirty");

  std::string v, err;
  EXPECT_FALSE(FormatScmVersion(Describe("release-candidate-0-" + g), {}, 0, &v, &err));
  EXPECT_NE(err.find("release-candidate"), std::string::npos) << err;
  EXPECT_FALSE(FormatScmVersion(Describe("1.0.dev3-1-" + g), {}, 0, &v, &err));
  EXPECT_NE(err.find(".dev"), std::string::npos) << err;
}

// The other version schemes, figures from vcs-versioning 2.6.0's own format_version on the same
// ScmVersion (tag, distance, dirty, branch; SOURCE_DATE_EPOCH 1e9).
TEST(VcsVersion, OtherSchemes) {
  using S = ScmVersionScheme;
  struct Case {
    S scheme;
    const char* tag;
    int64_t distance;
    bool dirty;
    const char* branch;
    const char* want;
  };
  const Case cases[] = {
      {S::kNoGuessDev, "v1.2.3", 0, false, "", "1.2.3"},
      {S::kNoGuessDev, "v1.2.3", 1, false, "main", "1.2.3.post1.dev1+ged3cbbba8"},
      {S::kNoGuessDev, "v1.2.3", 0, true, "", "1.2.3.post1.dev0+ged3cbbba8.d20010909"},
      {S::kNoGuessDev, "v1.2.3", 2, true, "", "1.2.3.post1.dev2+ged3cbbba8.d20010909"},
      {S::kNoGuessDev, "2.0rc1", 3, false, "", "2.0rc1.post1.dev3+ged3cbbba8"},
      {S::kNoGuessDev, "1.0.dev0", 2, false, "", "1.0.dev2+ged3cbbba8"},
      {S::kNoGuessDev, "1!2.0", 1, false, "", "1!2.0.post1.dev1+ged3cbbba8"},
      {S::kNoGuessDev, "1.0+local", 2, false, "", "1.0.post1.dev2+local.ged3cbbba8"},
      {S::kNoGuessDev, "1.2", 4, false, "feature/x", "1.2.post1.dev4+ged3cbbba8"},
      {S::kNoGuessDev, "1.2.3.4", 1, false, "", "1.2.3.4.post1.dev1+ged3cbbba8"},
      {S::kPostRelease, "v1.2.3", 0, false, "", "1.2.3"},
      {S::kPostRelease, "v1.2.3", 1, false, "main", "1.2.3.post1+ged3cbbba8"},
      {S::kPostRelease, "v1.2.3", 0, true, "", "1.2.3.post0+ged3cbbba8.d20010909"},
      {S::kPostRelease, "v1.2.3", 2, true, "", "1.2.3.post2+ged3cbbba8.d20010909"},
      {S::kPostRelease, "2.0rc1", 3, false, "", "2.0rc1.post3+ged3cbbba8"},
      {S::kPostRelease, "1!2.0", 1, false, "", "1!2.0.post1+ged3cbbba8"},
      {S::kPostRelease, "1.0+local", 2, false, "", "1.0.post2+local.ged3cbbba8"},
      {S::kPostRelease, "1.2", 4, false, "feature/x", "1.2.post4+ged3cbbba8"},
      {S::kPostRelease, "1.2.3.4", 1, false, "", "1.2.3.4.post1+ged3cbbba8"},
      {S::kOnlyVersion, "v1.2.3", 0, false, "", "1.2.3"},
      {S::kOnlyVersion, "v1.2.3", 1, false, "main", "1.2.3+ged3cbbba8"},
      {S::kOnlyVersion, "v1.2.3", 0, true, "", "1.2.3+ged3cbbba8.d20010909"},
      {S::kOnlyVersion, "v1.2.3", 2, true, "", "1.2.3+ged3cbbba8.d20010909"},
      {S::kOnlyVersion, "2.0rc1", 3, false, "", "2.0rc1+ged3cbbba8"},
      {S::kOnlyVersion, "1.0.dev0", 2, false, "", "1.0.dev0+ged3cbbba8"},
      {S::kOnlyVersion, "1!2.0", 1, false, "", "1!2.0+ged3cbbba8"},
      {S::kOnlyVersion, "1.0+local", 2, false, "", "1.0+local.ged3cbbba8"},
      {S::kOnlyVersion, "1.2", 4, false, "feature/x", "1.2+ged3cbbba8"},
      {S::kOnlyVersion, "1.2.3.4", 1, false, "", "1.2.3.4+ged3cbbba8"},
      {S::kOnlyVersion, "1.0.post1", 1, false, "", "1.0.post1+ged3cbbba8"},
      {S::kSimplifiedSemver, "v1.2.3", 0, false, "", "1.2.3"},
      {S::kSimplifiedSemver, "v1.2.3", 1, false, "main", "1.2.4.dev1+ged3cbbba8"},
      {S::kSimplifiedSemver, "v1.2.3", 0, true, "", "1.2.4.dev0+ged3cbbba8.d20010909"},
      {S::kSimplifiedSemver, "v1.2.3", 2, true, "", "1.2.4.dev2+ged3cbbba8.d20010909"},
      {S::kSimplifiedSemver, "2.0rc1", 3, false, "", "2.0.1.dev3+ged3cbbba8"},
      {S::kSimplifiedSemver, "1.0.dev0", 2, false, "", "1.0.0.dev2+ged3cbbba8"},
      {S::kSimplifiedSemver, "1!2.0", 1, false, "", "1!2.0.1.dev1+ged3cbbba8"},
      {S::kSimplifiedSemver, "1.0+local", 2, false, "", "1.0.1.dev2+local.ged3cbbba8"},
      {S::kSimplifiedSemver, "1.2", 4, false, "feature/x", "1.3.0.dev4+ged3cbbba8"},
      {S::kSimplifiedSemver, "1.2.3.4", 1, false, "", "1.2.4.dev1+ged3cbbba8"},
      {S::kSimplifiedSemver, "1.0.post1", 1, false, "", "1.0.1.dev1+ged3cbbba8"},
  };
  for (const Case& c : cases) {
    GitDescription d;
    d.has_tag = true;
    d.tag = c.tag;
    d.distance = c.distance;
    d.dirty = c.dirty;
    d.node = std::string("g") + kHash;
    d.branch = c.branch;
    VcsVersionConfig config;
    config.scheme = c.scheme;
    EXPECT_EQ(Format(d, config), c.want) << c.tag << " " << c.distance << " " << c.branch;
  }
  // no-guess-dev refuses to add a post release to one.
  VcsVersionConfig no_guess;
  no_guess.scheme = S::kNoGuessDev;
  std::string v, err;
  EXPECT_FALSE(
      FormatScmVersion(Describe("1.0.post1-1-g" + std::string(kHash)), no_guess, 0, &v, &err));
  EXPECT_NE(err.find("post release"), std::string::npos) << err;
}

TEST(VcsVersion, RenderVersionFile) {
  std::string py, txt;
  ASSERT_TRUE(RenderVersionFile("src/pkg/_version.py", "1.2.4.dev1+ged3cbbba8", "ged3cbbba8", &py));
  EXPECT_NE(py.find("__version__ = version = '1.2.4.dev1+ged3cbbba8'\n"), std::string::npos) << py;
  EXPECT_NE(py.find("__version_tuple__ = version_tuple = (1, 2, 4, 'dev1', 'ged3cbbba8')\n"),
            std::string::npos);
  EXPECT_NE(py.find("__commit_id__ = commit_id = 'ged3cbbba8'\n"), std::string::npos);
  ASSERT_TRUE(RenderVersionFile("_v.py", "1!2.0rc1.post2", "", &py));
  EXPECT_NE(py.find("version_tuple = ('1!', 2, 0, 'rc1', 'post2')\n"), std::string::npos) << py;
  EXPECT_NE(py.find("commit_id = None\n"), std::string::npos);
  ASSERT_TRUE(RenderVersionFile("_v.py", "3", "", &py));
  EXPECT_NE(py.find("version_tuple = (3,)\n"), std::string::npos) << py;
  ASSERT_TRUE(RenderVersionFile("VERSION.txt", "1.0", "g1", &txt));
  EXPECT_EQ(txt, "1.0");
  EXPECT_FALSE(RenderVersionFile("version.json", "1.0", "", &txt));
}

TEST(VcsVersion, ConfigAndReasons) {
  VcsVersionConfig c = ReadVcsVersionConfig(Parse(R"(
[tool.hatch.version]
source = "vcs"
fallback-version = "0.0.1"
raw-options = { local_scheme = "no-local-version" }
[tool.hatch.build.hooks.vcs]
version-file = "src/pkg/_version.py"
)"),
                                            Backend::kHatch);
  EXPECT_EQ(c.plugin, VcsPlugin::kHatchVcs);
  EXPECT_TRUE(c.version_from_vcs);
  EXPECT_EQ(c.fallback_version, "0.0.1");
  EXPECT_FALSE(c.local_version);
  EXPECT_EQ(c.version_file, "src/pkg/_version.py");
  EXPECT_TRUE(c.unreproduced.empty()) << c.unreproduced[0];

  c = ReadVcsVersionConfig(Parse(R"(
[tool.hatch.version]
source = "vcs"
tag-pattern = "^rel-(?P<version>.*)$"
raw-options = { version_scheme = "calver-by-date", root = ".." }
[tool.hatch.build.hooks.vcs]
version-file = "_version.py"
template = "v = {version!r}"
)"),
                           Backend::kHatch);
  std::string all;
  for (const auto& r : c.unreproduced) all += r + "\n";
  EXPECT_NE(all.find("[tool.hatch.version] tag-pattern"), std::string::npos) << all;
  EXPECT_NE(all.find("raw-options.root"), std::string::npos) << all;
  EXPECT_NE(all.find("version_scheme = \"calver-by-date\""), std::string::npos) << all;
  EXPECT_NE(all.find("[tool.hatch.build.hooks.vcs] template"), std::string::npos) << all;

  // The raw-options the corpus uses (hatch, param, fsspec) are read natively; a later
  // fallback-version replaces raw fallback_version as hatch-vcs does.
  c = ReadVcsVersionConfig(Parse(R"(
[tool.hatch.version]
source = "vcs"
fallback-version = "9.9"
[tool.hatch.version.raw-options]
version_scheme = "python-simplified-semver"
local_scheme = "no-local-version"
parentdir_prefix_version = "hatch-"
git_describe_command = ["git", "describe", "--dirty", "--tags", "--long", "--match", "hatch-v*"]
fallback_version = "1.0"
write_to = "ignored.py"
)"),
                           Backend::kHatch);
  EXPECT_TRUE(c.unreproduced.empty()) << c.unreproduced[0];
  EXPECT_EQ(c.scheme, ScmVersionScheme::kSimplifiedSemver);
  EXPECT_EQ(c.parentdir_prefix, "hatch-");
  EXPECT_EQ(c.describe_args, (std::vector<std::string>{"describe", "--dirty", "--tags", "--long",
                                                       "--match", "hatch-v*"}));
  EXPECT_EQ(c.fallback_version, "9.9");
  for (const char* scheme : {"no-guess-dev", "post-release", "only-version", "semver-pep440"}) {
    c = ReadVcsVersionConfig(
        Parse(std::string("[tool.setuptools_scm]\nversion_scheme = \"") + scheme + "\"\n"),
        Backend::kSetuptools);
    EXPECT_TRUE(c.unreproduced.empty()) << scheme << ": " << c.unreproduced[0];
    EXPECT_NE(c.scheme, ScmVersionScheme::kGuessNextDev) << scheme;
  }
  // A describe command with options whose output is not followed, or not git describe at all.
  for (const char* cmd : {"\"git describe --contains\"", "[\"git\", \"log\"]",
                          "\"git describe --match 'v*'\"", "[\"sh\", \"-c\", \"x\"]"}) {
    c = ReadVcsVersionConfig(
        Parse(std::string("[tool.setuptools_scm]\ngit_describe_command = ") + cmd + "\n"),
        Backend::kSetuptools);
    ASSERT_EQ(c.unreproduced.size(), 1u) << cmd;
    EXPECT_NE(c.unreproduced[0].find("git_describe_command"), std::string::npos);
  }
  c = ReadVcsVersionConfig(
      Parse("[tool.setuptools_scm]\ngit_describe_command = \"git describe --tags --abbrev=7 "
            "--match=v* --exclude x\"\n"),
      Backend::kSetuptools);
  EXPECT_TRUE(c.unreproduced.empty()) << c.unreproduced[0];
  EXPECT_EQ(c.describe_args.size(), 6u);

  // A regex-source project with only the hook: the hook's file, the version not from git.
  c = ReadVcsVersionConfig(Parse("[tool.hatch.build.hooks.vcs]\nversion-file = \"v.txt\"\n"),
                           Backend::kHatch);
  EXPECT_EQ(c.plugin, VcsPlugin::kHatchVcs);
  EXPECT_FALSE(c.version_from_vcs);
  EXPECT_EQ(ReadVcsVersionConfig(Parse("[tool.hatch.version]\npath = \"a.py\"\n"), Backend::kHatch)
                .plugin,
            VcsPlugin::kNone);

  // setuptools-scm: by its table, or by build-system.requires with a dynamic version.
  c = ReadVcsVersionConfig(Parse("[tool.setuptools_scm]\nwrite_to = \"pkg/_v.py\"\n"),
                           Backend::kSetuptools);
  EXPECT_EQ(c.plugin, VcsPlugin::kSetuptoolsScm);
  EXPECT_EQ(c.version_file, "pkg/_v.py");
  EXPECT_EQ(c.version_file_key, "tool.setuptools_scm.write_to");
  c = ReadVcsVersionConfig(Parse(R"(
[build-system]
requires = ["setuptools>=64", "setuptools_scm[toml]>=8"]
build-backend = "setuptools.build_meta"
[project]
name = "x"
dynamic = ["version"]
)"),
                           Backend::kSetuptools);
  EXPECT_EQ(c.plugin, VcsPlugin::kSetuptoolsScm);
  // An unknown backend is never taken for setuptools.
  EXPECT_EQ(ReadVcsVersionConfig(
                Parse("[build-system]\nbuild-backend = \"pdm.backend\"\n[tool.setuptools_scm]\n"),
                Backend::kUnknown)
                .plugin,
            VcsPlugin::kNone);
}

TEST(VcsVersion, ResolveFromGitPretendAndPkgInfo) {
  ScopedTempDir dir;
  dir.Write("pkg/__init__.py", "");
  VcsVersionConfig c;
  c.plugin = VcsPlugin::kSetuptoolsScm;
  std::string v, node, from, err;
  // No checkout, no PKG-INFO: an error naming the directory.
  EXPECT_FALSE(ResolveVcsVersion(dir.path, "My.Pkg", c, &v, &node, &from, &err));
  EXPECT_NE(err.find(dir.path), std::string::npos) << err;

  Git(dir.path, {"init", "-q"});
  Git(dir.path, {"add", "-A"});
  Git(dir.path, {"commit", "-q", "-m", "one"});
  Git(dir.path, {"commit", "-q", "--allow-empty", "-m", "two"});
  ASSERT_TRUE(ResolveVcsVersion(dir.path, "My.Pkg", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(node.size(), 41u);
  EXPECT_EQ(v, "0.1.dev2+" + node.substr(0, 10));
  Git(dir.path, {"tag", "v1.0"});
  ASSERT_TRUE(ResolveVcsVersion(dir.path, "My.Pkg", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(v, "1.0");
  EXPECT_NE(from.find("v1.0-0-g"), std::string::npos) << from;
  dir.Write("pkg/__init__.py", "x = 1\n");
  setenv("SOURCE_DATE_EPOCH", "1000000000", 1);
  ASSERT_TRUE(ResolveVcsVersion(dir.path, "My.Pkg", c, &v, &node, &from, &err)) << err;
  unsetenv("SOURCE_DATE_EPOCH");
  EXPECT_EQ(v, "1.1.dev0+" + node.substr(0, 10) + ".d20010909");

  // The per-project variable wins over the global one; an empty one counts as unset.
  setenv("SETUPTOOLS_SCM_PRETEND_VERSION", "9.0", 1);
  setenv("SETUPTOOLS_SCM_PRETEND_VERSION_FOR_MY_PKG", "7.1", 1);
  ASSERT_TRUE(ResolveVcsVersion(dir.path, "My.Pkg", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(v, "7.1");
  EXPECT_EQ(from, "SETUPTOOLS_SCM_PRETEND_VERSION_FOR_MY_PKG");
  EXPECT_EQ(node, "");
  unsetenv("SETUPTOOLS_SCM_PRETEND_VERSION_FOR_MY_PKG");
  ASSERT_TRUE(ResolveVcsVersion(dir.path, "My.Pkg", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(v, "9.0");
  unsetenv("SETUPTOOLS_SCM_PRETEND_VERSION");

  // An unpacked sdist: no checkout, the PKG-INFO version.
  ScopedTempDir sdist;
  sdist.Write("PKG-INFO", "Metadata-Version: 2.4\nName: my.pkg\nVersion: 1.0.1.dev0+gabc\n\n");
  ASSERT_TRUE(ResolveVcsVersion(sdist.path, "My.Pkg", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(v, "1.0.1.dev0+gabc");
  EXPECT_EQ(from, "PKG-INFO");
}

// An unpacked setuptools-scm sdist (no checkout): a root egg-info's scm_version.json gives the
// version through the schemes, as git's description would, before PKG-INFO; a src/ egg-info is not
// looked at (setuptools-scm's egg-info discovery reads the root only).
TEST(VcsVersion, ResolveFromAnUnpackedSdistsScmVersionJson) {
  VcsVersionConfig c;
  c.plugin = VcsPlugin::kSetuptoolsScm;
  std::string v, node, from, err;
  ScopedTempDir sdist;
  sdist.Write("PKG-INFO", "Metadata-Version: 2.4\nName: demo\nVersion: 1.2.3\n\n");
  const std::string json =
      std::string("{\n  \"tag\": \"1.2.3\",\n  \"distance\": 2,\n  \"node\": \"g") + kHash +
      "\",\n  \"dirty\": false,\n  \"branch\": \"HEAD\",\n  " +
      "\"node_date\": \"2026-07-27\"\n}\n";
  sdist.Write("src/demo.egg-info/scm_version.json", json);
  ASSERT_TRUE(ResolveVcsVersion(sdist.path, "demo", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(v, "1.2.3");
  EXPECT_EQ(from, "PKG-INFO");
  EXPECT_EQ(node, "");
  sdist.Write("demo.egg-info/scm_version.json", json);
  ASSERT_TRUE(ResolveVcsVersion(sdist.path, "demo", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(v, std::string("1.2.4.dev2+g") + std::string(kHash).substr(0, 9));
  EXPECT_EQ(from, "demo.egg-info/scm_version.json");
  EXPECT_EQ(node, std::string("g") + kHash);
  c.local_version = false;
  ASSERT_TRUE(ResolveVcsVersion(sdist.path, "demo", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(v, "1.2.4.dev2");

  ScmFallback f = ReadScmFallback(sdist.path);
  EXPECT_EQ(f.metadata_dir, "demo.egg-info");
  EXPECT_FALSE(f.has_file_list);
  EXPECT_TRUE(f.unreproduced.empty());
  sdist.Write("demo.egg-info/scm_file_list.json", "{\"files\": [\"a.py\", \"docs/x.md\"]}\n");
  f = ReadScmFallback(sdist.path);
  EXPECT_TRUE(f.has_file_list);
  EXPECT_EQ(f.file_list_path, "demo.egg-info/scm_file_list.json");
  EXPECT_EQ(f.files, (std::vector<std::string>{"a.py", "docs/x.md"}));
  // An empty list is no list: setuptools' own finder and SOURCES.txt then.
  sdist.Write("demo.egg-info/scm_file_list.json", "{\"files\": []}\n");
  EXPECT_FALSE(ReadScmFallback(sdist.path).has_file_list);
}

// What setuptools-scm reads in an unpacked sdist and the native build does not reproduce is a
// reason: an unreadable scm_version.json or scm_file_list.json, a tag with a local part, two root
// egg-infos with one each, an expanded .git_archival.txt (an unexpanded one gives no version and
// is inert), a .hg_archival.txt.
TEST(VcsVersion, UnpackedSdistFallbacksNotReproducedAreReasons) {
  auto reasons = [](const ScopedTempDir& dir) {
    Project p;
    p.dir = dir.path;
    p.meta.backend = Backend::kSetuptools;
    p.doc = Parse("[tool.setuptools_scm]\n");
    std::string reason;
    return VcsVersionIsReproduced(p, &reason) ? std::string() : reason;
  };
  {
    ScopedTempDir dir;
    dir.Write("PKG-INFO", "Metadata-Version: 2.4\nName: demo\nVersion: 1.0\n\n");
    dir.Write(".git_archival.txt",
              "node: $Format:%H$\nnode-date: $Format:%cI$\n"
              "describe-name: $Format:%(describe:tags=true,match=*[0-9]*)$\n");
    EXPECT_EQ(reasons(dir), "");
    dir.Write(".git_archival.txt",
              "node: 0123456789abcdef0123456789abcdef01234567\ndescribe-name: v1.0\n");
    EXPECT_NE(reasons(dir).find(".git_archival.txt: setuptools-scm takes the version"),
              std::string::npos)
        << reasons(dir);
    // A root egg-info's scm_version.json comes first: the archival file is not read then.
    dir.Write("demo.egg-info/scm_version.json", "{\"tag\": \"1.0\", \"distance\": 0}\n");
    EXPECT_EQ(reasons(dir), "");
    dir.Write("demo.egg-info/scm_file_list.json", "[\"a.py\"]\n");
    EXPECT_NE(reasons(dir).find("demo.egg-info/scm_file_list.json: setuptools-scm skips"),
              std::string::npos)
        << reasons(dir);
    dir.Write("demo.egg-info/scm_file_list.json", "{\"files\": [\"a.py\"]}\n");
    dir.Write("demo.egg-info/scm_version.json", "{\"tag\": \"1.0+local\", \"distance\": 0}\n");
    EXPECT_NE(reasons(dir).find("the tag '1.0+local'"), std::string::npos) << reasons(dir);
    dir.Write("demo.egg-info/scm_version.json", "{\"tag\": \"1.0\"}\n");
    EXPECT_NE(reasons(dir).find("demo.egg-info/scm_version.json: setuptools-scm skips"),
              std::string::npos)
        << reasons(dir);
    dir.Write("demo.egg-info/scm_version.json", "{\"tag\": \"1.0\", \"distance\": 0}\n");
    dir.Write("other.egg-info/scm_version.json", "{\"tag\": \"1.0\", \"distance\": 0}\n");
    EXPECT_NE(reasons(dir).find("2 egg-info directories hold a scm_version.json"),
              std::string::npos)
        << reasons(dir);
  }
  ScopedTempDir hg;
  hg.Write("PKG-INFO", "Metadata-Version: 2.4\nName: demo\nVersion: 1.0\n\n");
  hg.Write(".hg_archival.txt", "repo: 0\nnode: 1\n");
  EXPECT_NE(reasons(hg).find(".hg_archival.txt"), std::string::npos) << reasons(hg);
}

// git_describe_command decides which tags count; the semver scheme reads the branch; without git
// or PKG-INFO, parentdir_prefix_version reads the directory's name before the fallback version.
TEST(VcsVersion, ResolveWithDescribeCommandBranchAndParentDir) {
  ScopedTempDir dir;
  dir.Write("repo/pkg/__init__.py", "");
  std::string repo = dir.path + "/repo";
  Git(repo, {"init", "-q", "-b", "feature/fast"});
  Git(repo, {"add", "-A"});
  Git(repo, {"commit", "-q", "-m", "one"});
  Git(repo, {"tag", "hatch-v1.4.2"});
  Git(repo, {"commit", "-q", "--allow-empty", "-m", "two"});
  Git(repo, {"tag", "v7.0"});
  Git(repo, {"commit", "-q", "--allow-empty", "-m", "three"});
  VcsVersionConfig c;
  c.plugin = VcsPlugin::kHatchVcs;
  c.local_version = false;
  c.scheme = ScmVersionScheme::kSimplifiedSemver;
  c.describe_args = {"describe", "--tags", "--long", "--match", "hatch-v*"};
  std::string v, node, from, err;
  ASSERT_TRUE(ResolveVcsVersion(repo, "hatch", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(v, "1.5.0.dev2") << from;  // "feature" in the branch: the minor is bumped
  Git(repo, {"checkout", "-q", "-b", "main"});
  ASSERT_TRUE(ResolveVcsVersion(repo, "hatch", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(v, "1.4.3.dev2") << from;
  c.describe_args.clear();  // the default: every tag with a digit
  ASSERT_TRUE(ResolveVcsVersion(repo, "hatch", c, &v, &node, &from, &err)) << err;
  EXPECT_EQ(v, "7.0.1.dev1") << from;

  dir.Write("hatch-2.0.1/pkg/__init__.py", "");
  c.parentdir_prefix = "hatch-";
  c.fallback_version = "0.5";
  ASSERT_TRUE(ResolveVcsVersion(dir.path + "/hatch-2.0.1", "hatch", c, &v, &node, &from, &err))
      << err;
  EXPECT_EQ(v, "2.0.1");
  EXPECT_NE(from.find("parentdir_prefix_version"), std::string::npos) << from;
  c.parentdir_prefix = "other-";
  ASSERT_TRUE(ResolveVcsVersion(dir.path + "/hatch-2.0.1", "hatch", c, &v, &node, &from, &err))
      << err;
  EXPECT_EQ(v, "0.5");
}

// export-ignore as setuptools-scm's git file finder (vcs-versioning 2.6.0) honours it, figures from
// its git_find_files on the same tree: files by pattern, directories with and without a trailing
// slash in the pattern, `-export-ignore` undoing `dir/**`, a nested .gitattributes, and a project
// in a subdirectory.
TEST(VcsVersion, GitTrackedFilesHonourExportIgnore) {
  ScopedTempDir dir;
  dir.Write(".gitattributes",
            "tests/ export-ignore\n*.log export-ignore\ndocs export-ignore\nkeep/** "
            "export-ignore\nkeep/this.txt -export-ignore\n");
  dir.Write("pkg/.gitattributes", "inner export-ignore\n");
  for (const char* f : {"tests/t.py", "a.log", "docs/index.md", "keep/this.txt", "keep/other.txt",
                        "pkg/__init__.py", "pkg/inner/x.py", "setup.py", "sub/b.log", "sub/c.py"})
    dir.Write(f, "x\n");
  Git(dir.path, {"init", "-q"});
  Git(dir.path, {"add", "-A"});
  Git(dir.path, {"commit", "-q", "-m", "one"});
  std::vector<std::string> files = GitTrackedFiles(dir.path);
  std::sort(files.begin(), files.end());
  // (.pyrelease-owned: ScopedTempDir's marker, committed with the rest.)
  EXPECT_EQ(files, (std::vector<std::string>{".gitattributes", ".pyrelease-owned", "keep/this.txt",
                                             "pkg/.gitattributes", "pkg/__init__.py", "setup.py",
                                             "sub/c.py"}));
  files = GitTrackedFiles(dir.path + "/pkg");
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{".gitattributes", "__init__.py"}));
}

TEST(VcsVersion, IsReproducedNamesEveryReason) {
  ScopedTempDir dir;
  Project p;
  p.dir = dir.path;
  p.meta.backend = Backend::kHatch;
  std::string reason;
  p.doc = Parse(
      "[tool.hatch.version]\nsource = \"vcs\"\n[tool.hatch.build.hooks.vcs]\nversion-file = "
      "\"v.py\"\n");
  EXPECT_TRUE(VcsVersionIsReproduced(p, &reason)) << reason;
  p.doc = Parse("[tool.hatch.version]\nsource = \"regex\"\npath = \"a.py\"\n");
  EXPECT_TRUE(VcsVersionIsReproduced(p, &reason)) << reason;  // no plugin at all
  p.doc = Parse(
      "[tool.hatch.version]\nsource = \"vcs\"\n[tool.hatch.build.hooks.vcs]\nversion-file = "
      "\"v.json\"\n"
      "[tool.hatch.build.targets.wheel.hooks.vcs]\n");
  EXPECT_FALSE(VcsVersionIsReproduced(p, &reason));
  EXPECT_NE(reason.find("v.json"), std::string::npos) << reason;
  EXPECT_NE(reason.find("[tool.hatch.build.targets.wheel.hooks.vcs]"), std::string::npos) << reason;
  // setuptools-scm's file finder: export-ignore is reproduced (GitTrackedFiles), submodules are
  // not.
  p.meta.backend = Backend::kSetuptools;
  p.doc = Parse("[tool.setuptools_scm]\n");
  EXPECT_TRUE(VcsVersionIsReproduced(p, &reason)) << reason;
  dir.Write(".gitattributes", "tests/ export-ignore\n");
  EXPECT_TRUE(VcsVersionIsReproduced(p, &reason)) << reason;
  dir.Write(".gitmodules", "[submodule \"x\"]\n");
  EXPECT_FALSE(VcsVersionIsReproduced(p, &reason));
  EXPECT_NE(reason.find("submodules"), std::string::npos) << reason;
  std::remove((dir.path + "/.gitmodules").c_str());
  // Environment settings other than the pretend version are reasons too.
  setenv("SETUPTOOLS_SCM_PRETEND_METADATA", "{node=\"g1\"}", 1);
  EXPECT_FALSE(VcsVersionIsReproduced(p, &reason));
  unsetenv("SETUPTOOLS_SCM_PRETEND_METADATA");
  EXPECT_NE(reason.find("SETUPTOOLS_SCM_PRETEND_METADATA"), std::string::npos) << reason;
}

TEST(VcsVersion, GitStateInputsNameWhatDescribeReads) {
  ScopedTempDir dir;
  const std::string repo = dir.path + "/repo";
  dir.Write("repo/pyproject.toml", "[project]\n");
  Git(repo, {"init", "-q", "-b", "main"});
  EXPECT_TRUE(GitStateInputs(dir.path).empty());  // no .git there
  Git(repo, {"add", "pyproject.toml"});
  Git(repo, {"commit", "-q", "-m", "one"});
  auto has = [](const std::vector<std::string>& v, const std::string& p) {
    return std::find(v.begin(), v.end(), p) != v.end();
  };
  std::vector<std::string> in = GitStateInputs(repo);
  EXPECT_TRUE(has(in, repo + "/.git/HEAD"));
  EXPECT_TRUE(has(in, repo + "/.git/refs/heads/main"));
  EXPECT_TRUE(has(in, repo + "/.git/refs/tags"));
  EXPECT_TRUE(has(in, repo + "/.git/index"));
  EXPECT_TRUE(has(in, repo + "/pyproject.toml"));     // tracked: a change makes the tree dirty
  EXPECT_FALSE(has(in, repo + "/.git/packed-refs"));  // only files that exist
  // A packed branch: packed-refs, and the directory where its loose file would appear.
  Git(repo, {"pack-refs", "--all"});
  in = GitStateInputs(repo);
  EXPECT_TRUE(has(in, repo + "/.git/packed-refs"));
  EXPECT_FALSE(has(in, repo + "/.git/refs/heads/main"));
  EXPECT_TRUE(has(in, repo + "/.git/refs/heads"));
  // A worktree: HEAD and index from its own git dir, refs from the common one.
  Git(repo, {"worktree", "add", "-q", "-b", "side", dir.path + "/wt"});
  in = GitStateInputs(dir.path + "/wt");
  EXPECT_TRUE(has(in, repo + "/.git/worktrees/wt/HEAD"));
  EXPECT_TRUE(has(in, repo + "/.git/worktrees/wt/index"));
  EXPECT_TRUE(has(in, repo + "/.git/refs/heads/side"));
  EXPECT_TRUE(has(in, repo + "/.git/refs/tags"));
  EXPECT_TRUE(has(in, repo + "/.git/packed-refs"));
  EXPECT_FALSE(has(in, repo + "/.git/HEAD"));
  for (const std::string& p : in) EXPECT_EQ(p.find("/../"), std::string::npos) << p;
}
