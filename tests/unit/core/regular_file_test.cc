#include "core/regular_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "test_support.h"

TEST(RegularFile, FifoIsRefusedWithoutBlocking) {
  ScopedTempDir dir;
  std::string fifo = MakeFifo(dir.path, "README.md");
  std::string out, err;
  bool ok = true;
  EXPECT_TRUE(ReturnsWithin(5, fifo, [&] { ok = ReadRegularFile(fifo, &out, &err); }));
  EXPECT_FALSE(ok);
  EXPECT_NE(err.find(fifo + ": not a regular file (a FIFO)"), std::string::npos) << err;
  EXPECT_EQ(OpenRegularFile(fifo, &err), -1);
}

TEST(RegularFile, DevicesAndDirectoriesAreRefused) {
  std::string out, err;
  EXPECT_FALSE(ReadRegularFile("/dev/zero", &out, &err));  // reading it would never end
  EXPECT_NE(err.find("a character device"), std::string::npos) << err;
  EXPECT_FALSE(ReadRegularFile("/", &out, &err));
  EXPECT_NE(err.find("a directory"), std::string::npos) << err;
}

TEST(RegularFile, ReadsARegularFile) {
  ScopedTempDir dir;
  std::string path = dir.Write("a.txt", "hello");
  std::string out, err;
  ASSERT_TRUE(ReadRegularFile(path, &out, &err)) << err;
  EXPECT_EQ(out, "hello");
  EXPECT_FALSE(ReadRegularFile(dir.path + "/missing", &out, &err));
}

TEST(RegularFile, NoFollowRefusesALinkAsLastComponent) {
  ScopedTempDir dir;
  std::string target = dir.Write("a.txt", "x");
  ASSERT_EQ(::symlink(target.c_str(), (dir.path + "/link").c_str()), 0);
  std::string err;
  int fd = OpenRegularFile(dir.path + "/link", &err);
  EXPECT_GE(fd, 0) << err;
  if (fd >= 0) ::close(fd);
  EXPECT_EQ(OpenRegularFile(dir.path + "/link", &err, /*no_follow=*/true), -1);
}

TEST(RegularFile, ProjectFilesMustResolveInsideTheProject) {
  ScopedTempDir outside, project;
  std::string secret = outside.Write("os-release", "NAME=secret\n");
  project.Write("docs/real.md", "inside\n");
  ASSERT_EQ(::symlink(secret.c_str(), (project.path + "/README.md").c_str()), 0);
  ASSERT_EQ(::symlink("docs/real.md", (project.path + "/INSIDE.md").c_str()), 0);
  std::string out, err;
  EXPECT_FALSE(ReadProjectFile(project.path, "README.md", &out, &err));
  EXPECT_EQ(err.rfind("README.md: a symbolic link to ", 0), 0u) << err;
  EXPECT_NE(err.find("os-release, outside the project"), std::string::npos) << err;
  EXPECT_TRUE(out.empty());
  ASSERT_TRUE(ReadProjectFile(project.path, "INSIDE.md", &out, &err)) << err;
  EXPECT_EQ(out, "inside\n");
  EXPECT_FALSE(ReadProjectFile(project.path, "missing.md", &out, &err));
  EXPECT_EQ(err.rfind("missing.md: cannot open", 0), 0u) << err;

  std::string fifo = MakeFifo(project.path, "FIFO.md");
  bool ok = true;
  EXPECT_TRUE(
      ReturnsWithin(5, fifo, [&] { ok = ReadProjectFile(project.path, "FIFO.md", &out, &err); }));
  EXPECT_FALSE(ok);
  EXPECT_EQ(err, "FIFO.md: not a regular file (a FIFO); refusing to read it");
}

// A plain name directly in the root skips realpath(3); a deeper path through a linked directory
// does not, and a root reached through a link still reads its own files.
TEST(RegularFile, ProjectFilesThroughLinkedDirectories) {
  ScopedTempDir outside, project, links;
  outside.Write("notes.md", "outside\n");
  project.Write("README.md", "plain\n");
  ASSERT_EQ(::symlink(outside.path.c_str(), (project.path + "/docs").c_str()), 0);
  std::string out, err;
  EXPECT_FALSE(ReadProjectFile(project.path, "docs/notes.md", &out, &err));
  EXPECT_EQ(err.rfind("docs/notes.md: a symbolic link to ", 0), 0u) << err;
  EXPECT_TRUE(out.empty());
  const std::string linked_root = links.path + "/project";
  ASSERT_EQ(::symlink(project.path.c_str(), linked_root.c_str()), 0);
  ASSERT_TRUE(ReadProjectFile(linked_root, "README.md", &out, &err)) << err;
  EXPECT_EQ(out, "plain\n");
  EXPECT_FALSE(ReadProjectFile(project.path, "..", &out, &err));
}

TEST(RegularFile, ResolvesInside) {
  ScopedTempDir dir;
  dir.Write("a/b.txt", "");
  EXPECT_TRUE(ResolvesInside(dir.path, dir.path + "/a/b.txt"));
  EXPECT_TRUE(ResolvesInside(dir.path + "/a", dir.path + "/a/../a/b.txt"));
  EXPECT_FALSE(ResolvesInside(dir.path + "/a", dir.path));
  std::string resolved;
  EXPECT_FALSE(ResolvesInside(dir.path + "/a", "/etc", &resolved));
  EXPECT_EQ(resolved, "/etc");
}
