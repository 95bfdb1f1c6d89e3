#include "project/backend_config.h"

#include <sys/stat.h>

#include <algorithm>

#include "core/path_glob.h"
#include "core/string_util.h"
#include "core/toml_util.h"
#include "spec/names.h"

bool MatchesRule(const PathRule& rule, const std::string& path) {
  switch (rule.syntax) {
    case PatternSyntax::kLiteral:
      return path == rule.pattern || StartsWith(path, rule.pattern + "/");
    case PatternSyntax::kGlob: {
      std::string pattern = rule.pattern;
      while (pattern.size() > 1 && pattern.back() == '/') pattern.pop_back();
      if (StartsWith(pattern, "./")) pattern = pattern.substr(2);
      if (WildMatch(pattern, path)) return true;
      for (size_t slash = path.find('/'); slash != std::string::npos;
           slash = path.find('/', slash + 1))
        if (WildMatch(pattern, path.substr(0, slash))) return true;
      return false;
    }
    case PatternSyntax::kGlobFile:
      return WildMatch(rule.pattern, path);
    case PatternSyntax::kGitignore: {
      Gitignore spec;
      spec.AddPatterns(rule.pattern);
      return spec.MatchesSpec(path);
    }
  }
  return false;
}

std::vector<std::string> ApplySteps(const std::vector<SelectionStep>& steps,
                                    const std::vector<std::string>& candidates) {
  // Gitignore specs are parsed once per step, not once per file.
  std::vector<Gitignore> specs(steps.size());
  for (size_t i = 0; i < steps.size(); ++i)
    if (steps[i].rule.syntax == PatternSyntax::kGitignore)
      specs[i].AddPatterns(steps[i].rule.pattern);
  std::vector<std::string> out;
  for (const std::string& path : candidates) {
    bool selected = false;
    for (size_t i = 0; i < steps.size(); ++i) {
      bool hit = steps[i].rule.syntax == PatternSyntax::kGitignore
                     ? specs[i].MatchesSpec(path)
                     : MatchesRule(steps[i].rule, path);
      if (hit) selected = steps[i].include;
    }
    if (selected) out.push_back(path);
  }
  return out;
}

std::string MapWheelPath(const std::vector<PathMapping>& mappings, const std::string& path) {
  for (const PathMapping& m : mappings) {
    if (m.from.empty()) return m.to + path;
    if (!m.from.empty() && m.from.back() == '/') {
      if (StartsWith(path, m.from)) return m.to + path.substr(m.from.size());
    } else if (path == m.from) {
      return m.to;
    }
  }
  return path;
}

SelectionStep Include(PatternSyntax syntax, std::string pattern, std::string origin) {
  return SelectionStep{true, PathRule{syntax, std::move(pattern), std::move(origin)}};
}

SelectionStep Exclude(PatternSyntax syntax, std::string pattern, std::string origin) {
  return SelectionStep{false, PathRule{syntax, std::move(pattern), std::move(origin)}};
}

void AddProjectFilesToSdist(const Project& project, FileRules* rules) {
  if (project.has_pyproject) {
    rules->sdist.push_back(Include(PatternSyntax::kLiteral, "pyproject.toml", "pyproject.toml"));
    rules->sdist_required.push_back("pyproject.toml");
  }
  if (!project.meta.readme.path.empty()) {
    rules->sdist.push_back(
        Include(PatternSyntax::kLiteral, project.meta.readme.path, "project.readme"));
    rules->sdist_required.push_back(project.meta.readme.path);
  }
  for (const std::string& f : project.meta.license_files) {
    rules->sdist.push_back(Include(PatternSyntax::kLiteral, f, "project.license-files"));
    rules->sdist_required.push_back(f);
  }
}

const toml::table* TableAt(const toml::table& doc, const std::string& dotted) {
  const toml::table* t = &doc;
  for (const std::string& part : Split(dotted, '.')) {
    if (!t) return nullptr;
    t = SubTable(*t, {part});
  }
  return t;
}

