#include "verify/verify.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "core/atomic_file.h"
#include "core/file_lock.h"
#include "core/interrupt.h"
#include "core/owned_dir.h"
#include "core/string_util.h"
#include "spec/names.h"
#include "spec/pep440.h"
#include "verify/venv.h"
#include "verify/verify_index.h"

namespace fs = std::filesystem;

namespace {

// The installed distribution's version as importlib.metadata sees it (compared in C++ under
// PEP 440, so "1.0" == "1.0.0" but "1.0+dirty" != "1.0", which pip's `==1.0` happily installs).
const char kVersionCheck[] = R"PY(
import sys, importlib.metadata as md
try:
    print(md.version(sys.argv[1]))
except md.PackageNotFoundError:
    sys.exit(f"{sys.argv[1]} is not installed")
)PY";

// Every console/gui script entry point imports, its attribute exists, and its launcher exists.
const char kEntryPointsCheck[] = R"PY(
import os, sys, sysconfig, importlib.metadata as md
dist = md.distribution(sys.argv[1])
scripts = sysconfig.get_path("scripts")
problems, count = [], 0
for ep in dist.entry_points:
    if ep.group not in ("console_scripts", "gui_scripts"):
        continue
    count += 1
    try:
        ep.load()
    except BaseException as e:
        problems.append(f"{ep.name} = {ep.value}: {type(e).__name__}: {e}")
    launcher = os.path.join(scripts, ep.name)
    if not os.path.exists(launcher):
        problems.append(f"{ep.name}: no script {launcher}")
for p in problems:
    print(p)
print(f"{count} entry point(s), {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
)PY";

const char kImportCheck[] = R"PY(
import importlib, sys
m = importlib.import_module(sys.argv[1])
print(f"imported {sys.argv[1]} from {getattr(m, '__file__', None) or 'a namespace package'}")
)PY";

// The extra is declared by the installed distribution (pip only warns when it is not).
const char kExtraDeclaredCheck[] = R"PY(
import re, sys, importlib.metadata as md
norm = lambda s: re.sub(r"[-_.]+", "-", s).lower()
declared = [norm(e) for e in (md.metadata(sys.argv[1]).get_all("Provides-Extra") or [])]
if norm(sys.argv[2]) not in declared:
    print(f"{sys.argv[1]} does not declare the extra '{sys.argv[2]}' (Provides-Extra: {', '.join(declared) or 'none'})")
    sys.exit(1)
)PY";

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Directory-safe name of a python argument: "/usr/bin/python3.12" -> "usr_bin_python3.12". The
// result is one plain path component: never empty, ".", ".." or hidden.
std::string PythonDirName(const std::string& python) {
  std::string out;
  for (char c : python) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-' || c == '_';
    out += safe ? c : '_';
  }
  out.erase(0, out.find_first_not_of("_."));
  return out.empty() ? "python" : out;
}

// Relative file paths become absolute: checks run from a scratch directory, not the caller's.
std::string AbsoluteUnlessUrl(const std::string& location) {
  if (location.find("://") != std::string::npos) return location;
  std::error_code ec;
  fs::path abs = fs::absolute(location, ec);
  return ec ? location : abs.lexically_normal().string();
}

std::string CombinedOutput(const SubprocessResult& r) {
  std::string out = r.out;
  if (!r.err.empty()) {
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += r.err;
  }
  // Keep the end: that is where tracebacks and pip's errors are.
  const size_t kMax = 16000;
  if (out.size() > kMax) out = "[...]\n" + out.substr(out.size() - kMax);
  return out;
}

std::string LastLine(const std::string& text) {
  std::string last;
  for (const std::string& raw : Split(text, '\n')) {
    std::string line = Trim(raw);
    if (!line.empty()) last = line;
  }
  return last;
}

std::string ExitDescription(const SubprocessResult& r) {
  if (r.term_signal) return "killed by signal " + std::to_string(r.term_signal);
  return "exit status " + std::to_string(r.exit_code);
}

struct PythonEnv {
  std::string python;  // as given
  std::string suffix;  // "" or "@<python>"
  std::string root;    // holds venv/, work/ and the install marker; inside the owned env root
  Venv venv;
  std::string work;  // scratch cwd for every check
  // How pip is run for this env: the base interpreter's own pip aimed at the venv (`pip --python`,
  // pip >= 22.3), so the venv needs no pip of its own, or else the venv's seeded pip.
  std::vector<std::string> pip;
  std::string base_executable;  // the absolute path of `python`, once resolved
  bool installed = false;
  bool install_failed = false;
  std::vector<std::string> extras_installed;  // by extra: checks, in order, since the install
  std::string install_reason, install_output;
};

