// `pyrelease version`: where a project declares its version, the next version by PEP 440 rules,
// and rewriting the declaration in place — static `[project] version`, flit's `__version__`,
// hatch's `path` (regex source), setuptools' `attr:` or `file:`. Versions that come from git tags
// (hatch-vcs, setuptools-scm, pdm's scm source) are never rewritten: the tag is the source.
#pragma once

#include <string>

#include "project/pyproject.h"

struct VersionSource {
  std::string file;         // absolute path of the file holding the version text
  std::string description;  // for messages: "pyproject.toml [project] version"
  size_t offset = 0;        // byte span of the version text in the file (no quotes)
  size_t length = 0;
  std::string from_vcs;  // non-empty: the plugin that derives it from git tags
};

// Locates the version text of a loaded project. False with `err` naming the file and what was
// expected there when it cannot be found exactly once.
bool FindVersionSource(const Project& project, VersionSource* out, std::string* err);

// The version after applying `parts`, a comma-separated list applied left to right, as hatch's
// `version` command does: major, minor, micro|patch|fix, a|alpha, b|beta, c|rc|pre|preview,
// r|rev|post, dev, release (drops pre/post/dev). The result is PEP 440-normalized and must be
// higher than `current`; otherwise false with a hint ("--bump minor,rc").
bool BumpVersion(const std::string& current, const std::string& parts, std::string* next,
                 std::string* err);

// Replaces the version text at `source` with `version` (atomically, keeping the file's mode).
bool WriteVersion(const VersionSource& source, const std::string& version, std::string* err);
