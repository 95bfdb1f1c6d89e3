// setuptools' file choice ([tool.setuptools] + MANIFEST.in, setuptools >= 77 with a
// pyproject.toml): packages (a list, `packages.find` where/include/exclude/namespaces, or automatic
// discovery of the src- and flat layouts), package-dir, py-modules, package-data,
// exclude-package-data and include-package-data (default true: files MANIFEST.in puts in the sdist
// inside a package ship in the wheel). The wheel holds each package's *.py modules plus its data.
// The sdist holds the same plus README*, setup.py, setup.cfg, pyproject.toml, MANIFEST.in, the
// license files, tests/test*.py and test/test*.py, then the MANIFEST.in commands in order.
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "core/path_glob.h"
#include "core/regular_file.h"
#include "core/string_util.h"
#include "project/backend_config.h"
#include "project/manifest_in.h"
#include "project/scm_fallback.h"
#include "project/vcs_version.h"

namespace {

struct Package {
  std::string name;  // dotted
  std::string dir;   // project-relative ("" = root)
};

bool IsIdentifier(const std::string& s) {
  if (s.empty() || (!isalpha(static_cast<unsigned char>(s[0])) && s[0] != '_')) return false;
  for (char c : s)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

std::string JoinPath(const std::string& a, const std::string& b) {
  if (a.empty() || a == ".") return b;
  if (b.empty()) return a;
  return a + "/" + b;
}

std::string CleanDir(std::string d) {
  while (StartsWith(d, "./")) d = d.substr(2);
  while (!d.empty() && d.back() == '/') d.pop_back();
  return d == "." ? "" : d;
}

// The directory of a dotted package under package-dir ({"": "src", "pkg": "lib/pkg"}).
std::string PackageDir(const std::map<std::string, std::string>& package_dir,
                       const std::string& name) {
  std::vector<std::string> parts = Split(name, '.');
  for (size_t n = parts.size(); n > 0; --n) {
    std::vector<std::string> head(parts.begin(), parts.begin() + n);
    auto it = package_dir.find(Join(head, "."));
    if (it != package_dir.end()) {
      std::vector<std::string> tail(parts.begin() + n, parts.end());
      return JoinPath(it->second, Join(tail, "/"));
    }
  }
  auto root = package_dir.find("");
  return JoinPath(root == package_dir.end() ? "" : root->second, Join(parts, "/"));
}

// Every directory below `where` whose path is a dotted identifier (PEP 420 finder), or, without
// namespaces, only those with an __init__.py whose parents are packages too (find_packages).
std::vector<std::string> FindPackages(const SourceTree& tree, const std::string& where,
                                      bool namespaces) {
  std::vector<std::string> found;
  std::string prefix = where.empty() ? "" : where + "/";
  for (const std::string& d : tree.dirs) {
    if (d.empty() || (!prefix.empty() && !StartsWith(d, prefix))) continue;
    std::string rel = d.substr(prefix.size());
    std::vector<std::string> parts = Split(rel, '/');
    bool valid = true;
    for (size_t i = 0; i < parts.size() && valid; ++i) {
      valid = IsIdentifier(parts[i]);
      if (valid && !namespaces) {
        std::vector<std::string> upto(parts.begin(), parts.begin() + i + 1);
        valid = tree.HasFile(prefix + Join(upto, "/") + "/__init__.py");
      }
    }
    if (valid) found.push_back(Join(parts, "."));
  }
  std::sort(found.begin(), found.end());
  return found;
}

bool AnyMatch(const std::vector<std::string>& patterns, const std::string& name) {
  for (const std::string& p : patterns)
    if (WildMatch(p, name)) return true;
  return false;
}

// setuptools.discovery.FlatLayoutPackageFinder.DEFAULT_EXCLUDE / FlatLayoutModuleFinder.
const std::vector<std::string> kFlatPackageExclude = {
    "ci",         "bin",          "debian",        "doc",       "docs",       "documentation",
    "manpages",   "news",         "newsfragments", "changelog", "test",       "tests",
    "unit_test",  "unit_tests",   "example",       "examples",  "scripts",    "tools",
    "util",       "utils",        "python",        "build",     "dist",       "venv",
    "env",        "requirements", "tasks",         "fabfile",   "site_scons", "benchmark",
    "benchmarks", "exercise",     "exercises",     "htmlcov",   "[._]*"};
const std::vector<std::string> kFlatModuleExclude = {
    "setup",     "conftest", "test",      "tests",      "example",  "examples",  "build",
    "toxfile",   "noxfile",  "pavement",  "dodo",       "tasks",    "fabfile",   "[Ss][Cc]onstruct",
    "conanfile", "manage",   "benchmark", "benchmarks", "exercise", "exercises", "[._]*"};

bool ReadPackageDir(const Project& project, const toml::table* cfg,
                    std::map<std::string, std::string>* package_dir,
                    std::vector<Diagnostic>* diags) {
  const toml::node* n = cfg ? cfg->get("package-dir") : nullptr;
  if (!n) return true;
  const toml::table* t = n->as_table();
  if (!t) {
    diags->push_back(ConfigError(project, n, "tool.setuptools.package-dir", "must be a table"));
    return false;
  }
  for (const auto& [k, v] : *t) {
    auto s = v.value<std::string>();
    if (!s) {
      diags->push_back(ConfigError(
          project, &v, "tool.setuptools.package-dir." + std::string(k.str()), "must be a string"));
      return false;
    }
    (*package_dir)[std::string(k.str())] = CleanDir(*s);
  }
  return true;
}

bool Discover(const Project& project, const SourceTree& tree, const toml::table* cfg,
              std::map<std::string, std::string>* package_dir, std::vector<Package>* packages,
              std::vector<std::string>* modules, std::vector<Diagnostic>* diags) {
  const std::string t = "tool.setuptools";
  std::vector<std::string> names;
  bool explicit_modules = false;
  if (!ReadStringArray(project, cfg, "py-modules", t + ".py-modules", modules, diags,
                       &explicit_modules))
    return false;
  const toml::node* pk = cfg ? cfg->get("packages") : nullptr;
  if (pk && pk->is_array()) {
    if (!ReadStringArray(project, cfg, "packages", t + ".packages", &names, diags)) return false;
  } else if (pk && pk->is_table() && pk->as_table()->get("find")) {
    const toml::node* fn = pk->as_table()->get("find");
    const toml::table* find = fn->as_table();
    if (!find) {
      diags->push_back(ConfigError(project, fn, t + ".packages.find", "must be a table"));
      return false;
    }
    std::vector<std::string> where = {"."}, include = {"*"}, exclude;
    bool namespaces = true;
    bool ok = ReadStringArray(project, find, "where", t + ".packages.find.where", &where, diags);
    ok = ReadStringArray(project, find, "include", t + ".packages.find.include", &include, diags) &&
         ok;
    ok = ReadStringArray(project, find, "exclude", t + ".packages.find.exclude", &exclude, diags) &&
         ok;
    ok = ReadBool(project, find, "namespaces", t + ".packages.find.namespaces", &namespaces,
                  diags) &&
         ok;
    if (!ok) return false;
    for (const std::string& w0 : where) {
      std::string w = CleanDir(w0);
      if (!w.empty() && !tree.HasDir(w)) {
        diags->push_back(ConfigError(project, find->get("where"), t + ".packages.find.where",
                                     "directory '" + w + "' does not exist"));
        return false;
      }
      for (const std::string& name : FindPackages(tree, w, namespaces))
        if (AnyMatch(include, name) && !AnyMatch(exclude, name)) {
          names.push_back(name);
          if (!w.empty() && !package_dir->count(""))
            (*package_dir)[Split(name, '.')[0]] = JoinPath(w, Split(name, '.')[0]);
        }
    }
  } else if (pk) {
    diags->push_back(ConfigError(project, pk, t + ".packages",
                                 "must be an array of package names or a table with `find`"));
    return false;
  } else if (!explicit_modules) {
    // Automatic discovery: the src-layout, else the flat layout.
    std::string root;
    if (package_dir->count("")) {
      root = (*package_dir)[""];
    } else if (tree.HasDir("src")) {
      root = "src";
      (*package_dir)[""] = "src";
    }
    if (!root.empty() || package_dir->count("")) {
      names = FindPackages(tree, root, true);
      for (const std::string& f : tree.FilesUnder(root))
        if (f.find('/', root.empty() ? 0 : root.size() + 1) == std::string::npos &&
            EndsWith(f, ".py"))
          modules->push_back(f.substr(root.empty() ? 0 : root.size() + 1,
                                      f.size() - 3 - (root.empty() ? 0 : root.size() + 1)));
    } else {
      std::vector<std::string> top;
      for (const std::string& name : FindPackages(tree, "", true)) {
        std::string head = Split(name, '.')[0];
        if (AnyMatch(kFlatPackageExclude, head)) continue;
        names.push_back(name);
        if (std::find(top.begin(), top.end(), head) == top.end()) top.push_back(head);
      }
      if (top.size() > 1) {
        diags->push_back(ConfigError(
            project, cfg, t,
            "multiple top-level packages discovered in a flat-layout: " + Join(top, ", ") +
                " (setuptools refuses this too); set [tool.setuptools] packages or "
                "packages.find"));
        return false;
      }
      if (names.empty()) {
        for (const std::string& f : tree.FilesUnder(""))
          if (f.find('/') == std::string::npos && EndsWith(f, ".py") &&
              !AnyMatch(kFlatModuleExclude, f.substr(0, f.size() - 3)))
            modules->push_back(f.substr(0, f.size() - 3));
        if (modules->size() > 1) {
          diags->push_back(ConfigError(
              project, cfg, t,
              "multiple top-level modules discovered in a flat-layout: " + Join(*modules, ", ") +
                  "; set [tool.setuptools] py-modules"));
          return false;
        }
      }
    }
  }
  for (const std::string& name : names) packages->push_back({name, PackageDir(*package_dir, name)});
  return true;
}

// A file list setuptools' manifest maker starts the sdist from (SOURCES.txt, setuptools-scm's
// scm_file_list.json): the entries that exist (FileList keeps no others), but for the egg-info's
// own files, which setuptools writes anew, and the VCS plugin's version file, which the native
// build writes too. A regular file the native tree leaves out (an unpacked sdist's .gitignore
// drops it, as tabulate's `.*` drops .gitignore and .github/) is a candidate all the same:
// setuptools never reads .gitignore. Any other entry that exists (a directory, a link, a path
// outside, under build/ or a VCS directory, which setuptools prunes) is a reason.
void AddListedFiles(const Project& project, const SourceTree& tree, const std::string& list_path,
                    const std::vector<std::string>& files, const std::string& origin,
                    FileRules* rules) {
  const std::string version_file =
      ReadVcsVersionConfig(project.doc, Backend::kSetuptools).version_file;
  rules->config_inputs.push_back(list_path);
  for (const std::string& f : files) {
    if (f.empty() || f == version_file) continue;
    if (tree.HasFile(f)) {
      rules->sdist.push_back(Include(PatternSyntax::kLiteral, f, origin));
      continue;
    }
    struct stat st;
    if (::lstat((tree.root + "/" + f).c_str(), &st) != 0) continue;
    bool in_egg_info = false, plain = f[0] != '/';
    const std::vector<std::string> parts = Split(f, '/');
    for (const std::string& part : parts) {
      in_egg_info = in_egg_info || EndsWith(part, ".egg-info");
      plain = plain && !part.empty() && part != "." && part != ".." && part != ".git" &&
              part != ".hg" && part != ".svn" && part != ".bzr" && part != "CVS" && part != "RCS" &&
              part != "_darcs";
    }
    if (in_egg_info) continue;
    if (plain && parts[0] != "build" && S_ISREG(st.st_mode)) {
      rules->extra_sdist_candidates.push_back(f);
      rules->sdist.push_back(Include(PatternSyntax::kLiteral, f, origin));
    } else {
      rules->unreproduced.push_back(
          {list_path, "lists '" + f +
                          "', which setuptools adds to the sdist and the native file selection "
                          "does not hold"});
    }
  }
}

// Without a VCS file finder, setuptools' sdist starts from the files an existing
// <egg_base>/<egg name>.egg-info/SOURCES.txt lists (manifest_maker.add_defaults reads it): an
// egg-info a local build left in a checkout, or one an sdist ships (python-json-logger 4.2.0's
// lists NOTICE, which no MANIFEST.in line names). The egg base is package-dir's "" (src/ for find
// where = ["src"] and the src-layout) or the root.
void AddEarlierSourcesTxt(const Project& project, const SourceTree& tree,
                          const std::map<std::string, std::string>& package_dir, FileRules* rules) {
  std::string egg;  // setuptools' filename_component(safe_name(name))
  for (char c : project.meta.name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.')
      egg += c;
    else if (egg.empty() || egg.back() != '_')
      egg += '_';
  }
  std::vector<std::string> bases = {"", "src"};
  if (auto root = package_dir.find(""); root != package_dir.end())
    bases.insert(bases.begin(), root->second);
  for (const std::string& base : bases) {
    const std::string rel = JoinPath(base, egg + ".egg-info/SOURCES.txt");
    std::string text, err;
    if (!ReadProjectFile(tree.root, rel, &text, &err)) continue;
    std::vector<std::string> files;
    for (const std::string& line : Split(text, '\n')) files.push_back(Trim(line));
    AddListedFiles(project, tree, rel, files, "an earlier build's SOURCES.txt", rules);
    return;
  }
}

}  // namespace

bool ReadSetuptoolsRules(const Project& project, const SourceTree& tree, FileRules* rules,
                         std::vector<Diagnostic>* diags) {
  const std::string t = "tool.setuptools";
  rules->config_table = t;
  const toml::table* cfg = TableAt(project.doc, t);
  std::map<std::string, std::string> package_dir;
  if (!ReadPackageDir(project, cfg, &package_dir, diags)) return false;
  std::vector<Package> packages;
  std::vector<std::string> modules;
  if (!Discover(project, tree, cfg, &package_dir, &packages, &modules, diags)) return false;
  bool include_package_data = true;
  if (!ReadBool(project, cfg, "include-package-data", t + ".include-package-data",
                &include_package_data, diags))
    return false;
  if (packages.empty() && modules.empty()) {
    diags->push_back(ConfigError(project, cfg, t,
                                 "no packages or modules found; set [tool.setuptools] packages "
                                 "(or packages.find) or py-modules"));
    return false;
  }

  // Python sources: each package's own *.py files (not recursive: subpackages are listed too).
  std::vector<SelectionStep> sources;
  for (const Package& p : packages) {
    sources.push_back(Include(PatternSyntax::kGlobFile, JoinPath(p.dir, "*.py"), t + ".packages"));
    if (tree.HasFile(JoinPath(p.dir, "__init__.py")))
      rules->wheel_required.push_back(JoinPath(p.dir, "__init__.py"));
  }
  for (const std::string& m : modules) {
    std::string path = PackageDir(package_dir, m) + ".py";
    if (!tree.HasFile(path)) {
      // setuptools' build_py logs "file x.py (for module x) not found" and builds without it.
      Diagnostic d =
          ConfigError(project, cfg ? cfg->get("py-modules") : nullptr, t + ".py-modules",
                      "module file '" + path + "' not found; setuptools builds without it");
      d.severity = Severity::kWarning;
      diags->push_back(d);
      continue;
    }
    sources.push_back(Include(PatternSyntax::kLiteral, path, t + ".py-modules"));
    rules->wheel_paths.push_back({path, m.substr(m.rfind('.') + 1) + ".py"});
  }

  // package-data / exclude-package-data: globs relative to each package ("" and "*" = all).
  auto read_data = [&](const char* key, bool include) {
    const toml::node* n = cfg ? cfg->get(key) : nullptr;
    if (!n) return true;
    const toml::table* pd = n->as_table();
    if (!pd) {
      diags->push_back(ConfigError(project, n, t + "." + key, "must be a table"));
      return false;
    }
    for (const auto& [k, v] : *pd) {
      std::string pkg(k.str());
      std::vector<std::string> patterns;
      if (!ReadStringArray(project, pd, pkg, t + "." + key + "." + pkg, &patterns, diags))
        return false;
      for (const Package& p : packages) {
        if (!(pkg.empty() || pkg == "*" || pkg == p.name)) continue;
        for (const std::string& g : patterns) {
          SelectionStep s =
              Include(PatternSyntax::kGlobFile, JoinPath(p.dir, g), t + "." + key + "." + pkg);
          s.include = include;
          sources.push_back(s);
        }
      }
    }
    return true;
  };
  // setuptools' build_py adds *.pyi and py.typed of every package as package data unasked
  // (_IMPLICIT_DATA_FILES, setuptools >= 69); exclude-package-data still applies to them.
  for (const Package& p : packages) {
    for (const char* implicit : {"*.pyi", "py.typed"})
      sources.push_back(Include(PatternSyntax::kGlobFile, JoinPath(p.dir, implicit),
                                "setuptools implicit package data"));
  }
  if (!read_data("package-data", true)) return false;
  std::vector<SelectionStep> excluded_data;
  {
    size_t before = sources.size();
    if (!read_data("exclude-package-data", false)) return false;
    excluded_data.assign(sources.begin() + before, sources.end());
  }

  // The sdist: defaults, then MANIFEST.in.
  std::vector<SelectionStep>& sd = rules->sdist;
  for (const char* f :
       {"README", "README.txt", "README.rst", "README.md", "setup.py", "setup.cfg", "MANIFEST.in"})
    if (tree.HasFile(f)) sd.push_back(Include(PatternSyntax::kLiteral, f, "setuptools defaults"));
  AddProjectFilesToSdist(project, rules);
  // What setup.cfg's `file:` directives read (sdist._add_referred_files): the metadata came from
  // them, so they are the depfile's inputs too.
  if (project.setup_cfg_metadata) rules->config_inputs.push_back("setup.cfg");
  for (const std::string& f : project.setup_cfg_files) {
    sd.push_back(Include(PatternSyntax::kLiteral, f, "setup.cfg file:"));
    rules->config_inputs.push_back(f);
  }
  if (project.meta.license_files.empty())
    for (const char* g : {"LICEN[CS]E*", "COPYING*", "NOTICE*", "AUTHORS*"})
      sd.push_back(Include(PatternSyntax::kGlobFile, g, "setuptools license-files defaults"));
  sd.push_back(Include(PatternSyntax::kGlobFile, "tests/test*.py", "setuptools defaults"));
  sd.push_back(Include(PatternSyntax::kGlobFile, "test/test*.py", "setuptools defaults"));
  sd.insert(sd.end(), sources.begin(), sources.end());
  // setuptools-scm's file finder, before MANIFEST.in: without a checkout at the root (an unpacked
  // sdist), the scm_file_list.json of its fallback (project/scm_fallback.h); else every file git
  // tracks there (without export-ignore), also in an enclosing checkout. When neither lists a file,
  // setuptools' own finder runs and starts from SOURCES.txt.
  const bool scm =
      ReadVcsVersionConfig(project.doc, Backend::kSetuptools).plugin == VcsPlugin::kSetuptoolsScm;
  ScmFallback fallback;
  if (scm && !IsGitCheckoutRoot(tree.root)) fallback = ReadScmFallback(tree.root);
  std::vector<std::string> tracked;
  if (scm && !fallback.has_file_list && tree.from_git) tracked = GitTrackedFiles(tree.root);
  if (fallback.has_file_list) {
    AddListedFiles(project, tree, fallback.file_list_path, fallback.files,
                   "setuptools-scm's " + fallback.file_list_path, rules);
  } else if (!tracked.empty()) {
    for (const std::string& f : tracked)
      if (tree.HasFile(f))
        sd.push_back(Include(PatternSyntax::kLiteral, f, "setuptools-scm file finder"));
  } else {
    AddEarlierSourcesTxt(project, tree, package_dir, rules);
  }
  // The egg-info setuptools writes into the sdist lies at the egg base; at the root, setuptools-scm
  // finds its scm_version.json again when the wheel is built from that sdist.
  rules->sdist_egg_info_at_root = package_dir.find("") == package_dir.end() ||
                                  package_dir.at("").empty() || package_dir.at("") == ".";
  std::string manifest_text, err;
  if (tree.HasFile("MANIFEST.in")) {
    rules->config_inputs.push_back("MANIFEST.in");
    if (!ReadProjectFile(tree.root, "MANIFEST.in", &manifest_text, &err)) {
      Diagnostic d;
      d.path = tree.root + "/MANIFEST.in";
      d.message = err;
      diags->push_back(d);
      return false;
    }
    if (!ParseManifestIn(manifest_text, tree.root + "/MANIFEST.in", &sd, diags)) return false;
  }

  // The wheel: sources + package data, plus (include-package-data) what the sdist manifest puts
  // inside a package directory.
  rules->wheel = sources;
  if (include_package_data) {
    std::vector<std::string> candidates = tree.files;
    candidates.insert(candidates.end(), rules->extra_sdist_candidates.begin(),
                      rules->extra_sdist_candidates.end());
    std::vector<std::string> manifest = ApplySteps(sd, candidates);
    for (const std::string& f : manifest) {
      for (const Package& p : packages) {
        if (!p.dir.empty() && StartsWith(f, p.dir + "/")) {
          rules->wheel.push_back(Include(PatternSyntax::kLiteral, f, t + ".include-package-data"));
          if (!tree.HasFile(f)) rules->extra_wheel_candidates.push_back(f);
          break;
        }
      }
    }
    rules->wheel.insert(rules->wheel.end(), excluded_data.begin(), excluded_data.end());
  }
  // Package directories map to their dotted names, deepest first.
  std::vector<Package> by_depth = packages;
  std::sort(by_depth.begin(), by_depth.end(),
            [](const Package& a, const Package& b) { return a.dir.size() > b.dir.size(); });
  for (const Package& p : by_depth) {
    std::string to = p.name;
    std::replace(to.begin(), to.end(), '.', '/');
    if (!p.dir.empty()) rules->wheel_paths.push_back({p.dir + "/", to + "/"});
  }
  return true;
}

const std::vector<std::string>& SetuptoolsImplementedKeys() {
  static const std::vector<std::string> keys = {
      "tool.setuptools.packages",
      "tool.setuptools.packages.find.where",
      "tool.setuptools.packages.find.include",
      "tool.setuptools.packages.find.exclude",
      "tool.setuptools.packages.find.namespaces",
      "tool.setuptools.package-dir.*",
      "tool.setuptools.py-modules",
      "tool.setuptools.include-package-data",
      "tool.setuptools.package-data.*",
      "tool.setuptools.exclude-package-data.*",
      "tool.setuptools.dynamic.version.attr",
      "tool.setuptools.dynamic.version.file",
      "tool.setuptools.dynamic.description.file",
      "tool.setuptools.dynamic.readme.file",
      "tool.setuptools.dynamic.readme.content-type",
      "tool.setuptools.dynamic.dependencies.file",
      "tool.setuptools.dynamic.classifiers.file",
      "tool.setuptools.dynamic.optional-dependencies.*.file"};
  return keys;
}
