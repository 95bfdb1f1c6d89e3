# The CMake package (area cmake): install to a prefix and find it, misuse cases, consumers built
# in every mode with both generators. Scripts live in tests/cmake/.
set(_cmake_work "${PYRELEASE_TEST_WORK_DIR}/cmake")
set(_cmake_prefix "${_cmake_work}/prefix")
get_filename_component(_cmake_source_dir "${PYRELEASE_TESTS_DIR}/.." ABSOLUTE)

# Install this build into a fresh prefix (a fixture for everything that uses find_package).
add_test(NAME cmake.install
  COMMAND "${CMAKE_COMMAND}" -DBUILD_DIR=${CMAKE_BINARY_DIR} -DPREFIX=${_cmake_prefix}
          -P "${PYRELEASE_TESTS_DIR}/cmake/InstallToPrefix.cmake")
set_tests_properties(cmake.install PROPERTIES FIXTURES_SETUP pyrelease-cmake-prefix LABELS "cmake;integration")

# find_package(PyRelease <v>): 0.1 and 0.1.0 are found; 0.2 (another 0.x minor) and 1 are not.
foreach(_cmake_case IN ITEMS "0.1:found" "0.1.0:found" "0.2:refused" "1.0:refused")
  string(REPLACE ":" ";" _cmake_case "${_cmake_case}")
  list(GET _cmake_case 0 _cmake_version)
  list(GET _cmake_case 1 _cmake_expect)
  add_test(NAME cmake.find_package_version.${_cmake_version}
    COMMAND "${CMAKE_COMMAND}" -S "${PYRELEASE_TESTS_DIR}/cmake/find_version"
            -B "${_cmake_work}/find_version_${_cmake_version}" -G Ninja
            -DREQUESTED_VERSION=${_cmake_version} -DPYRELEASE_PREFIX=${_cmake_prefix})
  set_tests_properties(cmake.find_package_version.${_cmake_version} PROPERTIES
    FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "cmake;integration")
  if(_cmake_expect STREQUAL "found")
    set_tests_properties(cmake.find_package_version.${_cmake_version} PROPERTIES
      PASS_REGULAR_EXPRESSION "found PyRelease ${PROJECT_VERSION}")
  else()
    set_tests_properties(cmake.find_package_version.${_cmake_version} PROPERTIES
      PASS_REGULAR_EXPRESSION "PyReleaseConfig.cmake, version: ${PROJECT_VERSION}")
  endif()
endforeach()

# Misuse cases: tests/cmake/<Case>.cmake + <Case>-stderr.txt (RunCMake style).
file(GLOB _cmake_cases RELATIVE "${PYRELEASE_TESTS_DIR}/cmake" CONFIGURE_DEPENDS
  "${PYRELEASE_TESTS_DIR}/cmake/*-stderr.txt")
foreach(_cmake_case IN LISTS _cmake_cases)
  string(REPLACE "-stderr.txt" "" _cmake_case "${_cmake_case}")
  add_test(NAME cmake.misuse.${_cmake_case}
    COMMAND "${CMAKE_COMMAND}" -DCASE=${_cmake_case} -DPYRELEASE_SOURCE_DIR=${_cmake_source_dir}
            "-DPYRELEASE_EXECUTABLE=${PYRELEASE_EXE}" -DWORK_DIR=${_cmake_work}/misuse
            -P "${PYRELEASE_TESTS_DIR}/cmake/RunMisuseCase.cmake")
  set_tests_properties(cmake.misuse.${_cmake_case} PROPERTIES LABELS "cmake;integration")
endforeach()

# add_subdirectory, FetchContent and find_package give the same targets and tests (configure only).
add_test(NAME cmake.same_targets_in_every_mode
  COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/same_targets_test.py"
          --source-dir "${_cmake_source_dir}" --prefix "${_cmake_prefix}"
          --work-dir "${_cmake_work}/modes" --cxx "${CMAKE_CXX_COMPILER}")
set_tests_properties(cmake.same_targets_in_every_mode PROPERTIES
  FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "cmake;integration")

# The step script's messages when a repository, an index URL or the archives are missing.
add_test(NAME cmake.step_messages
  COMMAND "${CMAKE_COMMAND}" -DPYRELEASE_SOURCE_DIR=${_cmake_source_dir} -DWORK_DIR=${_cmake_work}/step_messages
          -P "${PYRELEASE_TESTS_DIR}/cmake/StepMessages.cmake")
set_tests_properties(cmake.step_messages PROPERTIES LABELS "cmake;integration")