class Verifier {
 public:
  Verifier(const VerifyOptions& options, const std::function<void(const CheckResult&)>& on_check,
           VerifyReport* report)
      : options_(options), on_check_(on_check), report_(report) {}

  bool Run(std::string* err);

 private:
  bool Wanted(const std::string& name) const {
    return options_.only.empty() ||
           std::find(options_.only.begin(), options_.only.end(), name) != options_.only.end();
  }
  void Emit(CheckResult r) {
    if (on_check_) on_check_(r);
    report_->checks.push_back(std::move(r));
  }
  std::string InstallKey(const PythonEnv& env) const;
  std::vector<std::string> SourceArgs() const;
  bool Install(PythonEnv* env, const std::string& requirement, TimedRun* run, std::string* err);
  // Creates the venv and installs NAME==VERSION; the result lands in env->installed/... .
  void Setup(PythonEnv* env);
  // Whether a later run may reuse the env (--env-dir): the key file naming what it holds (the
  // install, then the extras installed into it since).
  void MarkReusable(PythonEnv* env, bool reusable);
  // Whether the env a previous run left in --env-dir can run the checks asked for now: it holds
  // the install and no extra but `extras_before` (those the full run installs before the first
  // check asked for). Then env->extras_installed is what it holds.
  bool CanReuse(PythonEnv* env, const std::vector<std::string>& extras_before) const;
  // Decides env->pip for a new venv; true when the venv must be created with its own pip.
  bool NeedsSeededPip(PythonEnv* env);
  bool RunPython(PythonEnv* env, const std::vector<std::string>& args, TimedRun* run,
                 std::string* err);
  void RunPythonChecks(PythonEnv* env);
  CheckResult CheckVersion(PythonEnv* env);
  CheckResult CheckImport(PythonEnv* env, const std::string& module);
  CheckResult CheckEntryPoints(PythonEnv* env);
  CheckResult CheckCommand(PythonEnv* env, const std::string& command);
  CheckResult CheckExtra(PythonEnv* env, const std::string& extra);
  CheckResult CheckScript(PythonEnv* env);
  // Fills `r` from a finished run: pass on exit 0, else fail with `reason` or a default.
  void Conclude(const TimedRun& run, const std::string& pass_detail, const std::string& fail_detail,
                CheckResult* r);

  const VerifyOptions& options_;
  const std::function<void(const CheckResult&)>& on_check_;
  VerifyReport* report_;
  std::string owned_root_;  // the marked directory every env lives in; nothing outside is deleted
};

std::vector<std::string> Verifier::SourceArgs() const {
  std::vector<std::string> args;
  if (options_.index_url.empty()) {
    args.push_back("--no-index");
  } else {
    args.push_back("--index-url");
    args.push_back(options_.index_url);
  }
  for (const auto& url : options_.extra_index_urls) {
    args.push_back("--extra-index-url");
    args.push_back(url);
  }
  for (const auto& dir : options_.find_links) {
    args.push_back("--find-links");
    args.push_back(AbsoluteUnlessUrl(dir));
  }
  return args;
}

std::string Verifier::InstallKey(const PythonEnv& env) const {
  return "python=" + env.python + "\nrequirement=" + options_.name + "==" + options_.version +
         "\nsources=" + Join(SourceArgs(), " ") + "\nfrom=" + options_.install_from + "\n";
}

bool Verifier::Install(PythonEnv* env, const std::string& requirement, TimedRun* run,
                       std::string* err) {
  std::vector<std::string> argv = env->pip;
  argv.insert(argv.end(), {"install", "--no-cache-dir"});
  for (const auto& a : SourceArgs()) argv.push_back(a);
  if (options_.install_from == "sdist") argv.insert(argv.end(), {"--no-binary", options_.name});
  if (options_.install_from == "wheel") argv.insert(argv.end(), {"--only-binary", options_.name});
  argv.push_back(requirement);
  return RunTimed(argv, VenvProcessOptions(env->venv, env->work), run, err);
}

