// hatchling's file choice ([tool.hatch.build] and [tool.hatch.build.targets.wheel|sdist]): a
// target's own include/exclude/packages/only-include/sources replace the [tool.hatch.build] ones
// (they are not merged). Patterns are gitignore-style. Wheel without include/packages/only-include:
// "<name>/__init__.py", then "src/<name>/__init__.py", then "<name>.py", then exactly one
// "*/<name>/__init__.py" (a namespace), else an error. The sdist takes every file not excluded, and
// always pyproject.toml, hatch.toml, hatch_build.py, the root .gitignore, readme and licenses.
// `artifacts` (gitignore-style) ship files the VCS ignores, past the excludes too, wherever the
// target's walk reaches them.
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <optional>

#include "core/string_util.h"
#include "project/backend_config.h"
#include "project/requirements_txt.h"

namespace {

struct TargetOptions {
  std::vector<std::string> include, exclude, packages, only_include, artifacts;
  std::vector<std::pair<std::string, std::string>> force_include;  // project path -> archive path
  std::map<std::string, std::string> sources;  // prefix ("src/") -> replacement ("")
  bool has_include = false, has_packages = false, has_only_include = false;
  std::string include_origin, exclude_origin;
};

// Reads one option, the target's value replacing the build-wide one.
bool ReadOption(const Project& project, const toml::table* build, const toml::table* target,
                const std::string& target_name, const std::string& key,
                std::vector<std::string>* out, bool* present, std::string* origin,
                std::vector<Diagnostic>* diags) {
  bool in_target = false;
  std::string target_field = "tool.hatch.build.targets." + target_name + "." + key;
  if (!ReadStringArray(project, target, key, target_field, out, diags, &in_target)) return false;
  if (in_target) {
    *present = true;
    if (origin) *origin = target_field;
    return true;
  }
  if (!ReadStringArray(project, build, key, "tool.hatch.build." + key, out, diags, present))
    return false;
  if (origin) *origin = "tool.hatch.build." + key;
  return true;
}

std::string NormalizeRelative(std::string p) {
  while (StartsWith(p, "./")) p = p.substr(2);
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  while (!p.empty() && p.back() == '/') p.pop_back();
  return p;
}

bool ReadSources(const Project& project, const toml::table* build, const toml::table* target,
                 const std::string& target_name, TargetOptions* opt,
                 std::vector<Diagnostic>* diags) {
  const toml::table* where = target && target->get("sources") ? target : build;
  if (!where || !where->get("sources")) return true;
  std::string field =
      (where == target ? "tool.hatch.build.targets." + target_name : "tool.hatch.build") +
      ".sources";
  const toml::node* n = where->get("sources");
  if (const toml::array* arr = n->as_array()) {
    for (const toml::node& item : *arr) {
      auto s = item.value<std::string>();
      if (!s || s->empty()) {
        diags->push_back(
            ConfigError(project, &item, field, "must be an array of non-empty strings"));
        return false;
      }
      opt->sources[NormalizeRelative(*s) + "/"] = "";
    }
    return true;
  }
  if (const toml::table* t = n->as_table()) {
    for (const auto& [k, v] : *t) {
      auto s = v.value<std::string>();
      if (!s) {
        diags->push_back(ConfigError(project, &v, field, "values must be strings"));
        return false;
      }
      std::string to = NormalizeRelative(*s);
      std::string from = NormalizeRelative(std::string(k.str()));
      opt->sources[from.empty() ? "" : from + "/"] = to.empty() ? "" : to + "/";
    }
    return true;
  }
  diags->push_back(ConfigError(project, n, field, "must be a mapping or an array of strings"));
  return false;
}

// hatchling's normalize_file_name_component: runs of non-word characters become '_'.
std::string HatchFileName(const std::string& name) {
  std::string out;
  bool in_run = false;
  for (char c : name) {
    bool word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '.';
    if (word)
      out += c;
    else if (!in_run)
      out += '_';
    in_run = !word;
  }
  return out;
}

bool DefaultWheelSelection(const Project& project, const SourceTree& tree, TargetOptions* opt,
                           std::vector<Diagnostic>* diags) {
  std::vector<std::string> names = {HatchFileName(project.meta.name),
                                    HatchFileName(ToLower(project.meta.name))};
  std::string n2 = DefaultImportName(project.meta.name);
  if (std::find(names.begin(), names.end(), n2) == names.end()) names.push_back(n2);
  for (const std::string& n : names) {
    if (tree.HasFile(n + "/__init__.py")) {
      opt->packages = {n};
      return true;
    }
    if (tree.HasFile("src/" + n + "/__init__.py")) {
      opt->packages = {"src/" + n};
      return true;
    }
    if (tree.HasFile(n + ".py")) {
      opt->only_include = {n + ".py"};
      return true;
    }
    std::vector<std::string> namespaces;
    for (const std::string& d : tree.dirs) {
      std::vector<std::string> parts = Split(d, '/');
      if (parts.size() == 2 && parts[1] == n && tree.HasFile(d + "/__init__.py"))
        namespaces.push_back(parts[0]);
    }
    if (namespaces.size() == 1) {
      opt->packages = {namespaces[0]};
      return true;
    }
  }
  diags->push_back(ConfigError(
      project, nullptr, "tool.hatch.build.targets.wheel",
      "unable to determine which files to ship inside the wheel: no " + names[0] +
          "/__init__.py, src/" + names[0] + "/__init__.py or " + names[0] +
          ".py; set `packages` (or include/only-include) in [tool.hatch.build.targets.wheel]"));
  return false;
}

// force-include: {"<project path>" = "<archive path>"}; the files ship whatever the excludes say.
bool ReadForceInclude(const Project& project, const SourceTree& tree, const toml::table* build,
                      const toml::table* target, const std::string& target_name, TargetOptions* opt,
                      FileRules* rules, std::vector<Diagnostic>* diags) {
  const toml::table* where = target && target->get("force-include") ? target : build;
  if (!where || !where->get("force-include")) return true;
  std::string field = (where == target ? "tool.hatch.build.targets." + target_name
                                       : std::string("tool.hatch.build")) +
                      ".force-include";
  const toml::table* t = where->get("force-include")->as_table();
  if (!t) {
    diags->push_back(ConfigError(project, where->get("force-include"), field, "must be a table"));
    return false;
  }
  for (const auto& [k, v] : *t) {
    auto to = v.value<std::string>();
    std::string from = NormalizeRelative(std::string(k.str()));
    if (!to) {
      diags->push_back(ConfigError(project, &v, field, "values must be strings"));
      return false;
    }
    // Force-included files often are generated (and git-ignored): they count anyway.
    std::vector<std::string> on_disk = ListFilesOnDisk(tree.root, from);
    if (on_disk.empty() || from.empty() || StartsWith(from, "..")) {
      diags->push_back(
          ConfigError(project, &v, field, "'" + from + "' does not exist inside the project"));
      return false;
    }
    std::vector<std::string>& extra =
        target_name == "wheel" ? rules->extra_wheel_candidates : rules->extra_sdist_candidates;
    extra.insert(extra.end(), on_disk.begin(), on_disk.end());
    opt->force_include.emplace_back(from, NormalizeRelative(*to));
  }
  return true;
}

bool ReadTarget(const Project& project, const SourceTree& tree, const std::string& target_name,
                TargetOptions* opt, FileRules* rules, std::vector<Diagnostic>* diags) {
  const toml::table* build = TableAt(project.doc, "tool.hatch.build");
  const toml::table* target = TableAt(project.doc, "tool.hatch.build.targets." + target_name);
  bool has_exclude = false;
  bool ok = ReadOption(project, build, target, target_name, "include", &opt->include,
                       &opt->has_include, &opt->include_origin, diags);
  ok = ReadOption(project, build, target, target_name, "exclude", &opt->exclude, &has_exclude,
                  &opt->exclude_origin, diags) &&
       ok;
  ok = ReadOption(project, build, target, target_name, "packages", &opt->packages,
                  &opt->has_packages, nullptr, diags) &&
       ok;
  ok = ReadOption(project, build, target, target_name, "only-include", &opt->only_include,
                  &opt->has_only_include, nullptr, diags) &&
       ok;
  bool has_artifacts = false;
  ok = ReadOption(project, build, target, target_name, "artifacts", &opt->artifacts, &has_artifacts,
                  nullptr, diags) &&
       ok;
  ok = ReadSources(project, build, target, target_name, opt, diags) && ok;
  ok = ReadForceInclude(project, tree, build, target, target_name, opt, rules, diags) && ok;
  if (!ok) return false;
  for (std::string& p : opt->packages) p = NormalizeRelative(p);
  for (std::string& p : opt->only_include) p = NormalizeRelative(p);
  if (target_name == "wheel" && opt->include.empty() && opt->packages.empty() &&
      opt->only_include.empty()) {
    if (!DefaultWheelSelection(project, tree, opt, diags)) return false;
  }
  // A package "src/foo" ships as "foo": its parent becomes a source prefix.
  for (const std::string& pkg : opt->packages) {
    size_t slash = pkg.rfind('/');
    if (slash == std::string::npos) continue;
    if (!opt->sources.count(pkg + "/")) opt->sources[pkg.substr(0, slash + 1)] = "";
  }
  return true;
}

void AddSelection(const TargetOptions& opt, const std::string& target_name,
                  std::vector<SelectionStep>* steps) {
  std::string origin = "tool.hatch.build.targets." + target_name;
  // only-include (or packages) names the roots that are walked; everything else is out.
  std::vector<std::string> roots = opt.only_include.empty() ? opt.packages : opt.only_include;
  if (!roots.empty()) {
    for (const std::string& r : roots)
      steps->push_back(Include(PatternSyntax::kLiteral, r, origin + ".only-include"));
  } else if (!opt.include.empty()) {
    steps->push_back(
        Include(PatternSyntax::kGitignore, Join(opt.include, "\n"), opt.include_origin));
  } else {
    steps->push_back(Include(PatternSyntax::kGlob, "**", origin));
  }
  // Global excludes: bytecode (the tree never has it) and the build output.
  std::vector<std::string> exclude = {"*.py[cdo]", "/dist"};
  exclude.insert(exclude.end(), opt.exclude.begin(), opt.exclude.end());
  steps->push_back(Exclude(PatternSyntax::kGitignore, Join(exclude, "\n"),
                           opt.exclude_origin.empty() ? origin + ".exclude" : opt.exclude_origin));
}

// hatchling's include_path: a file an artifact pattern matches ships whatever the excludes (the
// VCS's ignore rules among them) say, when the target's walk reaches it: below its only-include
// roots (or packages), else anywhere in the project. Each such file becomes a candidate and an
// include step after the excludes. hatchling reads the files on disk, not the VCS's list.
void AddArtifacts(const SourceTree& tree, const TargetOptions& opt, const std::string& target_name,
                  std::vector<SelectionStep>* steps, std::vector<std::string>* candidates) {
  if (opt.artifacts.empty()) return;
  Gitignore spec;
  spec.AddPatterns(Join(opt.artifacts, "\n"));
  std::vector<std::string> roots = opt.only_include.empty() ? opt.packages : opt.only_include;
  if (roots.empty()) roots = {"."};
  std::string origin = "tool.hatch.build.targets." + target_name + ".artifacts";
  for (const std::string& root : roots) {
    for (std::string f : ListFilesOnDisk(tree.root, root)) {
      if (StartsWith(f, "./")) f = f.substr(2);
      if (!spec.MatchesSpec(f)) continue;
      candidates->push_back(f);
      steps->push_back(Include(PatternSyntax::kLiteral, f, origin));
    }
  }
}

// The project files hatchling force-includes into every sdist (sdist.py get_default_build_data),
// past the excludes and the .gitignore's patterns: never a difference of exclusion rules.
constexpr const char* kSdistForced[] = {"pyproject.toml", "hatch.toml", "hatch_build.py",
                                        ".gitignore"};
bool ForcedIntoSdist(const std::string& f) {
  return std::find(std::begin(kSdistForced), std::end(kSdistForced), f) != std::end(kSdistForced);
}

// hatchling's locate_file(root, name, boundary=...): the first `name` from the project directory
// upwards, stopping at the directory holding `boundary`; "" when none.
std::string LocateUpwards(const std::string& root, const std::string& name,
                          const std::string& boundary) {
  struct stat st;
  for (std::string dir = root;;) {
    if (stat((dir + "/" + name).c_str(), &st) == 0 && S_ISREG(st.st_mode)) return dir + "/" + name;
    if (stat((dir + "/" + boundary).c_str(), &st) == 0) return "";
    size_t slash = dir.rfind('/');
    if (slash == std::string::npos || dir == "/") return "";
    dir = slash == 0 ? "/" : dir.substr(0, slash);
  }
}

// The .gitignore hatchling reads: locate_file(root, ".gitignore", boundary=".git").
std::string NearestGitignore(const std::string& root) {
  return LocateUpwards(root, ".gitignore", ".git");
}

// `path`, a file LocateUpwards found in `root` or one of its ancestors, relative to `root`:
// "../../.gitignore" (one "../" per '/' below the file's directory; "/.gitignore" has dir "").
std::string RelativeToRoot(const std::string& root, const std::string& path) {
  const size_t dir = path.rfind('/');
  std::string rel;
  for (size_t i = dir; i < root.size(); ++i)
    if (root[i] == '/') rel += "../";
  return rel + path.substr(dir + 1);
}

// What both targets' checks share: the ignore file hatchling reads, and the files on disk (listed
// once, when a check needs them).
struct HatchVcsView {
  std::string path;        // the nearest .gitignore, "" when none
  std::string text;        // its lines
  std::string read_error;  // why `path` could not be read ("" when it was): then no lines
  std::optional<std::vector<std::string>> disk_files;

