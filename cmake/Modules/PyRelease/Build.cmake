# Distributed under the terms of pyrelease's license.
#[=======================================================================[.rst:
PyRelease/Build
---------------

Part of the PyRelease package (include ``PyRelease`` instead). Defines
:command:`pyrelease_add_build`, documented in ``PyRelease.cmake``.
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.25)

function(pyrelease_add_build pkg)
  _pyrelease_add_build_impl(pyrelease_add_build ${pkg} ${ARGN})
  foreach(suffix IN ITEMS NAME VERSION SDIST WHEEL)
    if(DEFINED ${pkg}_${suffix})
      set(${pkg}_${suffix} "${${pkg}_${suffix}}" PARENT_SCOPE)
    endif()
  endforeach()
endfunction()

function(_pyrelease_add_build_impl caller pkg)
  cmake_parse_arguments(PARSE_ARGV 2 arg "ALL;NO_ISOLATION;NO_VENDOR;NO_STRIP"
    "PROJECT_DIR;OUTPUT_DIR;BACKEND;PYTHON;STABLE_ABI;PLATFORM_TAG"
    "CONFIG_SETTINGS;MODULES;DATA;HEADERS;SCRIPTS;INSTALL_COMPONENTS;DEPENDS")
  _pyrelease_reject_unparsed(${caller})
  if(NOT pkg MATCHES "^[A-Za-z0-9][A-Za-z0-9_.+-]*$")
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): '${pkg}' is not a valid package name in the "
      "build (letters, digits, '_', '.', '+', '-'; it prefixes target names)")
  endif()
  if(NOT DEFINED arg_PROJECT_DIR)
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): PROJECT_DIR is required (the directory that "
      "holds pyproject.toml)")
  endif()
  get_property(known GLOBAL PROPERTY PYRELEASE_PACKAGES)
  if(pkg IN_LIST known)
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): package '${pkg}' was already added; each "
      "package name may be used once per build")
  endif()
  foreach(suffix IN ITEMS sdist wheel dist)
    if(TARGET ${pkg}-${suffix})
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): a target named '${pkg}-${suffix}' already exists")
    endif()
  endforeach()
  _pyrelease_require_tool(${caller})

  # MODULES <target>=<import path>: compiled targets placed in the wheel, which is then tagged for
  # the Python and the platform (pyrelease build --native-module); the wheel depends on the targets.
  set(native_args "")
  set(native_targets "")
  foreach(module IN LISTS arg_MODULES)
    if(NOT module MATCHES "^([^=]+)=([^=]+)$")
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): MODULES entry '${module}' is not "
        "<target>=<import path> (e.g. _core=${pkg}/_core)")
    endif()
    set(module_target "${CMAKE_MATCH_1}")
    set(module_path "${CMAKE_MATCH_2}")
    if(NOT TARGET "${module_target}")
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): MODULES names '${module_target}', which is "
        "not a target (define it before pyrelease_add_package)")
    endif()
    list(APPEND native_args --native-module "$<TARGET_FILE:${module_target}>=${module_path}")
    list(APPEND native_targets "${module_target}")
  endforeach()
  if(NOT arg_MODULES AND (DEFINED arg_PYTHON OR DEFINED arg_STABLE_ABI OR DEFINED arg_PLATFORM_TAG))
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): PYTHON, STABLE_ABI and PLATFORM_TAG describe "
      "native modules: give them with MODULES")
  endif()
  if(NOT arg_MODULES AND arg_NO_VENDOR)
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): NO_VENDOR is about the libraries MODULES "
      "link: give it with MODULES")
  endif()
  if(NOT arg_MODULES AND (arg_DATA OR arg_HEADERS OR arg_SCRIPTS OR arg_INSTALL_COMPONENTS
     OR arg_DEPENDS OR arg_NO_STRIP))
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): DATA, HEADERS, SCRIPTS, INSTALL_COMPONENTS, "
      "DEPENDS and NO_STRIP fill a native wheel: give them with MODULES")
  endif()
  # DATA / HEADERS / SCRIPTS: files, directories or targets ($<TARGET_FILE>, and the wheel depends
  # on them) for <dist>-<version>.data/{data,headers,scripts}/.
  foreach(scheme IN ITEMS DATA HEADERS SCRIPTS)
    string(TOLOWER "${scheme}" scheme_lower)
    foreach(item IN LISTS arg_${scheme})
      if(TARGET "${item}")
        list(APPEND native_args --wheel-data "${scheme_lower}:$<TARGET_FILE:${item}>")
        list(APPEND native_targets "${item}")
      else()
        get_filename_component(item_path "${item}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
        if(NOT EXISTS "${item_path}")
          message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): ${scheme} names '${item}', which is "
            "neither a target nor an existing file or directory")
        endif()
        list(APPEND native_args --wheel-data "${scheme_lower}:${item_path}")
        if(NOT IS_DIRECTORY "${item_path}")
          list(APPEND native_targets "${item_path}")
        endif()
      endif()
    endforeach()
  endforeach()
  foreach(item IN LISTS arg_DEPENDS)
    list(APPEND native_targets "${item}")
  endforeach()
  # INSTALL_COMPONENTS <component>[=<scheme>]: what the project's install(... COMPONENT c) rules
  # install, staged into the build's own directory (cmake --install --component) right before the
  # wheel is made; the scheme (default platlib: the wheel's root) says where it goes in the wheel.
  set(stage_commands "")
  _pyrelease_state_dir(${pkg} stage_state)
  foreach(entry IN LISTS arg_INSTALL_COMPONENTS)
    if(NOT entry MATCHES "^([A-Za-z0-9_.+-]+)(=(data|headers|scripts|purelib|platlib))?$")
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): INSTALL_COMPONENTS entry '${entry}' is not "
        "<component>[=data|headers|scripts|purelib|platlib]")
    endif()
    set(component "${CMAKE_MATCH_1}")
    set(component_scheme "${CMAKE_MATCH_3}")
    if(NOT component_scheme)
      set(component_scheme platlib)
    endif()
    set(stage "${stage_state}/stage/$<CONFIG>/${component}")
    list(APPEND stage_commands COMMAND "${CMAKE_COMMAND}" "-DBUILD_DIR=${CMAKE_BINARY_DIR}"
      "-DCOMPONENT=${component}" "-DCONFIG=$<CONFIG>" "-DSTAGE_ROOT=${stage_state}/stage"
      "-DSTAGE=${stage}"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/StageComponent.cmake")
    list(APPEND native_args --wheel-data "${component_scheme}:${stage}")
  endforeach()
  if(arg_MODULES AND NOT arg_NO_STRIP)
    # Release builds ship stripped copies; the build's own files keep their symbols.
    # (--strip=false rather than an empty argument, which a custom command would keep as "").
    list(APPEND native_args "--strip=$<IF:$<CONFIG:Release,MinSizeRel>,true,false>")
    if(CMAKE_STRIP)
      list(APPEND native_args --strip-program "${CMAKE_STRIP}")
    endif()
  endif()
  if(arg_MODULES)
    if(NOT DEFINED arg_PYTHON)
      # The Python the modules were built against, as FindPython / FindPython3 found it.
      if(DEFINED Python_EXECUTABLE)
        set(arg_PYTHON "${Python_EXECUTABLE}")
      elseif(DEFINED Python3_EXECUTABLE)
        set(arg_PYTHON "${Python3_EXECUTABLE}")
      else()
        message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): MODULES needs the Python they are built "
          "for: find_package(Python ...) first, or pass PYTHON <executable>")
      endif()
    endif()
    list(APPEND native_args --python "${arg_PYTHON}")
    if(DEFINED arg_STABLE_ABI)
      list(APPEND native_args --stable-abi "${arg_STABLE_ABI}")
    endif()
    if(DEFINED arg_PLATFORM_TAG)
      list(APPEND native_args --platform-tag "${arg_PLATFORM_TAG}")
    endif()
    if(arg_NO_VENDOR)
      list(APPEND native_args --no-vendor)
    endif()
  endif()

  get_filename_component(project_dir "${arg_PROJECT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${project_dir}/pyproject.toml" AND NOT EXISTS "${project_dir}/setup.py"
     AND NOT EXISTS "${project_dir}/setup.cfg")
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): no pyproject.toml in PROJECT_DIR '${project_dir}' "
      "(nor a setup.py or setup.cfg)")
  endif()
  # Which path builds it (the tool decides with BACKEND auto) and what the PEP 517 backend gets.
  set(backend_args "")
  if(DEFINED arg_BACKEND)
    if(NOT arg_BACKEND MATCHES "^(auto|native|pep517)$")
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): BACKEND must be auto, native or pep517, not "
        "'${arg_BACKEND}'")
    endif()
    list(APPEND backend_args --backend ${arg_BACKEND})
  endif()
  foreach(setting IN LISTS arg_CONFIG_SETTINGS)
    list(APPEND backend_args -C "${setting}")
  endforeach()
  if(arg_NO_ISOLATION)
    list(APPEND backend_args --no-isolation)
  endif()
  if(NOT DEFINED arg_OUTPUT_DIR)
    set(arg_OUTPUT_DIR dist)
  endif()
  get_filename_component(output_dir "${arg_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  _pyrelease_state_dir(${pkg} state)
  file(MAKE_DIRECTORY "${state}")

  # find_package mode: the tool exists, so the archive names are known now and are OUTPUTs too
  # (deleting an archive rebuilds it), unless the version comes from a file that may change
  # without a re-configure. add_subdirectory mode: only the manifests are OUTPUTs.
  _pyrelease_tool_is_prebuilt(prebuilt)
  set(archive_outputs_sdist "")
  set(archive_outputs_wheel "")
  if(prebuilt)
    _pyrelease_read_metadata_impl(${caller} ${pkg} "${project_dir}" ${backend_args})
    if(NOT ${pkg}_DYNAMIC_VERSION)
      set(archive_outputs_sdist "${output_dir}/${${pkg}_SDIST}")
      set(archive_outputs_wheel "${output_dir}/${${pkg}_WHEEL}")
    endif()
    if(arg_MODULES)
      # The tag is computed from the built files: the wheel's name is known after the build only
      # (the manifest names it).
      set(${pkg}_WHEEL "")
      set(archive_outputs_wheel "")
    endif()
    foreach(suffix IN ITEMS NAME VERSION SDIST WHEEL)
      set(${pkg}_${suffix} "${${pkg}_${suffix}}" PARENT_SCOPE)
    endforeach()
  endif()

  set(project_config "")
  foreach(config IN ITEMS pyproject.toml setup.py setup.cfg)
    if(EXISTS "${project_dir}/${config}")
      list(APPEND project_config "${project_dir}/${config}")
    endif()
  endforeach()
  set(all "")
  if(arg_ALL)
    set(all ALL)
  endif()
  set(manifests "")
  set(extra_args_sdist "")
  set(extra_args_wheel ${native_args})
  set(extra_depends_sdist "")
  set(extra_depends_wheel ${native_targets})
  set(stage_commands_sdist "")
  set(stage_commands_wheel ${stage_commands})
  foreach(kind IN ITEMS sdist wheel)
    set(manifest "${state}/${kind}.json")
    list(APPEND manifests "${manifest}")
    # The depfile lists every input file and every scanned directory, so an edited, added or
    # removed file reruns exactly the archives that contain it.
    add_custom_command(
      OUTPUT "${manifest}" ${archive_outputs_${kind}}
      ${stage_commands_${kind}}
      COMMAND PyRelease::pyrelease build --project "${project_dir}" --outdir "${output_dir}"
              --${kind} --depfile "${state}/${kind}.d" --manifest "${manifest}" ${backend_args}
              ${extra_args_${kind}}
      DEPFILE "${state}/${kind}.d"
      DEPENDS ${project_config} ${extra_depends_${kind}}
      WORKING_DIRECTORY "${project_dir}"
      COMMENT "PyRelease: building the ${kind} of ${pkg}"
      VERBATIM)
    add_custom_target(${pkg}-${kind} ${all} DEPENDS "${manifest}")
  endforeach()
  add_custom_target(${pkg}-dist ${all})
  add_dependencies(${pkg}-dist ${pkg}-sdist ${pkg}-wheel)
  set_target_properties(${pkg}-dist PROPERTIES
    PYRELEASE_PACKAGE "${pkg}"
    PYRELEASE_STATE_DIR "${state}"
    PYRELEASE_PROJECT_DIR "${project_dir}"
    PYRELEASE_OUTPUT_DIR "${output_dir}"
    PYRELEASE_MANIFESTS "${manifests}"
    PYRELEASE_STEP_CONFIG "${state}/step-config.cmake")
  if(prebuilt)
    set_target_properties(${pkg}-dist PROPERTIES
      PYRELEASE_NAME "${${pkg}_NAME}" PYRELEASE_VERSION "${${pkg}_VERSION}"
      PYRELEASE_SDIST "${archive_outputs_sdist}" PYRELEASE_WHEEL "${archive_outputs_wheel}")
  endif()
  _pyrelease_register_package(${pkg})
endfunction()

cmake_policy(POP)
