#include "project/source_tree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "selection_test_util.h"

namespace {
bool Has(const SourceTree& t, const std::string& f) { return t.HasFile(f); }

// Scans the project in git mode (`use_git`) or with the walk, checking which one it got.
SourceTree Scan(const TempProject& tmp, bool use_git) {
  SourceTree t;
  std::string err;
  EXPECT_TRUE(ScanSourceTree(tmp.dir(), use_git, &t, &err)) << err;
  EXPECT_EQ(t.from_git, use_git);
  return t;
}

bool MakeFifo(const TempProject& tmp, const std::string& rel) {
  return mkfifo((tmp.dir() + "/" + rel).c_str(), 0644) == 0;
}
}  // namespace

TEST(SourceTree, WalkAppliesNestedGitignoreFiles) {
  TempProject tmp;
  tmp.Write("pyproject.toml", "");
  tmp.Write(".gitignore", "*.log\n/out/\n");
  tmp.Write("a.log", "");
  tmp.Write("pkg/__init__.py", "");
  tmp.Write("pkg/.gitignore", "!keep.log\nlocal/\n");
  tmp.Write("pkg/keep.log", "");
  tmp.Write("pkg/local/x.py", "");
  tmp.Write("out/result.txt", "");
  tmp.Write("sub/out/result.txt", "");
  SourceTree t;
  std::string err;
  ASSERT_TRUE(ScanSourceTree(tmp.dir(), false, &t, &err)) << err;
  EXPECT_FALSE(t.from_git);
  EXPECT_FALSE(Has(t, "a.log"));
  EXPECT_TRUE(Has(t, "pkg/keep.log"));
  EXPECT_FALSE(Has(t, "pkg/local/x.py"));
  EXPECT_FALSE(Has(t, "out/result.txt"));
  EXPECT_TRUE(Has(t, "sub/out/result.txt"));  // "/out/" is anchored
  EXPECT_TRUE(Has(t, ".gitignore"));
  EXPECT_EQ(t.ignore_files.size(), 2u);
  EXPECT_TRUE(t.HasDir("pkg"));
  EXPECT_FALSE(t.HasDir("out"));
}

TEST(SourceTree, AlwaysExcludedNames) {
  EXPECT_TRUE(IsAlwaysExcludedName("__pycache__", true));
  EXPECT_TRUE(IsAlwaysExcludedName(".git", true));
  EXPECT_TRUE(IsAlwaysExcludedName("demo.egg-info", true));
  EXPECT_TRUE(IsAlwaysExcludedName("m.pyc", false));
  EXPECT_TRUE(IsAlwaysExcludedName("m.pyo", false));
  EXPECT_FALSE(IsAlwaysExcludedName("m.py", false));
  EXPECT_FALSE(IsAlwaysExcludedName("build", false));
}

TEST(SourceTree, GitModeListsTrackedAndUntrackedButNotIgnored) {
  TempProject tmp;
  tmp.Write("pyproject.toml", "");
  tmp.Write(".gitignore", "ignored.txt\n");
  tmp.Write("tracked.py", "");
  tmp.Write("untracked.py", "");
  tmp.Write("ignored.txt", "");
  tmp.Git({"init", "-q"});
  tmp.Git({"add", "pyproject.toml", "tracked.py", ".gitignore"});
  SourceTree t;
  std::string err;
  ASSERT_TRUE(ScanSourceTree(tmp.dir(), true, &t, &err)) << err;
  EXPECT_TRUE(t.from_git);
  EXPECT_TRUE(Has(t, "tracked.py"));
  EXPECT_TRUE(Has(t, "untracked.py"));
  EXPECT_FALSE(Has(t, "ignored.txt"));
  // The same tree without git, by the .gitignore rules.
  SourceTree walked;
  ASSERT_TRUE(ScanSourceTree(tmp.dir(), false, &walked, &err));
  EXPECT_EQ(walked.files, t.files);
}

