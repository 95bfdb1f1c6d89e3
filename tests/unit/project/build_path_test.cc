// The build-path decision: native only when every setting is one the native builder reproduces;
// every other case names its cause with file:line:col.
#include "project/build_path.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/string_util.h"
#include "test_support.h"

namespace {

BuildPathDecision Decide(const ScopedTempDir& dir) {
  BuildPathDecision d;
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(DecideBuildPath(dir.path, &d, &diags)) << (diags.empty() ? "" : diags[0].message);
  return d;
}

std::string AllReasons(const BuildPathDecision& d) {
  std::vector<std::string> texts;
  for (const auto& r : d.reasons) texts.push_back(r.Text());
  return Join(texts, "\n");
}

const char kProject[] = "[project]\nname = \"demo\"\nversion = \"1.0\"\n";

}  // namespace

TEST(BuildPath, KnownBackendsWithImplementedSettingsAreNative) {
  struct Case {
    const char* build_system;
    const char* tool;
    const char* label;
  } cases[] = {
      {"requires = [\"flit_core>=3.2,<4\"]\nbuild-backend = \"flit_core.buildapi\"",
       "[tool.flit.module]\nname = \"demo\"\n[tool.flit.sdist]\nexclude = [\"x\"]\n", "flit_core"},
      {"requires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"",
       "[tool.hatch.build.targets.wheel]\npackages = [\"src/demo\"]\n[tool.hatch.envs.test]\n"
       "dependencies = [\"pytest\"]\n[tool.hatch.build.targets.custom]\npath = \"x\"\n",
       "hatchling"},
      {"requires = [\"setuptools>=77\", \"wheel\"]\nbuild-backend = \"setuptools.build_meta\"",
       "[tool.setuptools.packages.find]\nwhere = [\"src\"]\n[tool.setuptools.package-data]\ndemo = "
       "[\"*.txt\"]\n",
       "setuptools"},
      {"requires = [\"uv_build>=0.7,<0.10\"]\nbuild-backend = \"uv_build\"",
       "[tool.uv.build-backend]\nmodule-root = \"\"\n[tool.uv]\ndev-dependencies = []\n",
       "uv_build"},
  };
  for (const Case& c : cases) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml",
              std::string("[build-system]\n") + c.build_system + "\n" + kProject + c.tool);
    BuildPathDecision d = Decide(dir);
    EXPECT_TRUE(d.native()) << c.label << ": " << AllReasons(d);
    EXPECT_EQ(d.backend_label, c.label);
    EXPECT_EQ(d.Summary(), std::string("native (") + c.label + "): every setting is reproduced");
  }
}

TEST(BuildPath, HatchBuildHookIsNamedWithItsPosition) {
  ScopedTempDir dir;
  dir.Write(
      "pyproject.toml",
      "[build-system]\nrequires = [\"hatchling\", \"hatch-vcs\"]\nbuild-backend = "
      "\"hatchling.build\"\n" +
          std::string(kProject) +
          "[tool.hatch.build.hooks.vcs]\nversion-file = \"demo/_v.py\"\n"
          "[tool.hatch.build.targets.wheel.hooks.custom]\n"
          "[tool.hatch.metadata.hooks.fancy-pypi-readme]\ncontent-type = \"text/markdown\"\n");
  BuildPathDecision d = Decide(dir);
  ASSERT_FALSE(d.native());
  const std::string all = AllReasons(d);
  // hatch-vcs and its version-file hook are reproduced natively (project/vcs_version.h).
  EXPECT_EQ(all.find("hatch-vcs"), std::string::npos) << all;
  EXPECT_EQ(all.find("hooks.vcs"), std::string::npos) << all;
  EXPECT_NE(all.find("[tool.hatch.build.targets.wheel.hooks.custom] is a build hook"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("[tool.hatch.metadata.hooks.fancy-pypi-readme] is a metadata hook"),
            std::string::npos)
      << all;
  EXPECT_EQ(d.reasons.size(), 2u) << all;
  EXPECT_EQ(d.Summary().rfind("pep517 (hatchling): pyproject.toml:", 0), 0u) << d.Summary();
  EXPECT_NE(d.Summary().find("(and 1 more)"), std::string::npos) << d.Summary();
}

TEST(BuildPath, VcsVersionsWithDefaultSchemesAreNativeOthersAreReasons) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"hatchling\", \"hatch-vcs\"]\nbuild-backend = "
            "\"hatchling.build\"\n"
            "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n"
            "[tool.hatch.version]\nsource = \"vcs\"\n"
            "[tool.hatch.build.hooks.vcs]\nversion-file = \"demo/_v.py\"\n");
  BuildPathDecision d = Decide(dir);
  EXPECT_TRUE(d.native()) << AllReasons(d);
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"setuptools>=64\", \"setuptools-scm>=8\"]\n"
            "build-backend = \"setuptools.build_meta\"\n[project]\nname = \"demo\"\ndynamic = "
            "[\"version\"]\n"
            "[tool.setuptools_scm]\nversion_scheme = \"calver-by-date\"\n");
  d = Decide(dir);
  ASSERT_FALSE(d.native());
  EXPECT_NE(AllReasons(d).find("calver-by-date"), std::string::npos) << AllReasons(d);
}

TEST(BuildPath, HatchVersionSourceOtherThanRegexIsAReason) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
            "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n[tool.hatch.version]\nsource = "
            "\"code\"\n"
            "path = \"demo.py\"\n");
  BuildPathDecision d = Decide(dir);
  ASSERT_EQ(d.reasons.size(), 1u) << AllReasons(d);
  EXPECT_EQ(d.reasons[0].where, "pyproject.toml:8:10");
  EXPECT_NE(d.reasons[0].message.find("'code' is a version source"), std::string::npos);
}

