// The fuzz targets: one function per input format the tool parses, each taking arbitrary bytes.
// libfuzzer_main.cc wraps one of them as LLVMFuzzerTestOneInput (clang, PYRELEASE_FUZZ=ON);
// replay_main.cc feeds files to them in any build, so the seeds and the inputs that once crashed
// (tests/fuzz/regressions/<target>/) are run by the unit label too.
#pragma once

#include <cstddef>
#include <cstdint>

int FuzzPyproject(const uint8_t* data, size_t size);  // pyproject.toml -> Metadata -> METADATA
int FuzzMetadata(const uint8_t* data, size_t size);   // METADATA / PKG-INFO parsing
int FuzzRst(const uint8_t* data, size_t size);        // the reST checker
int FuzzZip(const uint8_t* data, size_t size);        // ZIP framing + wheel reading and checks
int FuzzTar(const uint8_t* data, size_t size);        // .tar.gz sdist reading and checks
int FuzzPypirc(const uint8_t* data, size_t size);     // .pypirc parsing and repository resolution

struct FuzzTarget {
  const char* name;
  int (*run)(const uint8_t*, size_t);
};

// Every target, by the name used for its binary (fuzz_<name>) and its corpus folders.
extern const FuzzTarget kFuzzTargets[];
extern const size_t kFuzzTargetCount;
