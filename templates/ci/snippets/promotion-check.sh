# Promotion: the files about to go to production must be the ones the test index has (and that
# verify-test installed): same names, same sha256. Nothing is rebuilt.
set -eu
spec=$(python -c 'import glob, os; n, v = os.path.basename(sorted(glob.glob("dist/*.whl"))[0]).split("-")[:2]; print(n + "==" + v)')
set --
for f in dist/*.whl dist/*.tar.gz; do
  if [ -e "$f" ]; then set -- "$@" --dist "$f"; fi
done
pyrelease verify "$spec" --index-url "$TEST_INDEX_URL" --only hashes "$@"