// tool.hatch.metadata.allow-direct-references only opens hatchling's check for `name @ url`
// dependencies: without one it changes nothing (traitlets sets it), with one it is a reason.
TEST(BuildPath, HatchAllowDirectReferencesIsInertWithoutADirectReference) {
  const std::string bs =
      "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n";
  {
    ScopedTempDir dir;
    dir.Write("pyproject.toml",
              bs + kProject +
                  "dependencies = [\"a>=1\"]\n[project.optional-dependencies]\nt = [\"b\"]\n"
                  "[tool.hatch.metadata]\nallow-direct-references = true\n");
    BuildPathDecision d = Decide(dir);
    EXPECT_TRUE(d.native()) << AllReasons(d);
  }
  {
    ScopedTempDir dir;
    dir.Write(
        "pyproject.toml",
        bs + kProject +
            "[project.optional-dependencies]\nt = [\"b\", \"c @ https://example.org/c.whl\"]\n"
            "[tool.hatch.metadata]\nallow-direct-references = true\n");
    BuildPathDecision d = Decide(dir);
    ASSERT_EQ(d.reasons.size(), 1u) << AllReasons(d);
    EXPECT_EQ(d.reasons[0].where, "pyproject.toml:8:11");
    EXPECT_NE(d.reasons[0].message.find("a direct reference ('c @ https://example.org/c.whl')"),
              std::string::npos)
        << AllReasons(d);
  }
  {
    ScopedTempDir dir;
    dir.Write("pyproject.toml",
              bs + kProject + "[tool.hatch.metadata]\nallow-direct-references = \"yes\"\n");
    BuildPathDecision d = Decide(dir);
    ASSERT_EQ(d.reasons.size(), 1u) << AllReasons(d);
    EXPECT_NE(d.reasons[0].Text().find("pyproject.toml:8:27: [tool.hatch.metadata.allow-direct-"
                                       "references] is not a boolean"),
              std::string::npos)
        << AllReasons(d);
  }
}

TEST(BuildPath, UnknownKeyInTheBackendsTableIsNamed) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"flit_core\"]\nbuild-backend = \"flit_core.buildapi\"\n" +
                std::string(kProject) +
                "[tool.flit.sdist]\ninclude = [\"a\"]\nfuture-option = true\n");
  BuildPathDecision d = Decide(dir);
  ASSERT_EQ(d.reasons.size(), 1u) << AllReasons(d);
  EXPECT_EQ(d.reasons[0].Text(),
            "pyproject.toml:9:17: [tool.flit.sdist.future-option] is a setting the native "
            "flit_core builder does "
            "not implement");
}

TEST(BuildPath, UnimplementedBackendsAreNeverTreatedLikeSetuptools) {
  for (const char* backend : {"scikit_build_core.build", "mesonpy", "my_backend:api"}) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml",
              std::string("[build-system]\nrequires = [\"x\"]\nbuild-backend = \"") + backend +
                  "\"\n" + kProject);
    BuildPathDecision d = Decide(dir);
    ASSERT_FALSE(d.native()) << backend;
    EXPECT_EQ(d.reasons[0].where, "pyproject.toml:3:17") << backend;
    EXPECT_NE(d.reasons[0].message.find(std::string("build-backend '") + backend + "'"),
              std::string::npos);
    EXPECT_NE(d.reasons[0].message.find("is not implemented natively"), std::string::npos);
    EXPECT_EQ(d.build_backend, backend);
  }
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            std::string("[build-system]\nrequires = [\"pdm-backend\"]\nbuild-backend = "
                        "\"pdm.backend\"\n") +
                kProject);
  EXPECT_EQ(Decide(dir).backend_label, "pdm-backend");
}

TEST(BuildPath, SetuptoolsScmSetupPyAndExtensionsAreReasons) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"setuptools>=64\", \"setuptools-scm>=8\"]\n"
            "build-backend = \"setuptools.build_meta\"\n[project]\nname = \"demo\"\ndynamic = "
            "[\"version\"]\n"
            "[tool.setuptools_scm]\n[[tool.setuptools.ext-modules]]\nname = \"demo._c\"\nsources = "
            "[\"c.c\"]\n");
  dir.Write("setup.py", "from setuptools import setup\nsetup(zip_safe=False)\n");
  dir.Write("setup.cfg", "[flake8]\nmax-line-length = 99\n[metadata]\nurl = x\n");
  BuildPathDecision d = Decide(dir);
  const std::string all = AllReasons(d);
  EXPECT_NE(all.find("setup.py: setup.py is present: setuptools runs it"), std::string::npos)
      << all;
  EXPECT_NE(all.find("setup.cfg:3:1: [metadata] in setup.cfg is read by setuptools"),
            std::string::npos)
      << all;
  EXPECT_EQ(all.find("flake8"), std::string::npos) << all;
  EXPECT_NE(all.find("[tool.setuptools.ext-modules] declares C extensions"), std::string::npos)
      << all;
}

