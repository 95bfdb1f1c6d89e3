// The files of a project that are candidates for shipping: everything under the project root that
// the VCS does not ignore. Inside a git checkout this is `git ls-files -co --exclude-standard`
// (tracked + untracked-but-not-ignored); elsewhere (or when git is missing) a directory walk that
// applies .git/info/exclude and every .gitignore from the checkout root down. Some things are never
// candidates: VCS and tool caches (.git, .hg, .tox, .venv, __pycache__, ...), *.pyc/*.pyo,
// *.egg-info, the build output (dist/ and build/ at the root) and any CMake build tree (a directory
// holding CMakeCache.txt).
//
// Symbolic links: a link to a directory is never followed (`pkg/loop -> .` would nest the project
// in itself); a link to a file inside the project is a candidate like the file. A link that
// resolves outside the project, a FIFO, a device or a socket is listed with the reason in
// `unsafe`: file selection refuses it, with an error, when it would ship. git lists no FIFO,
// device or socket, so git mode looks for them in the directories it lists (and in subdirectories
// holding no listed file that git does not ignore); one that git ignores stays out, as in the walk.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

struct SourceTree {
  std::string root;                // absolute project root
  std::vector<std::string> files;  // project-relative, '/'-separated, sorted, regular files
                                   // (and the `unsafe` entries)
  std::map<std::string, std::string> unsafe;  // rel -> why it must not ship ("a FIFO", ...)
  std::set<std::string> dirs;                 // every directory holding a candidate ("" = root)
  std::vector<std::string> ignore_files;      // absolute paths of the ignore files consulted
  bool from_git = false;                      // true when git ls-files produced the list
  std::vector<std::string> tracked;           // git-tracked files, sorted (empty unless from_git)
  std::set<std::string> executable;           // the files with the owner's x bit (links followed)
  // The files that are symbolic links (to a regular file inside the project), sorted: what
  // FindSdistLinks examines, so that no file is stat'ed again to find them.
  std::vector<std::string> file_links;
  // Symbolic links to directories among the candidates: never followed, but a backend's
  // file walk may follow them (hatchling does), so they are reasons of the path decision.
  std::vector<std::string> dir_links;

  bool HasFile(const std::string& rel) const;
  bool IsTracked(const std::string& rel) const;
  bool HasDir(const std::string& rel) const { return dirs.count(rel) > 0; }
  bool IsExecutable(const std::string& rel) const { return executable.count(rel) > 0; }
  // The candidates below `dir` ("" = all), sorted.
  std::vector<std::string> FilesUnder(const std::string& dir) const;
};

// Lists the candidates of `root`. `use_git` false forces the walk (tests compare both ways).
bool ScanSourceTree(const std::string& root, bool use_git, SourceTree* out, std::string* err);

// The special files (FIFO, socket, device) in `root` that a PEP 517 backend might open and hang
// on, whatever git and .gitignore say (a backend may not read a nested .gitignore, and flit_core
// takes all of its module directory): every directory is read (names and d_type only) except
// the ones no backend takes and the walk skips too (IsAlwaysExcludedName: VCS metadata, caches,
// virtual environments; build outputs). Links are followed, as backends follow them, to
// directories inside `root` (each walked once) and to special files ("a symbolic link to a
// FIFO"). rel -> "a FIFO", ..., sorted.
std::map<std::string, std::string> FindSpecialFiles(const std::string& root);

// Names that never ship whatever the configuration says (bytecode, caches, VCS metadata).
bool IsAlwaysExcludedName(const std::string& name, bool is_dir);