bool Verifier::NeedsSeededPip(PythonEnv* env) {
  env->pip = {env->venv.python, "-m", "pip"};
  // Resolve the base interpreter to an absolute path first: a bare "python3" would find the
  // venv's own python once the venv's bin is first on PATH.
  TimedRun run;
  std::string err;
  SubprocessOptions options;
  options.unset_env = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"};
  bool started =
      RunTimed({env->python, "-c",
                "import sys; print(sys.executable)\nimport pip; print('pip', pip.__version__)"},
               options, &run, &err);
  report_->timings.venv += run.seconds;
  std::vector<std::string> lines = Split(run.result.out, '\n');
  if (started && !lines.empty() && StartsWith(lines[0], "/")) env->base_executable = lines[0];
  const char* seed = std::getenv("PYRELEASE_VERIFY_SEED_PIP");
  if (seed && std::string(seed) == "1") return true;
  int major = 0, minor = 0;
  if (!started || !run.ok() || env->base_executable.empty() || lines.size() < 2 ||
      sscanf(lines[1].c_str(), "pip %d.%d", &major, &minor) != 2 || major < 22 ||
      (major == 22 && minor < 3)) {
    return true;
  }
  env->pip = {env->base_executable, "-m", "pip", "--python", env->venv.python};
  return false;
}

void Verifier::Setup(PythonEnv* env) {
  env->installed = false;
  env->install_failed = true;
  env->extras_installed.clear();
  std::error_code ec;
  std::string remove_err;
  for (const auto& path :
       {(fs::path(env->root) / "installed").string(), env->venv.dir, env->work}) {
    if (!RemoveOwnedTree(path, owned_root_, &remove_err)) {
      env->install_reason = remove_err;
      return;
    }
  }
  fs::create_directories(env->work, ec);
  if (ec) {
    env->install_reason = "cannot create " + env->work + ": " + ec.message();
    return;
  }
  TimedRun run;
  std::string err;
  Venv venv;
  bool seeded = NeedsSeededPip(env);
  std::string base = env->base_executable.empty() ? env->python : env->base_executable;
  bool started = CreateVenv(base, env->venv.dir, seeded, &venv, &run, &err);
  report_->timings.venv += run.seconds;
  if (!started || !run.ok()) {
    env->install_reason = started ? "'" + run.command + "' failed (" + ExitDescription(run.result) +
                                        "): " + LastLine(run.result.err)
                                  : err;
    env->install_output = CombinedOutput(run.result);
    return;
  }
  double venv_seconds = run.seconds;
  std::string requirement = options_.name + "==" + options_.version;
  started = Install(env, requirement, &run, &err);
  report_->timings.install += run.seconds;
  if (!started || !run.ok()) {
    env->install_reason =
        started ? "pip install " + requirement + " failed: " + PipFailureReason(run.result) : err;
    env->install_output = CombinedOutput(run.result);
    return;
  }
  char buf[128];
  snprintf(buf, sizeof buf, " (venv %.1f s, pip install %.1f s, %s)", venv_seconds, run.seconds,
           seeded ? "the venv's own pip" : "the base Python's pip via --python");
  env->install_reason = "installed " + requirement + buf;
  env->install_failed = false;
  env->installed = true;
  MarkReusable(env, true);
}

bool Verifier::CanReuse(PythonEnv* env, const std::vector<std::string>& extras_before) const {
  std::string key, err;
  if (options_.env_dir.empty() || !VenvExists(env->venv.dir) ||
      !ReadFile((fs::path(env->root) / "installed").string(), &key, &err))
    return false;
  const std::string install = InstallKey(*env) + "extras=";
  if (!StartsWith(key, install) || !EndsWith(key, "\n")) return false;
  std::vector<std::string> extras;
  for (const std::string& extra :
       Split(key.substr(install.size(), key.size() - install.size() - 1), ',')) {
    if (extra.empty()) continue;
    if (std::find(extras_before.begin(), extras_before.end(), extra) == extras_before.end())
      return false;
    extras.push_back(extra);
  }
  env->extras_installed = std::move(extras);
  return true;
}

void Verifier::MarkReusable(PythonEnv* env, bool reusable) {
  // Only an optimization: without the key a later run makes the env again.
  std::string key = (fs::path(env->root) / "installed").string(), err;
  if (reusable) {
    WriteFileAtomically(key, InstallKey(*env) + "extras=" + Join(env->extras_installed, ",") + "\n",
                        &err);
  } else {
    RemoveOwnedTree(key, owned_root_, &err);
  }
}

