#include "test_support.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <clocale>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <stdexcept>
#include <thread>

#include "core/owned_dir.h"

#if defined(__SANITIZE_ADDRESS__)
#define PYRELEASE_TEST_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PYRELEASE_TEST_LSAN 1
#endif
#endif
#ifdef PYRELEASE_TEST_LSAN
#include <sanitizer/lsan_interface.h>
#endif

namespace fs = std::filesystem;

ScopedTempDir::ScopedTempDir() {
  std::string err;
  if (!CreateOwnedTempDir(fs::temp_directory_path().string(), "pyrelease_test_", &path, &err))
    throw std::runtime_error(err);
}

ScopedTempDir::~ScopedTempDir() {
  std::string err;
  if (!path.empty()) RemoveOwnedTree(path, path, &err);  // only the directory made above
}

std::string ScopedTempDir::Write(const std::string& rel, const std::string& content) const {
  fs::path p = fs::path(path) / rel;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

std::string MakeFifo(const std::string& dir, const std::string& rel) {
  fs::path p = fs::path(dir) / rel;
  fs::create_directories(p.parent_path());
  ::mkfifo(p.c_str(), 0644);
  return p.string();
}

bool ReturnsWithin(double seconds, const std::string& fifo, const std::function<void()>& fn) {
  std::promise<void> done;
  std::future<void> finished = done.get_future();
  std::thread worker([&] {
    fn();
    done.set_value();
  });
  bool in_time =
      finished.wait_for(std::chrono::duration<double>(seconds)) == std::future_status::ready;
  // Release a reader blocked on the FIFO (in open or in read), whatever it was waiting for.
  while (finished.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
    int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
  }
  worker.join();
  return in_time;
}

std::string WriteTestZip(const std::string& path, const std::vector<ZipSource>& members) {
  ZipOptions options;
  options.threads = 1;
  ZipWriter w(options);
  std::string err;
  EXPECT_TRUE(w.Open(path, &err)) << err;
  EXPECT_TRUE(w.Add(members, nullptr, &err)) << err;
  EXPECT_TRUE(w.Commit(&err)) << err;
  return path;
}

namespace {

// A libarchive writer of the restricted pax format into `out`; unbuffered: each write reaches
// `out` at once.
archive* NewLibarchiveTarWriter(std::string* out, bool unbuffered) {
  std::setlocale(LC_CTYPE, "C.UTF-8");  // libarchive converts names through the locale (UTF-8)
  archive* a = archive_write_new();
  EXPECT_EQ(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
  if (unbuffered) {
    EXPECT_EQ(archive_write_set_bytes_per_block(a, 0), ARCHIVE_OK);
  }
  auto append = [](archive*, void* to, const void* data, size_t size) -> la_ssize_t {
    static_cast<std::string*>(to)->append(static_cast<const char*>(data), size);
    return la_ssize_t(size);
  };
  EXPECT_EQ(archive_write_open(a, out, nullptr, append, nullptr), ARCHIVE_OK);
  return a;
}

void WriteLibarchiveHeader(archive* a, const TarEntry& e) {
  archive_entry* entry = archive_entry_new();
  const bool is_link = !e.link_text.empty();
  archive_entry_set_pathname_utf8(entry, e.name.c_str());
  archive_entry_set_filetype(entry, is_link ? AE_IFLNK : AE_IFREG);
  archive_entry_set_perm(entry, e.mode);
  if (is_link) archive_entry_set_symlink_utf8(entry, e.link_text.c_str());
  archive_entry_set_size(entry, is_link ? 0 : int64_t(e.size));
  archive_entry_set_mtime(entry, time_t(e.mtime), 0);
  archive_entry_set_uid(entry, 0);
  archive_entry_set_gid(entry, 0);
  EXPECT_GE(archive_write_header(a, entry), ARCHIVE_WARN) << archive_error_string(a);
  archive_entry_free(entry);
}

}  // namespace

std::string LibarchiveTarHeaders(const TarEntry& entry) {
#ifdef PYRELEASE_TEST_LSAN
  // archive_write_free of a failed archive skips its close, so libarchive's client writer state
  // (32 + 1 bytes) is never freed: libarchive's leak, not pyrelease's.
  __lsan::ScopedDisabler libarchive_leaks;
#endif
  std::string out;
  archive* a = NewLibarchiveTarWriter(&out, true);
  WriteLibarchiveHeader(a, entry);
  archive_write_fail(a);  // the content is not written: nothing more may reach `out`
  archive_write_free(a);
  return out;
}

std::string LibarchiveTar(const std::vector<std::pair<TarEntry, std::string>>& entries) {
  std::string out;
  archive* a = NewLibarchiveTarWriter(&out, false);
  for (const auto& [entry, content] : entries) {
    WriteLibarchiveHeader(a, entry);
    if (!content.empty()) {
      EXPECT_EQ(archive_write_data(a, content.data(), content.size()), la_ssize_t(content.size()));
    }
  }
  EXPECT_EQ(archive_write_close(a), ARCHIVE_OK);
  archive_write_free(a);
  return out;
}

std::string Gunzip(const std::string& gz, bool* single_member) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(1 << 16, '\0'), result;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = uInt(gz.size());
  int r;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
    zs.avail_out = uInt(out.size());
    r = inflate(&zs, Z_NO_FLUSH);
    EXPECT_TRUE(r == Z_OK || r == Z_STREAM_END) << "inflate: " << r;
    result.append(out.data(), out.size() - zs.avail_out);
  } while (r == Z_OK);
  *single_member = r == Z_STREAM_END && zs.avail_in == 0;
  inflateEnd(&zs);
  return result;
}

void FlipByteAt(const std::string& path, uint64_t offset) {
  std::FILE* f = std::fopen(path.c_str(), "r+b");
  ASSERT_NE(f, nullptr) << path;
  std::fseek(f, static_cast<long>(offset), SEEK_SET);
  int c = std::fgetc(f);
  std::fseek(f, static_cast<long>(offset), SEEK_SET);
  std::fputc(c ^ 0x5a, f);
  std::fclose(f);
}
