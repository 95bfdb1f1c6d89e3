#include "core/directory_cursor.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "test_support.h"

namespace {

// What `path` reads through the cursor's answer (openat, as its callers open it).
std::string ReadThrough(std::pair<int, const char*> at) {
  int fd = ::openat(at.first, at.second, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "<cannot open>";
  char buf[64];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  return n < 0 ? "<cannot read>" : std::string(buf, size_t(n));
}

}  // namespace

TEST(DirectoryCursor, ARunOfFilesInOneDirectoryIsOpenedByNameInIt) {
  ScopedTempDir dir;
  std::string a = dir.Write("pkg/a.py", "A"), b = dir.Write("pkg/b.py", "B");
  std::string c = dir.Write("pkg/sub/c.py", "C"), d = dir.Write("other/d.py", "D");
  DirectoryCursor cursor;
  auto at_a = cursor.Locate(a, b);
  EXPECT_NE(at_a.first, AT_FDCWD) << "a run of two files: their directory is opened";
  EXPECT_STREQ(at_a.second, "a.py");
  EXPECT_EQ(ReadThrough(at_a), "A");
  auto at_b = cursor.Locate(b, c);  // c lies deeper: b ends the run, still in the open directory
  EXPECT_EQ(at_b.first, at_a.first);
  EXPECT_STREQ(at_b.second, "b.py");
  EXPECT_EQ(ReadThrough(at_b), "B");
  // A file alone in its directory is opened by its whole path (opening the directory would cost
  // more than it saves).
  auto at_c = cursor.Locate(c, d);
  EXPECT_EQ(at_c.first, AT_FDCWD);
  EXPECT_EQ(std::string(at_c.second), c);
  EXPECT_EQ(ReadThrough(at_c), "C");
  auto at_d = cursor.Locate(d, "");
  EXPECT_EQ(at_d.first, AT_FDCWD);
  EXPECT_EQ(ReadThrough(at_d), "D");
}

TEST(DirectoryCursor, AMissingDirectoryFallsBackToThePath) {
  ScopedTempDir dir;
  std::string a = dir.path + "/gone/a.py", b = dir.path + "/gone/b.py";
  DirectoryCursor cursor;
  auto at = cursor.Locate(a, b);
  EXPECT_EQ(at.first, AT_FDCWD);
  EXPECT_EQ(std::string(at.second), a);
  EXPECT_EQ(ReadThrough(at), "<cannot open>");
}
