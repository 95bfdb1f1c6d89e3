#include "core/mapped_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include "test_support.h"

namespace {

// Whether the page holding `p` is mapped in this process's page tables right now (pagemap's
// "present" bit; mincore would answer for the page cache instead).
bool Resident(const char* p) {
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  int fd = ::open("/proc/self/pagemap", O_RDONLY);
  uint64_t entry = 0;
  bool ok = fd >= 0 &&
            ::pread(fd, &entry, sizeof entry,
                    static_cast<off_t>(reinterpret_cast<uintptr_t>(p) / page * sizeof entry)) ==
                sizeof entry;
  if (fd >= 0) ::close(fd);
  return ok && (entry >> 63) != 0;
}

std::string Pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

}  // namespace

TEST(MappedFile, PopulatedMappingHoldsTheWholeFile) {
  ScopedTempDir dir;
  const std::string content = Pattern(3 << 20);
  std::string path = dir.Write("w.whl", content);
  int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string err;
  MappedFile mapped;
  ASSERT_TRUE(mapped.Map(fd, content.size(), path, &err, /*populate=*/true)) << err;
  ::close(fd);  // the mapping outlives the descriptor
  ASSERT_EQ(mapped.view().size(), content.size());
  // Every page is mapped before it is read (the last one too), and the bytes are the file's.
  EXPECT_TRUE(Resident(mapped.view().data() + content.size() - 1));
  EXPECT_EQ(mapped.view(), content);
}

TEST(MappedFile, UnpopulatedMappingReadsTheFileAndGivesPagesBack) {
  ScopedTempDir dir;
  const std::string content = Pattern(1 << 20);
  std::string path = dir.Write("w.whl", content);
  int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string err;
  MappedFile mapped;
  ASSERT_TRUE(mapped.Map(fd, content.size(), path, &err)) << err;
  ::close(fd);
  EXPECT_EQ(mapped.view(), content);
  const char* middle = mapped.view().data() + (512 << 10);
  EXPECT_TRUE(Resident(middle));
  mapped.Release(256 << 10, 512 << 10);
  EXPECT_FALSE(Resident(middle));
  EXPECT_EQ(mapped.view(), content);  // read again from the page cache when touched
}

TEST(MappedFile, EmptyFileIsAnEmptyView) {
  ScopedTempDir dir;
  std::string path = dir.Write("empty.whl", "");
  int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string err;
  MappedFile mapped;
  EXPECT_TRUE(mapped.Map(fd, 0, path, &err, /*populate=*/true)) << err;
  ::close(fd);
  EXPECT_TRUE(mapped.view().empty());
}

TEST(MappedFile, UnreadableDescriptorNamesThePath) {
  std::string err;
  MappedFile mapped;
  EXPECT_FALSE(mapped.Map(-1, 4096, "gone.whl", &err, /*populate=*/true));
  EXPECT_NE(err.find("gone.whl: cannot map it"), std::string::npos) << err;
}
