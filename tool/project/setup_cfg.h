// setuptools' declarative configuration: the [metadata] and [options] sections of setup.cfg, read
// as setuptools 84 reads them for a project whose pyproject.toml has no [project] table, or that
// has no pyproject.toml at all (config/setupcfg.py, dist.py, _core_metadata.py). What it
// reproduces becomes the metadata model and, for the file choice, the [tool.setuptools] keys
// backend_setuptools.cc reads; every other key is named in `unreproduced`, and the build goes to
// setuptools.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <utility>
#include <vector>

#include "core/diagnostics.h"
#include "core/ini_file.h"
#include "spec/metadata.h"

struct SetupCfgProject {
  Metadata meta;  // backend = kSetuptools
  // [options]' packages, package_dir, py_modules, include_package_data (default false here, true
  // in pyproject.toml), packages.find, package_data, exclude_package_data, as [tool.setuptools].
  toml::table tool_setuptools;
  // The files `file:` directives read, in order: setuptools' sdist ships them (_referenced_files).
  std::vector<std::string> referenced_files;
  // What setuptools would make of setup.cfg that is not reproduced: where ("setup.cfg:12:1") and
  // why. Empty = the native builder reproduces it.
  std::vector<std::pair<std::string, std::string>> unreproduced;
};

// Whether `dir`/setup.cfg has a [metadata] section (the project's metadata lives there).
bool HasSetupCfgMetadata(const std::string& dir);

// Whether a [bdist_wheel] or [wheel] section body (trimmed `key = value` lines) sets only the pure
// wheel's python tag (python_tag, universal), which ReadSetupCfgProject reproduces.
bool SetsOnlyPythonTag(const std::vector<std::string>& body);

// Reads `dir`/setup.cfg. False, with diagnostics naming setup.cfg and the line, for what setuptools
// refuses too (a syntax error, a file: outside the project, an invalid version); keys it would read
// but the native builder does not are listed in out->unreproduced instead.
bool ReadSetupCfgProject(const std::string& dir, SetupCfgProject* out,
                         std::vector<Diagnostic>* diags);
