# Installs pyrelease from $PYRELEASE_INSTALL: a pip requirement (pyrelease==X.Y.Z), or pyrelease's
# source (git+https://...@<tag>, or a directory) built with CMake, or an install prefix that holds
# bin/pyrelease already.
set -eu
prefix=""
case "$PYRELEASE_INSTALL" in
  git+*|/*|./*|../*)
    if [ -x "$PYRELEASE_INSTALL/bin/pyrelease" ]; then
      prefix="$PYRELEASE_INSTALL"
    else
      src="$PYRELEASE_INSTALL"
      case "$src" in
        git+*)
          url="${src#git+}"; ref=""
          case "${url##*/}" in *@*) ref="${url##*@}"; url="${url%@*}" ;; esac
          src="$(mktemp -d)/pyrelease"
          git clone --depth 1 ${ref:+--branch "$ref"} "$url" "$src" ;;
      esac
      "$src/scripts/install-deps.sh"  # pyrelease's build dependencies (compiler, CMake, libcurl, ...)
      cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DPYRELEASE_BUILD_TESTS=OFF
      cmake --build "$src/build" --parallel
      prefix="$HOME/.local/pyrelease"
      cmake --install "$src/build" --prefix "$prefix"
    fi ;;
  *) python -m pip install "$PYRELEASE_INSTALL" ;;
esac
if [ -n "$prefix" ]; then
  export PATH="$prefix/bin:$PATH"
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$prefix/bin" >> "$GITHUB_PATH"; fi
fi
pyrelease --version
