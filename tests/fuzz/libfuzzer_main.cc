// One libFuzzer binary per target: PYRELEASE_FUZZ_TARGET names its function
// (tests/fuzz/CMakeLists.txt).
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return PYRELEASE_FUZZ_TARGET(data, size);
}