TEST(BuildPath, SdistEggInfoStampIsInertWithoutSetuptoolsScm) {
  // setuptools' sdist writes `[egg_info] tag_build = / tag_date = 0` into every sdist's setup.cfg
  // (egg_info.save_version_info), which adds nothing to the version: an unpacked sdist stays
  // native. Another value (a real tag) or key is read by setuptools; with setuptools-scm the
  // egg-info's scm_version.json / scm_file_list.json would give the version and the files.
  const std::string setuptools =
      "[build-system]\nrequires = [\"setuptools>=77\"]\nbuild-backend = "
      "\"setuptools.build_meta\"\n";
  const std::string stamp =
      "[flake8]\nmax-line-length = 99\n\n[egg_info]\ntag_build = \ntag_date = 0\n\n";
  {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", setuptools + kProject);
    dir.Write("setup.cfg", stamp);
    BuildPathDecision d = Decide(dir);
    EXPECT_TRUE(d.native()) << AllReasons(d);
  }
  for (const char* other :
       {"[egg_info]\ntag_build = .dev\ntag_date = 0\n", "[egg_info]\ntag_build =\ntag_date = 1\n",
        "[egg_info]\ntag_build =\ntag_date = 0\negg_base = src\n"}) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", setuptools + kProject);
    dir.Write("setup.cfg", other);
    const std::string all = AllReasons(Decide(dir));
    EXPECT_NE(all.find("setup.cfg:1:1: [egg_info] in setup.cfg is read by setuptools"),
              std::string::npos)
        << other << all;
  }
  // With setuptools-scm configured, its fallbacks decide (project/scm_fallback.h): PKG-INFO's
  // version and SOURCES.txt here, a root egg-info's scm_version.json and scm_file_list.json
  // elsewhere, both native; what they do not reproduce is a reason of its own.
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"setuptools>=77\", \"setuptools-scm>=8\"]\n"
            "build-backend = \"setuptools.build_meta\"\n[project]\nname = \"demo\"\n"
            "dynamic = [\"version\"]\n[tool.setuptools_scm]\n");
  dir.Write("setup.cfg", stamp);
  dir.Write("PKG-INFO", "Metadata-Version: 2.4\nName: demo\nVersion: 1.0\n\n");
  dir.Write("demo/__init__.py", "");
  BuildPathDecision scm = Decide(dir);
  EXPECT_TRUE(scm.native()) << AllReasons(scm);
  dir.Write("demo.egg-info/scm_version.json", "{\"tag\": \"1.0\", \"distance\": 0}\n");
  dir.Write("demo.egg-info/scm_file_list.json", "{\"files\": [\"demo/__init__.py\"]}\n");
  scm = Decide(dir);
  EXPECT_TRUE(scm.native()) << AllReasons(scm);
  dir.Write(".git_archival.txt", "node: 0123456789abcdef0123456789abcdef01234567\n");
  scm = Decide(dir);
  EXPECT_TRUE(scm.native()) << AllReasons(scm);  // the egg-info's metadata comes first
  dir.Write("demo.egg-info/scm_version.json", "not json\n");
  std::string all = AllReasons(Decide(dir));
  EXPECT_NE(all.find("demo.egg-info/scm_version.json: setuptools-scm skips"), std::string::npos)
      << all;
  // Merely in build-system.requires, setuptools-scm's file finder still runs over the sdist.
  ScopedTempDir unconfigured;
  unconfigured.Write("pyproject.toml",
                     "[build-system]\nrequires = [\"setuptools>=77\", \"setuptools-scm>=8\"]\n"
                     "build-backend = \"setuptools.build_meta\"\n" +
                         std::string(kProject));
  unconfigured.Write("setup.cfg", stamp);
  all = AllReasons(Decide(unconfigured));
  EXPECT_NE(all.find("setup.cfg:4:1: [egg_info] of an unpacked sdist with setuptools-scm in "
                     "build-system.requires but not configured"),
            std::string::npos)
      << all;
}

TEST(BuildPath, EarlierEggInfoFilesSetuptoolsDoesNotWriteAreReasons) {
  // bdist_wheel copies an existing egg-info into the .dist-info, but for the files setuptools
  // writes or drops itself: a stale depends.txt would ship in setuptools' wheel.
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            std::string("[build-system]\nrequires = [\"setuptools>=77\"]\nbuild-backend = "
                        "\"setuptools.build_meta\"\n") +
                kProject);
  for (const char* f : {"PKG-INFO", "SOURCES.txt", "top_level.txt", "not-zip-safe",
                        "dependency_links.txt", "requires.txt"})
    dir.Write(std::string("src/demo.egg-info/") + f, "x\n");
  BuildPathDecision d = Decide(dir);
  EXPECT_TRUE(d.native()) << AllReasons(d);
  dir.Write("src/demo.egg-info/scm_file_list.json", "[]\n");
  const std::string all = AllReasons(Decide(dir));
  EXPECT_NE(all.find("src/demo.egg-info/scm_file_list.json: setuptools copies this file"),
            std::string::npos)
      << all;
  // setuptools-scm writes its two files there itself and leaves them out of the wheel.
  ScopedTempDir scm;
  scm.Write("pyproject.toml",
            "[build-system]\nrequires = [\"setuptools>=77\", \"setuptools-scm>=8\"]\n"
            "build-backend = \"setuptools.build_meta\"\n[project]\nname = \"demo\"\n"
            "dynamic = [\"version\"]\n");
  scm.Write("src/demo.egg-info/scm_file_list.json", "[]\n");
  scm.Write("src/demo.egg-info/scm_version.json", "{}\n");
  d = Decide(scm);
  EXPECT_TRUE(d.native()) << AllReasons(d);
  scm.Write("demo.egg-info/depends.txt", "x\n");
  EXPECT_NE(AllReasons(Decide(scm)).find("demo.egg-info/depends.txt: setuptools copies"),
            std::string::npos);
}

TEST(BuildPath, DynamicFieldsAreTheHooksReasonOrTheLoadersError) {
  // Without a hook or plugin to supply them, hatchling fails on these too: the native loader
  // reports that with its position, so the decision stays native.
  ScopedTempDir dir;
  const std::string head =
      "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
      "[project]\nname = \"demo\"\nversion = \"1\"\ndynamic = [\"readme\"]\n";
  dir.Write("pyproject.toml", head);
  EXPECT_TRUE(Decide(dir).native()) << AllReasons(Decide(dir));
  // With the metadata hook that supplies it, the hook is the reason.
  dir.Write("pyproject.toml", head + "[tool.hatch.metadata.hooks.custom]\n");
  BuildPathDecision d = Decide(dir);
  ASSERT_EQ(d.reasons.size(), 1u) << AllReasons(d);
  EXPECT_EQ(d.reasons[0].Text(),
            "pyproject.toml:8:1: [tool.hatch.metadata.hooks.custom] is a metadata hook");
}

