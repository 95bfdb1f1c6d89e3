#include "test_support.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

ScopedTempDir::ScopedTempDir() {
  std::string tmpl = (fs::temp_directory_path() / "pyrelease_test_XXXXXX").string();
  path = mkdtemp(tmpl.data());
}

ScopedTempDir::~ScopedTempDir() {
  std::error_code ec;
  if (!path.empty()) fs::remove_all(path, ec);
}

std::string ScopedTempDir::Write(const std::string& rel, const std::string& content) const {
  fs::path p = fs::path(path) / rel;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}
