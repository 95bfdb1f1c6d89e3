# The build/test-time messages of PyRelease/RunStep.cmake when something is missing:
# publish-test without a TEST_REPOSITORY, verify without an index URL, a step before the archives
# were built, a manifest whose archive was deleted (the manifest is dropped so the next build
# rebuilds it). cmake -DPYRELEASE_SOURCE_DIR=<src> -DWORK_DIR=<dir> -P StepMessages.cmake
foreach(var IN ITEMS PYRELEASE_SOURCE_DIR WORK_DIR)
  if("${${var}}" STREQUAL "")  # an unset directory must not turn "${WORK_DIR}/x" into "/x"
    message(FATAL_ERROR "StepMessages.cmake needs -D${var}=<...>")
  endif()
endforeach()
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/Modules/PyRelease/SafeRemove.cmake")
set(step_script "${PYRELEASE_SOURCE_DIR}/cmake/Modules/PyRelease/RunStep.cmake")
_pyrelease_remove_tree("${WORK_DIR}" PROTECT "${PYRELEASE_SOURCE_DIR}")
_pyrelease_make_owned_dir("${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/state")

function(write_config manifests test_repository index_url)
  file(WRITE "${WORK_DIR}/config.cmake" "
set(PYRELEASE_PACKAGE [==[demo]==])
set(PYRELEASE_STATE_DIR [==[${WORK_DIR}/state]==])
set(PYRELEASE_MANIFESTS [==[${manifests}]==])
set(PYRELEASE_CHECK_ARGS [==[]==])
set(PYRELEASE_REPOSITORY_ARGS [==[]==])
set(PYRELEASE_TEST_REPOSITORY_ARGS [==[]==])
set(PYRELEASE_REPOSITORY [==[]==])
set(PYRELEASE_TEST_REPOSITORY [==[${test_repository}]==])
set(PYRELEASE_INDEX_URL [==[${index_url}]==])
set(PYRELEASE_TEST_INDEX_URL [==[]==])
set(PYRELEASE_VERIFY_ARGS [==[]==])
")
endfunction()

# Runs the step (the tool is `false`: the step must stop before calling it) and matches stderr.
function(expect_failure name regex)
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -DPYRELEASE_EXE=/bin/false "-DPYRELEASE_STEP_CONFIG=${WORK_DIR}/config.cmake" ${ARGN}
            -P "${step_script}"
    RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
  string(REGEX REPLACE "[ \t\r\n]+" " " err "${err}")
  if(rc EQUAL 0)
    message(FATAL_ERROR "${name}: the step succeeded")
  endif()
  if(NOT err MATCHES "${regex}")
    message(FATAL_ERROR "${name}: stderr does not match '${regex}':\n${err}")
  endif()
  message(STATUS "${name}: ok")
endfunction()

set(manifest "${WORK_DIR}/state/wheel.json")
set(wheel "${WORK_DIR}/demo-1.0-py3-none-any.whl")
write_config("${manifest}" "" "")
expect_failure("no manifest yet" "PyRelease: demo: .*/wheel.json does not exist: build the 'demo-dist' target first"
  -DPYRELEASE_STEP=check -DPYRELEASE_STAMP=${WORK_DIR}/stamp)
expect_failure("publish-test without TEST_REPOSITORY"
  "PyRelease: demo-publish-test: no test repository. Add TEST_REPOSITORY"
  -DPYRELEASE_STEP=upload -DPYRELEASE_WHICH=test)
expect_failure("verify-test without TEST_INDEX_URL"
  "PyRelease: demo: no index to verify from. Add TEST_INDEX_URL <simple index URL>"
  -DPYRELEASE_STEP=verify -DPYRELEASE_WHICH=test -DPYRELEASE_CHECK=install -DPYRELEASE_PHASE=fresh)

file(WRITE "${manifest}" "{\"name\": \"demo\", \"normalized_name\": \"demo\", \"version\": \"1.0\", \"wheel\": \"${wheel}\"}")
write_config("${manifest}" "" "file:///nowhere/simple/")
expect_failure("deleted archive" "PyRelease: demo: .*demo-1.0-py3-none-any.whl \\(listed in .*wheel.json\\) is missing; the manifest was removed"
  -DPYRELEASE_STEP=check -DPYRELEASE_STAMP=${WORK_DIR}/stamp)
if(EXISTS "${manifest}")
  message(FATAL_ERROR "deleted archive: the stale manifest was kept")
endif()

# The tool's failure is reported, and a failed check leaves no stamp.
file(WRITE "${manifest}" "{\"name\": \"demo\", \"normalized_name\": \"demo\", \"version\": \"1.0\", \"wheel\": \"${wheel}\"}")
file(WRITE "${wheel}" "not really a wheel")
expect_failure("check fails" "PyRelease: demo: pyrelease check failed \\(exit status 1\\)"
  -DPYRELEASE_STEP=check -DPYRELEASE_STAMP=${WORK_DIR}/stamp)
if(EXISTS "${WORK_DIR}/stamp")
  message(FATAL_ERROR "check fails: a stamp was written")
endif()
_pyrelease_remove_tree("${WORK_DIR}" PROTECT "${PYRELEASE_SOURCE_DIR}")
