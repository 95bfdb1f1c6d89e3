#include <gtest/gtest.h>

#include "backend_test_util.h"

namespace {
void Common(TempProject* tmp) {
  tmp->Write("README.md", "x");
  tmp->Write("src/demo/__init__.py", "");
  tmp->Write("src/demo/data.json", "");
  tmp->Write("src/demo/skip.tmp", "");
  tmp->Write("tests/test_x.py", "");
  tmp->Write("docs/index.md", "");
  tmp->Write("dist/old.whl", "");  // hatch's global "/dist" exclude
}
}  // namespace

TEST(BackendHatch, DefaultsShipEverythingInTheSdistAndThePackageInTheWheel) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", ""));
  Common(&tmp);
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.sdist, Files({"README.md", "docs/index.md", "pyproject.toml", "src/demo/__init__.py",
                            "src/demo/data.json", "src/demo/skip.tmp", "tests/test_x.py"}));
  EXPECT_EQ(r.wheel, Files({"demo/__init__.py", "demo/data.json", "demo/skip.tmp"}));
}

TEST(BackendHatch, TargetOptionsReplaceBuildOptions) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", R"(
[tool.hatch.build]
exclude = ["*.tmp"]
[tool.hatch.build.targets.sdist]
include = ["/src", "/README.md"]
exclude = ["data.json"]
)"));
  Common(&tmp);
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  // The sdist's own exclude replaces [tool.hatch.build] exclude: skip.tmp stays in the sdist.
  EXPECT_EQ(r.sdist,
            Files({"README.md", "pyproject.toml", "src/demo/__init__.py", "src/demo/skip.tmp"}));
  // The wheel has no exclude of its own: the build-wide one applies.
  EXPECT_EQ(r.wheel, Files({"demo/__init__.py", "demo/data.json"}));
}

TEST(BackendHatch, PackagesOnlyIncludeAndSources) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "other-name", R"(
[tool.hatch.build.targets.wheel]
packages = ["src/demo"]
only-include = ["src/demo", "extra/tool.py"]
sources = {"src" = "", "extra" = "demo/extra"}
)"));
  Common(&tmp);
  tmp.Write("extra/tool.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel,
            Files({"demo/__init__.py", "demo/data.json", "demo/extra/tool.py", "demo/skip.tmp"}));
}

TEST(BackendHatch, IncludePatternsAreGitignoreStyleWithNegation) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", R"(
[tool.hatch.build.targets.wheel]
include = ["src/demo/*.py", "src/demo/*.json", "!src/demo/data.json"]
sources = ["src"]
)"));
  Common(&tmp);
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"demo/__init__.py"}));
}

TEST(BackendHatch, DefaultSelectionFlatModuleAndNamespace) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "solo", ""));
  tmp.Write("README.md", "x");
  tmp.Write("solo.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"solo.py"}));

  TempProject ns;
  ns.Write("pyproject.toml", Pyproject("hatch", "widgets", ""));
  ns.Write("README.md", "x");
  ns.Write("acme/widgets/__init__.py", "");
  SelectionResult n = SelectIn(ns);
  ASSERT_TRUE(n.ok) << Messages(n.diags);
  EXPECT_EQ(n.wheel, Files({"acme/widgets/__init__.py"}));
}

TEST(BackendHatch, NothingToShipIsAnErrorLikeHatchling) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "nothing-here", ""));
  tmp.Write("README.md", "x");
  tmp.Write("lib/code.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(Messages(r.diags).find("unable to determine which files to ship"), std::string::npos);
  EXPECT_NE(Messages(r.diags).find("nothing_here"), std::string::npos);
}

TEST(BackendHatch, ForceIncludeShipsGeneratedFilesPastExcludesAndIgnores) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", R"(
[tool.hatch.build.targets.wheel]
exclude = ["*.json"]
[tool.hatch.build.targets.wheel.force-include]
"assets" = "demo/static"
"tools/gen.json" = "demo/gen.json"
)"));
  Common(&tmp);
  tmp.Write(".gitignore", "assets/\n");
  tmp.Write("assets/app.js", "");
  tmp.Write("assets/css/site.css", "");
  tmp.Write("tools/gen.json", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"demo/__init__.py", "demo/gen.json", "demo/skip.tmp",
                            "demo/static/app.js", "demo/static/css/site.css"}));
  // The sdist does not take the ignored assets.
  for (const std::string& f : r.sdist) EXPECT_NE(f.rfind("assets/", 0), 0u) << f;
}

TEST(BackendHatch, ForceIncludeOfAMissingPathIsAnError) {
  TempProject tmp;
  tmp.Write(
      "pyproject.toml",
      Pyproject("hatch", "demo",
                "[tool.hatch.build.targets.wheel.force-include]\n\"nope\" = \"demo/nope\"\n"));
  Common(&tmp);
  SelectionResult r = SelectIn(tmp);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diags[0].field, "tool.hatch.build.targets.wheel.force-include");
  EXPECT_EQ(r.diags[0].line, 10);
}

