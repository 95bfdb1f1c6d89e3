// What setuptools-scm (>= 10, vcs-versioning) reads instead of git when the project root is no git
// checkout, as in an unpacked sdist: its fallback workdirs, tried in their priority order.
// - MetadataWorkdir: a `<name>.egg-info/scm_version.json` directly at the root (setuptools-scm's
//   egg-info discovery looks nowhere else: a src-layout sdist's src/<name>.egg-info is not found)
//   gives tag, distance, node and dirty, formatted with the project's schemes as git's would be;
//   the scm_file_list.json beside it is the file finder's list.
// - ArchivedWorkdir: a .git_archival.txt that git archive expanded, or a .hg_archival.txt.
// - PkgInfoWorkdir: PKG-INFO's Version as it is; a scm_file_list.json at the root is the list.
// Without a list, setuptools' own finder runs and starts from the egg-info's SOURCES.txt.
#pragma once

#include <string>
#include <vector>

#include "project/vcs_version.h"

struct ScmFallback {
  // The egg-info directory (root-relative) whose scm_version.json gives the version; "" when
  // PKG-INFO (or setuptools-scm's static fallbacks) does.
  std::string metadata_dir;
  GitDescription description;  // from metadata_dir/scm_version.json
  // The file finder's list (root-relative paths as written), when a scm_file_list.json gives one.
  bool has_file_list = false;
  std::string file_list_path;  // root-relative, for messages and the depfile
  std::vector<std::string> files;
  // What setuptools-scm would read here that is not reproduced (an expanded .git_archival.txt, a
  // scm_version.json it cannot read...), each "path: why"; empty when the rest is exact.
  std::vector<std::string> unreproduced;
};

// The fallback setuptools-scm takes at `root` (no git checkout there).
ScmFallback ReadScmFallback(const std::string& root);
