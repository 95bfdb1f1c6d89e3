#include "fuzz_scratch.h"

#include <cstdio>
#include <cstdlib>

#include "core/owned_dir.h"

namespace {

std::string& ScratchDir() {
  static std::string dir;
  return dir;
}

void RemoveScratch() {
  std::string err;
  if (!ScratchDir().empty() && !RemoveOwnedTree(ScratchDir(), ScratchDir(), &err))
    std::fprintf(stderr, "fuzz: %s\n", err.c_str());
}

const std::string& EnsureScratch() {
  std::string& dir = ScratchDir();
  if (dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string err;
    if (!CreateOwnedTempDir(tmp && *tmp ? tmp : "/tmp", "pyrelease-fuzz-", &dir, &err)) {
      std::fprintf(stderr, "fuzz: cannot create a scratch directory: %s\n", err.c_str());
      std::abort();
    }
    std::atexit(RemoveScratch);
  }
  return dir;
}

}  // namespace

std::string WriteScratchFile(const std::string& name, const uint8_t* data, size_t size) {
  std::string path = EnsureScratch() + "/" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f || (size && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path;
}
