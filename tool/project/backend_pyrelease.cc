// pyrelease's own file choice, used when [build-system] names none of flit, hatchling, setuptools
// or uv_build: [tool.pyrelease] packages (paths of packages or modules; a leading "src/" is dropped
// in the wheel; default: "<name>/", "src/<name>/", "<name>.py", "src/<name>.py", then "a-b" as the
// namespace package "[src/]a/b/"), include/exclude
// (globs for both archives), sdist-include/sdist-exclude (sdist only), wheel-exclude (wheel only:
// the C/C++ sources and CMakeLists.txt inside a package, which the sdist needs to rebuild it, as
// scikit-build-core's wheel.exclude). The sdist holds the wheel's sources plus pyproject.toml, the
// readme and the license files.
#include <algorithm>

#include "core/string_util.h"
#include "project/backend_config.h"

bool ReadPyreleaseRules(const Project& project, const SourceTree& tree, FileRules* rules,
                        std::vector<Diagnostic>* diags) {
  const std::string t = "tool.pyrelease";
  rules->config_table = t;
  const toml::table* cfg = TableAt(project.doc, t);
  std::vector<std::string> packages, include, exclude, sdist_include, sdist_exclude, wheel_exclude;
  bool has_packages = false;
  bool ok =
      ReadStringArray(project, cfg, "packages", t + ".packages", &packages, diags, &has_packages);
  ok = ReadStringArray(project, cfg, "include", t + ".include", &include, diags) && ok;
  ok = ReadStringArray(project, cfg, "exclude", t + ".exclude", &exclude, diags) && ok;
  ok =
      ReadStringArray(project, cfg, "sdist-include", t + ".sdist-include", &sdist_include, diags) &&
      ok;
  ok =
      ReadStringArray(project, cfg, "sdist-exclude", t + ".sdist-exclude", &sdist_exclude, diags) &&
      ok;
  ok =
      ReadStringArray(project, cfg, "wheel-exclude", t + ".wheel-exclude", &wheel_exclude, diags) &&
      ok;
  if (!ok) return false;

  if (!has_packages) {
    std::string name = DefaultImportName(project.meta.name);
    bool is_package = false;
    std::string found = FindModule(tree, "", name, &is_package);
    if (found.empty()) found = FindModule(tree, "src", name, &is_package);
    // "acme-widgets" may be the namespace package acme.widgets.
    std::string dotted = project.meta.name;
    std::replace(dotted.begin(), dotted.end(), '-', '.');
    if (found.empty() && dotted.find('.') != std::string::npos) {
      found = FindModule(tree, "", dotted, &is_package);
      if (found.empty()) found = FindModule(tree, "src", dotted, &is_package);
    }
    if (found.empty()) {
      diags->push_back(ConfigError(project, cfg, t + ".packages",
                                   "no importable package found (looked for " + name +
                                       "/__init__.py, src/" + name + "/__init__.py, " + name +
                                       ".py and src/" + name +
                                       ".py); set [tool.pyrelease] packages = [\"path/to/pkg\"]"));
      return false;
    }
    packages.push_back(found);
  }
  const toml::node* packages_node = cfg ? cfg->get("packages") : nullptr;
  for (std::string p : packages) {
    while (StartsWith(p, "./")) p = p.substr(2);
    while (!p.empty() && p.back() == '/') p.pop_back();
    if (!tree.HasFile(p) && !tree.HasDir(p)) {
      diags->push_back(ConfigError(project, packages_node, t + ".packages",
                                   "'" + p + "' does not exist (or is ignored by the VCS)"));
      return false;
    }
    rules->wheel.push_back(Include(PatternSyntax::kLiteral, p, t + ".packages"));
    rules->sdist.push_back(Include(PatternSyntax::kLiteral, p, t + ".packages"));
    if (tree.HasFile(p + "/__init__.py")) rules->wheel_required.push_back(p + "/__init__.py");
    if (StartsWith(p, "src/")) {
      PathMapping m{tree.HasDir(p) ? p + "/" : p, tree.HasDir(p) ? p.substr(4) + "/" : p.substr(4)};
      rules->wheel_paths.push_back(m);
    }
  }
  for (const std::string& g : include) {
    rules->wheel.push_back(Include(PatternSyntax::kGlob, g, t + ".include"));
    rules->sdist.push_back(Include(PatternSyntax::kGlob, g, t + ".include"));
  }
  rules->wheel_paths.push_back({"src/", ""});
  AddProjectFilesToSdist(project, rules);
  for (const std::string& g : sdist_include)
    rules->sdist.push_back(Include(PatternSyntax::kGlob, g, t + ".sdist-include"));
  for (const std::string& g : exclude) {
    rules->wheel.push_back(Exclude(PatternSyntax::kGlob, g, t + ".exclude"));
    rules->sdist.push_back(Exclude(PatternSyntax::kGlob, g, t + ".exclude"));
  }
  for (const std::string& g : sdist_exclude)
    rules->sdist.push_back(Exclude(PatternSyntax::kGlob, g, t + ".sdist-exclude"));
  for (const std::string& g : wheel_exclude)
    rules->wheel.push_back(Exclude(PatternSyntax::kGlob, g, t + ".wheel-exclude"));
  return true;
}

const std::vector<std::string>& PyreleaseImplementedKeys() {
  static const std::vector<std::string> keys = {
      "tool.pyrelease.packages",      "tool.pyrelease.include",
      "tool.pyrelease.exclude",       "tool.pyrelease.sdist-include",
      "tool.pyrelease.sdist-exclude", "tool.pyrelease.wheel-exclude"};
  return keys;
}
