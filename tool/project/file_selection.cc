#include "project/file_selection.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <set>

#include "core/regular_file.h"
#include "core/string_util.h"
#include "project/backend_config.h"
#include "project/sdist_links.h"
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
  out->root = project.dir;
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
  out->unreproduced = std::move(rules.unreproduced);

  // The tree's files plus a backend's extra candidates (no copy of the list when there are none).
  auto select = [&](const std::vector<SelectionStep>& steps,
                    const std::vector<std::string>& extra) {
    if (extra.empty()) return ApplySteps(steps, tree.files);
    std::vector<std::string> all = tree.files;
    all.insert(all.end(), extra.begin(), extra.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return ApplySteps(steps, all);
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
  std::vector<std::string> sdist = select(rules.sdist, rules.extra_sdist_candidates);
  std::vector<std::string> wheel = select(rules.wheel, rules.extra_wheel_candidates);
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
      } else if (IsRegularFile(project.dir + "/" + r)) {
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
  const bool unpacked_sdist = !tree.from_git && IsRegularFile(project.dir + "/PKG-INFO");
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
  // plugin rewrites it when the wheel is built from the sdist (no commit id there, unless
  // setuptools-scm finds the sdist's scm_version.json: sdist_egg_info_at_root).
  auto generate = [&](SelectedFile* file, bool for_sdist) {
    if (version_file.empty() || file->source_key() != version_file) return true;
    file->generated = true;
    file->executable = false;
    std::string commit =
        for_sdist || rules.sdist_egg_info_at_root ? VersionFileCommitId(project.vcs_node, vcs) : "";
    std::string content;
    if (!RenderVersionFile(version_file, project.meta.version, commit, &content)) {
      diags->push_back(FileError(project, version_file,
                                 "no default template for this version file (" +
                                     vcs.version_file_key + "): only .py and .txt have one"));
      return false;
    }
    file->bytes = std::make_shared<const std::string>(std::move(content));
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
  auto executable = [&](const std::string& f) {
    return tree.HasFile(f) ? tree.IsExecutable(f) : IsExecutable(project.dir + "/" + f);
  };
  // Each path string is stored once: an sdist file's source is its archive path; a wheel file's
  // is too when the wheel keeps its place, else `path` holds it.
  out->sdist.reserve(sdist.size());
  out->wheel.reserve(wheel.size());
  for (std::string& f : sdist) {
    out->sdist.emplace_back();
    SelectedFile& file = out->sdist.back();
    file.executable = executable(f);
    file.archive_path = std::move(f);
    if (auto g = rules.sdist_generated.find(file.archive_path); g != rules.sdist_generated.end()) {
      file.generated = true;
      file.executable = false;
      file.bytes = std::make_shared<const std::string>(g->second);
    }
    if (!generate(&file, true)) return false;
  }
  std::vector<std::string>().swap(sdist);
  // Where two files would land on one wheel path, or one in the .dist-info: the first in `wheel`'s
  // order is reported.
  size_t first_bad = wheel.size();
  std::string bad_message;
  for (size_t i = 0; i < wheel.size(); ++i) {
    std::string& f = wheel[i];
    out->wheel.emplace_back();
    SelectedFile& file = out->wheel.back();
    file.executable = executable(f);
    std::string target = MapWheelPath(rules.wheel_paths, f);
    if (first_bad == wheel.size() && EndsWith(target.substr(0, target.find('/')), ".dist-info")) {
      first_bad = i;
      bad_message = "would be written into the wheel's .dist-info";
    }
    if (target == f) {
      file.archive_path = std::move(f);
    } else {
      file.path = std::move(f);
      file.archive_path = std::move(target);
    }
    if (!generate(&file, false)) return false;
  }
  std::vector<std::string>().swap(wheel);
  {
    // Two sources with one target: sorted by target (stable: in `wheel`'s order within one), the
    // second of a pair is the file that found the target taken.
    std::vector<uint32_t> by_target(out->wheel.size());
    for (uint32_t i = 0; i < by_target.size(); ++i) by_target[i] = i;
    std::stable_sort(by_target.begin(), by_target.end(), [&](uint32_t a, uint32_t b) {
      return out->wheel[a].archive_path < out->wheel[b].archive_path;
    });
    size_t taken = 0, found = out->wheel.size();
    for (size_t k = 1; k < by_target.size(); ++k) {
      const SelectedFile& prev = out->wheel[by_target[k - 1]];
      const SelectedFile& cur = out->wheel[by_target[k]];
      if (prev.archive_path != cur.archive_path) continue;
      size_t first = k - 1;
      while (first > 0 && out->wheel[by_target[first - 1]].archive_path == cur.archive_path)
        --first;
      if (by_target[k] < found) {
        found = by_target[k];
        taken = by_target[first];
      }
    }
    if (found < out->wheel.size() && found <= first_bad) {  // a file's collision comes first
      const SelectedFile& f = out->wheel[found];
      diags->push_back(FileError(project, f.source_key(),
                                 "both " + out->wheel[taken].source_key() + " and " +
                                     f.source_key() + " would be " + f.archive_path +
                                     " in the wheel"));
      return false;
    }
    if (first_bad < out->wheel.size()) {
      diags->push_back(FileError(project, out->wheel[first_bad].source_key(), bad_message));
      return false;
    }
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
                       return parts(a.source_key()) < parts(b.source_key());
                     });
  }

  out->sdist_links = FindSdistLinks(out->sdist, project.dir, &tree.file_links);

  // The depfile inputs besides the shipped files (DepfileInputs adds those when it is written): a
  // sorted vector, not a set.
  std::vector<std::string>& inputs = out->tree_inputs;
  inputs.reserve(1 + rules.config_inputs.size() + tree.ignore_files.size() + tree.dirs.size());
  if (project.has_pyproject) inputs.push_back(project.dir + "/pyproject.toml");
  for (const std::string& f : rules.config_inputs) inputs.push_back(project.dir + "/" + f);
  for (const std::string& f : tree.ignore_files) inputs.push_back(f);
  for (const std::string& d : tree.dirs)
    inputs.push_back(d.empty() ? project.dir : project.dir + "/" + d);
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  return true;
}