TEST(SourceTree, ProjectInSubdirectoryOfCheckoutUsesAncestorIgnoreFilesWithoutGit) {
  TempProject tmp;
  tmp.Git({"init", "-q"});
  tmp.Write(".gitignore", "secret_dir/\n*.bak\n");
  tmp.Write("proj/pyproject.toml", "");
  tmp.Write("proj/a.py", "");
  tmp.Write("proj/a.py.bak", "");
  tmp.Write("proj/secret_dir/x.py", "");
  SourceTree t;
  std::string err;
  ASSERT_TRUE(ScanSourceTree(tmp.dir() + "/proj", false, &t, &err)) << err;
  EXPECT_EQ(t.files, std::vector<std::string>({"a.py", "pyproject.toml"}));
  SourceTree g;
  ASSERT_TRUE(ScanSourceTree(tmp.dir() + "/proj", true, &g, &err)) << err;
  EXPECT_TRUE(g.from_git);
  EXPECT_EQ(g.files, t.files);
}

TEST(SourceTree, ProjectInsideAnIgnoredDirectoryFallsBackToTheWalk) {
  TempProject tmp;
  tmp.Git({"init", "-q"});
  tmp.Write(".gitignore", "/build*/\n");
  tmp.Write("build-copy/pyproject.toml", "");
  tmp.Write("build-copy/m.py", "");
  SourceTree t;
  std::string err;
  ASSERT_TRUE(ScanSourceTree(tmp.dir() + "/build-copy", true, &t, &err)) << err;
  EXPECT_FALSE(t.from_git);
  EXPECT_EQ(t.files, std::vector<std::string>({"m.py", "pyproject.toml"}));
}

TEST(SourceTree, LinksToDirectoriesAreNeverFollowed) {
  // `pkg/loop -> .` and `pkg/up -> ..` once packaged 40 nested copies of the project.
  for (bool use_git : {false, true}) {
    TempProject tmp;
    tmp.Write("pyproject.toml", "");
    tmp.Write("pkg/__init__.py", "");
    ASSERT_EQ(symlink(".", (tmp.dir() + "/pkg/loop").c_str()), 0);
    ASSERT_EQ(symlink("..", (tmp.dir() + "/pkg/up").c_str()), 0);
    ASSERT_EQ(symlink("/usr", (tmp.dir() + "/pkg/usr").c_str()), 0);
    if (use_git) tmp.Git({"init", "-q"});
    SourceTree t;
    std::string err;
    ASSERT_TRUE(ScanSourceTree(tmp.dir(), use_git, &t, &err)) << err;
    EXPECT_EQ(t.files, (std::vector<std::string>{"pkg/__init__.py", "pyproject.toml"})) << use_git;
    EXPECT_TRUE(t.unsafe.empty());
    // Listed, for the path decision (a backend's walk may follow them).
    EXPECT_EQ(t.dir_links, (std::vector<std::string>{"pkg/loop", "pkg/up", "pkg/usr"})) << use_git;
  }
}

TEST(SourceTree, LinksOutsideTheProjectAndSpecialFilesAreMarkedUnsafe) {
  for (bool use_git : {false, true}) {
    TempProject outside, tmp;
    outside.Write("os-release", "NAME=x\n");
    tmp.Write("pyproject.toml", "");
    tmp.Write("pkg/__init__.py", "");
    tmp.Write("pkg/real.py", "");
    ASSERT_EQ(symlink((outside.dir() + "/os-release").c_str(), (tmp.dir() + "/README.md").c_str()),
              0);
    ASSERT_EQ(symlink("real.py", (tmp.dir() + "/pkg/alias.py").c_str()), 0);
    ASSERT_EQ(mkfifo((tmp.dir() + "/pkg/fifo.py").c_str(), 0644), 0);
    if (use_git) tmp.Git({"init", "-q"});
    SourceTree t;
    std::string err;
    ASSERT_TRUE(ScanSourceTree(tmp.dir(), use_git, &t, &err)) << err;
    EXPECT_TRUE(Has(t, "pkg/alias.py"));  // a link to a file inside the project is that file
    EXPECT_EQ(t.unsafe.count("pkg/alias.py"), 0u);
    // ... and recorded as a link, for the sdist (FindSdistLinks stats nothing else).
    EXPECT_EQ(t.file_links, (std::vector<std::string>{"pkg/alias.py"})) << use_git;
    ASSERT_EQ(t.unsafe.count("README.md"), 1u) << use_git;
    EXPECT_NE(t.unsafe.at("README.md").find("outside the project"), std::string::npos);
    // git does not list FIFOs: git mode finds them by reading the directories it listed.
    ASSERT_EQ(t.unsafe.count("pkg/fifo.py"), 1u) << use_git;
    EXPECT_EQ(t.unsafe.at("pkg/fifo.py"), "a FIFO");
    EXPECT_TRUE(Has(t, "pkg/fifo.py")) << use_git;
  }
}

