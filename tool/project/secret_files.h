// The build side of the secret policy (spec/secret_policy.h): which secret-looking files the user
// allowed, and the content scan of every file that goes into the archives being built.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
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
struct ScannedContent;
bool ScanShippedFiles(const std::string& project_dir, const FileSelection& selection, bool sdist,
                      bool wheel, std::vector<Diagnostic>* diags,
                      const ScanLimits& limits = ScanLimits(), ScannedContent* keep = nullptr);

// What the scan read whole, kept for the archive writers (source path -> bytes): with it each file
// is opened and read once for the scan and both archives. At most `budget` bytes are kept (the
// files past it are read again by the writers), so memory stays bounded on large projects.
struct ScannedContent {
  uint64_t budget = 16ull << 20;
  uint64_t kept = 0;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> files;
};

// Sets SelectedFile::bytes of every sdist and wheel file `content` holds, then empties `content`
// (its path index would cost memory for the rest of the build).
void AttachScannedContent(ScannedContent* content, FileSelection* selection);