TEST(BackendHatch, ArtifactsShipIgnoredAndExcludedFilesWhereTheWalkReaches) {
  // humanize 4.17: `artifacts = ["*.mo"]` with `*.mo` in .gitignore; hatchling ships the compiled
  // catalogs in both archives, past the VCS's ignore rules and the target's excludes.
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", R"(
[tool.hatch.build]
artifacts = ["*.mo"]
[tool.hatch.build.targets.wheel]
exclude = ["*.mo", "*.po"]
)"));
  Common(&tmp);
  tmp.Write(".gitignore", "*.mo\n");
  tmp.Write("src/demo/locale/de/demo.mo", "");
  tmp.Write("src/demo/locale/de/demo.po", "");
  tmp.Write("docs/extra.mo", "");  // outside the wheel's package: only the sdist's walk sees it
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"demo/__init__.py", "demo/data.json", "demo/locale/de/demo.mo",
                            "demo/skip.tmp"}));
  EXPECT_EQ(r.sdist,
            Files({".gitignore", "README.md", "docs/extra.mo", "docs/index.md", "pyproject.toml",
                   "src/demo/__init__.py", "src/demo/data.json", "src/demo/locale/de/demo.mo",
                   "src/demo/locale/de/demo.po", "src/demo/skip.tmp", "tests/test_x.py"}));
}

TEST(BackendHatch, TargetArtifactsReplaceTheBuildWideOnes) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", R"(
[tool.hatch.build]
artifacts = ["*.mo"]
[tool.hatch.build.targets.sdist]
artifacts = ["/src/demo/gen.txt"]
)"));
  Common(&tmp);
  tmp.Write(".gitignore", "*.mo\ngen.txt\n");
  tmp.Write("src/demo/x.mo", "");
  tmp.Write("src/demo/gen.txt", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.wheel, Files({"demo/__init__.py", "demo/data.json", "demo/skip.tmp", "demo/x.mo"}));
  EXPECT_TRUE(std::count(r.sdist.begin(), r.sdist.end(), "src/demo/gen.txt"));
  EXPECT_FALSE(std::count(r.sdist.begin(), r.sdist.end(), "src/demo/x.mo"));
}

namespace {
std::vector<std::pair<std::string, std::string>> Unreproduced(const TempProject& tmp) {
  Project p;
  std::string err;
  EXPECT_TRUE(ProjectFromDir(tmp.dir(), &p, &err)) << err;
  FileSelection sel;
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  return sel.unreproduced;
}
}  // namespace

// hatchling reads only the nearest .gitignore, as one GitIgnoreSpec with its global excludes and
// the target's excludes (config.exclude_spec): a nested .gitignore (sqlparse's .idea/.gitignore,
// scikit-build-core's test fixtures) or a negation that outranks an exclude (scikit-build-core's
// `!/.distro/*.spec` beside `exclude = [".distro/"]`) is decided otherwise than by git's rules, so
// the file is named for the path decision.
TEST(BackendHatch, GitignoreReadOtherwiseThanHatchlingIsAReason) {
  {
    TempProject tmp;
    tmp.Write("pyproject.toml", Pyproject("hatch", "demo", ""));
    Common(&tmp);
    tmp.Write(".gitignore", "*.log\n");
    tmp.Write(".idea/.gitignore", "workspace.xml\n");
    tmp.Write(".idea/workspace.xml", "");
    auto u = Unreproduced(tmp);
    ASSERT_EQ(u.size(), 1u);
    EXPECT_EQ(u[0].first, ".idea/workspace.xml");
    EXPECT_NE(u[0].second.find("exclusion keeps this file"), std::string::npos) << u[0].second;
  }
  {
    TempProject tmp;
    tmp.Write("pyproject.toml", Pyproject("hatch", "demo", R"(
[tool.hatch.build.targets.sdist]
exclude = [".distro/"]
)"));
    Common(&tmp);
    tmp.Write(".gitignore", "*.spec\n!/.distro/*.spec\n");
    tmp.Write(".distro/demo.spec", "");
    tmp.Write(".distro/notes.txt", "");
    auto u = Unreproduced(tmp);
    ASSERT_EQ(u.size(), 1u);
    EXPECT_EQ(u[0].first, ".distro/demo.spec");
  }
  {
    // The root .gitignore alone, without a negation: both read it the same way; nothing named.
    TempProject tmp;
    tmp.Write("pyproject.toml",
              Pyproject("hatch", "demo", "[tool.hatch.build]\nexclude = [\"x\"]\n"));
    Common(&tmp);
    tmp.Write(".gitignore", "*.log\nbuild/\n");
    tmp.Write("src/demo/debug.log", "");
    EXPECT_TRUE(Unreproduced(tmp).empty());
  }
}

// hatchling force-includes pyproject.toml, hatch_build.py and the .gitignore it reads into every
// sdist (sdist.py get_default_build_data): docstring-parser 0.18.0's .gitignore lists
// `/.gitignore`, and the sdist ships it all the same, as it does past the target's excludes.
TEST(BackendHatch, SdistShipsTheGitignoreItselfPastItsPatternsAndTheExcludes) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", R"(
[tool.hatch.build.targets.sdist]
exclude = ["hatch_build.py"]
)"));
  Common(&tmp);
  tmp.Write(".gitignore", "/.gitignore\n*.tmp\n");
  tmp.Write("hatch_build.py", "");
  SelectionResult r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_EQ(r.sdist,
            Files({".gitignore", "README.md", "docs/index.md", "hatch_build.py", "pyproject.toml",
                   "src/demo/__init__.py", "src/demo/data.json", "tests/test_x.py"}));
  EXPECT_EQ(r.wheel, Files({"demo/__init__.py", "demo/data.json"}));
  EXPECT_TRUE(Unreproduced(tmp).empty());

  // From a git checkout, where git tracks the .gitignore: both still ship it, nothing is named
  // (it was "hatchling's sdist exclusion leaves out this file", and hatchling built it).
  tmp.Git({"init", "-q"});
  tmp.Git({"add", "pyproject.toml", "README.md", "src", "tests", "docs", "hatch_build.py"});
  tmp.Git({"add", "-f", ".gitignore"});  // git too ignores it: a maintainer forces it in
  r = SelectIn(tmp);
  ASSERT_TRUE(r.ok) << Messages(r.diags);
  EXPECT_TRUE(std::count(r.sdist.begin(), r.sdist.end(), ".gitignore"));
  EXPECT_FALSE(std::count(r.wheel.begin(), r.wheel.end(), ".gitignore"));
  auto u = Unreproduced(tmp);
  EXPECT_TRUE(u.empty()) << u[0].first << ": " << u[0].second;
}

