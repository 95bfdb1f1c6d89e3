// Makefile-syntax depfiles for CMake's add_custom_command(DEPFILE): `target: prereq prereq ...`,
// so that Ninja and Make rebuild the archives when any input file changes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

// Escapes one path as GCC-style depfiles do: ' ' -> "\ ", '#' -> "\#", '$' -> "$$".
std::string EscapeDepfilePath(std::string_view path);

// "t1 t2: \\\n  p1 \\\n  p2\n" — one prerequisite per line; several targets share the list.
std::string RenderDepfile(const std::vector<std::string>& targets,
                          const std::vector<std::string>& prerequisites);
