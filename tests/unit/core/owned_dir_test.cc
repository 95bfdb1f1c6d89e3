#include "core/owned_dir.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

// Everything below happens inside one marked temporary directory: even a broken guard could only
// delete there. HOME is pointed at a sentinel inside it for the $HOME cases.
class OwnedDir : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* home = getenv("HOME");
    saved_home_ = home ? home : "";
    had_home_ = home != nullptr;
  }
  void TearDown() override {
    if (had_home_)
      setenv("HOME", saved_home_.c_str(), 1);
    else
      unsetenv("HOME");
  }
  std::string Dir(const std::string& rel) {
    fs::create_directories(fs::path(temp_.path) / rel);
    return (fs::path(temp_.path) / rel).string();
  }
  ScopedTempDir temp_;
  std::string saved_home_;
  bool had_home_ = false;
};

TEST_F(OwnedDir, RemovesATreeInsideAMarkedRoot) {
  std::string root = Dir("root");
  std::string err;
  ASSERT_TRUE(CreateOwnedDir(root, &err)) << err;
  temp_.Write("root/venv/bin/python", "x");
  ASSERT_TRUE(RemoveOwnedTree(root + "/venv", root, &err)) << err;
  EXPECT_FALSE(fs::exists(root + "/venv"));
  EXPECT_TRUE(fs::exists(root));
  ASSERT_TRUE(RemoveOwnedTree(root, root, &err)) << err;
  EXPECT_FALSE(fs::exists(root));
  EXPECT_TRUE(RemoveOwnedTree(root + "/gone", temp_.path, &err))
      << "a missing path is not an error";
}

TEST_F(OwnedDir, RefusesTheRootDirectoryAndDotDot) {
  std::string err;
  EXPECT_FALSE(RemoveOwnedTree("/", "/", &err));
  EXPECT_NE(err.find("plain name"), std::string::npos) << err;
  std::string root = Dir("r");
  ASSERT_TRUE(CreateOwnedDir(root, &err)) << err;
  temp_.Write("victim/file", "keep");
  EXPECT_FALSE(RemoveOwnedTree(root + "/..", root, &err));
  EXPECT_FALSE(RemoveOwnedTree(root + "/.", root, &err));
  EXPECT_TRUE(fs::exists(fs::path(temp_.path) / "victim" / "file"));
}

TEST_F(OwnedDir, RefusesAnUnmarkedRootAndAnythingOutsideTheRoot) {
  std::string err;
  std::string unmarked = Dir("unmarked");
  temp_.Write("unmarked/data", "keep");
  EXPECT_FALSE(RemoveOwnedTree(unmarked + "/data", unmarked, &err));
  EXPECT_NE(err.find("was not made by pyrelease"), std::string::npos) << err;
  // The /etc incident: a truncated path ("<dir>/my" of "<dir>/my build") outside the marked root.
  std::string root = Dir("my build/env");
  ASSERT_TRUE(CreateOwnedDir(root, &err)) << err;
  temp_.Write("my/etc/passwd", "keep");
  EXPECT_FALSE(RemoveOwnedTree((fs::path(temp_.path) / "my").string(), root, &err));
  EXPECT_NE(err.find("outside"), std::string::npos) << err;
  EXPECT_TRUE(fs::exists(fs::path(temp_.path) / "my" / "etc" / "passwd"));
}

TEST_F(OwnedDir, RefusesHomeEvenInsideAMarkedRoot) {
  std::string err;
  std::string root = Dir("root");
  ASSERT_TRUE(CreateOwnedDir(root, &err)) << err;
  std::string home = Dir("root/home/user");
  temp_.Write("root/home/user/.pypirc", "keep");
  setenv("HOME", home.c_str(), 1);
  EXPECT_FALSE(RemoveOwnedTree(home, root, &err));
  EXPECT_NE(err.find("$HOME"), std::string::npos) << err;
  EXPECT_FALSE(RemoveOwnedTree(root + "/home", root, &err)) << "an ancestor of $HOME";
  EXPECT_TRUE(fs::exists(home + "/.pypirc"));
}

TEST_F(OwnedDir, RemovesASymlinkNeverItsTarget) {
  std::string err;
  std::string root = Dir("root");
  ASSERT_TRUE(CreateOwnedDir(root, &err)) << err;
  std::string outside = Dir("outside");
  temp_.Write("outside/keep", "keep");
  fs::create_directory_symlink(outside, root + "/link");
  ASSERT_TRUE(RemoveOwnedTree(root + "/link", root, &err)) << err;
  EXPECT_FALSE(fs::exists(fs::symlink_status(root + "/link")));
  EXPECT_TRUE(fs::exists(outside + "/keep"));
  // A path reached through a symlinked parent resolves outside the root: refused.
  fs::create_directory_symlink(outside, root + "/via");
  EXPECT_FALSE(RemoveOwnedTree(root + "/via/keep", root, &err));
  EXPECT_TRUE(fs::exists(outside + "/keep"));
}

TEST_F(OwnedDir, AdoptsOnlyNewEmptyOrMarkedDirectories) {
  std::string err;
  std::string full = Dir("full");
  temp_.Write("full/mine.txt", "user data");
  EXPECT_FALSE(CreateOwnedDir(full, &err));
  EXPECT_NE(err.find("not empty"), std::string::npos) << err;
  EXPECT_FALSE(IsOwnedDir(full));
  std::string empty = Dir("empty");
  EXPECT_TRUE(CreateOwnedDir(empty, &err)) << err;
  EXPECT_TRUE(IsOwnedDir(empty));
  temp_.Write("empty/venv/x", "");
  EXPECT_TRUE(CreateOwnedDir(empty, &err)) << "marked earlier: reused";
  std::string fresh = (fs::path(temp_.path) / "new" / "dir").string();
  EXPECT_TRUE(CreateOwnedDir(fresh, &err)) << err;
  EXPECT_TRUE(IsOwnedDir(fresh));
}

}  // namespace