TEST(BuildPath, LegacyFallbackForSetupPyProjects) {
  ScopedTempDir only_setup_py;
  only_setup_py.Write("setup.py",
                      "from setuptools import setup\nsetup(name='demo', version='1')\n");
  BuildPathDecision d = Decide(only_setup_py);
  EXPECT_EQ(d.build_backend, "setuptools.build_meta:__legacy__");
  EXPECT_EQ(d.build_requires, std::vector<std::string>{"setuptools>=40.8.0"});
  EXPECT_TRUE(d.legacy_fallback);
  ASSERT_FALSE(d.native());

  // A pyproject.toml without [build-system] (tool settings only) falls back the same way.
  ScopedTempDir tool_only;
  tool_only.Write("pyproject.toml", "[tool.black]\nline-length = 99\n");
  tool_only.Write("setup.py", "from setuptools import setup\nsetup()\n");
  d = Decide(tool_only);
  EXPECT_EQ(d.build_backend, "setuptools.build_meta:__legacy__");
  EXPECT_EQ(d.build_requires, std::vector<std::string>{"setuptools>=40.8.0"});
  EXPECT_FALSE(d.native());

  // [project] with no backend named: the fallback is setuptools, which the native builder does.
  ScopedTempDir project_only;
  project_only.Write("pyproject.toml", kProject);
  d = Decide(project_only);
  EXPECT_TRUE(d.native()) << AllReasons(d);
  EXPECT_EQ(d.backend_label, "setuptools");
}

TEST(BuildPath, MalformedBuildSystemIsAnErrorWithPosition) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml", "[build-system]\nrequires = [\"x\"]\nbuild-backend = 3\n");
  BuildPathDecision d;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(DecideBuildPath(dir.path, &d, &diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].line, 3);
  EXPECT_EQ(diags[0].column, 17);

  ScopedTempDir empty;
  EXPECT_FALSE(DecideBuildPath(empty.path, &d, &diags));
}

TEST(BuildPath, PdmBackendIsNativeUnlessAHookOrAnUnreproducedSettingIsThere) {
  const std::string bs =
      "[build-system]\nrequires = [\"pdm-backend\"]\nbuild-backend = \"pdm.backend\"\n";
  {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", bs + "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n" +
                                    "[tool.pdm.version]\nsource = \"file\"\npath = \"demo/"
                                    "__init__.py\"\n[tool.pdm.build]\nsource-includes = "
                                    "[\"tests/\"]\nexcludes = [\"demo/x\"]\n[tool.pdm]\n"
                                    "distribution = true\n[tool.pdm.dev-dependencies]\nt = []\n");
    dir.Write("demo/__init__.py", "__version__ = '1'\n");
    BuildPathDecision d = Decide(dir);
    EXPECT_TRUE(d.native()) << AllReasons(d);
    EXPECT_EQ(d.Summary(), "native (pdm-backend): every setting is reproduced");
  }
  struct Case {
    std::string tool;
    std::string hook_file;
    std::string expected;
    std::string project = kProject;
  };
  // A version source is read only when the version is dynamic (see the test below).
  const std::string dynamic_version = "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n";
  const std::vector<Case> cases = {
      {"", "pdm_build.py", "pdm_build.py: pdm_build.py is a build hook script pdm-backend runs"},
      {"[tool.pdm.version]\nsource = \"scm\"\n", "",
       "pyproject.toml:9:10: tool.pdm.version.source = 'scm' is a version source", dynamic_version},
      // call runs the project's code (mkdocs-autorefs' scripts.get_version), as hatchling's "code".
      {"[tool.pdm.version]\nsource = \"call\"\ngetter = \"scripts.v:get\"\n", "",
       "pyproject.toml:9:10: tool.pdm.version.source = 'call' runs the project's own getter",
       dynamic_version},
      {"[tool.pdm.build]\nrun-setuptools = true\n", "",
       "pyproject.toml:9:18: [tool.pdm.build.run-setuptools] is a setting the native pdm-backend "
       "builder does not implement"},
      {"[tool.pdm.build.hooks.x]\na = 1\n", "", "[tool.pdm.build.hooks] configures a build hook"},
      {"[tool.pdm.build]\nincludes = [\"/abs\"]\n", "", "'/abs' is absolute"},
      {"[tool.x]\nwhen = 2024-01-01\n", "", "'tool.x.when' holds a date or time"},
  };
  for (const Case& c : cases) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", bs + c.project + "\n" + c.tool);
    if (!c.hook_file.empty()) dir.Write(c.hook_file, "\n");
    BuildPathDecision d = Decide(dir);
    EXPECT_NE(AllReasons(d).find(c.expected), std::string::npos) << AllReasons(d);
  }
}

// pdm-backend's version hook returns before reading [tool.pdm.version] when project.version is
// static, as in every sdist pdm-backend writes (dep-logic 0.7.2, findpython 0.9.0, pbs-installer
// 2026.10.25 keep `source = "scm"`, findpython also write_to/write_template beside it).
TEST(BuildPath, PdmVersionTableIsInertBesideAStaticVersion) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"pdm-backend\"]\nbuild-backend = \"pdm.backend\"\n" +
                std::string(kProject) +
                "[tool.pdm.version]\nsource = \"scm\"\nwrite_to = \"demo/_v.py\"\n"
                "write_template = \"v = '{}'\"\n");
  BuildPathDecision d = Decide(dir);
  EXPECT_TRUE(d.native()) << AllReasons(d);
}