std::string FileSelection::Source(const SelectedFile& file) const {
  const std::string& key = file.source_key();
  if (root.empty() || (!key.empty() && key.front() == '/')) return key;
  return root + "/" + key;
}

std::vector<std::string> FileSelection::DepfileInputs() const {
  std::vector<std::string> out = tree_inputs;
  size_t sorted = out.size();
  // The project's own files (a relative source): a file from elsewhere is in `inputs` already
  // when its adder wants it there.
  for (const std::vector<SelectedFile>* list : {&sdist, &wheel}) {
    for (const SelectedFile& f : *list) {
      const std::string& key = f.source_key();
      if (!f.generated && !key.empty() && key.front() != '/') out.push_back(Source(f));
    }
  }
  out.insert(out.end(), inputs.begin(), inputs.end());
  std::sort(out.begin() + sorted, out.end());
  std::inplace_merge(out.begin(), out.begin() + sorted, out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void RestrictWheelToSdist(const Project& project, FileSelection* selection,
                          std::vector<Diagnostic>* diags) {
  // The sdist's sources, sorted (pointers: no copy of a path).
  std::vector<const std::string*> in_sdist;
  in_sdist.reserve(selection->sdist.size());
  for (const SelectedFile& f : selection->sdist) in_sdist.push_back(&f.source_key());
  auto less = [](const std::string* a, const std::string* b) { return *a < *b; };
  std::sort(in_sdist.begin(), in_sdist.end(), less);
  std::vector<bool> keep(selection->wheel.size());
  std::vector<std::string> dropped;
  std::string prefix = project.dir + "/";
  for (size_t i = 0; i < selection->wheel.size(); ++i) {
    const SelectedFile& f = selection->wheel[i];
    keep[i] = std::binary_search(in_sdist.begin(), in_sdist.end(), &f.source_key(), less);
    if (!keep[i]) {
      std::string source = selection->Source(f);
      dropped.push_back(StartsWith(source, prefix) ? source.substr(prefix.size()) : source);
    }
  }
  if (dropped.empty()) return;
  size_t n = 0;
  for (size_t i = 0; i < selection->wheel.size(); ++i) {
    if (!keep[i]) continue;
    if (n != i) selection->wheel[n] = std::move(selection->wheel[i]);  // (not onto itself)
    ++n;
  }
  selection->wheel.resize(n);
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
