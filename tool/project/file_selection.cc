#include "project/file_selection.h"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/regular_file.h"
#include "core/string_util.h"
#include "project/backend_config.h"
#include "project/secret_files.h"
#include "project/source_tree.h"
#include "project/vcs_version.h"

namespace {

// The backend whose file rules apply: the one the metadata loader found, else what
// [build-system] build-backend names.
Backend DeclaredBackend(const Project& project) {
  if (project.meta.backend != Backend::kUnknown) return project.meta.backend;
  const toml::table* bs = TableAt(project.doc, "build-system");
  std::string b = bs ? bs->get("build-backend") ? bs->get("build-backend")->value_or(std::string())
                                                : std::string()
                     : std::string();
  if (StartsWith(b, "flit_core")) return Backend::kFlit;
  if (StartsWith(b, "hatchling")) return Backend::kHatch;
  if (StartsWith(b, "setuptools")) return Backend::kSetuptools;
  if (b == "uv_build") return Backend::kUv;
  if (b == "pdm.backend") return Backend::kPdm;
  if (b == "poetry.core.masonry.api") return Backend::kPoetry;
  // No build-backend at all: PEP 517's fallback is setuptools. Another backend (scikit-build-core,
  // pdm, poetry, ...): our own [tool.pyrelease] rules.
  if (b.empty()) return Backend::kSetuptools;
  return Backend::kUnknown;
}

bool IsExecutable(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && (st.st_mode & S_IXUSR);
}

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Diagnostic FileError(const Project& project, const std::string& rel, const std::string& message) {
  Diagnostic d;
  d.path = project.dir + "/" + rel;
  d.message = message;
  return d;
}

}  // namespace

