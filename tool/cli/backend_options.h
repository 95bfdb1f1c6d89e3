// The options `build`, `metadata`, `preflight` and `release` share to choose the build path:
// --backend auto|native|pep517, -C/--config-setting, --no-isolation, --python, --installer; and the
// decision they lead to.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "build/pep517_build.h"
#include "project/build_path.h"

struct BackendOptions {
  std::string mode = "auto";
  std::vector<std::string> config_settings;  // KEY=VALUE as given
  Pep517Options pep517;
};

// `python_option` names the backend's interpreter: `release` calls it --backend-python, since its
// --python is verify's; `verbose_option` adds -v,--verbose (release shows no backend output).
void AddBackendOptions(CLI::App* app, BackendOptions* options,
                       const std::string& python_option = "--python", bool verbose_option = true);

// Fills options->pep517.config_settings from the -C KEY=VALUE strings as given.
void ParseConfigSettings(BackendOptions* options);

// The same options as `pyrelease build` arguments (for a build run as a child process).
std::vector<std::string> BuildArguments(const BackendOptions& options);

// Decides the path for the project in `project_dir`. Prints the diagnostics; with --backend native
// on a project that needs its backend, prints every reason. False = exit 1. `parsed` (optional)
// receives pyproject.toml as read and parsed, for LoadProject.
bool ChooseBuildPath(const std::string& project_dir, BackendOptions* options,
                     BuildPathDecision* decision, bool* use_backend,
                     ParsedPyproject* parsed = nullptr);

// The rest of the decision once the native loader has selected the project's files: the reasons
// its files show (AddFileSelectionReasons; links among the sdist's files only when `sdist` is
// built). With --backend native and a reason, prints every reason: false = exit 1. Under auto a
// reason sets *use_backend.
bool DecideAfterSelection(const BackendOptions& options, const FileSelection& selection, bool sdist,
                          BuildPathDecision* decision, bool* use_backend);

// With --backend auto, a project whose native load failed only because its version is computed
// (a `__version__` built by code, an attribute the static reader cannot follow) goes to its
// backend, which imports the module as setuptools and flit do: true, with the reason added to
// `decision`.
bool VersionNeedsBackend(const BackendOptions& options, const std::vector<Diagnostic>& diags,
                         BuildPathDecision* decision);

// The one line `build` prints (to stderr: stdout keeps only the "built ..." lines): which path and
// why.
std::string BuildPathLine(const BuildPathDecision& decision, bool use_backend);
