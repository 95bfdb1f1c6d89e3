// Which files ship: the sdist and wheel file lists of a project, chosen the way its declared build
// backend chooses them ([tool.flit.*], [tool.hatch.build.*], [tool.setuptools] + MANIFEST.in,
// [tool.uv.build-backend], or our own [tool.pyrelease]), minus VCS-ignored files (git ls-files
// inside a checkout, .gitignore rules otherwise), minus bytecode, and with secret-looking files
// (.env, *.pem, id_rsa, .pypirc, ...; spec/secret_policy.h) refused unless git tracks them (then a
// warning) or [tool.pyrelease] allow-secrets names them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "project/pyproject.h"

struct SelectedFile {
  std::string source;  // absolute path on disk
  std::string
      archive_path;  // '/'-separated path inside the archive: for sdists relative to the
                     // "{name}-{version}/" root; for wheels the final path in the wheel
                     // (including "<dist>-<ver>.data/data/..." for data files), never dist-info
  bool executable = false;
  // A file the build generates (a VCS-version plugin's version file): `content` is written
  // instead of reading `source`, which may not exist.
  bool generated = false;
  std::string content;
  // The file as the credential scan read it (null: the writers read `source`). Shared by the sdist
  // and the wheel, so a file is read once and both archives ship exactly the bytes scanned.
  std::shared_ptr<const std::string> bytes;
};

struct FileSelection {
  // Sorted by archive_path; includes pyproject.toml, readme, licenses, ...; PKG-INFO is NOT
  // included (the sdist writer generates it).
  std::vector<SelectedFile> sdist;
  // Sorted; the importable packages/modules + package data (+ .data/ files). License files are NOT
  // included: the wheel writer puts meta.license_files under .dist-info/licenses/.
  std::vector<SelectedFile> wheel;
  // Every file and directory whose change must trigger a rebuild (for the CMake depfile): the
  // selected files, pyproject.toml, MANIFEST.in, .gitignore files, and the directories scanned (so
  // that a new file is noticed). Absolute paths, sorted, unique.
  std::vector<std::string> inputs;
  // The project's symbolic links to directories (SourceTree::dir_links), project-relative.
  std::vector<std::string> dir_links;
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
