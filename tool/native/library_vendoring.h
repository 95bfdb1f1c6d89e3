// Vendoring as `auditwheel repair` does it: each library outside the policy is copied into
// `<dist>.libs/` under a hashed name (`libfoo.so.1` -> `libfoo-1a2b3c4d.so.1`, the first 8 hex
// digits of the original file's sha256), its DT_SONAME set to that name, and every wheel file that
// links it gets the new DT_NEEDED name and a DT_RPATH of `$ORIGIN/<path to .libs>`. The vendored
// libraries' links to one another are renamed the same way (their RPATH is `$ORIGIN`). The ELF
// edits are made by the patchelf program on copies in a staging directory; the originals are never
// touched.
#pragma once

#include <string>
#include <vector>

#include "native/platform_inspection.h"
#include "project/file_selection.h"

struct VendoredLibrary {
  std::string needed_name;   // the DT_NEEDED name the wheel's files used ("libfoo.so.1")
  std::string source;        // the system file it was found as
  std::string new_soname;    // "libfoo-1a2b3c4d.so.1"
  std::string archive_path;  // "fastthing.libs/libfoo-1a2b3c4d.so.1"
};

// "fastthing.libs": the wheel's library directory, named after the dist as auditwheel names it.
std::string VendorLibsDir(const std::string& dist_name);

// The DT_RPATH entry that leads from a file at `archive_path` to `libs_dir` (both wheel-relative):
// "fastthing/_core.so" -> "$ORIGIN/../fastthing.libs".
std::string OriginPathTo(const std::string& archive_path, const std::string& libs_dir);

// Vendors `platform.vendored` into the wheel: writes the patched copies under `staging_dir` (an
// owned directory the caller removes after the wheel is written), points the wheel entries of the
// files that link them at their patched copies, adds the libraries at `<libs_dir>/<new soname>`,
// and adds the originals to `selection->inputs`. `vendored` has one entry per DT_NEEDED name; two
// names of one file share its copy. Fails naming the program when patchelf is missing
// or fails, or the file that cannot be copied.
bool VendorLibraries(const PlatformInspection& platform, const std::string& libs_dir,
                     const std::string& staging_dir, FileSelection* selection,
                     std::vector<VendoredLibrary>* vendored, std::string* err);
