// FileRules: the common shape every backend's file-selection configuration is read into
// (backend_flit.cc, backend_hatch.cc, backend_setuptools.cc, backend_uv.cc, backend_pyrelease.cc).
// A rule list is an ordered series of include/exclude steps over the project's candidate files
// (SourceTree): a file is selected when the last step that matches it is an include. Wheel paths
// are then rewritten by the first matching prefix mapping ("src/" -> "", "share/" ->
// "<dist>-<ver>.data/data/").
#pragma once

#include <toml++/toml.h>

#include <map>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/gitignore.h"
#include "project/pyproject.h"
#include "project/source_tree.h"

enum class PatternSyntax {
  kLiteral,    // an exact project-relative path (a directory covers everything below it)
  kGlob,       // GlobMatch over the path or any of its parent directories (flit, uv)
  kGlobFile,   // GlobMatch over the whole path only (MANIFEST.in, setuptools package-data)
  kGitignore,  // a whole gitignore-style spec, one pattern a line, read as hatch reads it
               // (pathspec GitIgnoreSpec: the last matching line decides, '!' negates)
};

struct PathRule {
  PatternSyntax syntax = PatternSyntax::kGlob;
  std::string pattern;
  std::string origin;  // where it was configured, for messages: "tool.flit.sdist.include"
};

struct SelectionStep {
  bool include = true;
  PathRule rule;
};

struct PathMapping {
  std::string from;  // project-relative prefix ending in '/', or an exact file path
  std::string to;    // replacement prefix in the wheel
};

struct FileRules {
  std::string config_table;  // "tool.flit", "tool.hatch.build", ... named in messages
  std::vector<SelectionStep> sdist;
  std::vector<SelectionStep> wheel;
  std::vector<PathMapping> wheel_paths;
  // Project paths that must end up in the archive; excluding one is an error (flit's "crucial
  // files", a package's __init__.py).
  std::vector<std::string> sdist_required;
  std::vector<std::string> wheel_required;
  // Extra inputs for the depfile (MANIFEST.in, ...), project-relative.
  std::vector<std::string> config_inputs;
  // Files that are candidates of one archive even though the VCS ignores them (hatch
  // force-include of generated files), project-relative.
  std::vector<std::string> extra_sdist_candidates;
  std::vector<std::string> extra_wheel_candidates;
  // Files whose exclusion the backend decides otherwise than the native selection, with why
  // (hatchling's own reading of .gitignore): reasons of the path decision, project-relative.
  std::vector<std::pair<std::string, std::string>> unreproduced;
  // sdist members whose content the backend rewrites (pdm-backend's pyproject.toml): path ->
  // the bytes written instead of the file's.
  std::map<std::string, std::string> sdist_generated;
  // setuptools: the sdist's egg-info lies at the project root (no package-dir ""), where
  // setuptools-scm reads its scm_version.json again when the wheel is built from the sdist, so the
  // wheel's version file keeps the sdist's commit id.
  bool sdist_egg_info_at_root = false;
};

// Steps are applied in order to every candidate; the last matching step decides.
bool MatchesRule(const PathRule& rule, const std::string& path);
std::vector<std::string> ApplySteps(const std::vector<SelectionStep>& steps,
                                    const std::vector<std::string>& candidates);
// The wheel path of a project path ("" when no mapping applies: the path is kept).
std::string MapWheelPath(const std::vector<PathMapping>& mappings, const std::string& path);

// Convenience constructors.
SelectionStep Include(PatternSyntax syntax, std::string pattern, std::string origin);
SelectionStep Exclude(PatternSyntax syntax, std::string pattern, std::string origin);

// The files every sdist carries whatever the backend: pyproject.toml, the readme, license files.
void AddProjectFilesToSdist(const Project& project, FileRules* rules);

// Reading [tool.*] tables with positions for diagnostics.
const toml::table* TableAt(const toml::table& doc, const std::string& dotted);
// Reads an optional string array at `table[key]`; false (with an error naming `field`) when the
// value is not an array of strings. An absent key leaves `out` untouched and sets *present false.
bool ReadStringArray(const Project& project, const toml::table* table, const std::string& key,
                     const std::string& field, std::vector<std::string>* out,
                     std::vector<Diagnostic>* diags, bool* present = nullptr);