// hatchling force-includes the .gitignore it reads, found upwards from the project up to the
// directory holding .git, under the name .gitignore: a monorepo package with none of its own ships
// its repository's (hatchling 1.33.0 SdistBuilder.get_default_build_data, locate_file).
TEST(BackendHatch, AMonorepoPackageShipsTheRepositorysGitignoreAsItsOwn) {
  TempProject repo;
  repo.Write(".gitignore", "*.log\n");
  repo.Write("pkg/pyproject.toml", Pyproject("hatch", "demo", ""));
  repo.Write("pkg/README.md", "x");
  repo.Write("pkg/src/demo/__init__.py", "");
  repo.Write("pkg/notes.log", "ignored by the repository's .gitignore");
  repo.Git({"init", "-q"});
  repo.Git({"add", ".gitignore", "pkg"});
  Project p;
  std::string err;
  ASSERT_TRUE(ProjectFromDir(repo.dir() + "/pkg", &p, &err)) << err;
  FileSelection sel;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(SelectFiles(p, &sel, &diags)) << Messages(diags);
  EXPECT_EQ(Paths(sel.sdist),
            Files({".gitignore", "README.md", "pyproject.toml", "src/demo/__init__.py"}));
  auto it = std::find_if(sel.sdist.begin(), sel.sdist.end(),
                         [](const SelectedFile& f) { return f.archive_path == ".gitignore"; });
  ASSERT_NE(it, sel.sdist.end());
  ASSERT_TRUE(it->bytes);
  EXPECT_EQ(*it->bytes, "*.log\n") << "the repository's file, under the sdist's root";
  EXPECT_EQ(Paths(sel.wheel), Files({"demo/__init__.py"})) << "the wheel does not force it in";

  // Its own .gitignore is the one read and shipped, as before.
  repo.Write("pkg/.gitignore", "*.tmp\n");
  FileSelection own;
  diags.clear();
  ASSERT_TRUE(SelectFiles(p, &own, &diags)) << Messages(diags);
  it = std::find_if(own.sdist.begin(), own.sdist.end(),
                    [](const SelectedFile& f) { return f.archive_path == ".gitignore"; });
  ASSERT_NE(it, own.sdist.end());
  EXPECT_FALSE(it->generated) << "read from the project's own file";
}

// hatchling also reads the nearest .hgignore (locate_file up to the directory holding .hg) and
// applies its lines as excludes: not reproduced, so the project goes to hatchling, naming it.
TEST(BackendHatch, AnHgignoreHatchlingReadsIsAReason) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", ""));
  Common(&tmp);
  EXPECT_TRUE(Unreproduced(tmp).empty());
  tmp.Write(".hgignore", "syntax: glob\n*.json\n");
  auto u = Unreproduced(tmp);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].first, ".hgignore");
  EXPECT_NE(u[0].second.find("Mercurial ignore file"), std::string::npos) << u[0].second;
}