  explicit HatchVcsView(const std::string& root) : path(NearestGitignore(root)) {
    if (!path.empty() && !ReadFile(path, &text, &read_error)) text.clear();
  }
  const std::vector<std::string>& DiskFiles(const std::string& root) {
    if (!disk_files) {
      disk_files.emplace();
      for (std::string f : ListFilesOnDisk(root, ".")) {
        if (StartsWith(f, "./")) f = f.substr(2);
        disk_files->push_back(std::move(f));
      }
    }
    return *disk_files;
  }
};

// hatchling never asks git: it excludes with one GitIgnoreSpec of its global excludes, the lines
// of the nearest .gitignore and the target's `exclude`, in that order (config.exclude_spec). The
// native walk applies git's rules (every nested .gitignore, .git/info/exclude) before the
// excludes, apart from them. Both agree unless another ignore file is read or the .gitignore
// negates a pattern; only then is every file on disk compared. In a git checkout a tracked file
// the .gitignore matches is a candidate (git ignores only untracked files) that hatchling leaves
// out, so tracked files are compared too. The first file of a target decided otherwise is
// recorded, so that the backend builds the project.
void CheckHatchVcsExclusion(const SourceTree& tree, const TargetOptions& opt,
                            const std::string& target_name, HatchVcsView* view, FileRules* rules) {
  const std::string& nearest = view->path;
  const std::string& text = view->text;
  // hatchling drops every VCS pattern when they match the project's own absolute path
  // (load_vcs_exclusion_patterns: `exclude_spec.match_file(self.root)`): below a directory the
  // .gitignore names (`.cache/`, `tmp/`, `env/`) it ships what git ignores, so the disk is
  // compared.
  bool own_path_ignored = false;
  if (!text.empty()) {
    Gitignore vcs_patterns;
    vcs_patterns.AddPatterns(text);
    std::string_view own_path = tree.root;
    while (!own_path.empty() && own_path.front() == '/') own_path.remove_prefix(1);
    own_path_ignored = vcs_patterns.MatchesSpec(own_path);
  }
  bool other_ignore_file = false;
  for (const std::string& f : tree.ignore_files) other_ignore_file |= f != nearest;
  bool negation = false;
  for (const std::string& line : Split(text, '\n')) negation |= StartsWith(Trim(line), "!");
  const bool walk_disk =
      own_path_ignored || other_ignore_file || (negation && !opt.exclude.empty());
  const bool tracked_ignored = tree.from_git && !text.empty() && !own_path_ignored;
  struct stat st;
  const bool build_dir = stat((tree.root + "/build").c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  if (!walk_disk && !tracked_ignored && !build_dir) return;

  const std::string global = "*.py[cdo]\n/dist\n";
  const std::string excludes = Join(opt.exclude, "\n");
  Gitignore native_excludes, hatch_excludes;
  native_excludes.AddPatterns(global + excludes);
  hatch_excludes.AddPatterns(global + (own_path_ignored ? "" : text + "\n") + excludes);
  const std::string gitignore_name = nearest.empty()                        ? "no .gitignore"
                                     : nearest == tree.root + "/.gitignore" ? ".gitignore"
                                                                            : nearest;
  // Records `f` (once for both targets); `native_out`: the native selection leaves it out.
  auto record = [&](const std::string& f, bool native_out, const std::string& why) {
    for (const auto& [path, reason] : rules->unreproduced)
      if (path == f) return;  // named for the other target already
    rules->unreproduced.emplace_back(
        f, std::string("hatchling's ") + target_name + " exclusion " +
               (native_out ? "keeps" : "leaves out") + " this file, the native walk's " +
               (native_out ? "leaves it out" : "keeps it") + " (" + why + ")");
  };
  // The sdist ships the forced files whatever the patterns say; the wheel reaches a root file
  // only through include/only-include, so without them it leaves these out as hatchling does.
  auto forced_or_unreached = [&](const std::string& f) {
    return ForcedIntoSdist(f) &&
           (target_name == "sdist" || (!opt.has_include && !opt.has_only_include));
  };
  auto build_output = [](const std::string& f) {
    return StartsWith(f, "build/") || StartsWith(f, "dist/");
  };
  if (tracked_ignored) {
    for (const std::string& f : tree.tracked) {
      if (build_output(f) || !tree.HasFile(f) || native_excludes.MatchesSpec(f) ||
          !hatch_excludes.MatchesSpec(f) || forced_or_unreached(f))
        continue;
      record(f, false,
             "git tracks it, so git's rules keep it whatever " + gitignore_name +
                 " says; hatchling never asks git and applies " + gitignore_name +
                 "'s patterns to every file");
      return;
    }
  }
  // The build output build/ never ships natively; hatchling ships what of it no pattern excludes
  // (hatch-vcs's .gitignore has no build/), so such a file hands the project to hatchling. Only
  // read when the patterns leave build/ itself in (a CMake build tree there is usually ignored).
  if (build_dir && !hatch_excludes.MatchesSpec("build/x")) {
    // Only a file the target selects: its only-include or packages roots, else its include
    // patterns, else (no selection) every file for the sdist and the default packages, never
    // build/, for the wheel (platformdirs' sdist includes only /src, /tests and /tox.toml).
    Gitignore includes;
    includes.AddPatterns(Join(opt.include, "\n"));
    auto selected = [&](const std::string& f) {
      if (opt.has_only_include || opt.has_packages) {
        for (const auto* roots : {&opt.only_include, &opt.packages})
          for (const std::string& r : *roots)
            if (f == r || StartsWith(f, r + "/")) return true;
        return false;
      }
      if (opt.has_include) return includes.MatchesSpec(f);
      return target_name == "sdist";
    };
    for (const std::string& f : ListFilesOnDisk(tree.root, "build")) {
      if (hatch_excludes.MatchesSpec(f) || !selected(f)) continue;
      record(f, true,
             "pyrelease never ships the build output build/; hatchling leaves out only what its "
             "patterns match, and no pattern of " +
                 gitignore_name + " or the excludes matches it");
      return;
    }
  }
  if (!walk_disk) return;
  for (const std::string& f : view->DiskFiles(tree.root)) {
    // build/ is never shipped natively (a deliberate difference), unless only the .gitignore
    // hatchling does not apply keeps it out: then the project goes to hatchling.
    if (build_output(f) && !own_path_ignored) continue;
    if (forced_or_unreached(f)) continue;
    const bool native_out = !tree.HasFile(f) || native_excludes.MatchesSpec(f);
    if (native_out == hatch_excludes.MatchesSpec(f)) continue;
    record(f, native_out,
           own_path_ignored
               ? gitignore_name + "'s patterns match the project's own path " + tree.root +
                     ", so hatchling applies none of them; git's rules apply them"
               : "hatchling reads only " + gitignore_name +
                     ", as one pattern list with the excludes; git's rules read every ignore file");
    return;
  }
}

}  // namespace

bool ReadHatchRules(const Project& project, const SourceTree& tree, FileRules* rules,
                    std::vector<Diagnostic>* diags) {
  rules->config_table = "tool.hatch.build";
  // hatch-requirements-txt's files give the metadata: depfile inputs (only those that exist:
  // Ninja reruns a step forever whose input is missing; a missing one fails the build anyway).
  for (const std::string& f : RequirementsTxtFiles(project.doc))
    if (tree.HasFile(f)) rules->config_inputs.push_back(f);
  TargetOptions wheel, sdist;
  bool ok = ReadTarget(project, tree, "wheel", &wheel, rules, diags);
  ok = ReadTarget(project, tree, "sdist", &sdist, rules, diags) && ok;
  if (!ok) return false;

  AddSelection(wheel, "wheel", &rules->wheel);
  AddArtifacts(tree, wheel, "wheel", &rules->wheel, &rules->extra_wheel_candidates);
  // Force-included paths come last (they beat the excludes) and map before `sources`.
  for (const auto& [from, to] : wheel.force_include) {
    rules->wheel.push_back(
        Include(PatternSyntax::kLiteral, from, "tool.hatch.build.force-include"));
    struct stat st;
    bool is_dir = stat((tree.root + "/" + from).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    if (is_dir)
      rules->wheel_paths.push_back({from + "/", to.empty() ? "" : to + "/"});
    else
      rules->wheel_paths.push_back({from, to});
  }
  // get_distribution_path: the first source prefix (in sorted order) that matches rewrites.
  for (const auto& [from, to] : wheel.sources) rules->wheel_paths.push_back({from, to});
  for (const std::string& pkg : wheel.packages)
    if (tree.HasFile(pkg + "/__init__.py")) rules->wheel_required.push_back(pkg + "/__init__.py");

  AddSelection(sdist, "sdist", &rules->sdist);
  // The sdist first: it takes every file, so a file is named for the archive that would ship it.
  HatchVcsView vcs_view(tree.root);
  CheckHatchVcsExclusion(tree, sdist, "sdist", &vcs_view, rules);
  CheckHatchVcsExclusion(tree, wheel, "wheel", &vcs_view, rules);
  AddArtifacts(tree, sdist, "sdist", &rules->sdist, &rules->extra_sdist_candidates);
  for (const auto& [from, to] : sdist.force_include) {
    // The sdist keeps project paths (its writer has no path mapping): only same-path entries.
    if (from != to) {
      diags->push_back(ConfigError(project, nullptr, "tool.hatch.build.targets.sdist.force-include",
                                   "'" + from + "' = '" + to +
                                       "': pyrelease's sdists keep project "
                                       "paths; force-include a path under its own name"));
      return false;
    }
    rules->sdist.push_back(
        Include(PatternSyntax::kLiteral, from, "tool.hatch.build.force-include"));
  }
  // Forced into every sdist whatever the excludes and the ignore rules say (sdist.py
  // get_default_build_data force-includes them): docstring-parser 0.18.0's .gitignore ignores
  // itself (`/.gitignore`) and hatchling ships it all the same.
  for (const char* f : kSdistForced) {
    struct stat st;
    if (stat((tree.root + "/" + f).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    rules->extra_sdist_candidates.push_back(f);
    rules->sdist.push_back(Include(PatternSyntax::kLiteral, f, "hatchling"));
  }
  // The .gitignore hatchling reads is force-included under its base name wherever it was found: a
  // package in a monorepo's subdirectory, with none of its own, ships its repository's.
  if (!vcs_view.path.empty() && vcs_view.path != tree.root + "/.gitignore") {
    if (!vcs_view.read_error.empty()) {
      Diagnostic d;
      d.path = vcs_view.path;
      d.message = vcs_view.read_error + " (hatchling ships the nearest .gitignore in the sdist)";
      diags->push_back(std::move(d));
      return false;
    }
    rules->extra_sdist_candidates.push_back(".gitignore");
    rules->sdist.push_back(Include(PatternSyntax::kLiteral, ".gitignore", "hatchling"));
    rules->sdist_generated[".gitignore"] = vcs_view.text;
    rules->config_inputs.push_back(RelativeToRoot(tree.root, vcs_view.path));
  }
  // hatchling also reads the nearest .hgignore (up to the directory holding .hg), applies its
  // glob or regexp lines as excludes and ships it: none of that is reproduced, so it is a reason.
  std::string hgignore = LocateUpwards(tree.root, ".hgignore", ".hg");
  if (!hgignore.empty()) {
    rules->unreproduced.emplace_back(
        RelativeToRoot(tree.root, hgignore),
        "hatchling also reads this Mercurial ignore file (its patterns exclude files, and the "
        "sdist ships it as .hgignore), which the native selection does not apply");
  }
  AddProjectFilesToSdist(project, rules);
  return true;
}

const std::vector<std::string>& HatchImplementedKeys() {
  // Hooks and version sources other than regex are refused by name in build_path.cc; the wheel
  // and sdist targets are the only ones a PEP 517 build makes.
  static const std::vector<std::string> keys = {"tool.hatch.version.path",
                                                "tool.hatch.build.artifacts",
                                                "tool.hatch.build.targets.*.artifacts",
                                                "tool.hatch.version.pattern",
                                                "tool.hatch.version.source",
                                                "tool.hatch.build.include",
                                                "tool.hatch.build.exclude",
                                                "tool.hatch.build.packages",
                                                "tool.hatch.build.only-include",
                                                "tool.hatch.build.sources",
                                                "tool.hatch.build.sources.*",
                                                "tool.hatch.build.force-include.*",
                                                "tool.hatch.build.targets.*.include",
                                                "tool.hatch.build.targets.*.exclude",
                                                "tool.hatch.build.targets.*.packages",
                                                "tool.hatch.build.targets.*.only-include",
                                                "tool.hatch.build.targets.*.sources",
                                                "tool.hatch.build.targets.*.sources.*",
                                                "tool.hatch.build.targets.*.force-include.*"};
  return keys;
}
