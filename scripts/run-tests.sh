#!/usr/bin/env bash
# The README's test command: build pyrelease and run every test through CTest.
#   BUILD_DIR=<dir> (default build; may contain spaces), CMAKE_ARGS, CTEST_ARGS;
#   PYRELEASE_DEPS_INSTALLED=1 skips scripts/install-deps.sh (.ci/run has just run it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${PYRELEASE_DEPS_INSTALLED:-} != 1 ]]; then
  scripts/install-deps.sh
fi
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-}
cmake --build "$BUILD_DIR" --parallel
ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel 2 ${CTEST_ARGS:-}
