// pdm-backend's file choice ([tool.pdm.build]), as its Builder._collect_files makes it: the
// `includes` (default: the top-level packages under `package-dir`, else its top-level *.py) plus
// the `source-includes` (default "tests") for the sdist, each expanded with Python's glob; the
// `excludes` (plus ".pdm-build", plus the source-includes for the wheel) remove what lies below
// them, and a path both included and excluded goes to the pattern with more parts, then the more
// concrete one, then the exclude. Directories take every file below them but *.pyc, ignore files
// notwithstanding (pdm-backend does not ask the VCS). The sdist adds the readme, the license files
// and pyproject.toml as pdm-backend rewrites it (tomli_w, version resolved); the wheel drops the
// `package-dir/` prefix. project/build_path.cc sends everything else (hooks, wheel-data,
// run-setuptools, custom patterns) to the backend.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/path_glob.h"
#include "core/regular_file.h"
#include "core/string_util.h"
#include "core/tomli_w_writer.h"
#include "project/backend_config.h"
#include "project/python_glob.h"

namespace {

constexpr char kTable[] = "tool.pdm.build";

struct PdmBuildConfig {
  std::vector<std::string> includes, excludes, source_includes;
  std::string package_dir;  // as written, "" = the project root
};

// _merge_globs' weight of a pattern: (number of parts, -wildcards), '**' counting two.
std::pair<int, int> PathWeight(const std::string& pattern) {
  int parts = 0, wildcards = 0;
  bool magic = HasGlobMagic(pattern);
  for (const std::string& p : Split(pattern, '/')) {
    if (p.empty() || p == ".") continue;
    ++parts;
    if (magic && p == "**")
      wildcards += 2;
    else if (magic && HasGlobMagic(p))
      wildcards += 1;
  }
  return {parts, -wildcards};
}

// Path(...).glob("**/*") below `dir`: every file, hidden ones too, not entering linked directories.
void FilesBelow(const std::string& root, const std::string& dir, std::vector<std::string>* out) {
  std::vector<std::string> stack = {dir};
  while (!stack.empty()) {
    std::string d = stack.back();
    stack.pop_back();
    std::vector<std::string> names;
    if (DIR* h = ::opendir((root + "/" + d).c_str())) {
      while (dirent* e = ::readdir(h)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
      }
      ::closedir(h);
    }
    for (const std::string& n : names) {
      std::string rel = d + "/" + n, abs = root + "/" + rel;
      struct stat lst;
      if (::lstat(abs.c_str(), &lst) != 0) continue;
      if (S_ISDIR(lst.st_mode)) {
        stack.push_back(rel);
      } else if (IsRegularFile(abs)) {
        out->push_back(rel);
      }
    }
  }
}

bool Excluded(const std::string& rel, const std::vector<std::string>& excludes) {
  for (const std::string& e : excludes)
    if (rel == e || StartsWith(rel, e + "/")) return true;
  return false;
}

// pdm-backend's file map for one target: project-relative paths.
bool CollectFiles(const Project& project, const PdmBuildConfig& cfg, bool sdist,
                  std::set<std::string>* files, std::string* err) {
  const std::string& root = project.dir;
  std::vector<std::string> includes, excludes = {".pdm-build"};
  std::vector<std::string> source =
      cfg.source_includes.empty() ? std::vector<std::string>{"tests"} : cfg.source_includes;
  excludes.insert(excludes.end(), cfg.excludes.begin(), cfg.excludes.end());
  if (!sdist) excludes.insert(excludes.end(), source.begin(), source.end());
  if (cfg.includes.empty()) {
    std::string base = cfg.package_dir.empty() ? "." : cfg.package_dir;
    if (!IsDirectory(root + "/" + base)) {
      *err = "package-dir '" + base + "' is not a directory";
      return false;
    }
    DIR* h = ::opendir((root + "/" + base).c_str());
    std::vector<std::string> names;
    while (dirent* e = h ? ::readdir(h) : nullptr) names.push_back(e->d_name);
    if (h) ::closedir(h);
    for (const std::string& n : names) {
      if (n == "." || n == ".." || n == "__pycache__" || n == "__pypackages__") continue;
      std::string rel = base + "/" + n;
      if (!IsDirectory(root + "/" + rel)) continue;
      if (IsRegularFile(root + "/" + rel + "/__init__.py") ||
          (EndsWith(n, "-stubs") && IsRegularFile(root + "/" + rel + "/__init__.pyi")))
        includes.push_back(rel);
    }
    if (includes.empty()) includes.push_back(base + "/*.py");
  } else {
    includes = cfg.includes;
  }
  includes.insert(includes.end(), source.begin(), source.end());

  auto expand = [&](const std::vector<std::string>& keys,
                    std::map<std::string, std::vector<std::string>>* out) {
    for (const std::string& key : keys) {
      std::vector<std::string> paths;
      if (!PythonGlob(root, key, &paths, err)) return false;
      for (const std::string& p : paths) (*out)[p].push_back(key);
    }
    return true;
  };
  std::map<std::string, std::vector<std::string>> inc, exc;
  if (!expand(includes, &inc) || !expand(excludes, &exc)) return false;
  std::vector<std::string> include_paths;
  for (const auto& [path, keys] : inc) {
    auto e = exc.find(path);
    if (e == exc.end()) {
      include_paths.push_back(path);
      continue;
    }
    // pdm-backend keeps one pattern per path, whichever its set iteration meets last: decide only
    // when every pairing gives the same answer.
    std::set<bool> outcomes;
    for (const std::string& ik : keys)
      for (const std::string& ek : e->second) outcomes.insert(PathWeight(ik) > PathWeight(ek));
    if (outcomes.size() != 1) {
      *err = "'" + path + "' is both included and excluded by patterns of different weight";
      return false;
    }
    if (*outcomes.begin()) {
      exc.erase(e);
      include_paths.push_back(path);
    }
  }
  std::vector<std::string> exclude_paths;
  for (const auto& [path, keys] : exc) {
    if (HasGlobMagic(path)) {
      *err = "excluded path '" + path + "' holds glob characters (pdm-backend fnmatches it)";
      return false;
    }
    exclude_paths.push_back(path);
  }
  for (const std::string& p : include_paths) {
    if (IsRegularFile(root + "/" + p)) {
      files->insert(p);
      continue;
    }
    std::vector<std::string> below;
    FilesBelow(root, p, &below);
    for (const std::string& f : below)
      if (!EndsWith(f, ".pyc") && !Excluded(f, exclude_paths)) files->insert(f);
  }
  return true;
}

// The pyproject.toml pdm-backend writes into the sdist: the parsed document with the version
// resolved (appended to [project], "version" gone from dynamic), readme and license file paths
// normalized, an empty [tool] when there was none, written by tomli_w.
bool SdistPyproject(const Project& project, std::string* out, std::string* err) {
  toml::table doc = project.doc;
  toml::table* proj = doc.get_as<toml::table>("project");
  if (!proj) {
    *err = "no [project] table";
    return false;
  }
  if (!proj->contains("version")) proj->insert("version", project.meta.version);
  if (toml::array* dyn = proj->get_as<toml::array>("dynamic")) {
    for (auto it = dyn->begin(); it != dyn->end(); ++it) {
      if (it->value<std::string>() == std::optional<std::string>("version")) {
        dyn->erase(it);
        break;
      }
    }
  }
  if (toml::node* readme = proj->get("readme"); readme && !project.meta.readme.path.empty()) {
    if (auto* s = readme->as_string()) s->get() = NormalizeRelativePath(s->get());
    if (auto* t = readme->as_table())
      if (auto* f = t->get_as<std::string>("file")) f->get() = NormalizeRelativePath(f->get());
  }
  if (auto* lic = proj->get_as<toml::table>("license"))
    if (auto* f = lic->get_as<std::string>("file")) f->get() = NormalizeRelativePath(f->get());
  if (!doc.contains("tool")) doc.insert("tool", toml::table());
  std::string bad;
  if (!WriteTomliW(doc, out, &bad, &project.doc)) {
    *err = "'" + bad + "' holds a date or time, which is not rewritten as tomli_w writes it";
    return false;
  }
  return true;
}

bool ReadPdmConfig(const Project& project, PdmBuildConfig* cfg, std::vector<Diagnostic>* diags) {
  const std::string t = kTable;
  const toml::table* table = TableAt(project.doc, t);
  bool ok = ReadStringArray(project, table, "includes", t + ".includes", &cfg->includes, diags);
  ok = ReadStringArray(project, table, "excludes", t + ".excludes", &cfg->excludes, diags) && ok;
  ok = ReadStringArray(project, table, "source-includes", t + ".source-includes",
                       &cfg->source_includes, diags) &&
       ok;
  bool has_dir = false;
  ok = ReadString(project, table, "package-dir", t + ".package-dir", &cfg->package_dir, diags,
                  &has_dir) &&
       ok;
  if (!has_dir) {
    // _get_default_package_dir: "src" when it exists and nothing is included, or when an include
    // lies below src/ and src is not excluded.
    bool below_src = std::any_of(cfg->includes.begin(), cfg->includes.end(), [](const auto& p) {
      std::string n = NormalizeRelativePath(p);
      return n == "src" || StartsWith(n, "src/");
    });
    bool src_excluded =
        std::find(cfg->excludes.begin(), cfg->excludes.end(), "src") != cfg->excludes.end() ||
        std::find(cfg->excludes.begin(), cfg->excludes.end(), "src/") != cfg->excludes.end();
    if ((IsDirectory(project.dir + "/src") && cfg->includes.empty()) ||
        (below_src && !src_excluded))
      cfg->package_dir = "src";
  }
  return ok;
}

}  // namespace

