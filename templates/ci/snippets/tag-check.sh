# The tag must name the version the build will carry (`pyrelease preflight` checks this too, as
# its `tag` item, with the project's other release checks).
set -eu
version=$(pyrelease metadata --project . --json | python -c 'import json, sys; print(json.load(sys.stdin)["version"])')
if [ "$TAG" != "v$version" ]; then
  echo "error: the tag '$TAG' does not name the project's version $version: tag v$version, or set the version and tag again" >&2
  exit 1
fi
echo "tag $TAG names version $version"
