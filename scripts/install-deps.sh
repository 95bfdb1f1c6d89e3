#!/usr/bin/env bash
# Installs everything pyrelease needs to build and test, from Debian's packages and PyPI.
# Called by .ci/run and by both README commands; safe to run again (it skips what is there).
set -euo pipefail

APT_PACKAGES=(
  cmake ninja-build g++ make pkg-config git ccache
  libtomlplusplus-dev libarchive-dev libssl-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libdeflate-dev zlib1g-dev
  python3-venv python3-dev openssl clang-format
  strace  # the tests count connections (upload.*.requests) and read child command lines (upload.token_leak)
  patchelf  # vendoring: `pyrelease build --native-module` edits the copied libraries with it
  clang libclang-rt-14-dev  # libFuzzer: the fuzz stage of .ci/run (scripts/run-fuzz.sh)
  libffi-dev  # the real-world corpus compiles cffi's extension (tests/realworld/projects.txt)
)
# Peers the tests compare against (pdm-backend and poetry-core for the PEP 517 path tests with
# --no-isolation), and the index servers they start on 127.0.0.1.
# setuptools >= 77 understands PEP 639 (license = "MIT", license-files); < 82 because devpi-server
# and pyramid still need pkg_resources.
# The backends whose output the native builder reproduces are pinned to the versions its rules
# are proven against (as tests/realworld/backends.txt pins them for the corpus): a backend release
# that renders differently must not turn CI red overnight. Bump them together, with the tests.
PIP_PACKAGES=(
  twine build flit_core==4.2.0 hatchling==1.33.0 "setuptools>=77,<82" wheel uv uv_build==0.13.6
  pypiserver passlib devpi-server trove-classifiers "readme_renderer[md]" docutils packaging
  setuptools-scm==10.3.4 hatch-vcs==0.5.0 hatch-fancy-pypi-readme==25.1.0 pdm-backend==2.5.0
  poetry-core==2.5.0 check-jsonschema pyyaml
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install-deps: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ "${PYRELEASE_SKIP_PIP:-0}" != 1 ]; then
  if ! "$PYTHON" - <<'PY' 2>/dev/null
import importlib.util, sys
mods = ["twine", "build", "flit_core", "hatchling", "setuptools", "uv", "pypiserver", "passlib",
        "devpi_server", "trove_classifiers", "readme_renderer", "docutils", "packaging",
        "setuptools_scm", "hatch_vcs", "hatch_fancy_pypi_readme", "pdm.backend", "poetry.core",
        "check_jsonschema", "yaml"]
if not all(importlib.util.find_spec(m) for m in mods):
    sys.exit(1)
import setuptools
major = int(setuptools.__version__.split(".")[0])
sys.exit(0 if 77 <= major < 82 else 1)
PY
  then
    echo "install-deps: pip install ${PIP_PACKAGES[*]}"
    "$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore "${PIP_PACKAGES[@]}"
  fi
fi

# actionlint for the CI-template tests (ctest -L ci-templates). Its pip wrapper downloads a binary
# from outside the registries; Go builds it from the module proxy instead. Without go the test
# says so and is skipped.
if ! command -v actionlint >/dev/null 2>&1 && [ ! -x "$HOME/go/bin/actionlint" ]; then
  if command -v go >/dev/null 2>&1; then
    echo "install-deps: go install actionlint"
    # Not fatal: without it the lint test says so and skips actionlint (YAML and schemas still run).
    go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12 ||
      echo "install-deps: go install actionlint failed: the ci-templates lint test will skip actionlint"
  else
    echo "install-deps: go not found: the ci-templates lint test will skip actionlint"
  fi
fi
