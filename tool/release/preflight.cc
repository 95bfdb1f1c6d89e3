#include "release/preflight.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include "core/diagnostics.h"
#include "core/interrupt.h"
#include "core/owned_dir.h"
#include "core/string_util.h"
#include "core/subprocess.h"
#include "core/url.h"
#include "project/build_path.h"
#include "project/file_selection.h"
#include "project/pyproject.h"
#include "publish/simple_index.h"
#include "release/changelog.h"
#include "spec/dist_filename.h"
#include "spec/names.h"
#include "spec/pep440.h"

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// [tool.pyrelease.preflight] commands = { tests = "pytest -q", lint = "ruff check ." }
std::vector<std::pair<std::string, std::string>> DeclaredCommands(const toml::table& doc) {
  std::vector<std::pair<std::string, std::string>> out;
  if (const toml::table* t = doc.at_path("tool.pyrelease.preflight.commands").as_table()) {
    for (const auto& [key, value] : *t) {
      if (auto cmd = value.value<std::string>()) out.emplace_back(std::string(key.str()), *cmd);
    }
  }
  return out;
}

std::string DeclaredChangelog(const Project& project) {
  return project.doc.at_path("tool.pyrelease.preflight.changelog").value_or(std::string());
}

bool Git(const std::string& dir, const std::vector<std::string>& args, SubprocessResult* r) {
  std::vector<std::string> argv = {"git", "-C", dir};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string err;
  return RunSubprocess(argv, {}, r, &err) && r->exit_code == 0;
}

class Preflight {
 public:
  Preflight(const PreflightOptions& options, const ReleaseProject& release,
            const std::function<void(const PreflightItem&)>& on_item,
            std::vector<PreflightItem>* items)
      : options_(options),
        release_(release),
        project_(release.project),
        on_item_(on_item),
        items_(items) {}

  // Whether the item `name` runs (--only, --skip, --list-items).
  bool Runs(const std::string& name) const {
    return !options_.list_only &&
           (options_.only.empty() || Match(options_.only, name) != options_.only.end()) &&
           Match(options_.skip, name) == options_.skip.end();
  }

  // "name", or a pattern "prefix*", among `patterns`; the one that matched, else end().
  static std::vector<std::string>::const_iterator Match(const std::vector<std::string>& patterns,
                                                        const std::string& name) {
    return std::find_if(patterns.begin(), patterns.end(), [&](const std::string& s) {
      return s == name || (EndsWith(s, "*") && StartsWith(name, s.substr(0, s.size() - 1)));
    });
  }

  void Run(const std::string& name, const std::function<void(PreflightItem*)>& body) {
    if (!options_.only.empty() && Match(options_.only, name) == options_.only.end()) return;
    PreflightItem item;
    item.name = name;
    if (options_.list_only) {
      items_->push_back(std::move(item));
      return;
    }
    auto start = Clock::now();
    auto skipped = Match(options_.skip, name);
    if (skipped != options_.skip.end()) {
      item.status = PreflightStatus::kSkip;
      item.detail = "skipped on purpose (--skip " + *skipped + ")";
    } else {
      body(&item);
    }
    item.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (on_item_) on_item_(item);
    items_->push_back(std::move(item));
  }

