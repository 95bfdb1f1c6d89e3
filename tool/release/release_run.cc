#include "release/release_run.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "core/hash.h"
#include "core/string_util.h"
#include "core/subprocess.h"
#include "core/url.h"
#include "project/pyproject.h"
#include "release/changelog.h"
#include "release/given_dists.h"
#include "release/promotion_lock.h"
#include "release/release_state.h"
#include "spec/names.h"

namespace fs = std::filesystem;

namespace {

// A local file index serves its simple API under simple/; a remote one must be named.
std::string DerivedIndex(const std::string& repository_url) {
  if (repository_url.empty()) return "";
  bool local = StartsWith(repository_url, "file://") ||
               repository_url.find("://") == std::string::npos;  // a directory
  if (!local) return "";
  return repository_url + (EndsWith(repository_url, "/") ? "" : "/") + "simple/";
}

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// How to go on when the files differ from the ones an earlier run of this version recorded.
std::string StartOverAdvice(const ReleaseState& state) {
  return state.Done("publish-test")
             ? "The test index already has the old files: bump the version (pyrelease version "
               "--bump patch) and run pyrelease release again."
             : "Run pyrelease release --restart to build and release them anew.";
}

class Release {
 public:
  Release(const ReleaseOptions& o, const ReleaseProject& release)
      : o_(o), project_(release.project), origin_(release.origin) {}

  int Run();

 private:
  struct Step {
    std::string name;
    std::function<bool(std::string*)> run;  // false = failed, with the reason
    bool side_effect;                       // skipped (and shown) by --dry-run
    std::string plan;                       // what it does, for --dry-run and the log
  };

  std::vector<std::string> UploadArgs(bool test) const {
    std::vector<std::string> args = {o_.pyrelease, "upload", "--skip-existing",
                                     "--non-interactive"};
    const std::string& url = test ? o_.test_repository_url : o_.repository_url;
    const std::string& name = test ? o_.test_repository : o_.repository;
    if (!url.empty())
      args.insert(args.end(), {"--repository-url", url});
    else
      args.insert(args.end(), {"--repository", name});
    if (!o_.config_file.empty()) args.insert(args.end(), {"--config-file", o_.config_file});
    for (const auto& d : state_.dists) args.push_back(d.path);
    return args;
  }

  // Test-index credentials: PYRELEASE_TEST_PASSWORD (and _USERNAME) stand in for TWINE_* in the
  // test steps, so one CI job can hold both tokens. Passed through the environment, never argv.
  std::vector<std::string> TestEnv() const {
    std::vector<std::string> env;
    if (const char* pw = std::getenv("PYRELEASE_TEST_PASSWORD")) {
      env.push_back(std::string("TWINE_PASSWORD=") + pw);
      const char* user = std::getenv("PYRELEASE_TEST_USERNAME");
      env.push_back(std::string("TWINE_USERNAME=") + (user ? user : "__token__"));
    }
    return env;
  }

  bool RunTool(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               std::string* why, std::string* out = nullptr) {
    SubprocessOptions opts;
    opts.env = env;
    SubprocessResult r;
    std::string err;
    if (!RunSubprocess(argv, opts, &r, &err)) {
      *why = err;
      return false;
    }
    if (out) *out = r.out;
    if (r.exit_code != 0) {
      std::string shown = Trim(r.out + (r.out.empty() || r.err.empty() ? "" : "\n") + r.err);
      *why = argv[1] + " failed (exit " + std::to_string(r.exit_code) + ")" +
             (shown.empty() ? "" : ":\n" + Indent(shown));
      return false;
    }
    if (!Trim(r.err).empty()) warnings_ += Indent(Trim(r.err)) + "\n";
    return true;
  }

  static std::string Indent(const std::string& text) {
    std::string out;
    for (const auto& line : Split(text, '\n')) out += "  | " + line + "\n";
    if (!out.empty()) out.pop_back();
    return out;
  }