bool SelectFiles(const Project& project, FileSelection* out, std::vector<Diagnostic>* diags,
                 const SelectOptions& options) {
  *out = FileSelection();
  SourceTree tree;
  std::string err;
  if (!ScanSourceTree(project.dir, /*use_git=*/true, &tree, &err)) {
    diags->push_back(FileError(project, "", err));
    return false;
  }
  out->dir_links = tree.dir_links;

  FileRules rules;
  bool ok = false;
  switch (DeclaredBackend(project)) {
    case Backend::kFlit:
      ok = ReadFlitRules(project, tree, &rules, diags);
      break;
    case Backend::kHatch:
      ok = ReadHatchRules(project, tree, &rules, diags);
      break;
    case Backend::kSetuptools:
      ok = ReadSetuptoolsRules(project, tree, &rules, diags);
      break;
    case Backend::kUv:
      ok = ReadUvRules(project, tree, &rules, diags);
      break;
    case Backend::kPdm:
      ok = ReadPdmRules(project, tree, &rules, diags);
      break;
    case Backend::kPoetry:
      ok = ReadPoetryRules(project, tree, &rules, diags);
      break;
    default:
      ok = ReadPyreleaseRules(project, tree, &rules, diags);
      break;
  }
  if (!ok) return false;

  auto with_extra = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> all = tree.files;
    all.insert(all.end(), extra.begin(), extra.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
  };
  // A VCS-version plugin's version file is generated into the tree by the build and ships as a
  // build artifact: always in the sdist (hatch-vcs declares it an artifact; setuptools-scm writes
  // it into a package), in the wheel wherever the wheel ships its directory's files.
  VcsVersionConfig vcs = ReadVcsVersionConfig(project.doc, DeclaredBackend(project));
  const std::string& version_file = vcs.version_file;
  if (!version_file.empty()) {
    rules.extra_sdist_candidates.push_back(version_file);
    rules.extra_wheel_candidates.push_back(version_file);
    rules.sdist.push_back(Include(PatternSyntax::kLiteral, version_file, vcs.version_file_key));
  }
  std::vector<std::string> sdist =
      ApplySteps(rules.sdist, with_extra(rules.extra_sdist_candidates));
  std::vector<std::string> wheel =
      ApplySteps(rules.wheel, with_extra(rules.extra_wheel_candidates));
  if (!version_file.empty() && !std::binary_search(wheel.begin(), wheel.end(), version_file)) {
    std::string dir = version_file.substr(0, version_file.rfind('/') + 1);
    bool dir_ships = std::any_of(wheel.begin(), wheel.end(), [&](const std::string& f) {
      return f.rfind('/') + 1 == dir.size() && StartsWith(f, dir);
    });
    if (dir_ships && !dir.empty())
      wheel.insert(std::lower_bound(wheel.begin(), wheel.end(), version_file), version_file);
  }

  // Files that must ship: force them in when the VCS ignores them, refuse a configured exclusion.
  auto require = [&](const std::vector<std::string>& required, std::vector<std::string>* list,
                     const char* archive) {
    for (const std::string& r : required) {
      if (std::binary_search(list->begin(), list->end(), r)) continue;
      if (tree.HasFile(r)) {
        diags->push_back(FileError(project, r,
                                   std::string("this file is required in the ") + archive +
                                       " but the [" + rules.config_table +
                                       "] configuration excludes it"));
        ok = false;
      } else if (FileExists(project.dir + "/" + r)) {
        list->insert(std::lower_bound(list->begin(), list->end(), r), r);
      }
    }
  };
  require(rules.sdist_required, &sdist, "sdist");
  require(rules.wheel_required, &wheel, "wheel");
  if (!ok) return false;
  if (wheel.empty()) {
    diags->push_back(
        FileError(project, "pyproject.toml",
                  "no files selected for the wheel; check [" + rules.config_table + "]"));
    return false;
  }

  // Secret-looking names, judged only in the archives being built (an sdist-only test fixture
  // never blocks the wheel): allowed by [tool.pyrelease] allow-secrets, shipped with a warning
  // when git tracks them (the repository already publishes them), refused otherwise.
  std::vector<std::string> allowed;
  if (!ReadStringArray(project, TableAt(project.doc, "tool.pyrelease"), "allow-secrets",
                       "tool.pyrelease.allow-secrets", &allowed, diags))
    return false;
  std::set<std::string> refused, warned;
  // An unpacked sdist (PKG-INFO at the root, no git): every file in it was published with that
  // sdist already, as a tracked file of a checkout is (pip and `python -m build` rebuild from it).
  const bool unpacked_sdist = !tree.from_git && FileExists(project.dir + "/PKG-INFO");
  std::vector<const std::vector<std::string>*> judged;
  if (options.sdist) judged.push_back(&sdist);
  if (options.wheel) judged.push_back(&wheel);
  for (const std::vector<std::string>* list : judged) {
    for (const std::string& f : *list) {
      std::string why;
      if (!LooksLikeSecret(f, &why) || SecretIsAllowed(f, allowed)) continue;
      if (tree.IsTracked(f) || unpacked_sdist) {
        if (warned.insert(f).second) {
          Diagnostic d = FileError(
              project, f,
              "shipping a file whose name looks like a secret (matches '" + why + "') because " +
                  (unpacked_sdist ? "the unpacked sdist it comes from (PKG-INFO) already "
                                    "published it"
                                  : "git tracks it (the repository already publishes it)") +
                  "; its content is still scanned for credentials");
          d.severity = Severity::kWarning;
          diags->push_back(std::move(d));
        }
      } else if (refused.insert(f).second) {
        diags->push_back(FileError(
            project, f,
            "refusing to ship a file that looks like a secret (matches '" + why + "') and that " +
                (tree.from_git ? "git does not track" : "is not in a git checkout") +
                "; remove it, ignore it in .gitignore, exclude it in [" + rules.config_table +
                "], or allow it with [tool.pyrelease] allow-secrets = [\"" + f + "\"]"));
      }
    }
  }
  if (!refused.empty()) return false;

  // The version file as the plugin renders it: the sdist's from the checkout, the wheel's as the
  // plugin rewrites it when the wheel is built from the sdist (no commit id there).
  auto generate = [&](SelectedFile* file, bool for_sdist) {
    if (version_file.empty() || file->source != project.dir + "/" + version_file) return true;
    file->generated = true;
    file->executable = false;
    std::string commit = for_sdist ? VersionFileCommitId(project.vcs_node, vcs) : "";
    if (!RenderVersionFile(version_file, project.meta.version, commit, &file->content)) {
      diags->push_back(FileError(project, version_file,
                                 "no default template for this version file (" +
                                     vcs.version_file_key + "): only .py and .txt have one"));
      return false;
    }
    return true;
  };
  // Only regular files inside the project ship: not a FIFO (reading it would hang the build), not
  // a link to /etc/passwd. The tree classified its own files; forced-in ones are checked here.
  auto unsafe_reason = [&](const std::string& f) -> std::string {
    if (tree.HasFile(f)) {
      auto it = tree.unsafe.find(f);
      return it == tree.unsafe.end() ? "" : it->second;
    }
    std::string abs = project.dir + "/" + f, resolved;
    struct stat st;
    if (stat(abs.c_str(), &st) != 0) return "";  // missing files are reported by the writers
    if (!S_ISREG(st.st_mode)) return FileTypeName(st.st_mode);
    if (!ResolvesInside(project.dir, abs, &resolved))
      return "a symbolic link to " + resolved + ", outside the project";
    return "";
  };
  // The wheel's .dist-info/licenses/ copies come from project.meta.license_files.
  for (const std::vector<std::string>* list :
       std::initializer_list<const std::vector<std::string>*>{&sdist, &wheel,
                                                              &project.meta.license_files}) {
    for (const std::string& f : *list) {
      std::string why = unsafe_reason(f);
      if (!why.empty() && refused.insert(f).second) {
        diags->push_back(FileError(project, f,
                                   "refusing to ship " + why +
                                       ": only regular files inside the project "
                                       "are archived; remove it or exclude it"));
      }
    }
  }
  if (!refused.empty()) return false;

  // The tree's walk has the mode of its files already; a forced-in file is stat'ed here.
  auto executable = [&](const std::string& f, const std::string& abs) {
    return tree.HasFile(f) ? tree.IsExecutable(f) : IsExecutable(abs);
  };
  out->sdist.reserve(sdist.size());
  out->wheel.reserve(wheel.size());
  for (const std::string& f : sdist) {
    std::string abs = project.dir + "/" + f;
    out->sdist.push_back(SelectedFile{abs, f, executable(f, abs), false, ""});
    if (auto g = rules.sdist_generated.find(f); g != rules.sdist_generated.end()) {
      out->sdist.back().generated = true;
      out->sdist.back().executable = false;
      out->sdist.back().content = g->second;
    }
    if (!generate(&out->sdist.back(), true)) return false;
  }
  std::map<std::string, std::string> wheel_targets;
  for (const std::string& f : wheel) {
    std::string abs = project.dir + "/" + f;
    std::string target = MapWheelPath(rules.wheel_paths, f);
    auto [it, inserted] = wheel_targets.emplace(target, f);
    if (!inserted) {
      diags->push_back(
          FileError(project, f,
                    "both " + it->second + " and " + f + " would be " + target + " in the wheel"));
      return false;
    }
    if (EndsWith(Split(target, '/')[0], ".dist-info")) {
      diags->push_back(FileError(project, f, "would be written into the wheel's .dist-info"));
      return false;
    }
    out->wheel.push_back(SelectedFile{abs, target, executable(f, abs), false, ""});
    if (!generate(&out->wheel.back(), false)) return false;
  }
  auto by_path = [](const SelectedFile& a, const SelectedFile& b) {
    return a.archive_path < b.archive_path;
  };
  std::sort(out->sdist.begin(), out->sdist.end(), by_path);
  std::sort(out->wheel.begin(), out->wheel.end(), by_path);
  if (DeclaredBackend(project) == Backend::kPoetry) {
    // poetry-core orders pathlib paths (part by part: "a/x" before "a-b/x"): the sdist by archive
    // path, the wheel by the source file's path.
    auto parts = [](const std::string& p) { return Split(p, '/'); };
    std::stable_sort(out->sdist.begin(), out->sdist.end(),
                     [&](const SelectedFile& a, const SelectedFile& b) {
                       return parts(a.archive_path) < parts(b.archive_path);
                     });
    std::stable_sort(out->wheel.begin(), out->wheel.end(),
                     [&](const SelectedFile& a, const SelectedFile& b) {
                       return parts(a.source) < parts(b.source);
                     });
  }

  // A sorted vector, not a set: one string per input, no tree node each.
  std::vector<std::string>& inputs = out->inputs;
  inputs.reserve(2 + rules.config_inputs.size() + tree.ignore_files.size() + out->sdist.size() +
                 tree.dirs.size());
  inputs.push_back(project.dir + "/pyproject.toml");
  for (const std::string& f : rules.config_inputs) inputs.push_back(project.dir + "/" + f);
  for (const std::string& f : tree.ignore_files) inputs.push_back(f);
  for (const SelectedFile& f : out->sdist)
    if (!f.generated) inputs.push_back(f.source);
  for (const std::string& d : tree.dirs)
    inputs.push_back(d.empty() ? project.dir : project.dir + "/" + d);
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  // The wheel's files are mostly the sdist's: only the others are added.
  size_t sorted = inputs.size();
  for (const SelectedFile& f : out->wheel) {
    if (!f.generated && !std::binary_search(inputs.begin(), inputs.begin() + sorted, f.source))
      inputs.push_back(f.source);
  }
  std::sort(inputs.begin() + sorted, inputs.end());
  inputs.erase(std::unique(inputs.begin() + sorted, inputs.end()), inputs.end());
  std::inplace_merge(inputs.begin(), inputs.begin() + sorted, inputs.end());
  return true;
}

void RestrictWheelToSdist(const Project& project, FileSelection* selection,
                          std::vector<Diagnostic>* diags) {
  std::set<std::string> in_sdist;
  for (const SelectedFile& f : selection->sdist) in_sdist.insert(f.source);
  std::vector<SelectedFile> kept;
  std::vector<std::string> dropped;
  std::string prefix = project.dir + "/";
  for (const SelectedFile& f : selection->wheel) {
    if (in_sdist.count(f.source)) {
      kept.push_back(f);
    } else {
      dropped.push_back(StartsWith(f.source, prefix) ? f.source.substr(prefix.size()) : f.source);
    }
  }
  if (dropped.empty()) return;
  selection->wheel.swap(kept);
  Diagnostic d = FileError(
      project, "pyproject.toml",
      "the sdist leaves out " + std::to_string(dropped.size()) +
          " file(s) the wheel would ship from the tree, so the wheel (built from the sdist's "
          "files, as python -m build and pip build it) leaves them out too, and installing "
          "from either gives the same package: " +
          Join(dropped, ", ") +
          " (check the sdist exclusions of the build backend's "
          "configuration or MANIFEST.in)");
  d.severity = Severity::kWarning;
  diags->push_back(d);
}
