# The native area's integration tests (label `native`): compiled code in wheels (issue 13).
# - native.pure_tag_with_elf: a .so in a pure project's package data; `check` fails the
#   py3-none-any wheel with compiled-code-tags naming the member.
add_test(NAME native.pure_tag_with_elf
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/native/pure_tag_with_elf.py
          ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(native.pure_tag_with_elf PROPERTIES LABELS "native;integration" TIMEOUT 120)

# - native.platform_tags_vs_auditwheel: libraries compiled in the test (libc only, libstdc++ with
#   a recent symbol, libcrypto); the tag `pyrelease native-tags` computes equals `auditwheel show`,
#   the repaired wheel's name and the libraries repair grafts (auditwheel pip-installed at first use).
add_test(NAME native.platform_tags_vs_auditwheel
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/native/platform_tags_vs_auditwheel.py
          ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(native.platform_tags_vs_auditwheel PROPERTIES LABELS "native;integration" TIMEOUT 600)

# - native.python_tags_machine: the interpreter/ABI tags computed for the machine's Pythons are
#   the ones each interpreter accepts (packaging.tags.sys_tags()); abi3 and py3-none as well.
add_test(NAME native.python_tags_machine
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/native/python_tags_machine.py ${PYRELEASE_EXE})
set_tests_properties(native.python_tags_machine PROPERTIES LABELS "native;integration" TIMEOUT 300)

# - native.build_native_module: `pyrelease build --native-module` with a real CPython extension
#   (and a stable-ABI one) compiled in the test: tag, Root-Is-Purelib, check/twine check, auditwheel
#   show, pip install into a fresh venv and a call; --platform-tag; refusals.
add_test(NAME native.build_native_module
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/native/build_native_module.py
          ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(native.build_native_module PROPERTIES LABELS "native;integration" TIMEOUT 600)

# - native.cmake_modules: pyrelease_add_package(... MODULES _core=fastthing/_core) in a consumer
#   project against the installed prefix: tagged wheel, no-op rebuild, rebuild on a .c edit,
#   twine-check, pip install and a call.
add_test(NAME native.cmake_modules
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/native/cmake_modules.py
          ${PYRELEASE_TEST_WORK_DIR}/cmake/prefix ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(native.cmake_modules PROPERTIES
  FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "native;cmake;integration" TIMEOUT 600)

# - native.vendor_library: a module linking two libraries built by the test (outside every loader
#   path): vendored into fastthing.libs/ with auditwheel's hashed names, DT_NEEDED and RPATH
#   rewritten, auditwheel show agreeing, byte-identical on a rebuild, --no-vendor refusing by name,
#   and the wheel imported from a fresh venv with the original libraries moved away.
add_test(NAME native.vendor_library
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/native/vendor_library.py
          ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(native.vendor_library PROPERTIES LABELS "native;integration" TIMEOUT 600)
# - native.package_example: examples/native_package (a C++ extension and its pure-Python wrapper)
#   against the installed prefix: one build directory for every python3.X on the machine
#   (pyrelease_add_python_module), a wheel each, checked --strict, installed into a fresh venv and
#   called; twine-check, publish and verify take them all; refused interpreter lists; for one
#   interpreter: no-op and exact rebuilds (core.cpp yes, an unrelated
#   file no); STABLE_ABI (cp38-abi3) and PLATFORM_TAG; the sdist carries the C++ sources and names
#   pyrelease.backend, and pip builds and installs it (python/pyrelease wheel made in the test).
add_test(NAME native.package_example
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/native/native_package_example.py
          ${PYRELEASE_TEST_WORK_DIR}/cmake/prefix ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(native.package_example PROPERTIES
  FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "native;cmake;integration" TIMEOUT 1200)

# - native.release: examples/native_package for two interpreters in one build directory through
#   the `release` target, two file indexes: production gets exactly the sdist and both wheels the
#   test index got (sha256, the build's files), annotated tag v1.0 in a git repository made by the
#   test, a second release is a no-op, a changed wheel is refused by name.
add_test(NAME native.release
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/native/native_release.py
          ${PYRELEASE_TEST_WORK_DIR}/cmake/prefix ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(native.release PROPERTIES
  FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "native;cmake;release;integration" TIMEOUT 1200)

# - native.wheel_contents: HEADERS, SCRIPTS (a target), DATA, INSTALL_COMPONENTS (platlib and
#   data), stripped copies in Release (the build's files keep their symbols), Debug unstripped,
#   Ninja Multi-Config per configuration; check --strict, pip install, each scheme where pip puts
#   it; editing the DATA file rebuilds the wheel.
add_test(NAME native.wheel_contents
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/native/wheel_contents.py
          ${PYRELEASE_TEST_WORK_DIR}/cmake/prefix ${PYRELEASE_TEST_WORK_DIR})
set_tests_properties(native.wheel_contents PROPERTIES
  FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "native;cmake;integration" TIMEOUT 600)
