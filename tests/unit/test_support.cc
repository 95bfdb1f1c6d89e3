#include "test_support.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <stdexcept>
#include <thread>

#include "core/owned_dir.h"

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
