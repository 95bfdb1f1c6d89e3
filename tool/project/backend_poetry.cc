// poetry-core's file choice ([tool.poetry] packages / include / exclude), as its Builder,
// SdistBuilder and WheelBuilder make it (poetry-core 2): the packages of the format being built
// (the default package named after the project, at the root or under src/, when none is declared
// for that format), then the `include` entries of that format (default format: sdist). A directory
// takes every file below it, hidden ones too; a file is dropped when it or a parent directory is
// excluded: bytecode and __pycache__ always, the files git ignores (`git ls-files --others -i
// --exclude-standard`) and the `exclude` entries unless an `include` of that format names them.
// An `include` file ships even when excluded. Wheel paths drop a package's `from` and add its `to`.
// The sdist adds the license files, the readme and pyproject.toml as they are. An `include` or
// `exclude` glob stands for its matches (Path.glob: project/python_glob.h). Package globs, build
// scripts and everything else are judged by PoetryBuildIsReproduced and left to the backend.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <optional>
#include <set>

#include "core/path_glob.h"
#include "core/regular_file.h"
#include "core/string_util.h"
#include "core/subprocess.h"
#include "project/backend_config.h"
#include "project/python_glob.h"
#include "spec/names.h"
#include "spec/poetry_constraint.h"

namespace {

constexpr char kTable[] = "tool.poetry";

struct PoetryEntry {
  std::string path;  // packages.include or include.path, normalized
  std::string from, to;
  std::set<std::string> formats;
  bool package = false;
  const toml::node* node = nullptr;
};

struct PoetryConfig {
  std::vector<PoetryEntry> packages, includes;
  std::vector<std::string> excludes;
  const toml::node* exclude_node = nullptr;
};

// A relative path without '..', '\\' or a leading '/' (and without glob magic unless `glob`: the
// include and exclude entries, which Collector::Elements expands): the entries reproduced here.
bool PlainPath(const std::string& p, const std::string& what, std::string* why, bool glob = false) {
  std::string n = NormalizeRelativePath(p);
  if (p.empty() || p[0] == '/' || p.find('\\') != std::string::npos || (HasGlobMagic(p) && !glob) ||
      n == "." || n == ".." || StartsWith(n, "../")) {
    *why = what + " '" + p +
           "' is a glob pattern or a path outside the project, which poetry-core expands with "
           "pathlib (not reproduced natively)";
    return false;
  }
  return true;
}

// An include/exclude entry as kept: a glob pattern as written (PathlibGlob judges a trailing '/'),
// a path normalized.
std::string GlobOrPath(const std::string& entry) {
  return HasGlobMagic(entry) ? entry : NormalizeRelativePath(entry);
}

bool ReadFormats(const toml::table& t, std::set<std::string> defaults, std::set<std::string>* out,
                 std::string* why) {
  const toml::node* f = t.get("format");
  if (!f) {
    *out = defaults;
    return true;
  }
  if (auto s = f->value<std::string>()) {
    out->insert(*s);
  } else if (const toml::array* a = f->as_array()) {
    for (const auto& e : *a)
      if (auto s = e.value<std::string>()) out->insert(*s);
  }
  for (const auto& x : *out) {
    if (x != "sdist" && x != "wheel") {
      *why = "format '" + x + "' is neither sdist nor wheel";
      return false;
    }
  }
  return true;
}

// Reads [tool.poetry] packages/include/exclude; false with *why (and *at) for what is not
// reproduced natively.
bool ReadPoetryConfig(const toml::table& doc, PoetryConfig* cfg, std::string* why,
                      const toml::node** at) {
  const toml::table* t = doc.at_path(kTable).as_table();
  if (!t) return true;
  if (const toml::node* n = t->get("packages")) {
    *at = n;
    const toml::array* a = n->as_array();
    if (!a) {
      *why = "tool.poetry.packages must be an array of tables";
      return false;
    }
    for (const auto& e : *a) {
      *at = &e;
      const toml::table* et = e.as_table();
      PoetryEntry p;
      p.package = true;
      p.node = &e;
      auto inc = et ? et->get_as<std::string>("include") : nullptr;
      if (!inc) {
        *why = "tool.poetry.packages entries need an include string";
        return false;
      }
      p.path = NormalizeRelativePath(inc->get());
      if (!PlainPath(inc->get(), "tool.poetry.packages include", why)) return false;
      for (auto [key, out] : {std::pair{"from", &p.from}, std::pair{"to", &p.to}}) {
        if (const toml::node* v = et->get(key)) {
          auto s = v->value<std::string>();
          if (!s || !PlainPath(*s, std::string("tool.poetry.packages ") + key, why)) {
            if (!s) *why = std::string("tool.poetry.packages ") + key + " must be a string";
            *at = v;
            return false;
          }
          *out = NormalizeRelativePath(*s);
        }
      }
      for (const auto& [k, v] : *et) {
        std::string key(k.str());
        if (key != "include" && key != "from" && key != "to" && key != "format") {
          *at = &v;
          *why = "tool.poetry.packages key '" + key + "' is not reproduced natively";
          return false;
        }
      }
      if (!ReadFormats(*et, {"sdist", "wheel"}, &p.formats, why)) return false;
      cfg->packages.push_back(p);
    }
  }
  if (const toml::node* n = t->get("include")) {
    const toml::array* a = n->as_array();
    if (!a) {
      *at = n;
      *why = "tool.poetry.include must be an array";
      return false;
    }
    for (const auto& e : *a) {
      *at = &e;
      PoetryEntry p;
      p.node = &e;
      std::optional<std::string> path = e.value<std::string>();
      if (const toml::table* et = e.as_table()) {
        if (auto s = et->get_as<std::string>("path")) path = s->get();
        for (const auto& [k, v] : *et) {
          if (k.str() != "path" && k.str() != "format") {
            *why = "tool.poetry.include key '" + std::string(k.str()) + "' is not reproduced";
            return false;
          }
        }
        if (!ReadFormats(*et, {"sdist"}, &p.formats, why)) return false;
      } else {
        p.formats = {"sdist"};
      }
      if (!path) {
        *why = "tool.poetry.include entries are a path string or a table with path";
        return false;
      }
      if (!PlainPath(*path, "tool.poetry.include", why, true)) return false;
      p.path = GlobOrPath(*path);
      cfg->includes.push_back(p);
    }
  }
  if (const toml::node* n = t->get("exclude")) {
    *at = n;
    cfg->exclude_node = n;
    const toml::array* a = n->as_array();
    if (!a) {
      *why = "tool.poetry.exclude must be an array of strings";
      return false;
    }
    for (const auto& e : *a) {
      *at = &e;
      auto s = e.value<std::string>();
      if (!s) {
        *why = "tool.poetry.exclude must be an array of strings";
        return false;
      }
      if (!PlainPath(*s, "tool.poetry.exclude", why, true)) return false;
      cfg->excludes.push_back(GlobOrPath(*s));
    }
  }
  *at = nullptr;
  return true;
}

// Every file below `rel` as pathlib's glob("**/*") finds it (hidden entries too, not entering
// linked directories); *linked names the first symbolic link met (not reproduced).
void FilesBelow(const std::string& root, const std::string& rel, std::vector<std::string>* out,
                std::string* linked) {
  std::vector<std::string> stack = {rel};
  while (!stack.empty()) {
    std::string d = stack.back();
    stack.pop_back();
    DIR* h = ::opendir((root + "/" + d).c_str());
    if (!h) continue;
    std::vector<std::string> names;
    while (dirent* e = ::readdir(h)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    ::closedir(h);
    for (const std::string& n : names) {
      std::string r = d + "/" + n;
      struct stat st;
      if (::lstat((root + "/" + r).c_str(), &st) != 0) continue;
      if (S_ISLNK(st.st_mode)) {
        if (linked->empty()) *linked = r;
      } else if (S_ISDIR(st.st_mode)) {
        stack.push_back(r);
      } else if (S_ISREG(st.st_mode)) {
        out->push_back(r);
      }
    }
  }
}

// The default package: module_name(project name) as a directory or a .py file at the root, else
// under src/.
bool DefaultPackage(const std::string& root, const std::string& name, PoetryEntry* out,
                    std::string* why) {
  std::string module = NormalizeName(name);
  std::replace(module.begin(), module.end(), '-', '_');
  out->package = true;
  out->formats = {"sdist", "wheel"};
  for (const std::string from : {"", "src"}) {
    std::string base = from.empty() ? "" : from + "/";
    bool dir = IsDirectory(root + "/" + base + module),
         file = IsRegularFile(root + "/" + base + module + ".py");
    if (dir && file) {
      *why = "both " + base + module + " and " + base + module + ".py exist (poetry-core refuses)";
      return false;
    }
    if (dir || file) {
      out->path = dir ? module : module + ".py";
      out->from = from;
      return true;
    }
  }
  *why = "no package '" + module +
         "' (directory or .py file, at the root or under src/) and no "
         "tool.poetry.packages";
  return false;
}

struct PoetryFiles {
  std::set<std::string> files;                                // project-relative
  std::vector<std::pair<std::string, std::string>> mappings;  // wheel: project prefix -> target
};

class Collector {
 public:
  Collector(const Project& project, const PoetryConfig& cfg, const std::set<std::string>& ignored)
      : project_(project), cfg_(cfg), ignored_(ignored) {}

  bool Collect(const std::string& fmt, PoetryFiles* out, std::string* why) {
    const std::string& root = project_.dir;
    // find_excluded_files: (ignored by git | exclude) - the includes of this format.
    excluded_ = ignored_;
    std::vector<std::string> elements;
    for (const std::string& e : cfg_.excludes) {
      if (!Elements(e, &elements, why)) return false;
      for (const std::string& x : elements) Expand(x, &excluded_);
    }
    for (const PoetryEntry& inc : cfg_.includes) {
      if (!inc.formats.count(fmt)) continue;
      std::set<std::string> named;
      if (!Elements(inc.path, &elements, why)) return false;
      for (const std::string& x : elements) Expand(x, &named);
      for (const std::string& f : named) excluded_.erase(f);
    }
    if (!linked_.empty()) return Linked(why);
    std::vector<PoetryEntry> packages;
    for (const PoetryEntry& p : cfg_.packages)
      if (p.formats.count(fmt)) packages.push_back(p);
    if (packages.empty()) {
      PoetryEntry def;
      if (!DefaultPackage(root, project_.meta.name, &def, why)) return false;
      packages.push_back(def);
    }
    for (const PoetryEntry& p : packages) {
      std::string rel = p.from.empty() ? p.path : p.from + "/" + p.path;
      std::vector<std::string> files;
      if (IsDirectory(root + "/" + rel)) {
        FilesBelow(root, rel, &files, &linked_);
        bool has_py = std::any_of(files.begin(), files.end(),
                                  [](const std::string& f) { return EndsWith(f, ".py"); });
        if (!has_py) {
          *why = "package '" + rel +
                 "' holds no .py file (poetry-core refuses it or treats it "
                 "as a stub-only package)";
          return false;
        }
        if (fmt == "wheel" && (!p.from.empty() || !p.to.empty()))
          out->mappings.emplace_back(rel + "/", (p.to.empty() ? "" : p.to + "/") + p.path + "/");
      } else if (IsRegularFile(root + "/" + rel)) {
        files.push_back(rel);
        if (fmt == "wheel" && (!p.from.empty() || !p.to.empty()))
          out->mappings.emplace_back(rel, (p.to.empty() ? "" : p.to + "/") + p.path);
      } else {
        *why = "package '" + rel + "' does not exist (poetry-core refuses it)";
        return false;
      }
      for (const std::string& f : files)
        if (!Excluded(f)) out->files.insert(f);
    }
    for (const PoetryEntry& inc : cfg_.includes) {
      if (!inc.formats.count(fmt)) continue;
      if (!Elements(inc.path, &elements, why)) return false;
      for (const std::string& x : elements) {
        if (IsDirectory(root + "/" + x)) {
          std::vector<std::string> files;
          FilesBelow(root, x, &files, &linked_);
          for (const std::string& f : files)
            if (!Excluded(f)) out->files.insert(f);
        } else if (IsRegularFile(root + "/" + x)) {
          out->files.insert(x);  // an explicitly included file ships even when excluded
        }
      }
    }
    if (!linked_.empty()) return Linked(why);
    return true;
  }

 private:
  bool Linked(std::string* why) {
    *why = "'" + linked_ +
           "' is a symbolic link, which poetry-core's selection treats in ways "
           "not reproduced natively";
    return false;
  }

  // An include or exclude entry's paths: a glob pattern's matches as Path.glob finds them (none of
  // them below __pycache__: find_files_to_add skips those), else the path itself.
  bool Elements(const std::string& entry, std::vector<std::string>* out, std::string* why) {
    out->clear();
    if (!HasGlobMagic(entry)) {
      out->push_back(entry);
      return true;
    }
    std::vector<std::string> found;
    std::string err;
    if (!PathlibGlob(project_.dir, entry, &found, &err)) {
      *why = "tool.poetry include/exclude " + err + " (not reproduced natively)";
      return false;
    }
    for (const std::string& f : found) {
      std::vector<std::string> parts = Split(f, '/');
      if (std::find(parts.begin(), parts.end(), "__pycache__") == parts.end()) out->push_back(f);
    }
    return true;
  }

  // add_all_files: a directory stands for every file below it.
  void Expand(const std::string& rel, std::set<std::string>* out) {
    if (IsDirectory(project_.dir + "/" + rel)) {
      std::vector<std::string> files;
      FilesBelow(project_.dir, rel, &files, &linked_);
      out->insert(files.begin(), files.end());
    } else if (IsRegularFile(project_.dir + "/" + rel)) {
      out->insert(rel);
    }
  }

  // Builder.is_excluded: bytecode and caches, or the file or a parent directory excluded.
  bool Excluded(const std::string& rel) const {
    if (EndsWith(rel, ".pyc")) return true;
    for (const std::string& part : Split(rel, '/'))
      if (part == "__pycache__") return true;
    std::string p = rel;
    while (true) {
      if (excluded_.count(p)) return true;
      size_t slash = p.rfind('/');
      if (slash == std::string::npos) return false;
      p.resize(slash);
    }
  }

  const Project& project_;
  const PoetryConfig& cfg_;
  const std::set<std::string>& ignored_;
  std::set<std::string> excluded_;
  std::string linked_;
};

// get_vcs + Git.get_ignored_files: nothing when git is missing or the project directory is
// ignored; else the untracked ignored files git lists, as paths from the repository root that
// poetry-core compares with project paths (so only a project at the root is reproduced).
bool VcsIgnored(const std::string& dir, std::set<std::string>* out, std::string* why) {
  SubprocessOptions opt;
  opt.cwd = dir;
  SubprocessResult r;
  std::string err;
  if (!RunSubprocess({"git", "check-ignore", "."}, opt, &r, &err) || r.exit_code == 0) return true;
  if (!RunSubprocess({"git", "rev-parse", "--show-cdup"}, opt, &r, &err) || r.exit_code != 0)
    return true;  // not in a git checkout
  if (!Trim(r.out).empty()) {
    *why =
        "the project is below the root of its git checkout, where poetry-core matches git's "
        "ignored paths against project paths (not reproduced natively)";
    return false;
  }
  if (!RunSubprocess({"git", "ls-files", "--others", "-i", "--exclude-standard", "-z"}, opt, &r,
                     &err) ||
      r.exit_code != 0) {
    *why = "git ls-files failed: " + (err.empty() ? Trim(r.err) : err);
    return false;
  }
  for (const std::string& f : Split(r.out, '\0')) {
    if (f.empty()) continue;
    for (unsigned char c : f) {
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        *why = "git quotes the ignored path '" + f + "' in the list poetry-core reads";
        return false;
      }
    }
    out->insert(f);
  }
  return true;
}

// `doc` is project.doc or the document it was copied from (whose nodes keep their positions).
bool CollectPoetryFiles(const Project& project, const toml::table& doc, PoetryFiles* sdist,
                        PoetryFiles* wheel, std::string* why, const toml::node** at) {
  PoetryConfig cfg;
  *at = nullptr;
  if (!ReadPoetryConfig(doc, &cfg, why, at)) return false;
  std::set<std::string> ignored;
  if (!VcsIgnored(project.dir, &ignored, why)) return false;
  Collector c(project, cfg, ignored);
  if (!c.Collect("sdist", sdist, why) || !c.Collect("wheel", wheel, why)) return false;
  // SdistBuilder.find_files_to_add: license files, the readme and pyproject.toml, where they exist.
  for (const std::string& f : project.meta.license_files)
    if (IsRegularFile(project.dir + "/" + f)) sdist->files.insert(f);
  if (!project.meta.readme.path.empty()) {
    std::string readme = NormalizeRelativePath(project.meta.readme.path);
    if (IsRegularFile(project.dir + "/" + readme)) sdist->files.insert(readme);
  }
  sdist->files.insert("pyproject.toml");
  return true;
}

}  // namespace

