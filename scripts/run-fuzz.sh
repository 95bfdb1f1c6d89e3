#!/usr/bin/env bash
# The libFuzzer figures (issue 9; a stage of .ci/run): a clang build of the fuzz targets only
# (ASan + UBSan, coverage for libFuzzer; ccache when installed), then each target fuzzed for a
# bounded time from its seed corpus (`ctest -L fuzz`), then one line per target (executions, time,
# CPU, coverage edges / features against the seeds' own, corpus growth, crashes), a total, and the
# stage's time. Exit status 0 only when the build worked and no target found anything.
#
# A finding (crash, leak, timeout, out-of-memory) fails the stage; its input is kept at the path
# the log prints (<build>/tests/fuzz/work/<target>/crash-..., and in base64 in the log when small).
# Fix the bug, then add the input to tests/fuzz/regressions/<target>/: every build replays it
# (fuzz.replay.<target>, label unit).
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz), PYRELEASE_FUZZ_SECONDS (per target, default
# 60), PYRELEASE_FUZZ_SEED (libFuzzer's seed, default 1: the same inputs on every run of a commit;
# `random` for a fresh exploration), FUZZ_PARALLEL (targets fuzzed at once, default: the number of cores), FUZZ_SEED_TOOL (a
# pyrelease already built, e.g. the main build's, to make the seed dists with; without it the
# fuzz build compiles the whole tool for that). Needs clang and libclang-rt-14-dev
# (scripts/install-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_PER_TARGET=${PYRELEASE_FUZZ_SECONDS:-60}
JOBS=${FUZZ_PARALLEL:-$(nproc)}
TARGETS=(pyproject metadata rst zip tar pypirc)  # tests/fuzz/CMakeLists.txt

# Sets CPU to the CPU time of every finished child so far (user + system, seconds), from bash's
# `times`, which runs in this shell: inside $(...) it would count the subshell's children only.
times_file=$(mktemp)
trap 'rm -f "$times_file"' EXIT
cpu_now() {
  times >"$times_file"
  CPU=$(tail -n 1 "$times_file" |
    awk '{ for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } } END { printf "%.0f", s }')
}

start=$SECONDS
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# -DPYRELEASE_WERROR=ON: the CI build is gcc's, so this stage is where clang's own warnings
# (-Wvarargs, -Wstring-concatenation, ...) fail CI, for the code the fuzz targets compile.
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ \
  "${launcher[@]}" -DPYRELEASE_WERROR=ON -DPYRELEASE_SANITIZE=ON -DPYRELEASE_FUZZ=ON \
  -DPYRELEASE_FUZZ_SECONDS="$SECONDS_PER_TARGET" -DPYRELEASE_FUZZ_SEED_TOOL="${FUZZ_SEED_TOOL:-}" \
  >/dev/null
# Only what fuzzing needs: the fuzz binaries and the seed corpora (which `pyrelease build` makes).
cmake --build "$BUILD_DIR" --parallel "$(nproc)" \
  --target "${TARGETS[@]/#/fuzz_}" pyrelease_fuzz_seeds
build_wall=$((SECONDS - start))
cpu_now
build_cpu=$CPU

status=0
ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$JOBS" -L '^fuzz$' || status=1
echo
python3 tests/fuzz/run_fuzz.py --summarize "$BUILD_DIR/tests/fuzz/work" "${TARGETS[@]}" || status=1
echo "fuzz stage: $([ $status = 0 ] && echo OK || echo FAILED) in $((SECONDS - start)) s" \
  "(build ${build_wall} s wall / ${build_cpu} s cpu, fuzzing $((SECONDS - start - build_wall)) s" \
  "wall, ${SECONDS_PER_TARGET} s per target, ${JOBS} at a time)"
exit $status