  void GitClean(PreflightItem* item) {
    SubprocessResult top;
    if (!Git(project_.dir, {"rev-parse", "--show-toplevel"}, &top)) {
      item->status = PreflightStatus::kFail;
      item->detail = project_.dir + " is not in a git work tree: nothing proves what is released";
      return;
    }
    std::string root = Trim(top.out);
    SubprocessResult status;
    if (!Git(project_.dir, {"status", "--porcelain", "-z", "--untracked-files=all", "--", "."},
             &status)) {
      item->status = PreflightStatus::kFail;
      item->detail = "git status failed: " + Trim(status.err);
      return;
    }
    // Through the backend the files that ship are its choice: every file of the project counts.
    FileSelection selection;
    std::vector<Diagnostic> diags;
    if (release_.native_files) SelectFiles(project_, &selection, &diags);
    std::set<std::string> shipped;
    for (const auto* list : {&selection.sdist, &selection.wheel})
      for (const auto& f : *list)
        shipped.insert(fs::weakly_canonical(selection.Source(f)).string());
    std::vector<std::string> changed;
    std::vector<std::string> entries = Split(status.out, '\0');
    for (size_t i = 0; i < entries.size(); ++i) {
      const std::string& e = entries[i];
      if (e.size() < 4) continue;
      std::string code = e.substr(0, 2), path = e.substr(3);
      if (code[0] == 'R' || code[0] == 'C') ++i;  // -z puts the rename source in the next entry
      std::string abs = fs::weakly_canonical(fs::path(root) / path).string();
      if (!release_.native_files || shipped.count(abs)) changed.push_back(Trim(code) + " " + path);
    }
    std::string which = release_.native_files
                            ? "that ship"
                            : "of the project (" + release_.backend_label +
                                  " chooses the files that ship: every file counts)";
    if (!changed.empty()) {
      item->status = PreflightStatus::kFail;
      item->detail = std::to_string(changed.size()) + " file(s) " + which +
                     " are not committed: " + Join(changed, ", ") +
                     " (commit them, or --skip git-clean)";
      return;
    }
    item->detail = "every file " + which + " is committed";
  }

  void TagMatches(PreflightItem* item) {
    SubprocessResult tag;
    std::string name = options_.tag;
    if (name.empty()) {
      if (!Git(project_.dir, {"describe", "--exact-match", "--tags", "HEAD"}, &tag)) {
        item->detail = "HEAD is not on a tag (nothing to compare)";
        return;
      }
      name = Trim(tag.out);
    }
    std::string what = options_.tag.empty() ? "HEAD's tag " : "the tag ";
    std::string normalized, err;
    std::string bare = StartsWith(name, "v") ? name.substr(1) : name;
    if (!NormalizeVersion(bare, &normalized, &err) || normalized != project_.meta.version) {
      item->status = PreflightStatus::kFail;
      item->detail = what + "'" + name + "' does not name the project's version " +
                     project_.meta.version + " (tag v" + project_.meta.version +
                     ", or set the version with `pyrelease version --set` and tag again)" +
                     VersionOrigin();
      return;
    }
    item->detail = what + name + " names the version" + VersionOrigin();
  }

  void IndexVersion(PreflightItem* item) {
    if (options_.index_url.empty()) {
      item->status = PreflightStatus::kSkip;
      item->detail = "no --index-url given: the versions already released are unknown";
      return;
    }
    std::vector<IndexFile> files;
    std::string err;
    std::error_code ec;
    bool local = options_.index_url.find("://") == std::string::npos;
    std::string local_dir = local                           ? options_.index_url
                            : IsFileUrl(options_.index_url) ? FileUrlToPath(options_.index_url)
                                                            : "";
    if (!local_dir.empty() && !fs::exists(local_dir, ec)) {
      item->detail = "the local index " + options_.index_url + " does not exist yet: no release";
      return;
    }
    if (!FetchProjectFiles(options_.index_url, project_.meta.name, &files, &err)) {
      item->status = PreflightStatus::kFail;
      item->detail = "cannot read " + options_.index_url + ": " + err;
      return;
    }
    Pep440Version mine, newest;
    std::string newest_text;
    ParseVersion(project_.meta.version, &mine, &err);
    for (const auto& f : files) {
      DistFilename dist;
      Pep440Version v;
      std::string e;
      if (!ParseDistFilename(f.filename, &dist, &e) || !ParseVersion(dist.version, &v, &e))
        continue;
      if (newest_text.empty() || CompareVersions(v, newest) > 0) {
        newest = v;
        newest_text = v.ToString();
      }
    }
    if (newest_text.empty()) {
      item->detail = "the index has no release of " + project_.meta.name + " yet";
      return;
    }
    if (CompareVersions(mine, newest) <= 0) {
      item->status = PreflightStatus::kFail;
      item->detail = project_.meta.version + " is not newer than " + newest_text +
                     ", the newest release on the index (bump it: pyrelease version --bump patch)" +
                     VersionOrigin();
      return;
    }
    item->detail =
        project_.meta.version + " is newer than " + newest_text + " on the index" + VersionOrigin();
  }