TEST(SourceTree, GitModeFindsTheSpecialFilesGitSkipsUnlessGitIgnoresThem) {
  TempProject tmp;
  tmp.Write("pyproject.toml", "");
  tmp.Write(".gitignore", "*.pipe\n/scratch/\n");
  tmp.Write("pkg/__init__.py", "");
  // In directories git lists nothing in (only a FIFO below them), three levels down.
  std::filesystem::create_directories(tmp.dir() + "/pkg/data/deep/in");
  ASSERT_TRUE(MakeFifo(tmp, "pkg/data/deep/in/feed"));
  ASSERT_TRUE(MakeFifo(tmp, "pkg/events"));    // beside listed files
  ASSERT_TRUE(MakeFifo(tmp, "pkg/log.pipe"));  // ignored by pattern
  tmp.Write("scratch/notes.txt", "");
  ASSERT_TRUE(MakeFifo(tmp, "scratch/fifo"));  // in an ignored directory
  tmp.Write(".venv/bin/python", "");
  ASSERT_TRUE(MakeFifo(tmp, ".venv/fifo"));  // never a candidate
  tmp.Git({"init", "-q"});
  for (bool use_git : {false, true}) {
    SourceTree t = Scan(tmp, use_git);
    std::vector<std::string> unsafe;
    for (const auto& [rel, why] : t.unsafe) unsafe.push_back(rel + ": " + why);
    EXPECT_EQ(unsafe,
              (std::vector<std::string>{"pkg/data/deep/in/feed: a FIFO", "pkg/events: a FIFO"}))
        << use_git;
    EXPECT_TRUE(std::is_sorted(t.files.begin(), t.files.end())) << use_git;
    EXPECT_TRUE(Has(t, "pkg/events")) << use_git;
    EXPECT_TRUE(t.HasDir("pkg/data/deep")) << use_git;
    EXPECT_FALSE(Has(t, "scratch/fifo")) << use_git;
  }
}

TEST(SourceTree, BothListingsRecordTheExecutableBitAndSkipCMakeTreesBelowTheRoot) {
  TempProject tmp;
  tmp.Write("pyproject.toml", "");
  tmp.Write("tools/release.sh", "#!/bin/sh\n", /*executable=*/true);
  tmp.Write("tools/notes.txt", "");
  tmp.Write("pkg/cmake-out/CMakeCache.txt", "");
  tmp.Write("pkg/cmake-out/deep/gen.py", "");
  tmp.Write("pkg/mod.py", "");
  ASSERT_EQ(::symlink("release.sh", (tmp.dir() + "/tools/run").c_str()), 0);
  tmp.Git({"init", "-q"});
  for (bool use_git : {false, true}) {
    SourceTree t = Scan(tmp, use_git);
    EXPECT_TRUE(t.IsExecutable("tools/release.sh")) << use_git;
    EXPECT_TRUE(t.IsExecutable("tools/run")) << "a link to an executable file: " << use_git;
    EXPECT_FALSE(t.IsExecutable("tools/notes.txt")) << use_git;
    EXPECT_FALSE(t.IsExecutable("pyproject.toml")) << use_git;
    EXPECT_TRUE(Has(t, "pkg/mod.py")) << use_git;
    EXPECT_FALSE(Has(t, "pkg/cmake-out/deep/gen.py")) << use_git;
    EXPECT_FALSE(Has(t, "pkg/cmake-out/CMakeCache.txt")) << use_git;
  }
}