bool ReadPdmRules(const Project& project, const SourceTree& tree, FileRules* rules,
                  std::vector<Diagnostic>* diags) {
  (void)tree;  // pdm-backend reads the disk, not the VCS
  rules->config_table = kTable;
  PdmBuildConfig cfg;
  if (!ReadPdmConfig(project, &cfg, diags)) return false;
  std::set<std::string> sdist, wheel;
  std::string err;
  if (!CollectFiles(project, cfg, true, &sdist, &err) ||
      !CollectFiles(project, cfg, false, &wheel, &err)) {
    diags->push_back(ConfigError(project, TableAt(project.doc, kTable), kTable, err));
    return false;
  }
  // gen_additional_files: the readme and the license files, where they exist.
  if (!project.meta.readme.path.empty()) {
    std::string readme = NormalizeRelativePath(project.meta.readme.path);
    if (IsRegularFile(project.dir + "/" + readme)) sdist.insert(readme);
  }
  for (const std::string& f : project.meta.license_files)
    if (IsRegularFile(project.dir + "/" + f)) sdist.insert(f);
  std::string pyproject;
  if (!SdistPyproject(project, &pyproject, &err)) {
    diags->push_back(ConfigError(project, nullptr, "pyproject.toml", err));
    return false;
  }
  sdist.insert("pyproject.toml");
  rules->sdist_generated["pyproject.toml"] = pyproject;
  for (const std::string& f : sdist) {
    rules->sdist.push_back(Include(PatternSyntax::kLiteral, f, kTable));
    rules->extra_sdist_candidates.push_back(f);
  }
  for (const std::string& f : wheel) {
    rules->wheel.push_back(Include(PatternSyntax::kLiteral, f, kTable));
    rules->extra_wheel_candidates.push_back(f);
  }
  if (!cfg.package_dir.empty()) rules->wheel_paths.push_back({cfg.package_dir + "/", ""});
  return true;
}

