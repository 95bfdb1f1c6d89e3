# cmake -P script behind the `self-wheel` target (cmake/SelfWheel.cmake): stages pyrelease's own
# wheel project under STAGE and builds it with the freshly built pyrelease:
#   STAGE/pyproject.toml, README.md       (cmake/self-wheel/pyproject.toml.in, python/README.md)
#   STAGE/pyrelease/                      python/pyrelease/ plus `cmake --install --strip` of the
#                                         build: bin/pyrelease, lib/cmake/PyRelease/, share/...
#   STAGE/data/share/cmake/PyRelease/     the prefix shim (wheel: <dist>.data/data/share/...)
# then `pyrelease build --wheel --no-python --native-module STAGE/pyrelease/bin/pyrelease=...`,
# which tags the wheel py3-none-manylinux_... and vendors the program's libraries.
# Variables: SOURCE_DIR, BUILD_DIR, STAGE, OUTDIR, PYRELEASE (the built program), VERSION.
cmake_minimum_required(VERSION 3.20)
include("${SOURCE_DIR}/cmake/Modules/PyRelease/SafeRemove.cmake")

# A fresh stage each time: nothing left from an earlier layout ships.
_pyrelease_remove_tree("${STAGE}" PROTECT "${SOURCE_DIR}")
_pyrelease_make_owned_dir("${STAGE}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${STAGE}/pyrelease" --strip
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "self-wheel: cmake --install ${BUILD_DIR} failed (${rc})")
endif()
file(COPY "${SOURCE_DIR}/python/pyrelease/" DESTINATION "${STAGE}/pyrelease"
  PATTERN "__pycache__" EXCLUDE PATTERN "*.pyc" EXCLUDE)
file(COPY "${SOURCE_DIR}/python/README.md" DESTINATION "${STAGE}")
set(PYRELEASE_VERSION "${VERSION}")
configure_file("${SOURCE_DIR}/cmake/self-wheel/pyproject.toml.in" "${STAGE}/pyproject.toml" @ONLY)
file(COPY "${SOURCE_DIR}/cmake/self-wheel/PyReleaseConfig.cmake"
          "${STAGE}/pyrelease/lib/cmake/PyRelease/PyReleaseConfigVersion.cmake"
  DESTINATION "${STAGE}/data/share/cmake/PyRelease")

# Reproducible: the last commit's time unless SOURCE_DATE_EPOCH is given.
if(NOT DEFINED ENV{SOURCE_DATE_EPOCH})
  execute_process(COMMAND git -C "${SOURCE_DIR}" log -1 --format=%ct
    OUTPUT_VARIABLE epoch OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc ERROR_QUIET)
  if(rc EQUAL 0 AND epoch MATCHES "^[0-9]+$")
    set(ENV{SOURCE_DATE_EPOCH} "${epoch}")
  endif()
endif()
# pyrelease opens libarchive, libcurl, cmark-gfm and libcrypto on first use (core/lazy_library),
# so the program does not name them: the staged copy names them (DT_NEEDED), so that vendoring
# below copies them and what they link into pyrelease.libs/, and the program then finds those
# copies already loaded. A runner without libarchive or libcurl still builds and uploads.
find_program(PATCHELF patchelf)
if(NOT PATCHELF)
  message(FATAL_ERROR "self-wheel: patchelf is needed (apt-get install patchelf)")
endif()
foreach(lazy IN ITEMS libarchive.so.13 libcurl.so.4 libcmark-gfm.so.0.29.0.gfm.6
                      libcmark-gfm-extensions.so.0.29.0.gfm.6 libcrypto.so.3)
  execute_process(COMMAND "${PATCHELF}" --add-needed "${lazy}" "${STAGE}/pyrelease/bin/pyrelease"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "self-wheel: patchelf --add-needed ${lazy} failed (${rc})")
  endif()
endforeach()
# One self-wheel in OUTDIR (the build tree's own directory): an earlier one, of another tag or
# version, is a file this target wrote; removed by name, one file at a time.
file(GLOB earlier_wheels "${OUTDIR}/pyrelease-*.whl")
foreach(wheel IN LISTS earlier_wheels)
  file(REMOVE "${wheel}")
endforeach()
execute_process(COMMAND "${PYRELEASE}" build --project "${STAGE}" --wheel --outdir "${OUTDIR}"
  --no-python --native-module "${STAGE}/pyrelease/bin/pyrelease=pyrelease/bin/pyrelease"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "self-wheel: pyrelease build failed (${rc})")
endif()
