// Which files ship: the sdist and wheel file lists of a project, chosen the way its declared build
// backend chooses them ([tool.flit.*], [tool.hatch.build.*], [tool.setuptools] + MANIFEST.in,
// [tool.uv.build-backend], or our own [tool.pyrelease]), minus VCS-ignored files (git ls-files
// inside a checkout, .gitignore rules otherwise), minus bytecode, and with secret-looking files
// (.env, *.pem, id_rsa, .pypirc, ...; spec/secret_policy.h) refused unless git tracks them (then a
// warning) or [tool.pyrelease] allow-secrets names them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostics.h"
#include "project/pyproject.h"

struct SelectedFile {
  // The file on disk: relative to FileSelection::root ('/'-separated, as the project lists it), or
  // absolute (a file from outside the project: a native build's output, a staged copy); empty when
  // it is `archive_path` itself (every sdist file), so that each path is stored once. The absolute
  // path is FileSelection::Source(file), built when it is needed.
  std::string path;
  std::string
      archive_path;  // '/'-separated path inside the archive: for sdists relative to the
                     // "{name}-{version}/" root; for wheels the final path in the wheel
                     // (including "<dist>-<ver>.data/data/..." for data files), never dist-info
  bool executable = false;
  // A file the build generates (a VCS-version plugin's version file): `bytes` holds what is
  // written instead of reading the source, which may not exist.
  bool generated = false;
  // The file as the credential scan read it (null: the writers read the source), or a generated
  // file's content. Shared by the sdist and the wheel, so a file is read once and both archives
  // ship exactly the bytes scanned.
  std::shared_ptr<const std::string> bytes;

  // `path`, or `archive_path` when `path` is empty: the same string for the same file in both
  // lists, relative or absolute as stored.
  const std::string& source_key() const { return path.empty() ? archive_path : path; }
};

// A symbolic link among an sdist's files, stored as the backends store them (project/sdist_links).
struct SdistLinks {
  // Archive path -> the link's text: written as link members.
  std::map<std::string, std::string> text;
  // Links the native writer does not store as the backends do (archive path, why): a link to a
  // directory, to a file outside the sdist, an absolute or escaping text. Their target's bytes are
  // stored instead, so `--backend auto` takes the backend path for them.
  std::vector<std::pair<std::string, std::string>> unsupported;
};

struct FileSelection {
  // The project directory, absolute: what a relative SelectedFile::path is relative to.
  std::string root;
  // Sorted by archive_path; includes pyproject.toml, readme, licenses, ...; PKG-INFO is NOT
  // included (the sdist writer generates it).
  std::vector<SelectedFile> sdist;
  // Sorted; the importable packages/modules + package data (+ .data/ files). License files are NOT
  // included: the wheel writer puts meta.license_files under .dist-info/licenses/.
  std::vector<SelectedFile> wheel;
  // What must trigger a rebuild (for the CMake depfile) besides the shipped files themselves:
  // pyproject.toml, MANIFEST.in, .gitignore files and the directories scanned (so that a new file
  // is noticed). Absolute paths, sorted, unique. DepfileInputs() adds the project files of both
  // lists when the depfile is written, so that no path is stored a third time.
  std::vector<std::string> tree_inputs;
  // Inputs added after the selection (a native build's outputs, the libraries vendored, ...),
  // absolute: a file from outside the project (an absolute SelectedFile::path) is a depfile input
  // only when named here.
  std::vector<std::string> inputs;
  // The project's symbolic links to directories (SourceTree::dir_links), project-relative.
  std::vector<std::string> dir_links;
  // Files the backend's own walk excludes or keeps otherwise than the native one (FileRules::
  // unreproduced): reasons of the path decision, (project-relative path, why).
  std::vector<std::pair<std::string, std::string>> unreproduced;
  // The links among the sdist's files (FindSdistLinks), found once by SelectFiles for the path
  // decision and the sdist writer from what the source tree's walk saw (no file stat'ed again).
  // Unset in a selection made by other means: then its users look for them (SdistLinksOf).
  std::optional<SdistLinks> sdist_links;

  // The absolute path of `file` on disk.
  std::string Source(const SelectedFile& file) const;
  // Every input of the depfile, absolute, sorted and unique: `tree_inputs`, `inputs` and the
  // source of every project file (a relative path) that is not generated.
  std::vector<std::string> DepfileInputs() const;
};

// Fills `out` for `project` (project.dir, project.doc and project.meta must be set: name, version,
// readme.path, license_files, backend). Returns false with at least one error in `diags` (naming
// the file or the pyproject.toml key) when the selection is impossible or unsafe: no importable
// package found, a configured path missing, a secret file that would ship. Warnings may be added
// on success.
struct SelectOptions {
  // The archives being built: secret-looking names are judged only in their file lists.
  bool sdist = true;
  bool wheel = true;
};
bool SelectFiles(const Project& project, FileSelection* out, std::vector<Diagnostic>* diags,
                 const SelectOptions& options = SelectOptions());
// The wheel as `python -m build` and pip build it: from the sdist's files. Drops every wheel file
// whose source the sdist leaves out (a MANIFEST.in exclude, [tool.flit.sdist] exclude, ...) and
// adds a warning naming them; the wheel built straight from the tree would have shipped them, and
// installing from the sdist would give a different package.
void RestrictWheelToSdist(const Project& project, FileSelection* selection,
                          std::vector<Diagnostic>* diags);
