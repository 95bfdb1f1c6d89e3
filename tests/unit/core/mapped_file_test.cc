#include "core/mapped_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <thread>

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

// Writes `content` to w.whl in `dir` and maps it whole into `mapped` (the descriptor is closed at
// once: the mapping outlives it); returns the file's path.
std::string WriteAndMap(ScopedTempDir* dir, const std::string& content, MappedFile* mapped,
                        bool populate = false) {
  std::string path = dir->Write("w.whl", content);
  int fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  std::string err;
  EXPECT_TRUE(mapped->Map(fd, content.size(), path, &err, populate)) << err;
  ::close(fd);
  return path;
}

}  // namespace

TEST(MappedFile, PopulatedMappingHoldsTheWholeFile) {
  ScopedTempDir dir;
  const std::string content = Pattern(3 << 20);
  MappedFile mapped;
  WriteAndMap(&dir, content, &mapped, /*populate=*/true);
  ASSERT_EQ(mapped.view().size(), content.size());
  // Every page is mapped before it is read (the last one too), and the bytes are the file's.
  EXPECT_TRUE(Resident(mapped.view().data() + content.size() - 1));
  EXPECT_EQ(mapped.view(), content);
}

TEST(MappedFile, UnpopulatedMappingReadsTheFileAndGivesPagesBack) {
  ScopedTempDir dir;
  const std::string content = Pattern(1 << 20);
  MappedFile mapped;
  WriteAndMap(&dir, content, &mapped);
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

// Another process truncates the file while it is mapped: the pages past the new end read as zeros
// instead of ending the process with SIGBUS, and the mapping says it was cut.
TEST(MappedFile, FileCutWhileMappedReadsZerosAndSaysSo) {
  ScopedTempDir dir;
  const std::string content = Pattern(2 << 20);
  MappedFile mapped;
  std::string path = WriteAndMap(&dir, content, &mapped, /*populate=*/true);
  ASSERT_EQ(mapped.view().size(), content.size());
  EXPECT_FALSE(mapped.Cut());
  const size_t kept = (1 << 20) + 100;
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(kept)), 0);
  std::string_view view = mapped.view();
  EXPECT_EQ(view.substr(0, kept), std::string_view(content).substr(0, kept));
  EXPECT_EQ(view.substr(kept), std::string(content.size() - kept, '\0'));
  EXPECT_TRUE(mapped.Cut());
}

// check reads a mapping on two worker threads: a cut seen by both at once is survived by both.
TEST(MappedFile, FileCutWhileTwoThreadsReadIt) {
  ScopedTempDir dir;
  const std::string content = Pattern(4 << 20);
  MappedFile mapped, other;
  std::string path = WriteAndMap(&dir, content, &mapped);
  int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string err;
  ASSERT_TRUE(other.Map(fd, content.size(), path, &err)) << err;  // a second live mapping
  ::close(fd);
  ASSERT_EQ(mapped.view().size(), content.size());
  ASSERT_EQ(::truncate(path.c_str(), 0), 0);
  size_t sums[2] = {0, 0};
  auto sum = [&](int half) {
    std::string_view part = mapped.view().substr(half * (2 << 20), 2 << 20);
    for (char c : part) sums[half] += static_cast<unsigned char>(c);
  };
  std::thread a(sum, 0), b(sum, 1);
  a.join();
  b.join();
  EXPECT_EQ(sums[0] + sums[1], 0u);
  EXPECT_TRUE(mapped.Cut());
  EXPECT_FALSE(other.Cut());  // not read yet: never faulted
}

// A SIGBUS that is not a mapped file's cut page still ends the process (by the default action, or
// a sanitizer's handler that was there before).
TEST(MappedFileDeathTest, OtherSigbusStillEndsTheProcess) {
  ScopedTempDir dir;
  MappedFile mapped;  // installs the handler
  WriteAndMap(&dir, Pattern(8192), &mapped);
  ASSERT_EQ(mapped.view().size(), 8192u);
  EXPECT_DEATH(::raise(SIGBUS), "");
}
