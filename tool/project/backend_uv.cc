// uv_build's file choice ([tool.uv.build-backend]): the module(s) `module-name` (default: the
// normalized dist name, '-'/'.' as '_') under `module-root` (default "src"; "" = project root),
// `data` directories as <dist>.data/<key>/; the sdist adds pyproject.toml, readme, licenses, the
// data directories and `source-include` globs (anchored). `source-exclude` (unanchored unless it
// starts with '/') applies to both archives, `wheel-exclude` to the wheel only.
#include <algorithm>

#include "core/string_util.h"
#include "project/backend_config.h"

namespace {

// uv's excludes are unanchored: "*.bak" matches at any depth, "/x" only at the root.
std::string UvExcludeGlob(const std::string& pattern) {
  if (StartsWith(pattern, "/")) return pattern.substr(1);
  if (StartsWith(pattern, "**/")) return pattern;
  return "**/" + pattern;
}

}  // namespace

bool ReadUvRules(const Project& project, const SourceTree& tree, FileRules* rules,
                 std::vector<Diagnostic>* diags) {
  rules->config_table = "tool.uv.build-backend";
  const std::string t = "tool.uv.build-backend";
  const toml::table* cfg = TableAt(project.doc, t);
  std::string module_root = "src";
  bool ok = ReadString(project, cfg, "module-root", t + ".module-root", &module_root, diags);
  while (StartsWith(module_root, "./")) module_root = module_root.substr(2);
  while (!module_root.empty() && module_root.back() == '/') module_root.pop_back();
  if (module_root == ".") module_root.clear();

  std::vector<std::string> modules;
  const toml::node* name_node = cfg ? cfg->get("module-name") : nullptr;
  if (name_node && name_node->is_array()) {
    ok = ReadStringArray(project, cfg, "module-name", t + ".module-name", &modules, diags) && ok;
  } else {
    std::string m = DefaultImportName(project.meta.name);
    ok = ReadString(project, cfg, "module-name", t + ".module-name", &m, diags) && ok;
    modules.push_back(m);
  }
  bool namespace_ok = false;
  ok = ReadBool(project, cfg, "namespace", t + ".namespace", &namespace_ok, diags) && ok;
  std::vector<std::string> source_include, source_exclude, wheel_exclude;
  ok = ReadStringArray(project, cfg, "source-include", t + ".source-include", &source_include,
                       diags) &&
       ok;
  ok = ReadStringArray(project, cfg, "source-exclude", t + ".source-exclude", &source_exclude,
                       diags) &&
       ok;
  ok =
      ReadStringArray(project, cfg, "wheel-exclude", t + ".wheel-exclude", &wheel_exclude, diags) &&
      ok;
  if (!ok) return false;

  std::string prefix = module_root.empty() ? "" : module_root + "/";
  for (const std::string& module : modules) {
    std::string rel = module;
    std::replace(rel.begin(), rel.end(), '.', '/');
    std::string dir = prefix + rel;
    std::string init = dir + (EndsWith(module, "-stubs") ? "/__init__.pyi" : "/__init__.py");
    std::string path;
    if (tree.HasFile(init)) {
      path = dir;
      rules->wheel_required.push_back(init);
      rules->sdist_required.push_back(init);
    } else if (namespace_ok && tree.HasDir(dir)) {
      path = dir;
    } else if (tree.HasFile(dir + ".py")) {
      path = dir + ".py";
    } else {
      diags->push_back(ConfigError(
          project, name_node ? name_node : cfg, t + ".module-name",
          "expected a module at " + init + " (set module-root/module-name, or namespace = true)"));
      return false;
    }
    rules->wheel.push_back(Include(PatternSyntax::kLiteral, path, t + ".module-name"));
    rules->sdist.push_back(Include(PatternSyntax::kLiteral, path, t + ".module-name"));
  }
  if (!prefix.empty()) rules->wheel_paths.push_back({prefix, ""});

  if (const toml::node* data = cfg ? cfg->get("data") : nullptr) {
    const toml::table* dt = data->as_table();
    if (!dt) {
      diags->push_back(ConfigError(project, data, t + ".data", "must be a table"));
      return false;
    }
    for (const auto& [key, value] : *dt) {
      std::string k(key.str());
      if (k != "purelib" && k != "platlib" && k != "headers" && k != "scripts" && k != "data") {
        diags->push_back(ConfigError(project, &value, t + ".data." + k,
                                     "unknown key (expected purelib, platlib, headers, scripts "
                                     "or data)"));
        return false;
      }
      auto dir = value.value<std::string>();
      if (!dir) {
        diags->push_back(ConfigError(project, &value, t + ".data." + k, "must be a string"));
        return false;
      }
      std::string d = *dir;
      while (!d.empty() && d.back() == '/') d.pop_back();
      if (!tree.HasDir(d)) {
        diags->push_back(
            ConfigError(project, &value, t + ".data." + k, "directory '" + d + "' does not exist"));
        return false;
      }
      rules->wheel.push_back(Include(PatternSyntax::kLiteral, d, t + ".data." + k));
      rules->wheel_paths.insert(rules->wheel_paths.begin(),
                                {d + "/", WheelDataDir(project) + k + "/"});
      rules->sdist.push_back(Include(PatternSyntax::kLiteral, d, t + ".data." + k));
    }
  }

  AddProjectFilesToSdist(project, rules);
  for (const std::string& g : source_include)
    rules->sdist.push_back(
        Include(PatternSyntax::kGlob, StartsWith(g, "/") ? g.substr(1) : g, t + ".source-include"));
  for (const std::string& g : source_exclude) {
    rules->sdist.push_back(Exclude(PatternSyntax::kGlob, UvExcludeGlob(g), t + ".source-exclude"));
    rules->wheel.push_back(Exclude(PatternSyntax::kGlob, UvExcludeGlob(g), t + ".source-exclude"));
  }
  for (const std::string& g : wheel_exclude)
    rules->wheel.push_back(Exclude(PatternSyntax::kGlob, UvExcludeGlob(g), t + ".wheel-exclude"));
  return true;
}

const std::vector<std::string>& UvImplementedKeys() {
  static const std::vector<std::string> keys = {
      "tool.uv.build-backend.module-root",    "tool.uv.build-backend.module-name",
      "tool.uv.build-backend.namespace",      "tool.uv.build-backend.source-include",
      "tool.uv.build-backend.source-exclude", "tool.uv.build-backend.wheel-exclude",
      "tool.uv.build-backend.data.*"};
  return keys;
}