bool Verifier::RunPython(PythonEnv* env, const std::vector<std::string>& args, TimedRun* run,
                         std::string* err) {
  std::vector<std::string> argv = {env->venv.python};
  argv.insert(argv.end(), args.begin(), args.end());
  bool started = RunTimed(argv, VenvProcessOptions(env->venv, env->work), run, err);
  report_->timings.checks += run->seconds;
  return started;
}

void Verifier::Conclude(const TimedRun& run, const std::string& pass_detail,
                        const std::string& fail_detail, CheckResult* r) {
  r->seconds += run.seconds;
  if (run.ok()) {
    r->status = CheckStatus::kPass;
    r->detail = pass_detail;
    return;
  }
  r->status = CheckStatus::kFail;
  r->detail = fail_detail.empty() ? ExitDescription(run.result) : fail_detail;
  r->output = CombinedOutput(run.result);
}

CheckResult Verifier::CheckVersion(PythonEnv* env) {
  CheckResult r;
  TimedRun run;
  std::string err;
  if (!RunPython(env, {"-I", "-c", kVersionCheck, options_.name, options_.version}, &run, &err)) {
    r.status = CheckStatus::kFail;
    r.detail = err;
    return r;
  }
  if (!run.ok()) {
    Conclude(run, "", LastLine(run.result.err), &r);
    return r;
  }
  r.seconds = run.seconds;
  std::string got = LastLine(run.result.out);
  Pep440Version a, b;
  std::string parse_err;
  bool same = ParseVersion(got, &a, &parse_err) && ParseVersion(options_.version, &b, &parse_err)
                  ? CompareVersions(a, b) == 0
                  : got == options_.version;
  r.status = same ? CheckStatus::kPass : CheckStatus::kFail;
  r.detail =
      "installed " + options_.name + " " + got + (same ? "" : ", expected " + options_.version);
  return r;
}

CheckResult Verifier::CheckImport(PythonEnv* env, const std::string& module) {
  CheckResult r;
  TimedRun run;
  std::string err;
  if (!RunPython(env, {"-I", "-c", kImportCheck, module}, &run, &err)) {
    r.status = CheckStatus::kFail;
    r.detail = err;
    return r;
  }
  Conclude(run, LastLine(run.result.out), "import " + module + ": " + LastLine(run.result.err), &r);
  return r;
}

CheckResult Verifier::CheckEntryPoints(PythonEnv* env) {
  CheckResult r;
  TimedRun run;
  std::string err;
  if (!RunPython(env, {"-I", "-c", kEntryPointsCheck, options_.name}, &run, &err)) {
    r.status = CheckStatus::kFail;
    r.detail = err;
    return r;
  }
  std::vector<std::string> lines;
  for (const auto& l : Split(run.result.out, '\n'))
    if (!Trim(l).empty()) lines.push_back(Trim(l));
  std::string first_problem = lines.size() > 1 ? lines.front() : LastLine(run.result.err);
  Conclude(run, lines.empty() ? "" : lines.back(), first_problem, &r);
  return r;
}

CheckResult Verifier::CheckCommand(PythonEnv* env, const std::string& command) {
  CheckResult r;
  TimedRun run;
  std::string err;
  // Through the shell, as the user would type it, with the venv's bin first on PATH.
  bool started =
      RunTimed({"/bin/sh", "-c", command}, VenvProcessOptions(env->venv, env->work), &run, &err);
  report_->timings.checks += run.seconds;
  if (!started) {
    r.status = CheckStatus::kFail;
    r.detail = err;
    return r;
  }
  std::string last = LastLine(run.result.err);
  Conclude(run, "exit status 0", ExitDescription(run.result) + (last.empty() ? "" : ": " + last),
           &r);
  return r;
}

