// Requires-Dist as uv_build writes it (uv's own requirement and marker types, not packaging's):
// the name normalized, extras normalized in the order written, the version specifiers normalized
// and sorted by version (stably; `===` is not reproduced), " @ url" as written, and the marker
// after " ; " in uv's normal form, with an extra's dependency as `req ; <marker> and extra == 'x'`.
// uv rewrites markers through a decision diagram (python_version becomes python_full_version, `or`
// is distributed over the extra, platform_system == 'Windows' becomes sys_platform == 'win32',
// ...); only the forms below, each compared with uv_build 0.10 and 0.13, are reproduced:
// - python_version OP 'X.Y' -> python_full_version: `<`/`>=` keep X.Y (X for X.0), `<=` becomes
//   `< X.(Y+1)`, `>` becomes `>= X.(Y+1)`, `==`/`!=` become `== X.Y.*`/`!= X.Y.*`;
// - python_full_version OP 'X.Y[.Z...]' (no trailing zero, no `*`) unchanged;
// - sys_platform, os_name, platform_machine, implementation_name, platform_python_implementation
//   with `==`/`!=` and a plain value;
// - platform_system with `==`/`!=`: Windows, Darwin, Linux, Emscripten, Android and AIX as the
//   sys_platform uv implies (win32, darwin, linux, emscripten, android, aix); FreeBSD, OpenBSD,
//   NetBSD, DragonFly, SunOS, Java, iOS, iPadOS, Haiku and OS400 kept as written, as uv keeps
//   them (uv_build 0.9.30 to 0.13.6); any other value is refused;
// - at most one of each kind joined by `and` (the python term is written first).
// Anything else (`or`, parentheses, `in`, other variables, two terms of one kind) is refused: the
// project takes the backend path.
#pragma once

#include <string>

#include "spec/pep508.h"

// uv's text of a canonical marker (ParseMarker's output); false when it is not a reproduced form.
bool UvMarkerText(const std::string& canonical_marker, std::string* out);

// A specifier set as uv prints it: versions normalized, sorted by version (stably), joined with
// `separator` ("," in Requires-Dist, ", " in Requires-Python: commitizen's `>=3.10,<4.0` is
// `>=3.10, <4.0`). false for `===`, which is not compared with uv.
bool UvSpecifiers(const SpecifierSet& set, const std::string& separator, std::string* out);

// The Requires-Dist value for `req` (of the normalized extra `extra` when not empty); false when
// its marker is not a reproduced form or it has a `===` specifier.
bool UvRequiresDist(const Requirement& req, const std::string& extra, std::string* out);
