# Builds this Python's wheel with the project's own CMake build (PyRelease's `wheel` target: the
# compiled modules tagged from the Python and the ELF files), then copies the file the build's
# manifest names into wheelhouse/ (the manifest, never a glob over a directory).
set -eu
command -v cmake >/dev/null || python -m pip install cmake  # e.g. the python:3.x images
python=$(command -v python)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPyRelease_DIR="$(pyrelease --cmake-dir)" \
  -DPython_EXECUTABLE="$python" -DPython3_EXECUTABLE="$python"
cmake --build build --target wheel --parallel
mkdir -p wheelhouse
python -c 'import glob, json, shutil; [print(shutil.copy(json.load(open(m))["wheel"], "wheelhouse/")) for m in glob.glob("build/pyrelease/*/wheel.json")]'
