// Loading a project: pyproject.toml parsed with toml++ (source positions kept for diagnostics),
// [build-system] read to know the backend, and [project] turned into a validated Metadata
// (dynamic fields resolved the way the declared backend resolves them).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "spec/metadata.h"

struct Project {
  std::string dir;             // absolute project root (where pyproject.toml is)
  std::string pyproject_path;  // absolute path of pyproject.toml
  std::string pyproject_text;  // its bytes, for diagnostics with a caret
  toml::table doc;             // the parsed document: backend readers look at [tool.*] here
  Metadata meta;
  // "g" + the commit hash when the version came from git through hatch-vcs or setuptools-scm
  // (project/vcs_version.h): the generated version file's commit id is taken from it.
  std::string vcs_node;
  // setuptools without [project]: the metadata came from setup.cfg (project/setup_cfg.h), whose
  // [options] file keys are in doc as [tool.setuptools]; the files its `file:` directives read,
  // which setuptools' sdist ships.
  bool setup_cfg_metadata = false;
  std::vector<std::string> setup_cfg_files;
  bool has_pyproject = true;  // false: setuptools' legacy fallback builds a tree without one
};

// pyproject.toml as the build-path decision read and parsed it (DecideBuildPath), handed on so
// that LoadProject does not read and parse the file a second time.
struct ParsedPyproject {
  bool parsed = false;  // text and doc hold the file
  std::string text;
  toml::table doc;
};

// Loads and validates `dir`/pyproject.toml (setup.cfg's [metadata] for setuptools without
// [project], or without a pyproject.toml at all). On failure returns false with at least one error
// in `diags`, each naming pyproject.toml with line:column or the offending key. With `parsed`
// holding the file (parsed->parsed), its text and document are taken (moved) instead of read again.
bool LoadProject(const std::string& dir, Project* out, std::vector<Diagnostic>* diags,
                 ParsedPyproject* parsed = nullptr);

// The backend's short name: "flit", "hatchling", "setuptools", "uv_build", "pdm-backend",
// "pyrelease" (our own [tool.pyrelease] rules) or "unknown". `metadata --json` reports it as
// `backend`, and users' CMake reads that value, so these spellings are a contract; messages name
// the backend with it too.
const char* BackendName(Backend backend);
