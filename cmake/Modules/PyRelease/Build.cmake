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
  # A module of pyrelease_add_python_module() is one target per interpreter: each interpreter
  # (its key, e.g. cp311) gets its own wheel, with module_args_<key>; plain targets use module_args_.
  set(native_args "")
  set(native_targets "")
  set(variants "")
  set(variant_pythons "")
  set(variant_stable_abi "")
  set(variants_from "")
  set(plain_module "")
  set(module_args_ "")
  set(module_targets_ "")
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
    get_target_property(keys "${module_target}" PYRELEASE_PYTHON_KEYS)
    if(NOT keys)
      set(plain_module "${module_target}")
      list(APPEND module_args_ --native-module "$<TARGET_FILE:${module_target}>=${module_path}")
      list(APPEND module_targets_ "${module_target}")
      continue()
    endif()
    if(NOT variants_from)
      set(variants "${keys}")
      set(variants_from "${module_target}")
      get_target_property(variant_pythons "${module_target}" PYRELEASE_PYTHON_EXECUTABLES)
      get_target_property(variant_stable_abi "${module_target}" PYRELEASE_STABLE_ABI)
    elseif(NOT keys STREQUAL variants)
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): MODULES '${module_target}' is built for "
        "${keys}, '${variants_from}' for ${variants}: give every pyrelease_add_python_module() of "
        "the package the same PYTHONS")
    endif()
    get_target_property(targets "${module_target}" PYRELEASE_PYTHON_TARGETS)
    foreach(key target IN ZIP_LISTS keys targets)
      list(APPEND module_args_${key} --native-module "$<TARGET_FILE:${target}>=${module_path}")
      list(APPEND module_targets_${key} "${target}")
    endforeach()
  endforeach()
  if(variants_from AND plain_module)
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): MODULES mixes '${variants_from}' (from "
      "pyrelease_add_python_module(): one wheel per interpreter) with the plain target "
      "'${plain_module}' (built for one Python): make both with pyrelease_add_python_module()")
  endif()
  if(variants_from AND DEFINED arg_PYTHON)
    message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): PYTHON with MODULES '${variants_from}' from "
      "pyrelease_add_python_module(): its PYTHONS (${variants}) tag the wheels")
  endif()
  if(variants_from AND NOT DEFINED arg_STABLE_ABI AND variant_stable_abi)
    set(arg_STABLE_ABI "${variant_stable_abi}")
  endif()
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
  set(components "")
  foreach(entry IN LISTS arg_INSTALL_COMPONENTS)
    if(NOT entry MATCHES "^([A-Za-z0-9_.+-]+)(=(data|headers|scripts|purelib|platlib))?$")
      message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): INSTALL_COMPONENTS entry '${entry}' is not "
        "<component>[=data|headers|scripts|purelib|platlib]")
    endif()
    list(APPEND components "${entry}")
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
    if(NOT DEFINED arg_PYTHON AND NOT variants_from)
      # The Python the modules were built against, as FindPython / FindPython3 found it.
      _pyrelease_found_python(arg_PYTHON)
      if(NOT arg_PYTHON)
        message(FATAL_ERROR "PyRelease: ${caller}(${pkg}): MODULES needs the Python they are built "
          "for: find_package(Python ...) first, or pass PYTHON <executable>")
      endif()
    endif()
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
  # Each wheel's Python: the interpreter of its variant, or the one above.
  set(python_args_ "")
  if(DEFINED arg_PYTHON)
    set(python_args_ --python "${arg_PYTHON}")
  endif()
  foreach(key python IN ZIP_LISTS variants variant_pythons)
    if(key)
      set(python_args_${key} --python "${python}")
    endif()
  endforeach()

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
  # The steps: the sdist and one wheel per variant (wheel.json for one, wheel-<key>.json for each
  # of several interpreters). INSTALL_COMPONENTS are staged per step, so that the wheels of
  # several interpreters, built in parallel, never share a staging directory.
  set(steps sdist)
  list(LENGTH variants variant_count)
  if(variant_count GREATER 1)
    foreach(key IN LISTS variants)
      list(APPEND steps "wheel-${key}")
    endforeach()
  else()
    list(APPEND steps wheel)
  endif()
  set(manifests "")
  set(wheel_manifests "")
  foreach(step IN LISTS steps)
    set(manifest "${state}/${step}.json")
    list(APPEND manifests "${manifest}")
    set(step_args "")
    set(step_depends "")
    set(step_commands "")
    set(step_comment "")
    if(step STREQUAL "sdist")
      set(kind sdist)
    else()
      set(kind wheel)
      list(APPEND wheel_manifests "${manifest}")
      set(key "${variants}")
      if(variant_count GREATER 1)
        string(REGEX REPLACE "^wheel-" "" key "${step}")
        set(step_comment " for ${key}")
      endif()
      set(step_args ${module_args_${key}} ${native_args} ${python_args_${key}})
      set(step_depends ${module_targets_${key}} ${native_targets})
      # The PEP 517 backend writes its scratch into the project while it runs (setuptools makes
      # its release tree <name>-<version>/ beside setup.py, and egg-info/, build/): the sdist is
      # built first and then the wheel, so that neither depfile records a directory the other step
      # is still changing (which would rebuild it on the next, unchanged build).
      if(${pkg}_BACKEND_BUILDS)
        list(APPEND step_depends "${state}/sdist.json")
      endif()
      # INSTALL_COMPONENTS <component>[=<scheme>]: what the project's install(... COMPONENT c)
      # rules install, staged into the build's own directory (cmake --install --component) right
      # before the wheel is made; the scheme (default platlib: the wheel's root) says where it goes.
      string(REGEX REPLACE "^wheel" "stage" stage_name "${step}")
      set(stage_root "${state}/${stage_name}")
      foreach(entry IN LISTS components)
        string(REGEX MATCH "^([^=]+)(=(.*))?$" unused "${entry}")
        set(component "${CMAKE_MATCH_1}")
        set(component_scheme "${CMAKE_MATCH_3}")
        if(NOT component_scheme)
          set(component_scheme platlib)
        endif()
        set(stage "${stage_root}/$<CONFIG>/${component}")
        list(APPEND step_commands COMMAND "${CMAKE_COMMAND}" "-DBUILD_DIR=${CMAKE_BINARY_DIR}"
          "-DCOMPONENT=${component}" "-DCONFIG=$<CONFIG>" "-DSTAGE_ROOT=${stage_root}"
          "-DSTAGE=${stage}"
          -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/StageComponent.cmake")
        list(APPEND step_args --wheel-data "${component_scheme}:${stage}")
      endforeach()
    endif()
    # The depfile lists every input file and every scanned directory, so an edited, added or
    # removed file reruns exactly the archives that contain it.
    add_custom_command(
      OUTPUT "${manifest}" ${archive_outputs_${kind}}
      ${step_commands}
      COMMAND PyRelease::pyrelease build --project "${project_dir}" --outdir "${output_dir}"
              --${kind} --depfile "${state}/${step}.d" --manifest "${manifest}" ${backend_args}
              ${step_args}
      DEPFILE "${state}/${step}.d"
      DEPENDS ${project_config} ${step_depends}
      WORKING_DIRECTORY "${project_dir}"
      COMMENT "PyRelease: building the ${kind} of ${pkg}${step_comment}"
      VERBATIM)
  endforeach()
  add_custom_target(${pkg}-sdist ${all} DEPENDS "${state}/sdist.json")
  add_custom_target(${pkg}-wheel ${all} DEPENDS ${wheel_manifests})
  add_custom_target(${pkg}-dist ${all})
  add_dependencies(${pkg}-dist ${pkg}-sdist ${pkg}-wheel)
  set_target_properties(${pkg}-dist PROPERTIES
    PYRELEASE_PACKAGE "${pkg}"
    PYRELEASE_STATE_DIR "${state}"
    PYRELEASE_PROJECT_DIR "${project_dir}"
    PYRELEASE_OUTPUT_DIR "${output_dir}"
    PYRELEASE_MANIFESTS "${manifests}"
    PYRELEASE_BACKEND_ARGS "${backend_args}"
    PYRELEASE_STEP_CONFIG "${state}/step-config.cmake")
  if(prebuilt)
    set_target_properties(${pkg}-dist PROPERTIES
      PYRELEASE_NAME "${${pkg}_NAME}" PYRELEASE_VERSION "${${pkg}_VERSION}"
      PYRELEASE_SDIST "${archive_outputs_sdist}" PYRELEASE_WHEEL "${archive_outputs_wheel}")
  endif()
  _pyrelease_register_package(${pkg})
endfunction()

cmake_policy(POP)