CheckResult Verifier::CheckExtra(PythonEnv* env, const std::string& extra) {
  CheckResult r;
  TimedRun run;
  std::string err;
  std::string requirement = options_.name + "[" + extra + "]==" + options_.version;
  // The install changes the shared env: a later run (an --env-dir's next `--only` check) reuses it
  // only once the install is complete, never after one that failed or was killed half-way.
  MarkReusable(env, false);
  bool started = Install(env, requirement, &run, &err);
  report_->timings.checks += run.seconds;
  r.seconds += run.seconds;
  if (started && run.ok()) {
    env->extras_installed.push_back(extra);
    MarkReusable(env, true);
  }
  if (!started || !run.ok()) {
    r.status = CheckStatus::kFail;
    r.detail =
        started ? "pip install " + requirement + " failed: " + PipFailureReason(run.result) : err;
    r.output = CombinedOutput(run.result);
    return r;
  }
  if (!RunPython(env, {"-I", "-c", kExtraDeclaredCheck, options_.name, extra}, &run, &err)) {
    r.status = CheckStatus::kFail;
    r.detail = err;
    return r;
  }
  if (!run.ok()) {
    Conclude(run, "", LastLine(run.result.out), &r);
    return r;
  }
  r.seconds += run.seconds;
  std::vector<std::string> pip_check = env->pip;
  pip_check.push_back("check");
  started = RunTimed(pip_check, VenvProcessOptions(env->venv, env->work), &run, &err);
  report_->timings.checks += run.seconds;
  if (!started) {
    r.status = CheckStatus::kFail;
    r.detail = err;
    return r;
  }
  Conclude(run, "installed " + requirement + "; pip check: no broken requirements",
           "pip check: " + LastLine(run.result.out), &r);
  return r;
}

CheckResult Verifier::CheckScript(PythonEnv* env) {
  CheckResult r;
  TimedRun run;
  std::string err;
  std::vector<std::string> argv = {env->venv.python, AbsoluteUnlessUrl(options_.script)};
  bool started = RunTimed(argv,
                          VenvProcessOptions(env->venv, env->work,
                                             {"PYRELEASE_VERIFY_NAME=" + options_.name,
                                              "PYRELEASE_VERIFY_VERSION=" + options_.version}),
                          &run, &err);
  report_->timings.checks += run.seconds;
  if (!started) {
    r.status = CheckStatus::kFail;
    r.detail = err;
    return r;
  }
  std::string last = LastLine(run.result.err);
  Conclude(run, "exit status 0", ExitDescription(run.result) + (last.empty() ? "" : ": " + last),
           &r);
  return r;
}

void Verifier::RunPythonChecks(PythonEnv* env) {
  // The checks for this python, in contract order, each with a way to run it.
  struct Planned {
    std::string name;
    std::function<CheckResult()> run;
  };
  std::vector<Planned> plan;
  plan.push_back({"version", [&] { return CheckVersion(env); }});
  for (const auto& m : options_.imports)
    plan.push_back({"import:" + m, [&, m] { return CheckImport(env, m); }});
  plan.push_back({"entry-points", [&] { return CheckEntryPoints(env); }});
  for (const auto& c : options_.commands)
    plan.push_back({"command:" + c, [&, c] { return CheckCommand(env, c); }});
  for (const auto& e : options_.extras)
    plan.push_back({"extra:" + e, [&, e] { return CheckExtra(env, e); }});
  if (!options_.script.empty())
    plan.push_back({"script:" + fs::path(options_.script).filename().string(),
                    [&] { return CheckScript(env); }});

  bool want_install = Wanted("install" + env->suffix);
  bool want_any = want_install;
  for (const auto& p : plan) want_any = want_any || Wanted(p.name + env->suffix);
  if (!want_any) return;

  std::error_code ec;
  fs::create_directories(env->root, ec);
  if (want_install) {
    // The install check always starts from nothing: that is what makes the env fresh.
    auto start = std::chrono::steady_clock::now();
    Setup(env);
    CheckResult r;
    r.name = "install" + env->suffix;
    r.seconds = SecondsSince(start);
    r.status = env->installed ? CheckStatus::kPass : CheckStatus::kFail;
    r.detail = env->install_reason;
    r.output = env->install_output;
    Emit(r);
  } else {
    // Reuse an env that a previous `--only install` (or full run) left in --env-dir, unless an
    // extra's install changed it in a way the full run would not have by the first check asked
    // for now: an import check must not pass on a package only an extra brought in.
    std::vector<std::string> extras_before;
    for (const auto& p : plan) {
      if (Wanted(p.name + env->suffix)) break;
      if (StartsWith(p.name, "extra:")) extras_before.push_back(p.name.substr(6));
    }
    if (CanReuse(env, extras_before)) {
      env->installed = true;
      NeedsSeededPip(env);
      if (access((env->venv.bin_dir + "/pip").c_str(), X_OK) == 0)
        env->pip = {env->venv.python, "-m", "pip"};  // the env was made with its own pip
      fs::create_directories(env->work, ec);
    } else {
      Setup(env);
    }
  }

  for (auto& p : plan) {
    std::string name = p.name + env->suffix;
    if (!Wanted(name)) continue;
    CheckResult r;
    if (!env->installed) {
      r.status = CheckStatus::kFail;
      r.detail = "not run: " + options_.name + "==" + options_.version + " is not installed (" +
                 env->install_reason + ")";
      if (!want_install) r.output = env->install_output;
    } else {
      r = p.run();
    }
    r.name = name;
    Emit(r);
  }
}