bool ReadPoetryRules(const Project& project, const SourceTree& tree, FileRules* rules,
                     std::vector<Diagnostic>* diags) {
  (void)tree;  // poetry-core reads the disk and asks git only for ignored files
  rules->config_table = kTable;
  PoetryFiles sdist, wheel;
  std::string why;
  const toml::node* at = nullptr;
  if (!CollectPoetryFiles(project, project.doc, &sdist, &wheel, &why, &at)) {
    diags->push_back(ConfigError(project, at, kTable, why));
    return false;
  }
  for (const std::string& f : sdist.files) {
    rules->sdist.push_back(Include(PatternSyntax::kLiteral, f, kTable));
    rules->extra_sdist_candidates.push_back(f);
  }
  for (const std::string& f : wheel.files) {
    rules->wheel.push_back(Include(PatternSyntax::kLiteral, f, kTable));
    rules->extra_wheel_candidates.push_back(f);
  }
  for (const auto& [from, to] : wheel.mappings) rules->wheel_paths.push_back({from, to});
  return true;
}

bool PoetryBuildIsReproduced(const std::string& dir, const toml::table& doc, std::string* why,
                             const toml::node** at) {
  Project project;
  project.dir = dir;
  if (const toml::node* name = doc.at_path("project.name").node())
    project.meta.name = name->value_or(std::string());
  PoetryFiles sdist, wheel;
  return CollectPoetryFiles(project, doc, &sdist, &wheel, why, at);
}

