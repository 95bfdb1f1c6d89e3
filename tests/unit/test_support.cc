#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

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
