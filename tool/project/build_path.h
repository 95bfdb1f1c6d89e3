// Which path builds a project: the native writers, or the project's own PEP 517 backend.
//
// The native builder may run only when its output is provably the backend's: a backend it
// implements, no build hook, metadata hook or plugin it does not implement, no key in that
// backend's [tool.*] table that its reader does not implement (backend_config.h lists them), and
// dynamic values it can resolve. Everything else is a reason naming the cause (backend, plugin,
// hook, key) with file:line:col; no reasons = native. An unknown build-backend is a reason, never
// "treated like setuptools". Only pyproject.toml, setup.cfg and a few file names are read: deciding
// must work on projects the native loader would refuse.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "project/file_selection.h"

struct BuildPathReason {
  std::string where;    // "pyproject.toml:12:1", "setup.py" or "" when nothing to point at
  std::string message;  // "[tool.hatch.build.hooks.vcs] is a build hook"
  std::string Text() const { return where.empty() ? message : where + ": " + message; }
};

struct BuildPathDecision {
  std::string build_backend;  // the object PEP 517 imports, e.g. "hatchling.build"
  std::string backend_label;  // the distribution behind it: "hatchling", "pdm-backend"
  std::vector<std::string> build_requires;  // build-system.requires (or the fallback's)
  std::vector<std::string> backend_path;    // build-system.backend-path, project-relative
  bool legacy_fallback = false;             // no build-backend: setuptools.build_meta:__legacy__
  std::vector<BuildPathReason> reasons;     // why the backend must build it; empty = native

  bool native() const { return reasons.empty(); }
  // The one line `build` prints: "native (flit_core): every setting is reproduced" or
  // "pep517 (hatchling): pyproject.toml:9:1: [tool.hatch.build.hooks.vcs] is a build hook".
  std::string Summary() const;
  // The error of --backend native on a project that needs its backend: every reason, one a line.
  std::string NativeRefusal() const;
};

// The fallback pip and build use when pyproject.toml names no backend (PEP 517).
inline constexpr char kLegacyBackend[] = "setuptools.build_meta:__legacy__";
inline constexpr char kLegacyRequires[] = "setuptools>=40.8.0";

// Decides for the project in `dir`. False (with diagnostics naming pyproject.toml line:col) only
// when the file cannot be read or parsed or [build-system] is malformed. With `parsed`, the file's
// text and document are left there for LoadProject, which then need not read it again.
bool DecideBuildPath(const std::string& dir, BuildPathDecision* out, std::vector<Diagnostic>* diags,
                     ParsedPyproject* parsed = nullptr);

// The reasons only the project's files show, known once the native loader has selected them
// (DecideBuildPath reads pyproject.toml alone): every symbolic link among the sdist's files the
// native writer does not store as the backend does (project/sdist_links.h), and every symbolic link
// to a directory, which the native walk never follows while a backend's may (hatchling stores the
// target's files under the link's path). Each names the link and why. Appended. `sdist` false
// (a wheel alone, which stores a link's target as the backends do) skips the first kind.
void AddFileSelectionReasons(const FileSelection& selection, bool sdist,
                             BuildPathDecision* decision);

// A project whose native load failed only because its version is computed (a `__version__` built
// by code, an attribute the static reader cannot follow): the backend computes it, importing the
// module as setuptools and flit do. True with that reason appended to `decision`; false when any
// other error stands (a missing or invalid version stays the loader's error).
bool AddComputedVersionReason(const std::vector<Diagnostic>& diags, BuildPathDecision* decision);