TEST(SourceTree, GitListingLooksUpEachFileInItsDirectoryWhateverTheOrder) {
  // git lists "a/b.py" before "a/b/c.py" and "a/c.py" after it: the open directories follow.
  TempProject tmp;
  tmp.Write("pyproject.toml", "");
  for (const char* f : {"a/b.py", "a/b/c.py", "a/b/d/e.py", "a/c.py", "a-b/x.py", "z.py"})
    tmp.Write(f, "", /*executable=*/std::string(f) == "a/b/d/e.py");
  tmp.Git({"init", "-q"});
  tmp.Git({"add", "a/b.py", "a/c.py"});
  SourceTree t;
  std::string err;
  ASSERT_TRUE(ScanSourceTree(tmp.dir(), true, &t, &err)) << err;
  ASSERT_TRUE(t.from_git);
  EXPECT_EQ(t.files, (std::vector<std::string>{"a-b/x.py", "a/b.py", "a/b/c.py", "a/b/d/e.py",
                                               "a/c.py", "pyproject.toml", "z.py"}));
  EXPECT_TRUE(t.IsExecutable("a/b/d/e.py"));
  EXPECT_FALSE(t.IsExecutable("a/b/c.py"));
  EXPECT_EQ(t.tracked, (std::vector<std::string>{"a/b.py", "a/c.py"}));
  EXPECT_TRUE(t.IsTracked("a/c.py"));
  EXPECT_FALSE(t.IsTracked("a/b/c.py"));
  EXPECT_TRUE(t.HasDir("a/b/d"));
}

// What the backend path refuses: special files wherever a backend may look, ignored or not; none
// in the directories no backend takes.
TEST(SourceTree, FindSpecialFilesIgnoresGitignoreButNotTheSkippedDirectories) {
  TempProject tmp;
  tmp.Write("pyproject.toml", "");
  tmp.Write(".gitignore", "*.pipe\n/scratch/\n");
  tmp.Write("pkg/.gitignore", "*.sock\n");
  tmp.Write("pkg/__init__.py", "");
  ASSERT_TRUE(MakeFifo(tmp, "pkg/log.pipe"));
  ASSERT_TRUE(MakeFifo(tmp, "pkg/feed.sock"));
  tmp.Write("scratch/notes.txt", "");
  ASSERT_TRUE(MakeFifo(tmp, "scratch/fifo"));
  for (const char* skipped : {".venv", ".git", "pkg/__pycache__", "build", "dist", "cm"}) {
    tmp.Write(std::string(skipped) + "/f.txt", "");
    ASSERT_TRUE(MakeFifo(tmp, std::string(skipped) + "/fifo"));
  }
  tmp.Write("cm/CMakeCache.txt", "");  // a CMake build directory
  std::map<std::string, std::string> special = FindSpecialFiles(tmp.dir());
  EXPECT_EQ(special, (std::map<std::string, std::string>{{"pkg/feed.sock", "a FIFO"},
                                                         {"pkg/log.pipe", "a FIFO"},
                                                         {"scratch/fifo", "a FIFO"}}));
  EXPECT_TRUE(FindSpecialFiles(tmp.dir() + "/pkg/__pycache__/nothing").empty());  // no directory
}

// Links are followed as hatchling and setuptools follow them: into a directory the walk would
// skip, and to a FIFO; not out of the project, not twice around a loop, not when dangling.
TEST(SourceTree, FindSpecialFilesFollowsLinksInsideTheProject) {
  TempProject tmp;
  TempProject outside;
  tmp.Write("pyproject.toml", "");
  tmp.Write("pkg/__init__.py", "");
  tmp.Write("build/shared/data.txt", "");  // a build output: skipped unless a link leads in
  ASSERT_TRUE(MakeFifo(tmp, "build/shared/feed"));
  ASSERT_TRUE(MakeFifo(tmp, "build/pipe"));
  ASSERT_TRUE(MakeFifo(outside, "fifo"));
  auto link = [&](const std::string& target, const std::string& rel) {
    return symlink(target.c_str(), (tmp.dir() + "/" + rel).c_str()) == 0;
  };
  ASSERT_TRUE(link("../build/shared", "pkg/shared"));
  ASSERT_TRUE(link("../build/pipe", "pkg/pipe"));
  ASSERT_TRUE(link("..", "pkg/up"));  // a loop back to the root
  ASSERT_TRUE(link(outside.dir(), "pkg/outside"));
  ASSERT_TRUE(link("missing", "pkg/dangling"));
  std::map<std::string, std::string> special = FindSpecialFiles(tmp.dir());
  EXPECT_EQ(special, (std::map<std::string, std::string>{
                         {"pkg/pipe", "a symbolic link to a FIFO"},
                         {"pkg/shared/feed", "a FIFO"},
                     }));
}