# Two packages built through the PyRelease targets, checked for a no-op rebuild, exact rebuilds
# after a touch, a new file being noticed, the umbrella targets, the order twine-check -> publish
# and a planted token never reaching the build tree. find_package mode with both generators;
# add_subdirectory mode (which builds the tool inside the consumer's build) with Ninja.
foreach(_cmake_generator IN ITEMS "Ninja" "Unix Makefiles")
  string(REGEX REPLACE "Unix Makefiles" "make" _cmake_gen_name "${_cmake_generator}")
  string(TOLOWER "${_cmake_gen_name}" _cmake_gen_name)
  # Once (Ninja): publish-verify-test = publish-test, then the verify-test CTest tests of both packages.
  set(_cmake_release_chain "")
  if(_cmake_gen_name STREQUAL "ninja")
    set(_cmake_release_chain --release-chain)
  endif()
  add_test(NAME cmake.consumer.find_package.${_cmake_gen_name}
    COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/consumer_test.py"
            --mode find_package --generator "${_cmake_generator}" --prefix "${_cmake_prefix}"
            --source-dir "${_cmake_source_dir}" --work-dir "${_cmake_work}/consumer_fp_${_cmake_gen_name}"
            ${_cmake_release_chain})
  set_tests_properties(cmake.consumer.find_package.${_cmake_gen_name} PROPERTIES
    FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "cmake;integration" TIMEOUT 300)
  # The examples as standalone projects against the installed prefix.
  add_test(NAME cmake.example.find_package_consumer.${_cmake_gen_name}
    COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/example_test.py"
            --example "${_cmake_source_dir}/examples/find_package_consumer"
            --generator "${_cmake_generator}" --prefix "${_cmake_prefix}"
            --work-dir "${_cmake_work}/example_find_package_consumer_${_cmake_gen_name}")
  set_tests_properties(cmake.example.find_package_consumer.${_cmake_gen_name} PROPERTIES
    FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "cmake;integration" TIMEOUT 300)
endforeach()
add_test(NAME cmake.consumer.subdirectory.ninja
  COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/consumer_test.py"
          --mode subdirectory --generator Ninja --cxx "${CMAKE_CXX_COMPILER}"
          --source-dir "${_cmake_source_dir}" --work-dir "${_cmake_work}/consumer_subdirectory_ninja")
set_tests_properties(cmake.consumer.subdirectory.ninja PROPERTIES LABELS "cmake;integration" TIMEOUT 900)

# The app_package example as a standalone project against the installed prefix: dist with both
# generators; with Ninja also twine-check, publish-test into its local index and the verify-test
# CTest tests (imports, both console scripts, the extras).
add_test(NAME cmake.example.app_package.ninja
  COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/example_test.py"
          --example "${_cmake_source_dir}/examples/app_package" --generator Ninja
          --prefix "${_cmake_prefix}" --work-dir "${_cmake_work}/example_app_package_ninja" --release)
add_test(NAME cmake.example.app_package.make
  COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/example_test.py"
          --example "${_cmake_source_dir}/examples/app_package" --generator "Unix Makefiles"
          --prefix "${_cmake_prefix}" --work-dir "${_cmake_work}/example_app_package_make")
set_tests_properties(cmake.example.app_package.ninja cmake.example.app_package.make PROPERTIES
  FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "cmake;integration" TIMEOUT 300)

# The verify tests are exactly `pyrelease verify --list-checks` for the same arguments.
add_test(NAME cmake.verify_tests_match_list_checks
  COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/checks_match_test.py"
          --source-dir "${_cmake_source_dir}" --prefix "${_cmake_prefix}"
          --work-dir "${_cmake_work}/checks_match")
set_tests_properties(cmake.verify_tests_match_list_checks PROPERTIES
  FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "cmake;integration")

# The release over HTTP: publish to a pypiserver on 127.0.0.1 with the credentials only in the
# environment, then the verify tests against its simple index; the password reaches no build file.
add_test(NAME cmake.http_release
  COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/http_release_test.py"
          --source-dir "${_cmake_source_dir}" --prefix "${_cmake_prefix}"
          --work-dir "${_cmake_work}/http_release")
set_tests_properties(cmake.http_release PROPERTIES
  FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "cmake;integration" TIMEOUT 300)

# The promotion lock on the targets (publish-test, an edit, publish refuses; the verified files are
# promoted byte-identical) and `release` as the whole `pyrelease release`, on examples/app_package.
add_test(NAME cmake.promotion_lock
  COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/promotion_lock_test.py"
          --source-dir "${_cmake_source_dir}" --prefix "${_cmake_prefix}"
          --work-dir "${_cmake_work}/promotion_lock")
set_tests_properties(cmake.promotion_lock PROPERTIES
  FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS "cmake;integration;release" TIMEOUT 600)

# A hatch-vcs version through pyrelease_add_package: the depfile lists the git state (HEAD, the
# branch, packed-refs, refs/tags, the index), so a commit or a new tag rebuilds the wheel with the
# new version and an unchanged repository rebuilds nothing; in a checkout, in a git worktree and
# through the backend (BACKEND pep517).
add_test(NAME cmake.vcs_depfile
  COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/vcs_depfile_test.py"
          --pyrelease "${PYRELEASE_EXE}" --source-dir "${_cmake_source_dir}"
          --work-dir "${_cmake_work}/vcs_depfile")
set_tests_properties(cmake.vcs_depfile PROPERTIES LABELS "cmake;integration" TIMEOUT 300)

# A version only the backend knows (setup.py + setuptools-scm, NO_ISOLATION) through
# pyrelease_add_package: configure succeeds and names setuptools, the archives are pyrelease
# build's, the preflight tests ask setuptools for the version, and a new tag rebuilds them as the
# new version without a re-configure.
add_test(NAME cmake.backend_version
  COMMAND "${Python3_EXECUTABLE}" "${PYRELEASE_TESTS_DIR}/cmake/backend_version_test.py"
          --pyrelease "${PYRELEASE_EXE}" --source-dir "${_cmake_source_dir}"
          --work-dir "${_cmake_work}/backend_version")
set_tests_properties(cmake.backend_version PROPERTIES LABELS "cmake;integration" TIMEOUT 300)
