// `pyrelease preflight`: the checklist a release must pass before anything is uploaded. Each item
// passes, fails with the reason, or is skipped on purpose (--skip ITEM); every item runs, then the
// verdict. Items:
//   git-clean      no uncommitted or untracked change in a file that ships
//   tag            when HEAD is on a tag (or --tag names one), it names the project's version
//   index-version  the version is newer than every version on the target index (--index-url)
//   changelog      the changelog has an entry for the version
//   readme         the project declares a readme
//   license        the project declares a license (expression, text or files)
//   build-check    `pyrelease build` then `pyrelease check --strict` on the result (this covers
//                  secrets and the sdist/wheel consistency warnings, which --strict fails)
//   command:NAME   each project command ([tool.pyrelease.preflight] commands, or --command)
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "release/release_project.h"

struct PreflightOptions {
  std::string project_dir;     // absolute
  std::string index_url;       // simple index (URL or directory) for index-version; "" = skipped
  std::string changelog_file;  // relative to the project; "" = the usual names
  std::string pyrelease;       // this executable, for build-check
  // The tag to compare with the version instead of the one on HEAD ("" = HEAD's): in CI, the tag
  // that triggered the job.
  std::string tag;
  std::vector<std::string> skip;  // item names; "command:*" (a trailing *) skips every match
  // Run only these items (same patterns; empty = all); the others are not reported at all. The
  // CMake package runs one item per CTest test this way.
  std::vector<std::string> only;
  bool list_only = false;  // report every item's name without running anything
  // name -> shell command, run in the project directory; added to those pyproject.toml declares.
  std::vector<std::pair<std::string, std::string>> commands;
  // Which backend tells the metadata when only it knows the version, and the same choice as
  // `pyrelease build` arguments for build-check (--backend, -C, --no-isolation, --python).
  ReleaseBackend backend;
  std::vector<std::string> build_args;
};

enum class PreflightStatus { kPass, kFail, kSkip };

struct PreflightItem {
  std::string name;
  PreflightStatus status = PreflightStatus::kPass;
  std::string detail;
  std::string output;  // what a failing command or build printed
  double seconds = 0;
};

// Runs every item, calling `on_item` as each finishes. False (with `err`) only when the project
// cannot be loaded at all; failed items are reported through `items`. Only pyproject.toml is read
// for --list-items and for items that need no metadata (the commands, build-check); the metadata
// comes from the backend only when the native loader cannot tell what it computes
// (release_project.h).
bool RunPreflight(const PreflightOptions& options,
                  const std::function<void(const PreflightItem&)>& on_item,
                  std::vector<PreflightItem>* items, std::string* err);
