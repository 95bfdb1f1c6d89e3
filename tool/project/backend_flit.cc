// flit_core's file choice: the module ([tool.flit.module] name, default the dist name with '-' as
// '_'; "<m>/", "<m>.py", "src/<m>/" or "src/<m>.py"; dotted names are namespace packages), plus
// [tool.flit.external-data] directory as <dist>.data/data/; the sdist adds pyproject.toml, the
// readme, the license files and [tool.flit.sdist] include/exclude globs (directories recursive).
#include <algorithm>

#include "project/backend_config.h"

bool ReadFlitRules(const Project& project, const SourceTree& tree, FileRules* rules,
                   std::vector<Diagnostic>* diags) {
  rules->config_table = "tool.flit";
  const toml::table* module_table = TableAt(project.doc, "tool.flit.module");
  std::string module = project.meta.name;
  std::replace(module.begin(), module.end(), '-', '_');
  bool ok = ReadString(project, module_table, "name", "tool.flit.module.name", &module, diags);

  bool in_root = false, in_src = false;
  std::string root_path = FindModule(tree, "", module, &in_root);
  std::string src_path = FindModule(tree, "src", module, &in_src);
  const toml::node* name_node = module_table ? module_table->get("name") : nullptr;
  if (!root_path.empty() && !src_path.empty()) {
    diags->push_back(ConfigError(project, name_node, "tool.flit.module.name",
                                 "module '" + module + "' found both as " + root_path + " and " +
                                     src_path + "; flit refuses to choose"));
    return false;
  }
  std::string path = root_path.empty() ? src_path : root_path;
  bool is_package = root_path.empty() ? in_src : in_root;
  if (path.empty()) {
    diags->push_back(ConfigError(project, name_node, "tool.flit.module.name",
                                 "no module '" + module + "' found (looked for " + module +
                                     "/__init__.py, " + module + ".py, src/" + module +
                                     "/__init__.py and src/" + module +
                                     ".py); set [tool.flit.module] name"));
    return false;
  }
  std::string crucial =
      is_package && tree.HasFile(path + "/__init__.py") ? path + "/__init__.py" : path;
  if (!src_path.empty()) rules->wheel_paths.push_back({"src/", ""});

  rules->wheel.push_back(Include(PatternSyntax::kLiteral, path, "tool.flit.module"));
  rules->wheel_required.push_back(crucial);
  rules->sdist.push_back(Include(PatternSyntax::kLiteral, path, "tool.flit.module"));
  rules->sdist_required.push_back(crucial);

  const toml::table* data = TableAt(project.doc, "tool.flit.external-data");
  std::string data_dir;
  bool has_data = false;
  ok = ReadString(project, data, "directory", "tool.flit.external-data.directory", &data_dir, diags,
                  &has_data) &&
       ok;
  if (has_data) {
    while (!data_dir.empty() && data_dir.back() == '/') data_dir.pop_back();
    if (!tree.HasDir(data_dir)) {
      diags->push_back(ConfigError(project, data->get("directory"),
                                   "tool.flit.external-data.directory",
                                   "directory '" + data_dir + "' does not exist"));
      return false;
    }
    rules->wheel.push_back(
        Include(PatternSyntax::kLiteral, data_dir, "tool.flit.external-data.directory"));
    rules->wheel_paths.insert(rules->wheel_paths.begin(),
                              {data_dir + "/", WheelDataDir(project) + "data/"});
    rules->sdist.push_back(
        Include(PatternSyntax::kLiteral, data_dir, "tool.flit.external-data.directory"));
  }

  AddProjectFilesToSdist(project, rules);
  const toml::table* sdist = TableAt(project.doc, "tool.flit.sdist");
  std::vector<std::string> include, exclude;
  ok = ReadStringArray(project, sdist, "include", "tool.flit.sdist.include", &include, diags) && ok;
  ok = ReadStringArray(project, sdist, "exclude", "tool.flit.sdist.exclude", &exclude, diags) && ok;
  for (const std::string& g : include)
    rules->sdist.push_back(Include(PatternSyntax::kGlob, g, "tool.flit.sdist.include"));
  for (const std::string& g : exclude)
    rules->sdist.push_back(Exclude(PatternSyntax::kGlob, g, "tool.flit.sdist.exclude"));
  return ok;
}

const std::vector<std::string>& FlitImplementedKeys() {
  static const std::vector<std::string> keys = {"tool.flit.module.name", "tool.flit.sdist.include",
                                                "tool.flit.sdist.exclude",
                                                "tool.flit.external-data.directory"};
  return keys;
}