  // The files this release acts on: the ones given (--manifest/--dist) or a fresh build's.
  bool DistPaths(std::vector<std::string>* paths, std::string* why) {
    if (!o_.manifests.empty() || !o_.dists.empty()) {
      return CollectGivenDists(o_.manifests, o_.dists, project_.meta.name, project_.meta.version,
                               paths, why);
    }
    std::string manifest = (fs::path(o_.outdir) / ".pyrelease-release-manifest.json").string();
    std::vector<std::string> argv = {o_.pyrelease, "build",   "--project",  project_.dir,
                                     "--outdir",   o_.outdir, "--manifest", manifest};
    argv.insert(argv.end(), o_.build_args.begin(), o_.build_args.end());
    if (!RunTool(argv, {}, why)) return false;
    return CollectGivenDists({manifest}, {}, project_.meta.name, project_.meta.version, paths, why);
  }

  bool Build(std::string* why) {
    std::vector<std::string> paths;
    if (!DistPaths(&paths, why)) return false;
    ReleaseState before = state_;
    state_.dists.clear();
    for (const auto& path : paths) {
      FileDigests digests;
      if (!DigestFile(path, &digests, why)) return false;
      state_.dists.push_back({path, digests.sha256_hex});
    }
    // The test index got files before this run built (`upload --test-index`): the release goes
    // on only with the same bytes.
    if (before.Done("publish-test")) {
      *why = PromotionMismatch(before, paths, state_path_);
      return why->empty();
    }
    return true;
  }

  bool Verify(bool test, std::string* why) {
    std::string index = test ? test_index_ : index_;
    std::vector<std::string> argv = {
        o_.pyrelease, "verify", project_.meta.name + "==" + project_.meta.version, "--index-url",
        index,        "--wait", std::to_string(static_cast<int>(o_.wait_seconds))};
    for (const auto& d : state_.dists) argv.insert(argv.end(), {"--dist", d.path});
    argv.insert(argv.end(), o_.verify_args.begin(), o_.verify_args.end());
    return RunTool(argv, test ? TestEnv() : std::vector<std::string>{}, why);
  }

  // The promotion lock: the bytes about to go to production are the ones verify-test passed.
  bool PromotionLock(std::string* why) {
    if (!state_.Done("verify-test")) {
      *why = "the test index has not verified these files; nothing goes to production unverified";
      return false;
    }
    std::vector<std::string> changed = ChangedDists(state_);
    if (!changed.empty()) {
      *why = "refusing to publish: a dist changed after the test index verified it:\n" +
             Indent(Join(changed, "\n")) +
             "\n  Start over with a new version (pyrelease version --bump patch), then "
             "pyrelease release --restart.";
      return false;
    }
    return true;
  }

  bool Tag(std::string* why) {
    std::string tag = "v" + project_.meta.version;
    SubprocessResult r;
    std::string err;
    SubprocessOptions opts;
    opts.cwd = project_.dir;
    if (RunSubprocess({"git", "rev-parse", "-q", "--verify", tag + "^{commit}"}, opts, &r, &err) &&
        r.exit_code == 0) {
      SubprocessResult head;
      RunSubprocess({"git", "rev-parse", "HEAD"}, opts, &head, &err);
      if (Trim(head.out) == Trim(r.out)) return true;  // tagged here by an earlier run
      *why =
          "the tag " + tag + " exists and points at " + Trim(r.out).substr(0, 12) + ", not at HEAD";
      return false;
    }
    Changelog log;
    std::string message = project_.meta.name + " " + project_.meta.version;
    if (ReadChangelog(project_.dir, "", &log, &err)) {
      if (const ChangelogEntry* e = FindEntry(log, project_.meta.version)) {
        message += "\n\n" + e->body;
      }
    }
    opts.stdin_text = message + "\n";
    if (!RunSubprocess({"git", "tag", "-a", "--cleanup=verbatim", tag, "-F", "-"}, opts, &r,
                       &err) ||
        r.exit_code != 0) {
      *why = "git tag -a " + tag + " failed: " + Trim(r.err + err);
      return false;
    }
    return true;
  }

  bool Push(std::string* why) {
    SubprocessOptions opts;
    opts.cwd = project_.dir;
    SubprocessResult r;
    std::string err, tag = "v" + project_.meta.version;
    if (!RunSubprocess({"git", "push", o_.remote, "refs/tags/" + tag}, opts, &r, &err) ||
        r.exit_code != 0) {
      *why = "git push " + o_.remote + " " + tag + " failed: " + Trim(r.err + err);
      return false;
    }
    return true;
  }

