#!/usr/bin/env bash
# clang-format --dry-run -Werror over tool/ and tests/ (the style is .clang-format at the root).
# Exits 0 with "clang-format not installed" only when the tool is missing; any file that would
# change fails the check. CLANG_FORMAT names another binary (e.g. clang-format-18).
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
  echo "clang-format not installed: format check skipped"
  exit 0
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -d '' files < <(git ls-files -z -- 'tool/*.cc' 'tool/*.h' 'tests/*.cc' 'tests/*.h')
else
  mapfile -d '' files < <(find tool tests -type f \( -name '*.cc' -o -name '*.h' \) -print0 | sort -z)
fi
if [ "${#files[@]}" -eq 0 ]; then
  echo "check-format: no C++ files found under tool/ and tests/" >&2
  exit 1
fi
"$CLANG_FORMAT" --version
"$CLANG_FORMAT" --dry-run -Werror --style=file "${files[@]}"
echo "check-format: ${#files[@]} files are formatted"
