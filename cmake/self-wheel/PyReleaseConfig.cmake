# Installed by the pyrelease wheel as <prefix>/share/cmake/PyRelease/PyReleaseConfig.cmake, where
# find_package(PyRelease) looks with CMAKE_PREFIX_PATH=<prefix> (a venv, ~/.local). The package
# itself lives inside the Python package, next to the program: site-packages/pyrelease/lib/cmake/
# PyRelease, whose path depends on the Python version, so it is found here and included.
get_filename_component(_pyrelease_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
file(GLOB _pyrelease_configs
  "${_pyrelease_prefix}/lib/python3*/site-packages/pyrelease/lib/cmake/PyRelease/PyReleaseConfig.cmake")
if(_pyrelease_configs)
  list(GET _pyrelease_configs 0 _pyrelease_config)
  get_filename_component(_pyrelease_dir "${_pyrelease_config}" DIRECTORY)
else()
  # Another scheme's layout: ask the installed command, which knows where it lives.
  execute_process(COMMAND "${_pyrelease_prefix}/bin/pyrelease" --cmake-dir
    OUTPUT_VARIABLE _pyrelease_dir OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _pyrelease_rc)
  if(NOT _pyrelease_rc EQUAL 0 OR NOT EXISTS "${_pyrelease_dir}/PyReleaseConfig.cmake")
    set(PyRelease_FOUND FALSE)
    set(PyRelease_NOT_FOUND_MESSAGE "the pyrelease wheel's CMake package was not found under "
      "${_pyrelease_prefix} (neither lib/python3*/site-packages/pyrelease/lib/cmake/PyRelease nor "
      "`${_pyrelease_prefix}/bin/pyrelease --cmake-dir`)")
    return()
  endif()
endif()
include("${_pyrelease_dir}/PyReleaseConfig.cmake")
