// Stripped copies of built binaries for a Release wheel. `strip --strip-unneeded` runs on a copy,
// never on the build's own file: that belongs to the build system (which would otherwise see it
// change behind its back) and to the debugger. strip's output depends on its input only, so the
// wheel stays reproducible.
#pragma once

#include <string>

// Copies `file` to `<scratch_dir>/<n>-<name>` (n keeps copies of equal names apart), runs
// `<strip_program> --strip-unneeded` on the copy and gives its path in `copy`. Fails naming the
// file and strip's message.
bool StripCopy(const std::string& strip_program, const std::string& file,
               const std::string& scratch_dir, int n, std::string* copy, std::string* err);