// A native project's sdist names pyrelease.backend (python/pyrelease/backend.py, which runs CMake,
// which runs pyrelease build): the native builder must take it, or the build would recurse. Its
// other requirements (pybind11) are the CMake build's; an unknown [tool.pyrelease] key is a reason.
TEST(BuildPath, PyreleaseBackendIsNativeWithPyreleaseRules) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            std::string("[build-system]\nrequires = [\"pyrelease\"]\nbuild-backend = "
                        "\"pyrelease.backend\"\n") +
                kProject +
                "[tool.pyrelease]\npackages = [\"demo\"]\nsdist-include = [\"CMakeLists.txt\"]\n");
  BuildPathDecision d = Decide(dir);
  EXPECT_TRUE(d.native()) << AllReasons(d);
  EXPECT_EQ(d.backend_label, "pyrelease");
  dir.Write(
      "pyproject.toml",
      std::string("[build-system]\nrequires = [\"pyrelease\", \"pybind11>=2.10\"]\nbuild-backend = "
                  "\"pyrelease.backend\"\n") +
          kProject + "[tool.pyrelease]\n");
  d = Decide(dir);
  EXPECT_TRUE(d.native()) << AllReasons(d);
  dir.Write("pyproject.toml",
            std::string("[build-system]\nrequires = [\"pyrelease\", \"pybind11\"]\nbuild-backend = "
                        "\"pyrelease.backend\"\n") +
                kProject + "[tool.pyrelease]\nwheel-tags = [\"x\"]\n");
  d = Decide(dir);
  EXPECT_FALSE(d.native());
  EXPECT_NE(AllReasons(d).find("[tool.pyrelease.wheel-tags] is a setting the native pyrelease "
                               "builder does not implement"),
            std::string::npos)
      << AllReasons(d);
}

// uv_build rewrites environment markers in its own normal form (the corpus's uv-secure 0.17.2):
// the forms spec/uv_requirement.h reproduces stay native; any other marker is a reason at its
// position.
TEST(BuildPath, UvBuildDependencyWithAnUnreproducedMarkerIsAReason) {
  ScopedTempDir dir;
  const std::string head =
      "[build-system]\nrequires = [\"uv_build>=0.7,<0.11\"]\nbuild-backend = \"uv_build\"\n" +
      std::string(kProject);
  dir.Write("pyproject.toml",
            head +
                "dependencies = [\"anyio>=4\", \"tomli; python_version < '3.11'\"]\n"
                "[project.optional-dependencies]\n"
                "fast = [\"uvloop; sys_platform != 'win32'\"]\n");
  EXPECT_TRUE(Decide(dir).native()) << AllReasons(Decide(dir));
  dir.Write("pyproject.toml",
            head +
                "dependencies = [\"anyio>=4\"]\n[project.optional-dependencies]\n"
                "fast = [\"uvloop; sys_platform != 'win32' or os_name == 'nt'\"]\n");
  BuildPathDecision d = Decide(dir);
  ASSERT_FALSE(d.native());
  EXPECT_EQ(d.reasons[0].where, "pyproject.toml:9:9") << AllReasons(d);
  EXPECT_NE(d.reasons[0].message.find("is written by uv_build in its own normal form"),
            std::string::npos)
      << d.reasons[0].message;
}

// uv_build has no include/exclude settings and ignores them (commitizen 4.19.3 sets include): they
// are inert; a setting uv_build has and the native builder does not implement stays a reason.
TEST(BuildPath, UvBuildIgnoresIncludeAndExclude) {
  ScopedTempDir dir;
  const std::string head =
      "[build-system]\nrequires = [\"uv_build>=0.9,<0.14\"]\nbuild-backend = \"uv_build\"\n" +
      std::string(kProject) + "[tool.uv.build-backend]\nmodule-root = \"\"\n";
  dir.Write("demo/__init__.py", "\n");
  dir.Write("pyproject.toml", head + "include = [\"demo/py.typed\"]\nexclude = [\"demo/x\"]\n");
  EXPECT_TRUE(Decide(dir).native()) << AllReasons(Decide(dir));
  dir.Write("pyproject.toml", head + "default-excludes = false\n");
  EXPECT_FALSE(Decide(dir).native());
}

TEST(BuildPath, SdistLinksTheNativeWriterDoesNotReproduceAreReasons) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml", std::string("[build-system]\nrequires = [\"hatchling\"]\n"
                                          "build-backend = \"hatchling.build\"\n") +
                                  kProject);
  dir.Write("CHANGELOG", "changes\n");
  dir.Write("docs/a.txt", "a\n");
  ASSERT_EQ(::symlink("CHANGELOG", (dir.path + "/NEWS.txt").c_str()), 0);
  ASSERT_EQ(::symlink("docs", (dir.path + "/doc").c_str()), 0);
  ASSERT_EQ(::symlink("/etc/hostname", (dir.path + "/host.txt").c_str()), 0);
  BuildPathDecision d = Decide(dir);
  ASSERT_TRUE(d.native()) << AllReasons(d);
  FileSelection selection;
  selection.sdist = {{dir.path + "/CHANGELOG", "CHANGELOG"},
                     {dir.path + "/NEWS.txt", "NEWS.txt"},
                     {dir.path + "/doc", "doc"},
                     {dir.path + "/host.txt", "host.txt"}};
  selection.dir_links = {"doc"};
  BuildPathDecision wheel_only = d;
  AddFileSelectionReasons(selection, /*sdist=*/false, &wheel_only);
  ASSERT_EQ(wheel_only.reasons.size(), 1u) << AllReasons(wheel_only);  // the directory link
  EXPECT_EQ(wheel_only.reasons[0].where, "doc");
  AddFileSelectionReasons(selection, /*sdist=*/true, &d);
  // The link to a stored regular file is reproduced; the others are named, with the backend.
  ASSERT_EQ(d.reasons.size(), 3u) << AllReasons(d);
  EXPECT_EQ(d.reasons[0].where, "doc");
  EXPECT_NE(d.reasons[0].message.find("is a symbolic link hatchling stores as a link in the sdist"),
            std::string::npos)
      << d.reasons[0].message;
  EXPECT_NE(d.reasons[0].message.find("does not point to a regular file"), std::string::npos);
  EXPECT_EQ(d.reasons[1].where, "host.txt");
  EXPECT_NE(d.reasons[1].message.find("absolute"), std::string::npos) << d.reasons[1].message;
  EXPECT_EQ(d.reasons[2].where, "doc");
  EXPECT_NE(d.reasons[2].message.find("is a symbolic link to a directory"), std::string::npos)
      << d.reasons[2].message;
  EXPECT_EQ(d.Summary().substr(0, 22), "pep517 (hatchling): do");
}

