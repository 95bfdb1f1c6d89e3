// Dynamic metadata the way real projects declare it, resolved without running Python:
// flit's `__version__` and module docstring, hatch's regex version source, setuptools'
// [tool.setuptools.dynamic] attr/file. Errors name the file (and the config key) at fault.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

#include "spec/metadata.h"

// Where a module lives, found as flit finds it: <name>/ or <name>.py, at the root or under src/.
struct ModuleLocation {
  std::string name;      // import name ("pkg" or "ns.pkg")
  std::string rel_path;  // "src/pkg" (package dir) or "pkg.py"
  bool is_package = false;
};
bool FindModule(const std::string& root, const std::string& import_name, ModuleLocation* out,
                std::string* err);

// flit's module name for a project: [tool.flit.module] name, else the project name with '-' -> '_'.
std::string FlitModuleName(const toml::table& doc, const std::string& project_name);

// The first top-level `<name> = "<str>"` (or `<name>: <type> = "<str>"`, or `<name>` among the
// targets of a chained `a = <name> = "<str>"`) in Python source.
// false when absent; `*err` set (and false) when the value is not a plain string literal.
bool FindStringAssignment(std::string_view source, std::string_view name, std::string* value,
                          std::string* err);

// A top-level `from <module> import <x> [as <name>]` that binds `name` (parenthesized lists
// included): `module` as written (".mod", "..pkg.mod", "pkg.mod") and the imported `x`. false
// when no such import binds `name`.
bool FindImportOf(std::string_view source, std::string_view name, std::string* module,
                  std::string* imported);

// The string literal `name` holds in the module file `rel` (project-relative), following
// re-exports (`from .mod import __version__`) statically to the module that assigns it, as
// importing the module would. `import_roots` are where absolute imports are looked up ("",
// "src"). false with `err` when there is no literal to find (a computed value needs the backend).
bool FindModuleString(const std::string& root, const std::string& rel, const std::string& name,
                      const std::vector<std::string>& import_roots, std::string* value,
                      std::string* found_in, std::string* err);

// The module docstring (cleaned like inspect.cleandoc); false when there is none.
bool ModuleDocstring(std::string_view source, std::string* doc);

// flit_core reads a dynamic version and description from the module's AST and imports the module
// when either is not there as a literal (flit_core/common.py get_info_from_module): true, with
// `why` naming the file, when that import would happen for the fields wanted. A module that
// cannot be found is the loader's error, not an import: false.
bool FlitReadsModuleByImport(const std::string& root, const toml::table& doc,
                             const std::string& project_name, bool want_version,
                             bool want_description, std::string* why);

// What went wrong while resolving a dynamic field: a message and, when a config key is at fault,
// that key ("tool.hatch.version.path") and its node for line:column.
struct DynamicError {
  std::string message;
  std::string key;
  const toml::node* node = nullptr;
  bool computed = false;  // the value is there but not a literal: the backend would import it
};

// The version string (not yet validated or normalized) for a project listing "version" in
// project.dynamic, found by `backend`'s rules. `from` describes the source ("src/pkg/__init__.py").
bool ResolveDynamicVersion(const std::string& root, const toml::table& doc, Backend backend,
                           const std::string& project_name, std::string* version, std::string* from,
                           DynamicError* err);

// flit: the first line of the module docstring; setuptools: [tool.setuptools.dynamic]
// description = {file = "..."} (one line).
bool ResolveDynamicDescription(const std::string& root, const toml::table& doc, Backend backend,
                               const std::string& project_name, std::string* summary,
                               DynamicError* err);

// setuptools [tool.setuptools.dynamic] readme = {file = [...], content-type = "..."}.
bool ResolveDynamicReadme(const std::string& root, const toml::table& doc, Readme* out,
                          DynamicError* err);

// setuptools [tool.setuptools.dynamic] dependencies = {file = [...]} (requirements-file lines,
// comments and blank lines dropped). `found` false when not configured.
bool ResolveDynamicDependencies(const std::string& root, const toml::table& doc,
                                std::vector<std::string>* deps, DynamicError* err);
// setuptools [tool.setuptools.dynamic] classifiers = {file = [...]}: one classifier a line.
bool ResolveDynamicClassifiers(const std::string& root, const toml::table& doc,
                               std::vector<std::string>* out, DynamicError* err);
bool ResolveDynamicOptionalDependencies(
    const std::string& root, const toml::table& doc,
    std::vector<std::pair<std::string, std::vector<std::string>>>* out, DynamicError* err);