  const ReleaseOptions& o_;
  const Project& project_;
  std::string origin_;  // "" when the native loader read the version; else the backend that told it
  ReleaseState state_;
  std::string state_path_, test_index_, index_, warnings_;
};

std::string Seconds(double s) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

int Release::Run() {
  std::string err;
  std::string state_dir = o_.state_dir.empty() ? o_.outdir : o_.state_dir;
  state_path_ = ReleaseStatePath(state_dir, project_.meta.name, project_.meta.version);
  test_index_ =
      !o_.test_index_url.empty() ? o_.test_index_url : DerivedIndex(o_.test_repository_url);
  index_ = !o_.index_url.empty() ? o_.index_url : DerivedIndex(o_.repository_url);
  if (o_.test_repository_url.empty() && o_.test_repository.empty()) {
    PrintError("release: name the test index: --test-repository-url URL or -t NAME (.pypirc)");
    return kExitUsage;
  }
  if (o_.repository_url.empty() && o_.repository.empty()) {
    PrintError("release: name the production index: --repository-url URL or -r NAME (.pypirc)");
    return kExitUsage;
  }
  for (const auto& [index, option] :
       {std::pair{test_index_, "--test-index-url"}, {index_, "--index-url"}}) {
    if (index.empty()) {
      PrintError("release: verifying needs the index's simple API: give " + std::string(option) +
                 " URL (e.g. the URL pip would use as --index-url); it is derived only for a "
                 "local directory index");
      return kExitUsage;
    }
  }
  if (!LoadReleaseState(state_path_, &state_, &err)) {
    PrintError(err);
    return kExitFailure;
  }
  if (o_.restart && !state_.done.empty()) {
    if (state_.Done("publish")) {
      PrintError("release: " + project_.meta.name + " " + project_.meta.version +
                 " already reached the production index; a release cannot be redone. Bump the "
                 "version: pyrelease version --bump patch");
      return kExitFailure;
    }
    std::cout << "release: starting over (the earlier run had done: " << Join(state_.done, ", ")
              << ")\n";
    state_ = ReleaseState();
  }
  state_.name = NormalizeName(project_.meta.name);
  state_.version = project_.meta.version;
  if (state_.Done("build") || state_.Done("publish-test")) {
    std::vector<std::string> changed = ChangedDists(state_);
    if (!changed.empty()) {
      PrintError("release: the dists changed since the earlier run built them (" +
                 Join(state_.done, ", ") + " done):\n" + Indent(Join(changed, "\n")) + "\n  " +
                 StartOverAdvice(state_));
      return kExitFailure;
    }
  }

  // A resumed run with given files: they must be the ones the earlier run recorded (a wheel
  // added since, e.g. for another interpreter, would otherwise be left out without a word).
  if (state_.Done("build") && (!o_.manifests.empty() || !o_.dists.empty())) {
    std::vector<std::string> given;
    if (!CollectGivenDists(o_.manifests, o_.dists, project_.meta.name, project_.meta.version,
                           &given, &err)) {
      PrintError("release: " + err);
      return kExitFailure;
    }
    std::vector<std::string> recorded, differences;
    for (const auto& d : state_.dists) recorded.push_back(d.path);
    for (const auto& path : given) {
      if (!Contains(recorded, path)) differences.push_back(path + " is new");
    }
    for (const auto& path : recorded) {
      if (!Contains(given, path)) differences.push_back(path + " is not given");
    }
    if (!differences.empty()) {
      PrintError("release: the given dists are not the ones the earlier run recorded (" +
                 Join(state_.done, ", ") + " done):\n" + Indent(Join(differences, "\n")) + "\n  " +
                 StartOverAdvice(state_));
      return kExitFailure;
    }
  }

  std::vector<Step> steps = {
      {"preflight",
       [&](std::string* why) {
         // build-check is the release's own next two steps, on the real dists: not run twice.
         std::vector<std::string> argv = {o_.pyrelease,  "preflight", "--project", project_.dir,
                                          "--index-url", index_,      "--skip",    "build-check"};
         for (const auto& s : o_.preflight_skip) argv.insert(argv.end(), {"--skip", s});
         argv.insert(argv.end(), o_.build_args.begin(), o_.build_args.end());
         return RunTool(argv, {}, why);
       },
       false, "the release checklist"},
      {"build", [&](std::string* why) { return Build(why); }, false,
       o_.manifests.empty() && o_.dists.empty()
           ? "build the sdist and wheel into " + o_.outdir
           : "take the dists given (" + std::to_string(o_.manifests.size()) + " manifests, " +
                 std::to_string(o_.dists.size()) + " files)"},
      {"check",
       [&](std::string* why) {
         std::vector<std::string> argv = {o_.pyrelease, "check", "--strict"};
         for (const auto& d : state_.dists) argv.push_back(d.path);
         return RunTool(argv, {}, why);
       },
       false, "pyrelease check --strict on the built files"},
      {"publish-test", [&](std::string* why) { return RunTool(UploadArgs(true), TestEnv(), why); },
       true, "upload them to the test index"},
      {"verify-test", [&](std::string* why) { return Verify(true, why); }, true,
       "install from " + test_index_ + " into fresh venvs and run the checks"},
      {"publish",
       [&](std::string* why) { return PromotionLock(why) && RunTool(UploadArgs(false), {}, why); },
       true, "upload exactly the verified files to the production index"},
      {"verify", [&](std::string* why) { return Verify(false, why); }, true,
       "install from " + index_ + " and run the checks again"},
  };
  if (o_.tag) {
    steps.push_back({"tag", [&](std::string* why) { return Tag(why); }, true,
                     "git tag -a v" + project_.meta.version + " (message: the CHANGELOG entry)"});
  }
  if (o_.push) {
    steps.push_back({"push", [&](std::string* why) { return Push(why); }, true,
                     "git push " + o_.remote + " v" + project_.meta.version});
  }

  std::cout << "release: " << project_.meta.name << " " << project_.meta.version << " ("
            << steps.size() << " steps; state in " << state_path_ << ")\n";
  if (!origin_.empty()) {
    std::cout << "release: version " << project_.meta.version << " from " << origin_
              << ": the dists, both verify runs and the tag use it\n";
  }
  auto total_start = std::chrono::steady_clock::now();
  bool state_dir_made = false;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    std::string prefix =
        "[" + std::to_string(i + 1) + "/" + std::to_string(steps.size()) + "] " + step.name;
    if (state_.Done(step.name)) {
      std::cout << prefix << ": done in an earlier run\n";
      continue;
    }
    if (o_.dry_run && step.side_effect) {
      std::cout << prefix << ": would " << step.plan << " (dry run)\n";
      continue;
    }
    std::cout << prefix << ": " << step.plan << " ..." << std::flush;
    auto start = std::chrono::steady_clock::now();
    std::string why;
    warnings_.clear();
    bool ok = step.run(&why);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!ok) {
      std::cout << " FAILED (" << Seconds(secs) << ")\n" << why << "\n";
      std::cout << "release: stopped at " << step.name << "; fix it and run pyrelease release "
                << "again to resume there\n";
      return kExitFailure;
    }
    std::cout << " ok (" << Seconds(secs) << ")\n";
    if (!warnings_.empty()) std::cout << warnings_;
    if (!o_.dry_run) {
      state_.done.push_back(step.name);
      // The state's directory is made once a run: one that disappears later (the output directory,
      // dists and all) is an error naming the state file, not a new directory holding a state
      // that points at files that are gone.
      if (!state_dir_made) {
        std::error_code ec;
        fs::create_directories(fs::path(state_path_).parent_path(), ec);
        state_dir_made = true;
      }
      if (!SaveReleaseState(state_path_, state_, &err)) {
        PrintError("release: " + err);
        return kExitFailure;
      }
    }
  }
  double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - total_start).count();
  std::cout << "release: " << project_.meta.name << " " << project_.meta.version
            << (o_.dry_run ? " dry run finished" : " released") << " in " << Seconds(total) << "\n";
  return kExitOk;
}

}  // namespace

int RunRelease(const ReleaseOptions& options) {
  ReleaseProject release;
  std::string err;
  std::vector<Diagnostic> diags;
  bool ok = LoadReleaseProject(options.project_dir, options.backend, &release, &err, &diags);
  for (const auto& d : diags) PrintDiagnostic(d, release.project.pyproject_text);
  if (!ok) {
    if (!err.empty()) PrintError(err);
    return kExitFailure;
  }
  return Release(options, release).Run();
}