// poetry-core with a [project] table: native when the metadata poetry renders and its file choice
// are reproduced; generated classifiers, dynamic fields, rewritten requirements, glob patterns and
// build scripts are reasons with their position.
TEST(BuildPath, PoetryCoreIsNativeUnlessPoetryRendersOrSelectsDifferently) {
  const std::string bs =
      "[build-system]\nrequires = [\"poetry-core>=2.0.0,<3.0.0\"]\n"
      "build-backend = \"poetry.core.masonry.api\"\n";
  const std::string project = std::string(kProject) + "classifiers = [\"Typing :: Typed\"]\n";
  {
    ScopedTempDir dir;
    dir.Write("pyproject.toml",
              bs + project +
                  "dependencies = [\"a>=1,<2; python_version < '3.11'\", \"b~=1.0\"]\n"
                  "[tool.poetry]\npackages = [{include = \"demo\", from = \"src\"}]\n"
                  "include = [{path = \"tests\", format = \"sdist\"}]\nexclude = [\"src/demo/x\"]\n"
                  "[tool.poetry.group.dev.dependencies]\npytest = \"*\"\n");
    dir.Write("src/demo/__init__.py", "\n");
    dir.Write("tests/test_demo.py", "\n");
    BuildPathDecision d = Decide(dir);
    EXPECT_TRUE(d.native()) << AllReasons(d);
    EXPECT_EQ(d.Summary(), "native (poetry-core): every setting is reproduced");
  }
  for (const char* none : {"", "classifiers = []\n", "dynamic = [\"classifiers\"]\n"}) {
    ScopedTempDir dir;  // poetry-core generates the classifiers, and so does the native builder
    dir.Write("pyproject.toml",
              bs + kProject + none + "[tool.poetry]\nclassifiers = [\"A :: B\"]\n");
    dir.Write("demo/__init__.py", "\n");
    BuildPathDecision d = Decide(dir);
    EXPECT_TRUE(d.native()) << none << AllReasons(d);
  }
  struct Case {
    std::string project;
    std::string tool;
    std::string expected;
  };
  const std::vector<Case> cases = {
      // Without classifiers poetry-core generates them: natively unless from what it reads its
      // own way.
      {std::string(kProject) + "requires-python = \"~=3.9\"\n", "",
       "pyproject.toml:7:19: requires-python, from which poetry-core generates"},
      {std::string(kProject) + "classifiers = []\n", "[tool.poetry]\nlicense = \"MIT\"\n",
       "tool.poetry.license beside [project]"},
      {project + "dynamic = [\"readme\"]\n", "",
       "pyproject.toml:8:12: project.dynamic lists 'readme'"},
      {project + "dependencies = [\"a~=1.0,<1.5\"]\n", "",
       "pyproject.toml:8:17: dependency 'a~=1.0,<1.5': '~=1.0' is rewritten by poetry-core"},
      {project + "license = {text = \"MIT\"}\n", "",
       "pyproject.toml:8:11: a project.license table"},
      {project, "[tool.poetry]\nexclude = [\"*.txt/\"]\n",
       "tool.poetry include/exclude '*.txt/' ends in '/' or '**'"},
      {project, "[tool.poetry.build]\nscript = \"build.py\"\n",
       "pyproject.toml:9:1: [tool.poetry.build] configures a build script"},
      {project, "[tool.poetry]\nplugins = {}\n",
       "[tool.poetry.plugins] is a setting the native poetry-core builder does not implement"},
      {project, "[tool.poetry]\npackages = [{include = \"missing\"}]\n",
       "package 'missing' does not exist"},
  };
  for (const Case& c : cases) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", bs + c.project + "\n" + c.tool);
    dir.Write("demo/__init__.py", "\n");
    BuildPathDecision d = Decide(dir);
    EXPECT_FALSE(d.native()) << c.project << c.tool;
    EXPECT_NE(AllReasons(d).find(c.expected), std::string::npos) << AllReasons(d);
  }
  // A hidden license file that pathlib's glob matches (the default LICENSES/**/* too).
  for (const std::string& license_files :
       {std::string(""), std::string("license-files = [\"lic/*\"]\n")}) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", bs + project + license_files);
    dir.Write("demo/__init__.py", "\n");
    dir.Write(license_files.empty() ? "LICENSES/.reuse" : "lic/.hidden", "x\n");
    dir.Write("lic/MIT.txt", "x\n");
    EXPECT_NE(AllReasons(Decide(dir)).find("is hidden: poetry-core's pathlib glob"),
              std::string::npos)
        << AllReasons(Decide(dir));
  }
  // A requirement on poetry-core 1 (which ignores [project]) is a reason too.
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"poetry-core<2\"]\nbuild-backend = "
            "\"poetry.core.masonry.api\"\n" +
                project);
  dir.Write("demo/__init__.py", "\n");
  EXPECT_NE(AllReasons(Decide(dir))
                .find("pyproject.toml:2:13: build-system.requires "
                      "'poetry-core<2' excludes poetry-core 2.5"),
            std::string::npos)
      << AllReasons(Decide(dir));
}

