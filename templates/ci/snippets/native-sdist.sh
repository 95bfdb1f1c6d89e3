# The sdist, once, with the project's own CMake build (PyRelease's `sdist` target); the file its
# manifest names goes to dist/.
set -eu
command -v cmake >/dev/null || python -m pip install cmake  # e.g. the python:3.x images
python=$(command -v python)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPyRelease_DIR="$(pyrelease --cmake-dir)" \
  -DPython_EXECUTABLE="$python" -DPython3_EXECUTABLE="$python"
cmake --build build --target sdist
mkdir -p dist
python -c 'import glob, json, shutil; [print(shutil.copy(json.load(open(m))["sdist"], "dist/")) for m in glob.glob("build/pyrelease/*/sdist.json")]'
