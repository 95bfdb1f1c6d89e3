# The release checklist (`pyrelease preflight`) before anything is built: the tag that started the
# job names the project's version, the version is newer than every release on the production
# index, the CHANGELOG has its entry, the files that ship are committed, a README and a license
# are declared. The build and the strict check are the next steps, and the test job ran the
# project's commands: those items are skipped here.
set -eu
pyrelease preflight --project . --tag "$TAG" ${PYPI_INDEX_URL:+--index-url "$PYPI_INDEX_URL"} \
  --skip build-check --skip 'command:*'
