pyrelease_add_package(alpha PROJECT_DIR "${FIXTURE_DIR}"
  REPOSITORY "https://__token__:pyrelease-planted-secret@index.invalid/legacy/")
