# `pyrelease build` end to end (label: archives): reproducibility of every fixture project, wheel
# and sdist installs in fresh venvs, comparison with the real backends, setuptools and
# setuptools-scm sdists rebuilt from their unpacked trees, failure cleanup, the depfile/manifest
# outputs for CMake, the archives' names as printed, and an sdist over 1 MiB (gzip chunks joined
# into one member) and one with members at every ustar limit (pax records, long and non-ASCII link
# texts) read by tarfile, tar and pip, a project over 64 files built from one reader, and
# setuptools projects whose metadata lives in setup.cfg (with and without pyproject.toml) against
# the installed setuptools.
foreach(case reproducible install compare sdist_rebuild sdist_rebuild_scm failure outputs display multichunk tarheaders
             onereader setupcfg)
  add_test(NAME archives_${case}
           COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/archives_test.py
                   ${PYRELEASE_EXE} ${PYRELEASE_TESTS_DIR}/projects ${PYRELEASE_TEST_WORK_DIR}/archives ${case})
  set_tests_properties(archives_${case} PROPERTIES LABELS "archives;integration" TIMEOUT 300)
endforeach()

# VCS versions (hatch-vcs and its build hook, setuptools-scm) against the real plugins, in git
# repositories the test makes: versions, generated version files, archives from the tree and from
# the unpacked sdist.
add_test(NAME archives.vcs_versions
         COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/vcs_versions_test.py
                 ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR}/vcs_versions)
set_tests_properties(archives.vcs_versions PROPERTIES LABELS "archives;integration" TIMEOUT 300)

# hatch-fancy-pypi-readme natively: fixture projects built by pyrelease and by `python -m build`
# (hatchling + the plugin) give byte-identical METADATA and PKG-INFO; regexes whose Python meaning
# the native engine cannot prove take the backend path, naming the construct.
add_test(NAME archives.fancy_readme
         COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/fancy_readme_test.py
                 ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR}/fancy_readme)
set_tests_properties(archives.fancy_readme PROPERTIES LABELS "archives;integration" TIMEOUT 300)

# Requires-Dist against the installed backends (requires_dist_test.py): uv_build's marker normal
# form and hatchling's lowercased specifiers, fixed and 120 seeded random dependencies each: each is
# native and identical, or takes the backend path naming it.
foreach(case uv_markers hatch_specifiers)
  add_test(NAME archives.requires_dist_${case}
           COMMAND ${Python3_EXECUTABLE} ${PYRELEASE_TESTS_DIR}/integration/requires_dist_test.py
                   ${PYRELEASE_EXE} ${PYRELEASE_TEST_WORK_DIR}/requires_dist ${case})
  set_tests_properties(archives.requires_dist_${case} PROPERTIES LABELS "archives;integration"
                       TIMEOUT 600)
endforeach()