// In a git checkout, git keeps a file it tracks whatever .gitignore says, while hatchling (which
// never asks git) leaves out every file the .gitignore's patterns match: such a tracked file is
// named for the path decision. An untracked one both leave out; nothing is named then.
TEST(BackendHatch, AGitignoreMatchingTheProjectsOwnPathIsAReason) {
  // hatchling applies no .gitignore pattern when they match the project root's absolute path
  // (annotated-types' `.cache/` with the checkout under ~/.cache): it ships what they ignore.
  TempProject tmp;  // under /tmp
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", ""));
  Common(&tmp);
  tmp.Write(".gitignore", "*.log\ntmp/\n");
  EXPECT_TRUE(Unreproduced(tmp).empty()) << "no file on disk is ignored: nothing differs";

  tmp.Write("notes.log", "ignored, and shipped by hatchling");
  auto u = Unreproduced(tmp);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].first, "notes.log");
  EXPECT_NE(u[0].second.find("keeps this file"), std::string::npos) << u[0].second;
  EXPECT_NE(u[0].second.find("match the project's own path"), std::string::npos) << u[0].second;

  tmp.Write(".gitignore", "*.log\n/dist\nbuild/\n");
  EXPECT_TRUE(Unreproduced(tmp).empty()) << "no pattern matches the path: hatchling applies them";

  tmp.Write(".gitignore", "*.log\ntmp/\n");
  tmp.Git({"init", "-q"});
  tmp.Git({"add", "pyproject.toml", "README.md", "src", "tests", "docs", ".gitignore"});
  EXPECT_EQ(Unreproduced(tmp).size(), 1u) << "in a git checkout too, named once for both targets";

  // build/ never ships natively; here hatchling would ship it, so hatchling builds the project.
  TempProject old_build;
  old_build.Write("pyproject.toml", Pyproject("hatch", "demo", ""));
  Common(&old_build);
  old_build.Write(".gitignore", "tmp/\nbuild/\n");
  old_build.Write("build/lib/demo/__init__.py", "an old build");
  auto b = Unreproduced(old_build);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].first, "build/lib/demo/__init__.py");
}

TEST(BackendHatch, ABuildDirectoryHatchlingWouldShipIsAReason) {
  // hatch-vcs's .gitignore has no build/: hatchling ships an old build/lib, the native build never.
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", ""));
  Common(&tmp);
  tmp.Write(".gitignore", "*.log\n");
  tmp.Write("build/lib/demo/__init__.py", "an old build");
  auto u = Unreproduced(tmp);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].first, "build/lib/demo/__init__.py");
  EXPECT_NE(u[0].second.find("never ships the build output"), std::string::npos) << u[0].second;
  tmp.Git({"init", "-q"});  // .git/info/exclude: another ignore file, so the disk is walked too
  tmp.Git({"add", "pyproject.toml", "README.md", "src", "tests", "docs", ".gitignore"});
  EXPECT_EQ(Unreproduced(tmp).size(), 1u) << "in a git checkout too (hatch-vcs 0.5.0)";

  tmp.Write(".gitignore", "*.log\n/build/\n");
  EXPECT_TRUE(Unreproduced(tmp).empty()) << "the .gitignore leaves build/ out for hatchling too";

  tmp.Write(".gitignore", "*.log\n");
  tmp.Write("pyproject.toml",
            Pyproject("hatch", "demo", "[tool.hatch.build.targets.sdist]\ninclude = [\"/src\"]\n"));
  EXPECT_TRUE(Unreproduced(tmp).empty()) << "the sdist includes /src only (platformdirs)";
}

TEST(BackendHatch, ATrackedFileTheGitignoreMatchesIsAReason) {
  TempProject tmp;
  tmp.Write("pyproject.toml", Pyproject("hatch", "demo", ""));
  Common(&tmp);
  tmp.Write(".gitignore", "*.log\n/dist\n");
  tmp.Write("src/demo/debug.log", "untracked");
  tmp.Git({"init", "-q"});
  tmp.Git({"add", "pyproject.toml", "README.md", "src", "tests", "docs", ".gitignore"});
  EXPECT_TRUE(Unreproduced(tmp).empty()) << "an untracked ignored file: both leave it out";

  tmp.Write("tests/fixture.log", "tracked");
  tmp.Git({"add", "-f", "tests/fixture.log"});
  auto u = Unreproduced(tmp);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].first, "tests/fixture.log");
  EXPECT_NE(u[0].second.find("exclusion leaves out this file"), std::string::npos) << u[0].second;
  EXPECT_NE(u[0].second.find("git tracks it"), std::string::npos) << u[0].second;
}
