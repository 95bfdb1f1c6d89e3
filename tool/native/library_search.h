// Finds the file the dynamic loader would load for a DT_NEEDED name, so that a library to be
// vendored can be read (its own symbol versions and libraries count for the platform tag).
// The search order of ld.so(8): DT_RPATH (when there is no DT_RUNPATH), LD_LIBRARY_PATH,
// DT_RUNPATH, then the system library directories; $ORIGIN is the linking file's directory.
#pragma once

#include <string>
#include <vector>

#include "native/elf_file.h"

// The directories searched for libraries `from` links, in order.
std::vector<std::string> LibrarySearchPath(const ElfFile& from);

// The first file named `soname` on the search path that is an ELF file of `from`'s class and
// architecture (a 32-bit library of the same name is skipped, as the loader does). On failure
// `err` names the library, the file that links it and the directories searched.
bool FindSharedLibrary(const std::string& soname, const ElfFile& from, ElfFile* found,
                       std::string* err);
