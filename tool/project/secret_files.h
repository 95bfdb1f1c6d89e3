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

// The credential scan of shipped files, one file at a time, for whoever reads them (the scan pass
// below, or the build's one reader: build/content_feed.h). One caller at a time.
class ShippedFileScan {
 public:
  explicit ShippedFileScan(std::string project_dir, ScanLimits limits = ScanLimits());
  // How much of a file to read: a file is scanned whole up to this size, never past it.
  uint64_t read_cap() const;
  // Scans the bytes read from `source` (at most read_cap() + 1 of them).
  void Add(const std::string& source, const std::string& bytes);
  // A file that could not be read: an error.
  void AddReadError(const std::string& source, const std::string& err);
  // Appends what was found in `source` order (however the files came), then one note naming the
  // files too large to scan. False when an error was added.
  bool Finish(std::vector<Diagnostic>* diags);

 private:
  std::string prefix_;  // project_dir + "/"
  ScanLimits limits_;
  bool ok_ = true;
  std::vector<Diagnostic> found_;
  std::vector<std::string> skipped_;  // sources
};

// Reads `path`'s first `limit` + 1 bytes at most (so that "over the limit" is known without
// reading the rest), straight into `out`, sized from fstat (a file read whole has no slack).
bool ReadFilePrefix(const std::string& path, uint64_t limit, std::string* out, std::string* err);

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
