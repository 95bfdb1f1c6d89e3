# The real-world corpus (PYRELEASE_REALWORLD_TESTS=ON): real releases downloaded with pip at test time
# into a cache (PYRELEASE_REALWORLD_CACHE, default ~/.cache/pyrelease-realworld) so reruns are offline.
# - realworld.build_vs_backend: `pyrelease build` against `python -m build` on the sdists of
#   projects.txt, both with the backends pinned in backends.txt; fails on a difference
#   exceptions.txt does not list.
# - realworld.build_vs_backend_checkout: the same comparison from a git checkout made of each sdist
#   (compare.py --checkout: tagged, with a maintainer's clutter, .gitignore and tracked extras), on
#   the subset in checkout.txt, which covers every backend and every VCS-aware feature.
# - realworld.check_real_dists: `pyrelease check` on the dists of dists.txt, all accepted by the
#   index: fails on any FAILED file (a false positive).
add_test(NAME realworld.build_vs_backend
  COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/compare.py" "${PYRELEASE_EXE}")
add_test(NAME realworld.build_vs_backend_checkout
  COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/compare.py" "${PYRELEASE_EXE}" --checkout
          --list "${CMAKE_CURRENT_LIST_DIR}/checkout.txt")
add_test(NAME realworld.check_real_dists
  COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/check_real_dists.py" "${PYRELEASE_EXE}")
# Timeouts well inside CI's 90 minutes, so a hung download fails the stage instead of the whole run
# (the corpus took 20 min here at load 20 with cold caches; the real dists a minute). The 39
# releases added in the third round cost about 183 s of CPU and 20 min of wall time cold at load
# 10-13 (6 min with cached downloads), so the corpus has 60 minutes now. The 45 of the fourth
# round add about 200 s of CPU cold (downloads 93 s, builds 107 s; 11 min wall at load 14-16) and
# 106-125 s warm (3-4.5 min wall at load 7-12): the stage stays well inside the hour.
# The 31 of the sixth round (mostly setuptools, built by setuptools from an sdist) add 110 s of
# CPU warm (about 12 min wall at load 15-19).
set_tests_properties(realworld.build_vs_backend realworld.build_vs_backend_checkout
  realworld.check_real_dists PROPERTIES
  LABELS realworld RUN_SERIAL TRUE)
set_tests_properties(realworld.build_vs_backend PROPERTIES TIMEOUT 3600)
set_tests_properties(realworld.check_real_dists PROPERTIES TIMEOUT 900)
# The checkout subset: 43 releases took 362 s in CI; the 26 added on 2026-12-01 (VCS- and
# ignore-file-dependent native paths) add about 8 s each warm, so about 600 s in all.
# The sixth round's 3 (tqdm, isodate, docstring-parser) add 7 s of CPU, 33 s of build wall time.
set_tests_properties(realworld.build_vs_backend_checkout PROPERTIES TIMEOUT 1800)
# - realworld.native_projects: real C/C++ projects with Python bindings (native_projects.txt)
#   adopted by the CMake package as a maintainer would (pyrelease.backend, a thin CMakeLists.txt
#   around the project's own, MODULES and INSTALL_COMPONENTS) against the installed prefix: wheel
#   and twine-check, compared with the wheel of its own backend (tags, members, METADATA, ELF
#   sections) and both installed into a venv and called; the released sdist's --native-module
#   refused. 267 s here at load 14 with the sdists and pip's wheels cached (about 35 s of CPU
#   per side), RUN_SERIAL like the corpus, so it adds about 4-5 minutes to CI's realworld stage.
add_test(NAME realworld.native_projects
  COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/native_projects.py"
          "${PYRELEASE_TEST_WORK_DIR}/cmake/prefix" "${PYRELEASE_TEST_WORK_DIR}")
set_tests_properties(realworld.native_projects PROPERTIES
  FIXTURES_REQUIRED pyrelease-cmake-prefix LABELS realworld RUN_SERIAL TRUE TIMEOUT 1800)
