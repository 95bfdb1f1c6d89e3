# The self-wheel (issue 13 item 6, label `selfwheel`): `cmake --build --target self-wheel` builds
# pyrelease-<version>-py3-none-manylinux_...whl; it is installed into a fresh venv, where
# `pyrelease --version`, `--cmake-dir` and a find_package(PyRelease) consumer work; `pyrelease
# check` and `auditwheel show` agree with the tag. RUN_SERIAL: it runs the build tree's ninja.
# Not under PYRELEASE_SANITIZE: that wheel would ship (and vendor) the sanitizer runtimes, which is
# not a release artifact; the sanitized stage still runs native.vendor_library.
if(NOT PYRELEASE_SANITIZE AND TARGET self-wheel)  # the target needs PYRELEASE_INSTALL
  add_test(NAME selfwheel.install_and_use
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/self_wheel_test.py
            ${CMAKE_BINARY_DIR} ${PROJECT_VERSION} ${PYRELEASE_TEST_WORK_DIR})
  set_tests_properties(selfwheel.install_and_use PROPERTIES
    LABELS "selfwheel;native;integration" TIMEOUT 900 RUN_SERIAL TRUE)
endif()