bool ReadString(const Project& project, const toml::table* table, const std::string& key,
                const std::string& field, std::string* out, std::vector<Diagnostic>* diags,
                bool* present = nullptr);
bool ReadBool(const Project& project, const toml::table* table, const std::string& key,
              const std::string& field, bool* out, std::vector<Diagnostic>* diags);
// An error at `node`'s position in pyproject.toml (or without position when node is null).
Diagnostic ConfigError(const Project& project, const toml::node* node, const std::string& field,
                       const std::string& message);

// Module discovery shared by the readers: the import name a project's dist name implies
// ("My-Pkg.x" -> "my_pkg_x"), and where a module named `import_name` (dots for namespace parts)
// lives under `root_dir` ("" or "src"): the package directory or the .py file, or "".
std::string DefaultImportName(const std::string& dist_name);
std::string FindModule(const SourceTree& tree, const std::string& root_dir,
                       const std::string& import_name, bool* is_package);

// Every regular file below `rel` (a file or directory under `root`), ignore files notwithstanding
// but without bytecode and caches, project-relative and sorted.
std::vector<std::string> ListFilesOnDisk(const std::string& root, const std::string& rel);

// "<escaped name>-<version>.data/" for wheel data directories.
std::string WheelDataDir(const Project& project);

// One reader per backend; each fills `rules` from its own tables (and defaults).
bool ReadFlitRules(const Project& project, const SourceTree& tree, FileRules* rules,
                   std::vector<Diagnostic>* diags);
bool ReadHatchRules(const Project& project, const SourceTree& tree, FileRules* rules,
                    std::vector<Diagnostic>* diags);
bool ReadSetuptoolsRules(const Project& project, const SourceTree& tree, FileRules* rules,
                         std::vector<Diagnostic>* diags);
bool ReadUvRules(const Project& project, const SourceTree& tree, FileRules* rules,
                 std::vector<Diagnostic>* diags);
bool ReadPdmRules(const Project& project, const SourceTree& tree, FileRules* rules,
                  std::vector<Diagnostic>* diags);
bool ReadPyreleaseRules(const Project& project, const SourceTree& tree, FileRules* rules,
                        std::vector<Diagnostic>* diags);
bool ReadPoetryRules(const Project& project, const SourceTree& tree, FileRules* rules,
                     std::vector<Diagnostic>* diags);

// The [tool.*] keys each native reader implements, as dotted paths ('*' = any one key; a key whose
// value is a table of user-chosen names ends in '.*'). The build-path decision
// (project/build_path.h) sends a project with any other key in its backend's table to the backend.
const std::vector<std::string>& FlitImplementedKeys();
const std::vector<std::string>& HatchImplementedKeys();
const std::vector<std::string>& SetuptoolsImplementedKeys();
const std::vector<std::string>& UvImplementedKeys();
const std::vector<std::string>& PyreleaseImplementedKeys();
const std::vector<std::string>& PdmImplementedKeys();
const std::vector<std::string>& PoetryImplementedKeys();
// Whether pdm-backend's selection and sdist pyproject.toml are reproduced for `project` (dir and
// doc set): false with *why naming what is not (a pattern, a path both included and excluded by
// patterns of different weight, a date in pyproject.toml).
bool PdmBuildIsReproduced(const Project& project, std::string* why);
// Whether poetry-core's file choice is reproduced for the project in `dir` (pyproject.toml parsed
// into `doc`): false with *why (and *at, the entry in `doc`, when there is one) naming what is not
// (a glob pattern, a symbolic link, a project below its git root, a missing package).
bool PoetryBuildIsReproduced(const std::string& dir, const toml::table& doc, std::string* why,
                             const toml::node** at);
// The classifiers poetry-core 2.5 generates for a [project] table without (or with an empty)
// project.classifiers (ProjectPackage.all_classifiers): [tool.poetry] classifiers plus the Python
// versions requires-python admits (spec/poetry_constraint.h). False with *why and *at when that is
// not reproduced: a requires-python form poetry reads its own way, a [tool.poetry.dependencies]
// python or a [tool.poetry] license (which poetry-core also turns into classifiers).
bool PoetryGeneratedClassifiers(const toml::table& doc, std::vector<std::string>* out,
                                std::string* why, const toml::node** at);
