// Versions from git, computed the way setuptools-scm (>= 10, vcs-versioning) computes them for the
// two plugins that use it: hatch-vcs ([tool.hatch.version] source = "vcs", and its build hook
// [tool.hatch.build.hooks.vcs] version-file) and setuptools-scm itself ([tool.setuptools_scm], or
// setuptools-scm in build-system.requires with a dynamic version). Reproduced: the version schemes
// guess-next-dev (the default), no-guess-dev, post-release, only-version and
// python-simplified-semver / semver-pep440; the local schemes node-and-date, no-local-version and
// dirty-tag; a `git describe` command of known options; parentdir_prefix_version. Every other
// setting is a reason for the backend path (VcsVersionIsReproduced), never a silent difference.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "spec/metadata.h"

struct Project;

enum class VcsPlugin { kNone, kHatchVcs, kSetuptoolsScm };

// setuptools-scm's version schemes reproduced here (vcs_versioning/_version_schemes/_standard.py).
enum class ScmVersionScheme {
  kGuessNextDev,      // "guess-next-dev": 1.2.3 + N commits -> 1.2.4.devN
  kNoGuessDev,        // "no-guess-dev": 1.2.3.post1.devN
  kPostRelease,       // "post-release": 1.2.3.postN
  kOnlyVersion,       // "only-version": always the tag
  kSimplifiedSemver,  // "python-simplified-semver" / "semver-pep440": 1.2.4.devN (1.3.0 on a
                      // branch whose name holds "feature")
};

// What a project asks of its VCS-version plugin, read from pyproject.toml.
struct VcsVersionConfig {
  VcsPlugin plugin = VcsPlugin::kNone;
  bool version_from_vcs = false;  // false for a hatch project with only the vcs build hook
  std::string fallback_version;   // hatch-vcs fallback-version / setuptools-scm fallback_version
  bool local_version = true;      // false with local_scheme = "no-local-version"
  bool local_dirty_tag = false;   // local_scheme = "dirty-tag": "+dirty" on a dirty tree, else none
  ScmVersionScheme scheme = ScmVersionScheme::kGuessNextDev;
  // git_describe_command's arguments after "git" ({} = setuptools-scm's default describe).
  std::vector<std::string> describe_args;
  // parentdir_prefix_version: without git or PKG-INFO, the version from the directory's name
  // after this prefix ("" = not set).
  std::string parentdir_prefix;
  // The generated version file, project-relative ("" = none): hatch-vcs's build hook version-file,
  // setuptools-scm's version_file / write_to.
  std::string version_file;
  std::string version_file_key;  // the pyproject.toml key it came from, for messages
  // Settings that change the output and are not reproduced: each a reason naming the key.
  std::vector<std::string> unreproduced;
};

// `backend`'s VCS-version configuration; plugin kNone when the project does not use one.
VcsVersionConfig ReadVcsVersionConfig(const toml::table& doc, Backend backend);

// Whether build-system.requires names setuptools-scm (any version or marker).
bool RequiresSetuptoolsScm(const toml::table& doc);

// "hatch-vcs", "setuptools-scm".
std::string VcsPluginName(VcsPlugin plugin);

// What `git describe --dirty --tags --long --match *[0-9]*` (or its fallback) said about HEAD.
struct GitDescription {
  bool has_tag = false;  // false: no matching tag, distance counts every commit
  std::string tag;       // as written ("v1.2.3")
  int64_t distance = 0;
  std::string node;  // "g" + full hash ("" when there is no commit)
  bool dirty = false;
  std::string branch;  // `git rev-parse --abbrev-ref HEAD` (read for the semver schemes only)
};

// Parses describe output ("v1.2.3-4-g<hash>[-dirty]").
bool ParseGitDescribe(const std::string& output, GitDescription* out);

// The version setuptools-scm's schemes (config.scheme, config.local_version) give `d`: exact tag ->
// "1.2.3"; distance N -> "1.2.4.devN+g<node>" with guess-next-dev; dirty adds ".d<YYYYMMDD>" (the
// UTC date of `now_epoch`, which is SOURCE_DATE_EPOCH when set, as setuptools-scm takes it); no
// tag -> from `fallback` or "0.0".
// false with `err` when the tag holds no version (setuptools-scm's tag regex and PEP 440).
bool FormatScmVersion(const GitDescription& d, const VcsVersionConfig& config, int64_t now_epoch,
                      std::string* version, std::string* err);

// Whether `root` is the top of a git checkout (where setuptools-scm asks git, by default).
bool IsGitCheckoutRoot(const std::string& root);

// The version of the project at `root` (whose normalized dist name is used for
// SETUPTOOLS_SCM_PRETEND_VERSION_FOR_<NAME>): a pretend variable, else git (the project must be
// the checkout's root, as the plugins require by default), else, in an unpacked sdist, the
// scm_version.json of a root egg-info (ReadScmFallback) or PKG-INFO's Version. `from` says which
// ("git describe: v1.2.3-4-g...", "PKG-INFO", the variable's name). `node` receives "g" + the full
// commit hash when git or scm_version.json gave the version ("" otherwise).
bool ResolveVcsVersion(const std::string& root, const std::string& dist_name,
                       const VcsVersionConfig& config, std::string* version, std::string* node,
                       std::string* from, std::string* err);

// True when pyrelease reproduces the project's VCS-version plugin exactly (also when it uses
// none). Otherwise false with `reason` naming each plugin setting it does not reproduce, e.g.
// "[tool.setuptools_scm] version_scheme = \"calver-by-date\" is not reproduced natively"; the path
// decision sends such projects to their backend.
bool VcsVersionIsReproduced(const Project& project, std::string* reason);

// The files setuptools-scm's file finder lists for the project at `root`: `git ls-files` without
// export-ignore files and submodules, project-relative ("" when not in a git checkout).
std::vector<std::string> GitTrackedFiles(const std::string& root);

// The generated version file's content, as setuptools-scm's default templates render it (".py":
// the module with __version__, __version_tuple__ and __commit_id__; ".txt": the bare version).
// `commit_id` "" renders None (hatch-vcs's hook passes no commit; an sdist rebuild has none).
// false when the suffix has no default template.
bool RenderVersionFile(const std::string& path, const std::string& version,
                       const std::string& commit_id, std::string* content);

// The commit id the plugin writes into the version file of a build from the git checkout whose
// HEAD is `node` (ResolveVcsVersion): setuptools-scm: its first 10 characters ("g" + 9 hex
// digits); hatch-vcs: "" (None). A wheel built from the sdist gets "" from both.
std::string VersionFileCommitId(const std::string& node, const VcsVersionConfig& config);

// The git files a version from `git describe` depends on, for the depfile (absolute paths, only
// those that exist: Ninja reruns a step forever whose input is missing): HEAD; the branch it points
// to, or when that ref is packed, the directory its loose file would appear in; packed-refs; the
// tags directory (a new tag changes its mtime); a reftable's table list; the index (a commit, a
// `git add` rewrite it) and every tracked file (dirty-state detection). Worktrees (`.git` a file
// "gitdir: ...") read HEAD and index from their own git dir and refs from the common one. [] when
// `root` has no .git.
std::vector<std::string> GitStateInputs(const std::string& root);
