// The backend path: build through the project's own PEP 517 backend, as `python -m build` does.
//
// An isolated environment (uv venv + uv pip install when uv is on PATH and can honour the user's
// pip configuration, else python -m venv + pip) gets build-system.requires and whatever the
// get_requires_for_build_* hooks add; the hooks run in a small script pyrelease ships
// (pep517_hooks.py, embedded at build time). With both archives the sdist is built first and the
// wheel from the unpacked sdist. Everything happens in directories made with core/owned_dir.h; the
// archives are moved into the output directory only when every requested one was built, so a
// failure leaves nothing there.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "project/build_path.h"

struct Pep517Options {
  std::string python =
      "python3";          // the interpreter that creates the environment (or runs the hooks)
  bool isolation = true;  // false: the hooks run in `python` itself (--no-isolation)
  std::vector<std::pair<std::string, std::string>> config_settings;  // -C KEY=VALUE, in order
  bool verbose = false;            // print the backend's output on success too
  std::string installer = "auto";  // auto: uv when CanUseUv(), else pip; or "uv" / "pip"
};

struct Pep517Outputs {
  std::string sdist;  // absolute paths in the output directory ("" when not requested)
  std::string wheel;
  std::string log;  // the captured output of the environment set-up and the hooks
};

// Builds the requested archives of the project in `project_dir` into `outdir` (which exists).
// False with `err` saying which step failed; out->log then holds the backend's output.
bool BuildWithBackend(const std::string& project_dir, const BuildPathDecision& decision,
                      const Pep517Options& options, bool want_sdist, bool want_wheel,
                      const std::string& outdir, Pep517Outputs* out, std::string* err);

// The wheel's core metadata (METADATA text) through prepare_metadata_for_build_wheel, or from a
// built wheel when the backend has no such hook; `wheel_name` is the built wheel's file name when
// one was built, else "".
bool WheelMetadataWithBackend(const std::string& project_dir, const BuildPathDecision& decision,
                              const Pep517Options& options, std::string* metadata,
                              std::string* wheel_name, std::string* log, std::string* err);

// The config_settings object PEP 517 hooks receive: a key given twice becomes a list (as build
// does). As JSON text.
std::string ConfigSettingsJson(const std::vector<std::pair<std::string, std::string>>& settings);

// Whether uv may create the environment: it is on PATH and no pip configuration file sets an
// option uv would not see (PIP_* variables are translated). `why_not` says what stopped it.
bool CanUseUv(std::string* uv_path, std::string* why_not);
