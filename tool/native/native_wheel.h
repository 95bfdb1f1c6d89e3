// A wheel with compiled code: the project's pure files plus compiled files placed at their import
// paths (`build/_core.cpython-311-x86_64-linux-gnu.so=fastthing/_core`), tagged from the Python
// they were built for and the ELF files' platform, never pure. The wheel writer does the rest.
#pragma once

#include <string>
#include <vector>

#include "build/wheel.h"
#include "native/platform_inspection.h"
#include "native/python_tags.h"
#include "native/wheel_data.h"
#include "project/file_selection.h"

struct NativeModule {
  std::string file;          // the built file on disk
  std::string archive_path;  // where it goes in the wheel
                             // ("fastthing/_core.cpython-311-x86_64-linux-gnu.so")
};

// Parses "FILE=import/path[.suffix]". Without a suffix after the last '/', the file's own suffix
// (from the first '.' of its name: ".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so") is
// appended, so CMake can pass `$<TARGET_FILE:_core>=fastthing/_core`. The path must be relative,
// without '.', '..' or empty parts, and not inside a .dist-info directory.
bool ParseNativeModule(const std::string& arg, NativeModule* out, std::string* err);

// Sorts the wheel entries by archive path and the inputs, without duplicates, after files were
// added (the wheel writer and the depfile expect both sorted).
void SortWheelSelection(FileSelection* selection);

struct NativeWheelRequest {
  std::vector<NativeModule> modules;
  std::string python = "python3";  // the interpreter the modules were built for
  PythonAbiUse abi_use = PythonAbiUse::kInterpreter;
  int stable_abi_minor = 0;           // for kStableAbi: 3.X
  std::string platform_tag;           // overrides the computed platform tag ("" : computed)
  bool vendor = true;                 // libraries outside the policy are vendored (false: refused)
  std::vector<WheelDataSource> data;  // DATA/HEADERS/SCRIPTS and staged install components
  std::string data_dir;               // "<dist>-<version>.data/"
  std::string strip_program;          // "" : as built; else stripped copies (Release)
};

struct NativeWheelPlan {
  PythonTags python;
  std::string platform_tag;     // computed or given
  PlatformInspection platform;  // empty when the tag was given
  WheelOptions wheel;           // tag and Root-Is-Purelib: false, for BuildWheel
  // Where the stripped copies are (an owned temporary directory; "" when nothing was stripped):
  // the caller removes it with RemoveOwnedTree once the wheel is written.
  std::string scratch_dir;
};

// Adds the modules and the data sources to `selection->wheel` (replacing a selected file at the
// same path, as a stale build product in the source tree would be) and to `selection->inputs`,
// replaces the built ELF files by stripped copies when asked (the inputs stay the built files), and
// computes the tag from every ELF file the wheel will hold. Fails with a message naming the file
// when a module is missing or not an ELF file, was built for another Python (its suffix names
// another ABI), links a library outside the policy while `vendor` is off (the library is named),
// or no policy fits. With `vendor` on, `plan->platform.vendored` lists the libraries
// VendorLibraries copies in, and the tag is the one the repaired wheel has.
bool PlanNativeWheel(const NativeWheelRequest& request, FileSelection* selection,
                     NativeWheelPlan* plan, std::string* err);
