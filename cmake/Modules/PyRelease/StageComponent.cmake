# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease/StageComponent
------------------------

Part of the PyRelease package (internal), run by the wheel step of ``INSTALL_COMPONENTS``::

  cmake -DBUILD_DIR=<build> -DCOMPONENT=<c> -DCONFIG=<config> -DSTAGE_ROOT=<dir> -DSTAGE=<dir>
        -P StageComponent.cmake

Installs what the project's ``install(... COMPONENT <c>)`` rules install into ``<STAGE>``, a fresh
directory below the marked ``<STAGE_ROOT>`` in the build's own state directory (what an earlier
run staged is deleted first, so a removed rule leaves nothing behind). The marker stays in
``<STAGE_ROOT>``, outside what goes into the wheel.
#]=======================================================================]

cmake_minimum_required(VERSION 3.20)
foreach(var IN ITEMS BUILD_DIR COMPONENT STAGE_ROOT STAGE)
  if("${${var}}" STREQUAL "")
    message(FATAL_ERROR "PyRelease: PyRelease/StageComponent.cmake needs -D${var}=...")
  endif()
endforeach()
include("${CMAKE_CURRENT_LIST_DIR}/SafeRemove.cmake")
_pyrelease_make_owned_dir("${STAGE_ROOT}")
_pyrelease_remove_tree("${STAGE}")
file(MAKE_DIRECTORY "${STAGE}")
set(config_args "")
if(NOT "${CONFIG}" STREQUAL "")
  set(config_args --config "${CONFIG}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --component "${COMPONENT}"
                        --prefix "${STAGE}" ${config_args}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "PyRelease: staging the install component '${COMPONENT}' for the wheel "
    "failed: cmake --install ${BUILD_DIR} --component ${COMPONENT} exited with ${rc}")
endif()
file(GLOB_RECURSE staged "${STAGE}/*")
if(NOT staged)
  message(FATAL_ERROR "PyRelease: the install component '${COMPONENT}' installs nothing: no "
    "install(... COMPONENT ${COMPONENT}) rule, or its targets are not built (name them in "
    "MODULES or DEPENDS)")
endif()
