#!/usr/bin/env bash
# The sanitizer and fuzzing figures: configures a separate build with PYRELEASE_SANITIZE=ON
# (ASan + UBSan, -O1) and, when clang with libFuzzer is installed, PYRELEASE_FUZZ=ON; builds;
# runs the unit and integration tests and the fuzz label; prints one line per fuzz target
# (`fuzz <target>: N executions, 0 crashes`) and an overall line. Exit status: 0 only when every
# step passed.
#
# Environment: SANITIZE_BUILD_DIR (default build-sanitize), PYRELEASE_FUZZ_SECONDS (per target,
# default 20), SANITIZE_TESTS (the ctest label regex, default "unit|integration"),
# SANITIZE_PARALLEL (ctest jobs, default 2), SANITIZE_EXCLUDE (a ctest -E regex; default: the
# consumer test that compiles the whole tool again inside the test, 900 s timeout under ASan on a
# loaded 2-core machine, and which checks CMake packaging rather than code the sanitizers watch). Needs (beyond scripts/install-deps.sh): clang and
# libclang-rt-14-dev for fuzzing (scripts/install-deps.sh installs them with PYRELEASE_SANITIZE_DEPS=1).
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

fuzz_lines=()
if [ "$fuzz" = ON ]; then
  t0=$(now)
  fuzz_status=0
  ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$JOBS" -L fuzz || fuzz_status=1
  [ $fuzz_status = 0 ] || status=1
  steps+=("fuzz $(( $(now) - t0 ))s $([ $fuzz_status = 0 ] && echo passed || echo FAILED)")
  total_runs=0 total_crashes=0 targets=0
  for summary in "$BUILD_DIR"/tests/fuzz/work/*/summary.txt; do
    [ -f "$summary" ] || continue
    line=$(cat "$summary")
    fuzz_lines+=("$line")
    runs=$(sed -n 's/.*: \([0-9]*\) executions.*/\1/p' <<<"$line")
    crashes=$(sed -n 's/.*, \([0-9]*\) crashes.*/\1/p' <<<"$line")
    total_runs=$((total_runs + ${runs:-0})) total_crashes=$((total_crashes + ${crashes:-0})) targets=$((targets + 1))
  done
  [ "$targets" -gt 0 ] || status=1
fi

echo
for line in "${fuzz_lines[@]}"; do echo "$line"; done
[ "$fuzz" = ON ] && echo "fuzz total: $targets targets, $total_runs executions, $total_crashes crashes"
summary=$(IFS=';'; echo "${steps[*]}")
echo "run-sanitized: $([ $status = 0 ] && echo OK || echo FAILED) in $(( $(now) - start ))s (${summary//;/, })"
exit $status