const std::vector<std::string>& PoetryImplementedKeys() {
  // packages/include/exclude are judged by PoetryBuildIsReproduced; dependency groups, package
  // sources and the poetry CLI's own requirements do not change what poetry-core builds;
  // classifiers join the generated ones (PoetryGeneratedClassifiers) or are ignored.
  static const std::vector<std::string> keys = {
      "tool.poetry.packages",         "tool.poetry.include",    "tool.poetry.exclude",
      "tool.poetry.group.*",          "tool.poetry.source",     "tool.poetry.requires-poetry",
      "tool.poetry.requires-plugins", "tool.poetry.classifiers"};
  return keys;
}

bool PoetryGeneratedClassifiers(const toml::table& doc, std::vector<std::string>* out,
                                std::string* why, const toml::node** at) {
  *at = nullptr;
  for (const char* key : {"tool.poetry.dependencies.python", "tool.poetry.license"}) {
    if (const toml::node* n = doc.at_path(key).node()) {
      *at = n;
      *why = std::string(key) +
             " beside [project]: poetry-core takes it into the classifiers it generates, which is "
             "not reproduced natively";
      return false;
    }
  }
  std::vector<std::string> declared;
  if (const toml::node* n = doc.at_path("tool.poetry.classifiers").node()) {
    const toml::array* a = n->as_array();
    for (size_t i = 0; a && i < a->size(); ++i)
      if (auto s = (*a)[i].value<std::string>()) declared.push_back(*s);
    if (!a || declared.size() != a->size()) {
      *at = n;
      *why = "tool.poetry.classifiers must be an array of strings";
      return false;
    }
  }
  std::optional<PoetryRange> python;
  if (const toml::node* n = doc.at_path("project.requires-python").node()) {
    auto s = n->value<std::string>();
    PoetryRange range;
    std::string reason;
    if (!s || !ParsePoetryConstraint(*s, &range, &reason)) {
      *at = n;
      *why = "requires-python, from which poetry-core generates the Python classifiers: " +
             (s ? reason : std::string("not a string"));
      return false;
    }
    python = range;
  }
  *out = PoetryAllClassifiers(declared, "", PoetryPythonClassifiers(python ? &*python : nullptr));
  return true;
}
