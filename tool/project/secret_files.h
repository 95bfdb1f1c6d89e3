// The build side of the secret policy (spec/secret_policy.h): which secret-looking files the user
// allowed, and the content scan of every file that goes into the archives being built.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "project/file_selection.h"
#include "spec/secret_policy.h"

// True when one of `allowed` (globs, matched against the project-relative path or one of its
// parent directories; a pattern without '/' also matches the file name) covers `rel_path`.
bool SecretIsAllowed(const std::string& rel_path, const std::vector<std::string>& allowed);

// Reads every file of the archives being built once (a file in both is read once) and scans it for
// live credentials. Each live credential is an error at file:line; a private key that is a test
// fixture is a warning; files too large to scan are named in one note. False when an error was
// added. `project_dir` makes the diagnostics' paths absolute.
bool ScanShippedFiles(const std::string& project_dir, const FileSelection& selection, bool sdist,
                      bool wheel, std::vector<Diagnostic>* diags,
                      const ScanLimits& limits = ScanLimits());
