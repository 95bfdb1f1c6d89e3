#!/usr/bin/env bash
# The sanitizer and fuzzing figures in one go: configures a separate build with
# PYRELEASE_SANITIZE=ON (ASan + UBSan, -O1) and, when clang with libFuzzer is installed,
# PYRELEASE_FUZZ=ON; builds; runs the unit and integration tests; then scripts/run-fuzz.sh on the
# same build directory (each fuzz target for a bounded time, one line of figures per target).
# Exit status: 0 only when every step passed. (CI runs the two halves as separate stages: .ci/run.)
#
# Environment: SANITIZE_BUILD_DIR (default build-sanitize), PYRELEASE_FUZZ_SECONDS (per target,
# default 20), SANITIZE_TESTS (the ctest label regex, default "unit|integration"),
# SANITIZE_PARALLEL (ctest jobs, default 2), SANITIZE_EXCLUDE (a ctest -E regex; default: the
# consumer test that compiles the whole tool again inside the test, 900 s timeout under ASan on a
# loaded 2-core machine, and which checks CMake packaging rather than code the sanitizers watch).
# Needs clang and libclang-rt-14-dev for fuzzing (scripts/install-deps.sh installs them).
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${SANITIZE_BUILD_DIR:-build-sanitize}
TESTS=${SANITIZE_TESTS:-unit|integration}
JOBS=${SANITIZE_PARALLEL:-2}
EXCLUDE=${SANITIZE_EXCLUDE:-^cmake\.consumer\.subdirectory}
export PYRELEASE_FUZZ_SECONDS=${PYRELEASE_FUZZ_SECONDS:-20}

now() { date +%s; }
start=$(now)
status=0
steps=()

# libFuzzer needs clang and its runtime; without them the sanitized build still runs with g++.
fuzz=OFF
compiler_args=()
if command -v clang++ >/dev/null 2>&1 &&
   echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' |
     clang++ -x c++ -fsanitize=fuzzer,address,undefined -o /dev/null - >/dev/null 2>&1; then
  fuzz=ON
  compiler_args=(-DCMAKE_CXX_COMPILER=clang++)
else
  echo "run-sanitized: clang with libFuzzer not found: building with the default compiler, no fuzzing"
fi
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

t0=$(now)
if cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "${compiler_args[@]}" "${launcher[@]}" \
     -DPYRELEASE_SANITIZE=ON -DPYRELEASE_FUZZ=$fuzz >/dev/null &&
   cmake --build "$BUILD_DIR" --parallel "$(nproc)"; then
  steps+=("build $(( $(now) - t0 ))s")
else
  echo "run-sanitized: FAILED to build ($(( $(now) - t0 ))s)"
  exit 1
fi

t0=$(now)
ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$JOBS" -L "$TESTS" -LE fuzz -E "$EXCLUDE" ||
  status=1
steps+=("tests [$TESTS] $(( $(now) - t0 ))s $([ $status = 0 ] && echo passed || echo FAILED)")

if [ "$fuzz" = ON ]; then
  t0=$(now)
  fuzz_status=0
  FUZZ_BUILD_DIR="$BUILD_DIR" FUZZ_PARALLEL="$JOBS" scripts/run-fuzz.sh || fuzz_status=1
  [ $fuzz_status = 0 ] || status=1
  steps+=("fuzz $(( $(now) - t0 ))s $([ $fuzz_status = 0 ] && echo passed || echo FAILED)")
fi

summary=$(IFS=';'; echo "${steps[*]}")
echo "run-sanitized: $([ $status = 0 ] && echo OK || echo FAILED) in $(( $(now) - start ))s (${summary//;/, })"
exit $status
