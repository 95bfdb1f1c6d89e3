// `pyrelease release`: the whole release as one resumable run —
//   preflight → build → check → publish-test → verify-test → publish → verify → tag → push
// Each step is the same `pyrelease <command>` a user would run, so its output and exit status are
// the familiar ones. After each step the state file (release/release_state.h) records it with the
// sha256 of every dist, so a run that stopped half-way resumes at the failed step without
// re-uploading, and refuses to go on when a dist changed since it was verified (the promotion
// lock: production receives exactly the files the test index verified).
#pragma once

#include <string>
#include <vector>

#include "release/release_project.h"

struct ReleaseOptions {
  std::string project_dir;  // absolute
  std::string outdir;       // where the dists go (default <project>/dist)
  std::string state_dir;    // where the state file goes (default: outdir)
  // The dists the build step takes instead of building (CMake's files, native wheels included):
  // manifests from `pyrelease build --manifest` and single files. Both empty = build them.
  std::vector<std::string> manifests, dists;
  std::string pyrelease;  // this executable
  // How `build` runs the backend (--backend, -C, --no-isolation, --backend-python, --installer):
  // the project is loaded so (a version only the backend knows is the backend's answer), and the
  // preflight and build steps get them as `build_args` (build's spelling: --python).
  ReleaseBackend backend;
  std::vector<std::string> build_args;
  // The test index and the production index: an upload URL or directory, or a .pypirc section.
  std::string test_repository_url, test_repository;
  std::string repository_url, repository;
  std::string config_file;  // .pypirc for upload ("" = upload's default)
  // Simple-API URLs (or directories) to verify from; derived when the repository is a directory.
  std::string test_index_url, index_url;
  std::vector<std::string> verify_args;  // --import/--python/--command/--extras for both verifies
  std::vector<std::string> preflight_skip;
  double wait_seconds = 120;  // how long verify waits for an index to list the files
  bool tag = true;
  bool push = false;
  std::string remote = "origin";
  bool dry_run = false;
  bool restart = false;
};

// Runs (or resumes) the release; progress goes to stdout, one line per step with its time. Returns
// the exit status (0 done, 1 a step failed, 2 bad options).
int RunRelease(const ReleaseOptions& options);
