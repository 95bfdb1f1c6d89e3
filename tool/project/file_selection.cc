#include "project/file_selection.h"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

#include "project/backend_config.h"
#include "project/secret_files.h"
#include "project/source_tree.h"
#include "core/string_util.h"

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

  FileRules rules;
  bool ok = false;
  switch (DeclaredBackend(project)) {
    case Backend::kFlit: ok = ReadFlitRules(project, tree, &rules, diags); break;
    case Backend::kHatch: ok = ReadHatchRules(project, tree, &rules, diags); break;
    case Backend::kSetuptools: ok = ReadSetuptoolsRules(project, tree, &rules, diags); break;
    case Backend::kUv: ok = ReadUvRules(project, tree, &rules, diags); break;
    default: ok = ReadPyreleaseRules(project, tree, &rules, diags); break;
  }
  if (!ok) return false;

  auto with_extra = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> all = tree.files;
    all.insert(all.end(), extra.begin(), extra.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
  };
  std::vector<std::string> sdist = ApplySteps(rules.sdist, with_extra(rules.extra_sdist_candidates));
  std::vector<std::string> wheel = ApplySteps(rules.wheel, with_extra(rules.extra_wheel_candidates));

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
    diags->push_back(FileError(project, "pyproject.toml",
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
  std::vector<const std::vector<std::string>*> judged;
  if (options.sdist) judged.push_back(&sdist);
  if (options.wheel) judged.push_back(&wheel);
  for (const std::vector<std::string>* list : judged) {
    for (const std::string& f : *list) {
      std::string why;
      if (!LooksLikeSecret(f, &why) || SecretIsAllowed(f, allowed)) continue;
      if (tree.IsTracked(f)) {
        if (warned.insert(f).second) {
          Diagnostic d = FileError(project, f,
                                   "shipping a file whose name looks like a secret (matches '" + why +
                                       "') because git tracks it (the repository already publishes "
                                       "it); its content is still scanned for credentials");
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

  for (const std::string& f : sdist) {
    std::string abs = project.dir + "/" + f;
    out->sdist.push_back(SelectedFile{abs, f, IsExecutable(abs)});
  }
  std::map<std::string, std::string> wheel_targets;
  for (const std::string& f : wheel) {
    std::string abs = project.dir + "/" + f;
    std::string target = MapWheelPath(rules.wheel_paths, f);
    auto [it, inserted] = wheel_targets.emplace(target, f);
    if (!inserted) {
      diags->push_back(FileError(project, f,
                                 "both " + it->second + " and " + f + " would be " + target +
                                     " in the wheel"));
      return false;
    }
    if (EndsWith(Split(target, '/')[0], ".dist-info")) {
      diags->push_back(FileError(project, f, "would be written into the wheel's .dist-info"));
      return false;
    }
    out->wheel.push_back(SelectedFile{abs, target, IsExecutable(abs)});
  }
  auto by_path = [](const SelectedFile& a, const SelectedFile& b) {
    return a.archive_path < b.archive_path;
  };
  std::sort(out->sdist.begin(), out->sdist.end(), by_path);
  std::sort(out->wheel.begin(), out->wheel.end(), by_path);

  std::set<std::string> inputs;
  inputs.insert(project.dir + "/pyproject.toml");
  for (const std::string& f : rules.config_inputs) inputs.insert(project.dir + "/" + f);
  for (const std::string& f : tree.ignore_files) inputs.insert(f);
  for (const SelectedFile& f : out->sdist) inputs.insert(f.source);
  for (const SelectedFile& f : out->wheel) inputs.insert(f.source);
  for (const std::string& d : tree.dirs) inputs.insert(d.empty() ? project.dir : project.dir + "/" + d);
  out->inputs.assign(inputs.begin(), inputs.end());
  return true;
}