// hatchling reads [tool.hatch.version] scheme and validate-bump only when `hatch version` bumps the
// version; a build never does (jupyter-client 8.10 sets validate-bump = false).
TEST(BuildPath, HatchVersionSchemeOptionsAreInertForABuild) {
  ScopedTempDir dir;
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
            "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n[tool.hatch.version]\n"
            "path = \"demo.py\"\nvalidate-bump = false\nscheme = \"standard\"\n");
  BuildPathDecision d = Decide(dir);
  EXPECT_TRUE(d.native()) << AllReasons(d);
}

// core-metadata-version 2.5 is hatchling 1.33's default and 2.4 differs only in the version line
// and the import names (gradio-client sets 2.4 for both targets); other writers are reasons.
TEST(BuildPath, HatchCoreMetadataVersion24And25AreNative) {
  const std::string head =
      "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
      "[project]\nname = \"demo\"\nversion = \"1.0\"\n";
  ScopedTempDir dir;
  dir.Write("pyproject.toml", head +
                                  "[tool.hatch.build.targets.wheel]\ncore-metadata-version = "
                                  "\"2.4\"\n[tool.hatch.build.targets.sdist]\n"
                                  "core-metadata-version = \"2.5\"\n");
  BuildPathDecision d = Decide(dir);
  EXPECT_TRUE(d.native()) << AllReasons(d);
  dir.Write("pyproject.toml",
            head +
                "import-names = [\"demo\"]\n[tool.hatch.build.targets.wheel]\n"
                "core-metadata-version = \"2.4\"\n[tool.hatch.build.targets.sdist]\n"
                "core-metadata-version = \"2.2\"\n");
  d = Decide(dir);
  ASSERT_EQ(d.reasons.size(), 2u) << AllReasons(d);
  EXPECT_NE(AllReasons(d).find("wheel.core-metadata-version] = '2.4' drops project.import-names"),
            std::string::npos)
      << AllReasons(d);
  EXPECT_NE(AllReasons(d).find("sdist.core-metadata-version] = '2.2' selects a METADATA writer"),
            std::string::npos)
      << AllReasons(d);
}

// hatchling reads a target's table only under tool.hatch.build.targets: the same tables without
// `targets.` (domdf-python-tools) are inert, any other unknown build key is still a reason.
TEST(BuildPath, HatchTargetTablesOutsideTargetsAreInert) {
  ScopedTempDir dir;
  const std::string head =
      "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
      "[project]\nname = \"demo\"\nversion = \"1.0\"\n";
  dir.Write("pyproject.toml", head +
                                  "[tool.hatch.build.sdist]\ninclude = [\"demo\"]\n"
                                  "[tool.hatch.build.wheel]\ninclude = [\"demo\"]\n");
  BuildPathDecision d = Decide(dir);
  EXPECT_TRUE(d.native()) << AllReasons(d);
  dir.Write("pyproject.toml", head + "[tool.hatch.build.zipped]\ninclude = [\"demo\"]\n");
  d = Decide(dir);
  EXPECT_NE(AllReasons(d).find("[tool.hatch.build.zipped]"), std::string::npos) << AllReasons(d);
}

// The native rules are hatchling 1.33's: an older release writes other metadata (hatchling 1.26.3,
// which anthropic 2.14 requires exactly, writes `License:` where 1.33 writes License-Expression),
// so a requirement that excludes 1.33 is a reason; one that admits it is not.
TEST(BuildPath, AHatchlingRequirementExcludingTheReproducedReleaseIsAReason) {
  for (const char* requirement : {"hatchling==1.26.3", "hatchling<1.27", "hatchling>=1.34"}) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", std::string("[build-system]\nrequires = [\"") + requirement +
                                    "\"]\nbuild-backend = \"hatchling.build\"\n" + kProject);
    dir.Write("demo/__init__.py", "\n");
    BuildPathDecision d = Decide(dir);
    ASSERT_EQ(d.reasons.size(), 1u) << requirement << ": " << AllReasons(d);
    EXPECT_EQ(d.reasons[0].where, "pyproject.toml:2:13");
    EXPECT_EQ(d.reasons[0].message, std::string("build-system.requires '") + requirement +
                                        "' excludes hatchling 1.33.0, whose output the native "
                                        "builder reproduces");
  }
  for (const char* requirement : {"hatchling", "hatchling>=1.27", "hatchling==1.33.0"}) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", std::string("[build-system]\nrequires = [\"") + requirement +
                                    "\"]\nbuild-backend = \"hatchling.build\"\n" + kProject);
    dir.Write("demo/__init__.py", "\n");
    EXPECT_TRUE(Decide(dir).native()) << requirement << ": " << AllReasons(Decide(dir));
  }
}

// pdm-backend too: its native rules are 2.5.0's, so a pin that excludes 2.5.0 (an older release's
// output is not reproduced) is a reason, one that admits it is not.
TEST(BuildPath, APdmBackendRequirementExcludingTheReproducedReleaseIsAReason) {
  for (const char* requirement : {"pdm-backend<2.5", "pdm-backend==2.4.3", "pdm-backend>=2.6"}) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", std::string("[build-system]\nrequires = [\"") + requirement +
                                    "\"]\nbuild-backend = \"pdm.backend\"\n" + kProject);
    dir.Write("src/demo/__init__.py", "\n");
    BuildPathDecision d = Decide(dir);
    ASSERT_EQ(d.reasons.size(), 1u) << requirement << ": " << AllReasons(d);
    EXPECT_EQ(d.reasons[0].message, std::string("build-system.requires '") + requirement +
                                        "' excludes pdm-backend 2.5.0, whose output the native "
                                        "builder reproduces");
  }
  for (const char* requirement : {"pdm-backend", "pdm-backend>=2.1.7"}) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", std::string("[build-system]\nrequires = [\"") + requirement +
                                    "\"]\nbuild-backend = \"pdm.backend\"\n" + kProject);
    dir.Write("src/demo/__init__.py", "\n");
    EXPECT_TRUE(Decide(dir).native()) << requirement << ": " << AllReasons(Decide(dir));
  }
}