bool Verifier::Run(std::string* err) {
  // A signal while the environments exist is recorded: the running pip or python stops, the
  // remaining checks refuse to start, and the temporary root is removed below before pyrelease
  // dies by the signal.
  DeferInterrupts defer;
  auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  std::string root;
  bool temporary = options_.env_dir.empty();
  // Held on <env-dir>/.lock so that parallel CTest runs of single checks take turns at creating
  // and changing the shared environment.
  FileLock lock;
  if (temporary) {
    std::string base = options_.work_root;
    if (base.empty()) {
      const char* tmp = std::getenv("TMPDIR");
      base = tmp && *tmp ? tmp : "/tmp";
    }
    if (!CreateOwnedTempDir(base, "pyrelease-verify-", &root, err)) return false;
  } else {
    root = AbsoluteUnlessUrl(options_.env_dir);
    // A user's directory is adopted only when new, empty or made by an earlier verify.
    if (!CreateOwnedDir(root, err)) {
      *err = "--env-dir " + *err;
      return false;
    }
    if (!lock.Acquire((fs::path(root) / ".lock").string(), err)) return false;
  }
  owned_root_ = root;

  IndexCheckContext index{options_.index_url, options_.name, options_.version};
  if (!options_.index_url.empty() && options_.wait_seconds > 0 && Wanted("wait")) {
    CheckResult r = CheckReleaseOnIndex(index, options_.wait_seconds);
    r.name = "wait";
    report_->timings.index += r.seconds;
    Emit(r);
  }
  if (!options_.index_url.empty() && !options_.dists.empty() && Wanted("hashes")) {
    std::vector<std::string> dists;
    for (const auto& d : options_.dists) dists.push_back(AbsoluteUnlessUrl(d));
    CheckResult r = CheckIndexMatchesDists(index, dists);
    r.name = "hashes";
    report_->timings.index += r.seconds;
    Emit(r);
  }

  std::vector<std::string> pythons = EffectivePythons(options_);
  std::vector<PythonEnv> envs;
  for (const auto& python : pythons) {
    PythonEnv env;
    env.python = python;
    env.suffix = pythons.size() > 1 ? "@" + python : "";
    env.root = (fs::path(root) / PythonDirName(python)).string();
    env.venv = VenvAt((fs::path(env.root) / "venv").string());
    env.work = (fs::path(env.root) / "work").string();
    envs.push_back(env);
  }
  for (auto& env : envs) RunPythonChecks(&env);

  std::string remove_err;  // a temporary root that cannot be removed is left, not an error
  if (temporary) {
    // An interrupted run's half-made environments are not worth keeping, whatever --keep-env says.
    if (!PendingInterrupt() && (options_.keep_env || !report_->passed())) {
      for (const auto& env : envs)
        if (fs::exists(env.venv.dir, ec)) report_->kept_envs.push_back(env.venv.dir);
      if (report_->kept_envs.empty()) RemoveOwnedTree(root, root, &remove_err);
    } else {
      RemoveOwnedTree(root, root, &remove_err);
    }
  } else if (options_.keep_env || !report_->passed()) {
    for (const auto& env : envs)
      if (fs::exists(env.venv.dir, ec)) report_->kept_envs.push_back(env.venv.dir);
  }
  report_->timings.total = SecondsSince(start);
  return true;
}

}  // namespace

bool ParseReleaseSpec(std::string_view spec, std::string* name, std::string* version,
                      std::string* err) {
  size_t eq = spec.find("==");
  if (eq == std::string_view::npos || spec.find("===") != std::string_view::npos) {
    *err =
        "'" + std::string(spec) + "': expected NAME==VERSION (an exact release, e.g. mypkg==1.2.0)";
    return false;
  }
  *name = Trim(spec.substr(0, eq));
  *version = Trim(spec.substr(eq + 2));
  if (!IsValidProjectName(*name)) {
    *err = "'" + std::string(spec) + "': '" + *name + "' is not a valid project name";
    return false;
  }
  if (version->empty() || version->find_first_of(" ,;<>=!~*[]") != std::string::npos) {
    *err = "'" + std::string(spec) + "': '" + *version + "' is not a single exact version";
    return false;
  }
  return true;
}

