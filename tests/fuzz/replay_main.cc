// pyrelease_fuzz_replay <target> <file-or-directory>...: runs each input once through the target,
// in any build (no libFuzzer needed), so seeds and kept crash inputs are regression tests. A crash
// is the test failing; the input's name is printed first so the failure names it.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_targets.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <target> <file-or-directory>...\n", argv[0]);
    return 2;
  }
  const FuzzTarget* target = nullptr;
  for (size_t i = 0; i < kFuzzTargetCount; ++i)
    if (std::strcmp(kFuzzTargets[i].name, argv[1]) == 0) target = &kFuzzTargets[i];
  if (!target) {
    std::fprintf(stderr, "replay: unknown target '%s'\n", argv[1]);
    return 2;
  }
  std::vector<fs::path> inputs;
  for (int i = 2; i < argc; ++i) {
    std::error_code ec;
    if (fs::is_directory(argv[i], ec)) {
      for (const auto& entry : fs::directory_iterator(argv[i], ec))
        if (entry.is_regular_file() && entry.path().filename().string()[0] != '.')
          inputs.push_back(entry.path());
    } else if (fs::is_regular_file(argv[i], ec)) {
      inputs.push_back(argv[i]);
    }  // a folder that does not exist (no regressions yet) adds nothing
  }
  std::sort(inputs.begin(), inputs.end());
  if (inputs.empty()) {
    std::fprintf(stderr, "replay %s: no inputs found\n", target->name);
    return 1;
  }
  for (const fs::path& input : inputs) {
    std::fprintf(stderr, "replay %s: %s\n", target->name, input.c_str());
    std::ifstream in(input, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "replay %s: cannot read %s\n", target->name, input.c_str());
      return 1;
    }
    target->run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("replay %s: %zu inputs, 0 crashes\n", target->name, inputs.size());
  return 0;
}
