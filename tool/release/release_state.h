// The record of a release in progress: which steps finished, and the sha256 of every dist they
// acted on. It is what lets `pyrelease release` resume at the step that failed without uploading
// twice, and what the promotion lock checks: production gets exactly the bytes the test index
// verified, or nothing.
#pragma once

#include <string>
#include <vector>

struct ReleaseDist {
  std::string path;    // absolute
  std::string sha256;  // lower-case hex
};

struct ReleaseState {
  std::string name;     // normalized project name
  std::string version;  // normalized
  // Where the test upload went (the upload URL or file-index directory), when `pyrelease upload
  // --test-index` recorded it; an upload there again is not a promotion.
  std::string test_repository;
  std::vector<ReleaseDist> dists;
  std::vector<std::string> done;  // finished step names, in order

  bool Done(const std::string& step) const;
};

// The state file of `name` `version` in `dir`: <dir>/release-<normalized name>-<version>.json. Both
// `pyrelease release` and `pyrelease upload --test-index` keep it next to the dists.
std::string ReleaseStatePath(const std::string& dir, const std::string& name,
                             const std::string& version);

// Reads `path`; a missing file gives an empty state and true. False with `err` (naming the file)
// when it exists but is not a state file.
bool LoadReleaseState(const std::string& path, ReleaseState* out, std::string* err);
bool SaveReleaseState(const std::string& path, const ReleaseState& state, std::string* err);

// The dists of `state` whose bytes on disk differ from the recorded sha256 (or are missing), as
// "file: recorded <hash>, now <hash>" lines. Empty when every dist is as recorded.
std::vector<std::string> ChangedDists(const ReleaseState& state);
