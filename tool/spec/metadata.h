// The metadata model: a project's PEP 621 [project] table, resolved (dynamic values filled in,
// readme read, license files globbed) and validated. pyproject.cc builds it; core metadata,
// sdist and wheel writers read it.
#pragma once

#include <string>
#include <utility>
#include <vector>

struct Person {
  std::string name;
  std::string email;
};

struct Readme {
  std::string text;          // the description, already read from the file
  std::string content_type;  // "text/markdown", "text/x-rst", "text/plain" (+ "; charset=..." etc.)
  std::string path;          // relative to the project root, "" when given inline
};

struct EntryPointGroup {
  std::string group;                                       // "console_scripts", "gui_scripts", ...
  std::vector<std::pair<std::string, std::string>> items;  // name -> "module:attr"
};

// Which build backend [build-system] names; it decides defaults where backends differ.
enum class Backend { kUnknown, kFlit, kHatch, kSetuptools, kUv, kPyrelease, kPdm, kPoetry };

struct Metadata {
  std::string name;     // as written in pyproject.toml
  std::string version;  // PEP 440-normalized
  std::string summary;  // project.description
  Readme readme;
  std::string requires_python;
  std::string license_expression;          // PEP 639 SPDX expression (project.license as a string)
  std::string license_text;                // legacy `license = {text=...}` / `{file=...}` content
  std::vector<std::string> license_files;  // project-relative, '/'-separated, sorted
  // project.license-files was given (pdm-backend writes License-File only then; the default
  // license files still ship under .dist-info/licenses/).
  bool license_files_declared = false;
  std::vector<Person> authors;
  std::vector<Person> maintainers;
  std::vector<std::string> keywords;
  std::vector<std::string> classifiers;
  std::vector<std::pair<std::string, std::string>> urls;  // label -> URL, in file order
  // The pre-PEP 621 fields setuptools writes from setup.cfg (project/setup_cfg.h): Home-page,
  // Download-URL and Platform. [project] has no key for them.
  std::string home_page;
  std::string download_url;
  std::vector<std::string> platforms;
  // setup.cfg's [bdist_wheel] python_tag (or universal = 1: "py2.py3") for a setuptools project
  // without [project]; "" = the backend's default python tag.
  std::string wheel_python_tag;
  std::vector<std::string> dependencies;  // PEP 508 strings
  std::vector<std::pair<std::string, std::vector<std::string>>> optional_dependencies;
  std::vector<EntryPointGroup> entry_points;  // console_scripts / gui_scripts first, then others
  std::vector<std::string> dynamic;           // project.dynamic as written ("version", ...)
  // PEP 794: project.import-names / import-namespaces, sorted, each "name" or "name; private".
  bool has_import_names = false;  // import-names given (an empty list is meaningful)
  std::vector<std::string> import_names;
  std::vector<std::string> import_namespaces;
  Backend backend = Backend::kUnknown;
};