// flit_core reads a dynamic description or version from the module's AST and imports the module
// when it is not a literal there (cloudpickle 3.1.3: `__doc__ = cloudpickle.__doc__`): the import
// runs the project's code, so the backend builds it. A literal docstring and version stay native,
// and a module with no docstring at all stays the loader's error (flit_core fails on it too).
TEST(BuildPath, AFlitDocstringOrVersionOnlyAnImportGivesIsAReason) {
  const std::string head =
      "[build-system]\nrequires = [\"flit_core>=3.2,<5\"]\nbuild-backend = \"flit_core.buildapi\"\n"
      "[project]\nname = \"demo\"\ndynamic = [\"version\", \"description\"]\n";
  struct Case {
    const char* init;
    const char* reason;  // "" when native
  } cases[] = {
      {"\"\"\"Demo.\"\"\"\n__version__ = \"1.0\"\n", ""},
      {"\"\"\"Demo.\"\"\"\nfrom ._v import __version__\n", ""},  // followed statically
      {"from . import core\n__doc__ = core.__doc__\n__version__ = \"1.0\"\n",
       "pyproject.toml:6:23: demo/__init__.py sets __doc__ without a docstring literal: flit_core "
       "imports the module to read it"},
      {"\"\"\"Demo.\"\"\"\n__version__ = \".\".join([\"1\", \"0\"])\n", "pyproject.toml:6:12: "},
      {"__version__ = \"1.0\"\n", ""},  // no docstring at all: flit_core fails too
  };
  for (const Case& c : cases) {
    ScopedTempDir dir;
    dir.Write("pyproject.toml", head);
    dir.Write("demo/__init__.py", c.init);
    dir.Write("demo/_v.py", "__version__ = \"1.0\"\n");
    dir.Write("demo/core.py", "\"\"\"Core.\"\"\"\n");
    BuildPathDecision d = Decide(dir);
    if (std::string(c.reason).empty()) {
      EXPECT_TRUE(d.native()) << c.init << ": " << AllReasons(d);
      continue;
    }
    ASSERT_EQ(d.reasons.size(), 1u) << c.init << ": " << AllReasons(d);
    EXPECT_EQ(d.reasons[0].Text().rfind(c.reason, 0), 0u) << d.reasons[0].Text();
    EXPECT_NE(d.reasons[0].Text().find("flit_core imports the module"), std::string::npos);
  }
}

// setuptools without [project]: setup.cfg's [metadata] decides, with or without pyproject.toml;
// a setup.py beside it is the one reason (its setup() call may set anything).
TEST(BuildPath, SetupCfgMetadataWithoutProjectTable) {
  const std::string cfg =
      "[metadata]\nname = demo\nversion = 1.0\n[options]\npy_modules = demo\n"
      "[egg_info]\ntag_build =\ntag_date = 0\n[flake8]\nmax-line-length = 99\n";
  ScopedTempDir dir;
  dir.Write("setup.cfg", cfg);
  dir.Write("demo.py", "");
  BuildPathDecision d = Decide(dir);  // no pyproject.toml: the legacy fallback
  EXPECT_TRUE(d.native()) << AllReasons(d);
  EXPECT_TRUE(d.legacy_fallback);
  EXPECT_EQ(d.build_requires, std::vector<std::string>{"setuptools>=40.8.0"});
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = "
            "\"setuptools.build_meta\"\n");
  d = Decide(dir);
  EXPECT_TRUE(d.native()) << AllReasons(d);
  EXPECT_EQ(d.backend_label, "setuptools");

  // Keys setup_cfg does not reproduce are the reasons, at their lines.
  dir.Write("setup.cfg", cfg + "[options.data_files]\nshare = demo.py\n");
  d = Decide(dir);
  EXPECT_EQ(AllReasons(d),
            "setup.cfg:11:1: [options.data_files] is not read natively (setuptools installs data "
            "files or refuses the section)");
  // setuptools-scm replaces the version.
  dir.Write("setup.cfg", cfg);
  dir.Write("pyproject.toml",
            "[build-system]\nrequires = [\"setuptools\", \"setuptools-scm\"]\nbuild-backend = "
            "\"setuptools.build_meta\"\n");
  EXPECT_NE(AllReasons(Decide(dir)).find("setuptools-scm beside setup.cfg's [metadata]"),
            std::string::npos);
  // With a setup.py, that is the reason, and no guess about what setup() sets.
  ::unlink((dir.path + "/pyproject.toml").c_str());
  dir.Write("setup.cfg", "[metadata]\nlicense_files = LICENSE\n");
  dir.Write("setup.py", "from setuptools import setup\nsetup(name='demo', version='1')\n");
  d = Decide(dir);
  EXPECT_EQ(AllReasons(d),
            "setup.py: setup.py is present: setuptools runs it (only a bare setup() is native)");
  // A bare setup() stub (pycodestyle's, pre-commit's) leaves it all to setup.cfg: native.
  dir.Write("setup.cfg", cfg);
  dir.Write("setup.py",
            "from setuptools import setup\n\nif __name__ == '__main__':\n    setup()\n");
  d = Decide(dir);
  EXPECT_TRUE(d.native()) << AllReasons(d);
}