bool PdmBuildIsReproduced(const Project& project, std::string* why) {
  PdmBuildConfig cfg;
  std::vector<Diagnostic> diags;
  if (!ReadPdmConfig(project, &cfg, &diags)) {
    *why = diags.empty() ? "[tool.pdm.build] cannot be read" : diags.front().message;
    return false;
  }
  std::set<std::string> files;
  std::string err, text, bad;
  if (!CollectFiles(project, cfg, true, &files, &err) ||
      !CollectFiles(project, cfg, false, &files, &err)) {
    *why = "[tool.pdm.build]: " + err;
    return false;
  }
  if (!WriteTomliW(project.doc, &text, &bad)) {
    *why = "pyproject.toml: '" + bad +
           "' holds a date or time, which pdm-backend rewrites into its sdist in a form not "
           "reproduced natively";
    return false;
  }
  return true;
}

const std::vector<std::string>& PdmImplementedKeys() {
  static const std::vector<std::string> keys = {"tool.pdm.build.includes",
                                                "tool.pdm.build.excludes",
                                                "tool.pdm.build.source-includes",
                                                "tool.pdm.build.package-dir",
                                                "tool.pdm.build.editable-backend",
                                                "tool.pdm.version.source",
                                                "tool.pdm.version.path"};
  return keys;
}
