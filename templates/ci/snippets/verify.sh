# Installs the release from $INDEX_URL into a fresh venv and runs pyrelease's checks; --dist makes
# it compare every file on the index with the artifact byte for byte (sha256).
set -eu
spec=$(python -c 'import glob, os; n, v = os.path.basename(sorted(glob.glob("dist/*.whl"))[0]).split("-")[:2]; print(n + "==" + v)')
set --
for f in dist/*.whl dist/*.tar.gz; do
  if [ -e "$f" ]; then set -- "$@" --dist "$f"; fi
done
pyrelease verify "$spec" --index-url "$INDEX_URL" ${EXTRA_INDEX_URL:+--extra-index-url "$EXTRA_INDEX_URL"} --wait 300 --python python "$@"