Diagnostic ConfigError(const Project& project, const toml::node* node, const std::string& field,
                       const std::string& message) {
  Diagnostic d;
  d.path = project.pyproject_path.empty() ? "pyproject.toml" : project.pyproject_path;
  if (node) {
    d.line = static_cast<int>(node->source().begin.line);
    d.column = static_cast<int>(node->source().begin.column);
  }
  d.field = field;
  d.message = message;
  return d;
}

bool ReadStringArray(const Project& project, const toml::table* table, const std::string& key,
                     const std::string& field, std::vector<std::string>* out,
                     std::vector<Diagnostic>* diags, bool* present) {
  if (present) *present = false;
  if (!table) return true;
  const toml::node* n = table->get(key);
  if (!n) return true;
  if (present) *present = true;
  const toml::array* arr = n->as_array();
  if (!arr) {
    diags->push_back(ConfigError(project, n, field, "must be an array of strings"));
    return false;
  }
  std::vector<std::string> values;
  for (const toml::node& item : *arr) {
    auto s = item.value<std::string>();
    if (!s) {
      diags->push_back(ConfigError(project, &item, field, "must be an array of strings"));
      return false;
    }
    if (s->empty()) {
      diags->push_back(ConfigError(project, &item, field, "entries cannot be empty strings"));
      return false;
    }
    values.push_back(*s);
  }
  *out = values;
  return true;
}

bool ReadString(const Project& project, const toml::table* table, const std::string& key,
                const std::string& field, std::string* out, std::vector<Diagnostic>* diags,
                bool* present) {
  if (present) *present = false;
  if (!table) return true;
  const toml::node* n = table->get(key);
  if (!n) return true;
  if (present) *present = true;
  auto s = n->value<std::string>();
  if (!s) {
    diags->push_back(ConfigError(project, n, field, "must be a string"));
    return false;
  }
  *out = *s;
  return true;
}

bool ReadBool(const Project& project, const toml::table* table, const std::string& key,
              const std::string& field, bool* out, std::vector<Diagnostic>* diags) {
  if (!table) return true;
  const toml::node* n = table->get(key);
  if (!n) return true;
  auto b = n->value<bool>();
  if (!b) {
    diags->push_back(ConfigError(project, n, field, "must be true or false"));
    return false;
  }
  *out = *b;
  return true;
}

std::string DefaultImportName(const std::string& dist_name) { return FilenameName(dist_name); }

std::string FindModule(const SourceTree& tree, const std::string& root_dir,
                       const std::string& import_name, bool* is_package) {
  std::string rel = import_name;
  std::replace(rel.begin(), rel.end(), '.', '/');
  std::string base = root_dir.empty() ? rel : root_dir + "/" + rel;
  // A package with __init__.py, a namespace part (a directory of modules, when dotted), a module.
  if (tree.HasFile(base + "/__init__.py")) {
    *is_package = true;
    return base;
  }
  if (import_name.find('.') != std::string::npos && tree.HasDir(base)) {
    *is_package = true;
    return base;
  }
  if (tree.HasFile(base + ".py")) {
    *is_package = false;
    return base + ".py";
  }
  return "";
}

std::string WheelDataDir(const Project& project) {
  return FilenameName(project.meta.name) + "-" + project.meta.version + ".data/";
}

std::vector<std::string> ListFilesOnDisk(const std::string& root, const std::string& rel) {
  std::vector<std::string> out;
  struct stat st;
  std::string abs = root + "/" + rel;
  if (stat(abs.c_str(), &st) != 0) return out;
  if (S_ISREG(st.st_mode)) {
    out.push_back(rel);
    return out;
  }
  if (!S_ISDIR(st.st_mode)) return out;
  for (const std::string& name : DirectoryNames(abs)) {
    std::string child = rel + "/" + name;
    bool is_dir = stat((root + "/" + child).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    if (IsAlwaysExcludedName(name, is_dir)) continue;
    std::vector<std::string> sub = ListFilesOnDisk(root, child);
    out.insert(out.end(), sub.begin(), sub.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}