  void ChangelogEntryExists(PreflightItem* item) {
    std::string file =
        !options_.changelog_file.empty() ? options_.changelog_file : DeclaredChangelog(project_);
    Changelog log;
    std::string err;
    if (!ReadChangelog(project_.dir, file, &log, &err)) {
      item->status = PreflightStatus::kFail;
      item->detail = err;
      return;
    }
    const ChangelogEntry* entry = FindEntry(log, project_.meta.version);
    std::string rel = fs::relative(log.path, project_.dir).string();
    if (!entry) {
      item->status = PreflightStatus::kFail;
      item->detail = rel + " has no entry for " + project_.meta.version +
                     " (add a heading such as \"## [" + project_.meta.version + "] - <date>\")" +
                     VersionOrigin();
      return;
    }
    if (entry->body.empty()) {
      item->status = PreflightStatus::kFail;
      item->detail = rel + ":" + std::to_string(entry->line) + ": the entry for " +
                     project_.meta.version + " is empty";
      return;
    }
    item->detail = rel + ":" + std::to_string(entry->line) + " " + entry->heading + VersionOrigin();
  }

  std::vector<std::string> BuildCommand(const std::string& outdir) const {
    std::vector<std::string> argv = {options_.pyrelease, "build",    "--project",
                                     project_.dir,       "--outdir", outdir};
    argv.insert(argv.end(), options_.build_args.begin(), options_.build_args.end());
    return argv;
  }

  void BuildAndCheck(PreflightItem* item) {
    DeferInterrupts defer;  // a signal unwinds to the removal of tmp below
    std::string tmp, err;
    const char* tmpdir = std::getenv("TMPDIR");
    if (!CreateOwnedTempDir(tmpdir && *tmpdir ? tmpdir : "/tmp", "pyrelease-preflight-", &tmp,
                            &err)) {
      item->status = PreflightStatus::kFail;
      item->detail = err;
      return;
    }
    SubprocessResult build;
    std::string out = tmp + "/dist";
    bool started = RunSubprocess(BuildCommand(out), {}, &build, &err);
    if (!started || build.exit_code != 0) {
      item->status = PreflightStatus::kFail;
      item->detail = started ? "pyrelease build failed" : err;
      item->output = build.out + build.err;
    } else {
      std::vector<std::string> check = {options_.pyrelease, "check", "--strict"};
      for (const auto& e : fs::directory_iterator(out)) check.push_back(e.path().string());
      SubprocessResult checked;
      RunSubprocess(check, {}, &checked, &err);
      if (checked.exit_code != 0) {
        item->status = PreflightStatus::kFail;
        item->detail = "pyrelease check --strict failed";
        item->output = checked.out + checked.err;
      } else {
        item->detail =
            "built and passed check --strict (" + std::to_string(check.size() - 3) + " files)";
        // Warnings of the build (e.g. files the sdist drops) are shown, not hidden.
        if (!Trim(build.err).empty()) item->output = build.err;
      }
    }
    std::string remove_err;
    RemoveOwnedTree(tmp, tmp, &remove_err);
  }

  void Command(const std::string& command, PreflightItem* item) {
    SubprocessOptions opts;
    opts.cwd = project_.dir;
    SubprocessResult r;
    std::string err;
    if (!RunSubprocess({"/bin/sh", "-c", command}, opts, &r, &err)) {
      item->status = PreflightStatus::kFail;
      item->detail = err;
      return;
    }
    if (r.exit_code != 0) {
      item->status = PreflightStatus::kFail;
      item->detail = "`" + command + "` " +
                     (r.term_signal ? "was killed by signal " + std::to_string(r.term_signal)
                                    : "exited with status " + std::to_string(r.exit_code));
      item->output = r.out + r.err;
      return;
    }
    item->detail = "`" + command + "` exited 0";
  }

 private:
  // " (version 1.1 from setuptools (prepare_metadata_for_build_wheel; ...))" when the backend
  // computed it, else "".
  std::string VersionOrigin() const {
    return release_.origin.empty()
               ? ""
               : " (version " + project_.meta.version + " from " + release_.origin + ")";
  }

