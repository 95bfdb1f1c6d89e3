#!/usr/bin/env bash
# The README's main job, end to end on a fresh machine: install the dependencies, build and install
# pyrelease, configure the example package (examples/app_package) with find_package(PyRelease),
# build its sdist and wheel, check them, publish them to a local file index in the build tree, and
# verify the release from that index in a fresh venv (one CTest test per check, label `verify`).
#
#   scripts/release-example.sh              # everything under build/release-example/
#   BUILD_DIR=/tmp/rel scripts/release-example.sh
#   EXAMPLE_DIR=path/to/project scripts/release-example.sh   # another pyrelease_add_package() project
#
# Nothing leaves the machine: the example's REPOSITORY/TEST_REPOSITORY default to file indexes
# under the build directory. For the same flow against the test and production indexes, see the
# README ("pyrelease verify": TestPyPI and PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. "$ROOT/scripts/lib/owned-dir.sh"  # remove_owned_tree, make_owned_dir
BUILD=${BUILD_DIR:-build/release-example}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
EXAMPLE=${EXAMPLE_DIR:-examples/app_package}
case $EXAMPLE in /*) ;; *) EXAMPLE=$ROOT/$EXAMPLE ;; esac
GENERATOR=${CMAKE_GENERATOR:-Ninja}
PREFIX=$BUILD/prefix
APP=$BUILD/app

STEPS=7
n=0
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
job_start=$(date +%s.%N)
step() {
  local title=$1
  shift
  n=$((n + 1))
  printf '\n==> [%d/%d] %s\n' "$n" "$STEPS" "$title"
  printf '    $ %s\n' "$*"
  local start
  start=$(date +%s.%N)
  "$@"
  printf '<== [%d/%d] %s: done in %s s\n' "$n" "$STEPS" "$title" "$(elapsed "$start")"
}

build_tool() {
  cmake -S "$ROOT" -B "$BUILD/tool" -G "$GENERATOR" -DCMAKE_BUILD_TYPE=Release \
    -DPYRELEASE_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX="$PREFIX" ${CMAKE_ARGS:-} >/dev/null
  cmake --build "$BUILD/tool" --parallel
  cmake --install "$BUILD/tool" >/dev/null
  "$PREFIX/bin/pyrelease" --version
}

configure_example() {
  # A fresh pair of local indexes each run, so that `publish` really publishes. They are marked as
  # this script's own when made, and only a marked index is ever deleted.
  local index
  for index in "$APP/index" "$APP/index-test"; do
    remove_owned_tree "$index" || {
      echo "release-example: $index was not made by this script; move it away or delete it yourself" >&2
      return 1
    }
    make_owned_dir "$index"
  done
  cmake -S "$EXAMPLE" -B "$APP" -G "$GENERATOR" -DCMAKE_PREFIX_PATH="$PREFIX" ${EXAMPLE_CMAKE_ARGS:-}
}

step "install dependencies (apt-get, pip)" scripts/install-deps.sh
step "build and install pyrelease into $PREFIX" build_tool
step "configure $(basename "$EXAMPLE") with find_package(PyRelease)" configure_example
step "build the sdist and the wheel" cmake --build "$APP" --target dist
step "check them (twine check + the index's upload rules)" cmake --build "$APP" --target twine-check
step "publish them to the local file index $APP/index" cmake --build "$APP" --target publish
step "verify the release from that index in a fresh venv" \
  ctest --test-dir "$APP" -L '^verify$' --output-on-failure

printf '\nrelease-example: all %d steps passed in %s s; dists in %s, index in %s\n' "$STEPS" \
  "$(elapsed "$job_start")" "$APP/dist" "$APP/index"
