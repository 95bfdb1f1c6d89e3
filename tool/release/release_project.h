// The project as the release checklist sees it. The native loader reads it when it can tell what
// the backend builds; when only the project's PEP 517 backend knows the version (a setup.py, a
// setuptools-scm or scikit-build-core setting pyrelease does not reproduce, a version computed by
// code), the name, version, description and license are what the backend's
// prepare_metadata_for_build_wheel hook says (or the METADATA of the wheel it builds, when it has
// no such hook), and `origin` says so in every message that uses them.
#pragma once

#include <string>
#include <vector>

#include "build/pep517_build.h"
#include "project/pyproject.h"

// How the backend is chosen and run: `pyrelease build`'s --backend, -C, --no-isolation, --python.
struct ReleaseBackend {
  std::string mode = "auto";  // auto | native | pep517
  Pep517Options pep517;
};

struct ReleaseProject {
  Project project;  // dir always; meta from the native loader or the backend
  // The native loader selected the files that ship (file_selection.h); false: the backend decides.
  bool native_files = true;
  // "" when the native loader read the metadata; else who computed it, for messages:
  // "setuptools (prepare_metadata_for_build_wheel)".
  std::string origin;
  std::string backend_label;  // the backend the build path decision names ("setuptools")
};

// Loads the project in `dir` (absolute). False with `err` naming the file (and line:column) or the
// backend step that failed. With `diags`, the native loader's diagnostics when its answer is used
// or is the error (then `err` is empty): the caller prints them with the source line, warnings too.
bool LoadReleaseProject(const std::string& dir, const ReleaseBackend& backend, ReleaseProject* out,
                        std::string* err, std::vector<Diagnostic>* diags = nullptr);