  const PreflightOptions& options_;
  const ReleaseProject& release_;
  const Project& project_;
  const std::function<void(const PreflightItem&)>& on_item_;
  std::vector<PreflightItem>* items_;
};

std::vector<std::pair<std::string, std::string>> AllCommands(
    const PreflightOptions& options,
    const std::vector<std::pair<std::string, std::string>>& declared) {
  std::vector<std::pair<std::string, std::string>> all = declared;
  for (const auto& c : options.commands) {
    auto same =
        std::find_if(all.begin(), all.end(), [&](const auto& d) { return d.first == c.first; });
    if (same != all.end())
      same->second = c.second;  // the command line wins
    else
      all.push_back(c);
  }
  return all;
}

}  // namespace

bool RunPreflight(const PreflightOptions& options,
                  const std::function<void(const PreflightItem&)>& on_item,
                  std::vector<PreflightItem>* items, std::string* err) {
  // pyproject.toml alone names the commands (and is checked); the metadata is read only for the
  // items that use it, so listing the items never runs the backend.
  BuildPathDecision decision;
  ParsedPyproject pyproject;
  std::vector<Diagnostic> diags;
  if (!DecideBuildPath(options.project_dir, &decision, &diags, &pyproject)) {
    std::vector<std::string> messages;
    for (const auto& d : diags) messages.push_back(Trim(FormatDiagnostic(d)));
    *err = Join(messages, "\n");
    return false;
  }
  ReleaseProject release;
  release.project.dir = options.project_dir;
  Preflight p(options, release, on_item, items);
  static const char* const kReadMetadata[] = {"git-clean", "tag",    "index-version",
                                              "changelog", "readme", "license"};
  if (std::any_of(std::begin(kReadMetadata), std::end(kReadMetadata),
                  [&](const char* name) { return p.Runs(name); }) &&
      !LoadReleaseProject(options.project_dir, options.backend, &release, err))
    return false;
  const Project& project = release.project;
  p.Run("git-clean", [&](PreflightItem* i) { p.GitClean(i); });
  p.Run("tag", [&](PreflightItem* i) { p.TagMatches(i); });
  p.Run("index-version", [&](PreflightItem* i) { p.IndexVersion(i); });
  p.Run("changelog", [&](PreflightItem* i) { p.ChangelogEntryExists(i); });
  p.Run("readme", [&](PreflightItem* i) {
    if (project.meta.readme.text.empty()) {
      i->status = PreflightStatus::kFail;
      i->detail = release.origin.empty()
                      ? "no readme: the index page would be empty (set [project] readme)"
                      : "no description in the metadata from " + release.origin +
                            ": the index page would be empty";
    } else if (!release.origin.empty()) {
      i->detail =
          "the description " + release.origin + " gives (" +
          std::to_string(project.meta.readme.text.size()) + " bytes" +
          (project.meta.readme.content_type.empty() ? ""
                                                    : ", " + project.meta.readme.content_type) +
          ")";
    } else {
      i->detail = project.meta.readme.path.empty() ? "inline readme" : project.meta.readme.path;
    }
  });
  p.Run("license", [&](PreflightItem* i) {
    const Metadata& m = project.meta;
    std::string from = release.origin.empty() ? "" : " (from " + release.origin + ")";
    if (m.license_expression.empty() && m.license_text.empty() && m.license_files.empty()) {
      i->status = PreflightStatus::kFail;
      i->detail =
          "no license: set [project] license = \"<SPDX expression>\" and license-files" + from;
    } else {
      i->detail = (!m.license_expression.empty() ? m.license_expression
                   : !m.license_files.empty()    ? Join(m.license_files, ", ")
                                                 : "legacy license text") +
                  from;
    }
  });
  p.Run("build-check", [&](PreflightItem* i) { p.BuildAndCheck(i); });
  for (const auto& [name, command] : AllCommands(options, DeclaredCommands(pyproject.doc))) {
    p.Run("command:" + name, [&, command = command](PreflightItem* i) { p.Command(command, i); });
  }
  return true;
}
