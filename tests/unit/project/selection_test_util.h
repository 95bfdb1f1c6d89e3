// Helpers for the file-selection tests: a temporary project directory and a Project filled by hand
// from its pyproject.toml (name, version, readme path, license files), independent of LoadProject.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/path_glob.h"
#include "core/string_util.h"
#include "core/subprocess.h"
#include "project/file_selection.h"
#include "project/pyproject.h"
#include "project/source_tree.h"
#include "test_support.h"

// A project directory inside a ScopedTempDir (one level down, so that the deletion guard's marker
// file is not one of the project's files), removed with it through the guard.
class TempProject {
 public:
  TempProject() : dir_(owner_.path + "/project") { mkdir(dir_.c_str(), 0755); }
  const std::string& dir() const { return dir_; }

  void Write(const std::string& rel, const std::string& text, bool executable = false) {
    std::string path = dir_ + "/" + rel;
    for (size_t s = path.find('/', dir_.size() + 1); s != std::string::npos;
         s = path.find('/', s + 1))
      mkdir(path.substr(0, s).c_str(), 0755);
    std::ofstream(path) << text;
    if (executable) chmod(path.c_str(), 0755);
  }

  // Copies a fixture from tests/projects/<name> (outside any git checkout).
  void CopyFixture(const std::string& name) {
    SubprocessResult r;
    std::string err;
    RunSubprocess({"cp", "-a", std::string(PYRELEASE_TEST_PROJECTS_DIR) + "/" + name + "/.", dir_},
                  {}, &r, &err);
  }

  void Git(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"git", "-c", "user.name=t", "-c", "user.email=t@example.org"};
    argv.insert(argv.end(), args.begin(), args.end());
    SubprocessOptions opt;
    opt.cwd = dir_;
    SubprocessResult r;
    std::string err;
    RunSubprocess(argv, opt, &r, &err);
  }

 private:
  ScopedTempDir owner_;
  std::string dir_;
};

// A Project for `dir` without LoadProject: [project] name/version/readme/license-files only.
inline bool ProjectFromDir(const std::string& dir, Project* p, std::string* err) {
  p->dir = dir;
  p->pyproject_path = dir + "/pyproject.toml";
  std::ifstream in(p->pyproject_path);
  p->pyproject_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  toml::parse_result r = toml::parse(p->pyproject_text, p->pyproject_path);
  if (!r) {
    *err = std::string(r.error().description());
    return false;
  }
  p->doc = std::move(r).table();
  p->meta.name = p->doc["project"]["name"].value_or(std::string());
  p->meta.version = p->doc["project"]["version"].value_or(std::string("0.0.0"));
  if (auto readme = p->doc["project"]["readme"].value<std::string>()) p->meta.readme.path = *readme;
  if (auto file = p->doc["project"]["readme"]["file"].value<std::string>())
    p->meta.readme.path = *file;
  if (const toml::array* globs = p->doc["project"]["license-files"].as_array()) {
    SourceTree tree;
    std::string e;
    ScanSourceTree(dir, false, &tree, &e);
    for (const toml::node& g : *globs)
      for (const std::string& f : tree.files)
        if (WildMatch(g.value_or(std::string()), f)) p->meta.license_files.push_back(f);
  }
  return true;
}

inline std::vector<std::string> Paths(const std::vector<SelectedFile>& files) {
  std::vector<std::string> out;
  for (const SelectedFile& f : files) out.push_back(f.archive_path);
  return out;
}

inline std::string Messages(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const Diagnostic& d : diags) out += FormatDiagnostic(d) + "\n";
  return out;
}
