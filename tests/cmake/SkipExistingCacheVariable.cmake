# -DPYRELEASE_SKIP_EXISTING=ON (from -args.txt) gives every publish step --skip-existing, as the
# SKIP_EXISTING option does. The case stops the configure to show the upload arguments it set.
pyrelease_add_package(alpha PROJECT_DIR "${FIXTURE_DIR}" REPOSITORY "${CMAKE_CURRENT_BINARY_DIR}/index")
get_target_property(args alpha-dist PYRELEASE_REPOSITORY_ARGS)
get_target_property(test_args alpha-dist PYRELEASE_TEST_REPOSITORY_ARGS)
message(FATAL_ERROR "publish: [${args}] publish-test: [${test_args}]")