std::vector<std::string> EffectivePythons(const VerifyOptions& options) {
  if (options.pythons.empty()) return {"python3"};
  return options.pythons;
}

std::vector<std::string> VerifyCheckNames(const VerifyOptions& options) {
  std::vector<std::string> names;
  if (!options.index_url.empty() && options.wait_seconds > 0) names.push_back("wait");
  if (!options.index_url.empty() && !options.dists.empty()) names.push_back("hashes");
  std::vector<std::string> pythons = EffectivePythons(options);
  for (const auto& python : pythons) {
    std::string suffix = pythons.size() > 1 ? "@" + python : "";
    names.push_back("install" + suffix);
    names.push_back("version" + suffix);
    for (const auto& m : options.imports) names.push_back("import:" + m + suffix);
    names.push_back("entry-points" + suffix);
    for (const auto& c : options.commands) names.push_back("command:" + c + suffix);
    for (const auto& e : options.extras) names.push_back("extra:" + e + suffix);
    if (!options.script.empty())
      names.push_back("script:" + fs::path(options.script).filename().string() + suffix);
  }
  return names;
}

bool ValidateVerifyOptions(const VerifyOptions& options, std::string* err) {
  if (options.index_url.empty() && options.find_links.empty()) {
    *err =
        "nothing to install from: give --index-url URL (an index) or --find-links DIR (local "
        "dists)";
    return false;
  }
  for (const auto& dir : options.find_links) {
    std::error_code ec;
    if (dir.find("://") == std::string::npos && !fs::exists(dir, ec)) {
      *err = "--find-links " + dir + ": no such directory";
      return false;
    }
  }
  if (options.install_from != "any" && options.install_from != "wheel" &&
      options.install_from != "sdist") {
    *err = "--from " + options.install_from + ": expected any, wheel or sdist";
    return false;
  }
  if (options.wait_seconds < 0) {
    *err = "--wait: expected a number of seconds >= 0";
    return false;
  }
  std::set<std::string> seen;
  std::map<std::string, std::string> by_dir;  // env directory name -> the --python that owns it
  for (const auto& p : EffectivePythons(options)) {
    if (!seen.insert(p).second) {
      *err = "--python " + p + " is given twice";
      return false;
    }
    std::string base = fs::path(p).filename().string();
    if (p.empty() || base.empty() || base == "." || base == "..") {
      *err = "--python '" + p + "': expected an interpreter (a name on PATH or a file path)";
      return false;
    }
    auto [it, fresh] = by_dir.emplace(PythonDirName(p), p);
    if (!fresh) {
      *err = "--python " + p + " and --python " + it->second + " would share the environment " +
             "directory '" + it->first + "'; give them as distinct paths";
      return false;
    }
  }
  for (const auto& e : options.extras) {
    if (!IsValidProjectName(e)) {
      *err = "--extras: '" + e + "' is not a valid extra name";
      return false;
    }
  }
  for (const auto& m : options.imports) {
    if (m.empty() || m.find_first_of(" /\\") != std::string::npos) {
      *err = "--import: '" + m + "' is not a module name";
      return false;
    }
  }
  if (!options.script.empty()) {
    std::error_code ec;
    if (!fs::is_regular_file(options.script, ec)) {
      *err = "--script " + options.script + ": no such file";
      return false;
    }
  }
  for (const auto& d : options.dists) {
    std::error_code ec;
    if (!fs::is_regular_file(d, ec)) {
      *err = "--dist " + d + ": no such file";
      return false;
    }
  }
  if (!options.only.empty()) {
    std::vector<std::string> names = VerifyCheckNames(options);
    for (const auto& o : options.only) {
      if (std::find(names.begin(), names.end(), o) == names.end()) {
        *err = "--only " + o + ": no such check; the checks are: " + Join(names, ", ");
        return false;
      }
    }
  }
  return true;
}

bool VerifyReport::passed() const {
  for (const auto& c : checks)
    if (c.status != CheckStatus::kPass) return false;
  return true;
}

bool RunVerification(const VerifyOptions& options,
                     const std::function<void(const CheckResult&)>& on_check, VerifyReport* report,
                     std::string* err) {
  *report = VerifyReport();
  Verifier verifier(options, on_check, report);
  return verifier.Run(err);
}
