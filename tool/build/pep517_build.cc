#include "build/pep517_build.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "build/pep517_hooks_script.h"
#include "core/atomic_file.h"
#include "core/interrupt.h"
#include "core/owned_dir.h"
#include "core/string_util.h"
#include "core/subprocess.h"
#include "spec/dist_reader.h"

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool IsExecutable(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string WhichInPath(const std::string& name) {
  for (const std::string& dir : Split(Env("PATH"), ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (IsExecutable(candidate)) return candidate;
  }
  return "";
}

// pip's configuration files, in the order pip reads them (later ones win; we only ask "is it set").
std::vector<std::string> PipConfigFiles() {
  std::vector<std::string> files = {"/etc/xdg/pip/pip.conf", "/etc/pip.conf"};
  std::string home = Env("HOME");
  std::string xdg = Env("XDG_CONFIG_HOME");
  if (!home.empty()) files.push_back(home + "/.pip/pip.conf");
  files.push_back((xdg.empty() ? home + "/.config" : xdg) + "/pip/pip.conf");
  if (!Env("VIRTUAL_ENV").empty()) files.push_back(Env("VIRTUAL_ENV") + "/pip.conf");
  if (!Env("PIP_CONFIG_FILE").empty()) files.push_back(Env("PIP_CONFIG_FILE"));
  return files;
}

// pip options that choose where packages come from and how they are fetched, with the variable
// that carries each to uv. A pip.conf setting is covered when the PIP_ variable (which pip lets
// override the file) is set too.
struct PipToUv {
  const char* pip_key;
  const char* pip_env;
  const char* uv_env;
};
const std::vector<PipToUv>& PipToUvTable() {
  static const std::vector<PipToUv> table = {
      {"index-url", "PIP_INDEX_URL", "UV_INDEX_URL"},
      {"extra-index-url", "PIP_EXTRA_INDEX_URL", "UV_EXTRA_INDEX_URL"},
      {"find-links", "PIP_FIND_LINKS", "UV_FIND_LINKS"},
      {"no-index", "PIP_NO_INDEX", "UV_NO_INDEX"},
      {"cert", "PIP_CERT", "SSL_CERT_FILE"},
      {"trusted-host", "PIP_TRUSTED_HOST", "UV_INSECURE_HOST"},
      {"proxy", "PIP_PROXY", "HTTPS_PROXY"},
      {"constraint", "PIP_CONSTRAINT", "UV_CONSTRAINT"},  // both: files separated by spaces
      {"require-hashes", "PIP_REQUIRE_HASHES", ""},
  };
  return table;
}

// The PIP_* settings translated for uv (pip separates lists with spaces, UV_FIND_LINKS with
// commas).
std::vector<std::string> UvEnvFromPip() {
  std::vector<std::string> env;
  for (const auto& m : PipToUvTable()) {
    std::string value = Env(m.pip_env);
    if (value.empty() || !*m.uv_env || !Env(m.uv_env).empty()) continue;
    if (std::string(m.uv_env) == "UV_FIND_LINKS" || std::string(m.uv_env) == "UV_INSECURE_HOST") {
      std::vector<std::string> parts;
      for (const auto& p : Split(CollapseWhitespace(value), ' '))
        if (!p.empty()) parts.push_back(p);
      value = Join(parts, std::string(m.uv_env) == "UV_FIND_LINKS" ? "," : " ");
    }
    if (std::string(m.uv_env) == "UV_NO_INDEX") value = "1";
    env.push_back(std::string(m.uv_env) + "=" + value);
  }
  return env;
}

struct StepResult {
  bool ok = false;
  std::string text;  // what to add to the log
};

class BackendSession {
 public:
  BackendSession(const BuildPathDecision& decision, const Pep517Options& options, std::string* log)
      : decision_(decision), options_(options), log_(log) {}
  ~BackendSession() {
    std::string ignored;
    if (!tmp_.empty()) RemoveOwnedTree(tmp_, tmp_, &ignored);
  }

  const std::string& tmp() const { return tmp_; }

  bool Start(std::string* err) {
    std::string base = Env("TMPDIR").empty() ? "/tmp" : Env("TMPDIR");
    if (!CreateOwnedTempDir(base, "pyrelease-pep517-", &tmp_, err)) return false;
    std::string script = tmp_ + "/pep517_hooks.py";
    if (!WriteFileAtomically(script, kPep517HooksScript, err)) return false;
    script_ = script;
    if (!options_.isolation) {
      python_ = options_.python;
      return true;
    }
    env_dir_ = tmp_ + "/env";
    python_ = env_dir_ + "/bin/python";
    return CreateEnv(err) && Install(decision_.build_requires, "build-system.requires", err);
  }

  // Calls `hook` with `kwargs` in `cwd`; `ret` receives the hook's return value.
  bool CallHook(const std::string& hook, const nlohmann::json& kwargs, const std::string& cwd,
                nlohmann::json* ret, bool* unsupported, std::string* err) {
    nlohmann::json request = {{"hook", hook},
                              {"backend", decision_.build_backend},
                              {"backend_path", decision_.backend_path},
                              {"kwargs", kwargs}};
    std::string req_path = tmp_ + "/request.json", resp_path = tmp_ + "/response.json";
    ::unlink(resp_path.c_str());
    if (!WriteFileAtomically(req_path, request.dump(), err)) return false;
    SubprocessResult r;
    if (!Run({python_, script_, req_path, resp_path}, cwd, &r, err)) return false;
    std::string text, read_err;
    nlohmann::json response;
    if (ReadFile(resp_path, &text, &read_err))
      response = nlohmann::json::parse(text, nullptr, false);
    if (r.exit_code != 0 || !response.is_object() || response.contains("error")) {
      *err = decision_.backend_label + " failed in " + hook + " (" + decision_.build_backend + ")";
      if (response.is_object() && response.contains("error") && response["error"].is_string())
        *err += ": " + response["error"].get<std::string>();
      else if (r.exit_code != 0)
        *err += ": exit status " + std::to_string(r.exit_code);
      return false;
    }
    if (unsupported) *unsupported = response.value("unsupported", false);
    if (ret && response.contains("return")) *ret = response["return"];
    return true;
  }

  // get_requires_for_build_<kind>, then installs what it asks for (isolated envs only).
  bool InstallHookRequires(const std::string& kind, const nlohmann::json& settings,
                           const std::string& cwd, std::string* err) {
    nlohmann::json ret;
    if (!CallHook("get_requires_for_build_" + kind, {{"config_settings", settings}}, cwd, &ret,
                  nullptr, err))
      return false;
    if (!options_.isolation)
      return true;  // as build --no-isolation: the user's environment is used as is
    std::vector<std::string> reqs;
    if (ret.is_array())
      for (const auto& r : ret)
        if (r.is_string()) reqs.push_back(r.get<std::string>());
    if (reqs.empty()) return true;
    return Install(reqs, "get_requires_for_build_" + kind, err);
  }

 private:
  // `in_env`: a hook, which runs inside the environment; the commands that make the environment
  // run outside it (on PATH, "python3" must still be the caller's interpreter, the one with pip).
  bool Run(const std::vector<std::string>& argv, const std::string& cwd, SubprocessResult* r,
           std::string* err, std::vector<std::string> extra_env = {}, bool in_env = true) {
    SubprocessOptions opt;
    opt.cwd = cwd;
    opt.env = std::move(extra_env);
    if (options_.isolation && in_env) {
      // The environment's scripts first, and nothing of the caller's PYTHONPATH (as build does).
      opt.env.push_back("PATH=" + env_dir_ + "/bin:" + Env("PATH"));
      opt.env.push_back("VIRTUAL_ENV=" + env_dir_);
      opt.unset_env.push_back("PYTHONPATH");
    }
    if (!RunSubprocess(argv, opt, r, err)) return false;
    *log_ += "$ " + DescribeCommand(argv) + "\n" + r->out + r->err;
    return true;
  }

  bool RunChecked(const std::vector<std::string>& argv, const std::string& what, std::string* err,
                  std::vector<std::string> extra_env = {}) {
    SubprocessResult r;
    if (!Run(argv, "", &r, err, std::move(extra_env), /*in_env=*/false)) return false;
    if (r.exit_code != 0) {
      *err = what + " failed (" + DescribeCommand(argv) + ": exit status " +
             std::to_string(r.exit_code) + ")";
      return false;
    }
    return true;
  }

  bool CreateEnv(std::string* err) {
    std::string why_not = "--installer pip";
    use_uv_ = options_.installer != "pip" && CanUseUv(&uv_, &why_not);
    if (options_.installer == "uv" && !use_uv_) {
      *err = "--installer uv: " + why_not;
      return false;
    }
    *log_ +=
        use_uv_ ? "environment: uv (" + uv_ + ")\n" : "environment: venv + pip (" + why_not + ")\n";
    if (use_uv_)
      return RunChecked(
          {uv_, "venv", "--quiet", "--no-project", "--python", options_.python, env_dir_},
          "creating the build environment with uv", err);
    return RunChecked({options_.python, "-m", "venv", "--without-pip", env_dir_},
                      "creating the build environment", err);
  }

  bool Install(const std::vector<std::string>& reqs, const std::string& what, std::string* err) {
    if (reqs.empty()) return true;
    // A requirements file, since pip honours markers there and not on the command line.
    std::string req_file = tmp_ + "/requirements-" + std::to_string(++installs_) + ".txt";
    if (!WriteFileAtomically(req_file, Join(reqs, "\n") + "\n", err)) return false;
    const std::string step = "installing " + what + " (" + Join(reqs, ", ") + ")";
    if (use_uv_)
      return RunChecked({uv_, "pip", "install", "--quiet", "--python", python_, "-r", req_file},
                        step, err, UvEnvFromPip());
    // The caller's pip installs into the environment (pip >= 22.3), as build does.
    return RunChecked(
        {options_.python, "-m", "pip", "--python", python_, "install", "--quiet", "--use-pep517",
         "--no-warn-script-location", "--no-compile", "--no-input", "-r", req_file},
        step, err);
  }

  // First member, so destroyed last: a signal while the environment exists is recorded and the
  // session unwinds (the destructor removes tmp_) before pyrelease dies by it.
  DeferInterrupts defer_interrupts_;
  const BuildPathDecision& decision_;
  const Pep517Options& options_;
  std::string* log_;
  std::string tmp_, script_, env_dir_, python_, uv_;
  bool use_uv_ = false;
  int installs_ = 0;
};

std::string FileName(const nlohmann::json& ret) {
  return ret.is_string() ? ret.get<std::string>() : "";
}

// Moves `names` from `from` into `to`; all or none.
bool MoveAll(const std::vector<std::pair<std::string, std::string*>>& files,
             const std::string& from, const std::string& to, std::string* err) {
  std::vector<std::string> moved;
  for (const auto& [name, dest] : files) {
    std::string target = to + "/" + name;
    if (::rename((from + "/" + name).c_str(), target.c_str()) != 0) {
      *err = target + ": cannot move the archive into place: " + std::strerror(errno);
      for (const auto& m : moved) ::unlink(m.c_str());
      return false;
    }
    moved.push_back(target);
    *dest = target;
  }
  return true;
}

}  // namespace

std::string ConfigSettingsJson(const std::vector<std::pair<std::string, std::string>>& settings) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [k, v] : settings) {
    if (!j.contains(k)) {
      j[k] = v;
    } else if (j[k].is_array()) {
      j[k].push_back(v);
    } else {
      j[k] = nlohmann::ordered_json::array({j[k], v});
    }
  }
  return j.dump();
}

bool CanUseUv(std::string* uv_path, std::string* why_not) {
  *uv_path = !Env("UV").empty() ? Env("UV") : WhichInPath("uv");
  if (uv_path->empty()) {
    *why_not = "uv is not on PATH";
    return false;
  }
  for (const std::string& file : PipConfigFiles()) {
    std::ifstream in(file);
    std::string line;
    while (in && std::getline(in, line)) {
      std::string key = Trim(line.substr(0, line.find('=')));
      for (const auto& m : PipToUvTable()) {
        if (key != m.pip_key || line.find('=') == std::string::npos) continue;
        if (*m.uv_env && !Env(m.pip_env).empty())
          continue;  // PIP_* overrides the file and is translated
        *why_not = file + " sets " + key + ", which uv does not read";
        return false;
      }
    }
  }
  return true;
}

bool BuildWithBackend(const std::string& project_dir, const BuildPathDecision& decision,
                      const Pep517Options& options, bool want_sdist, bool want_wheel,
                      const std::string& outdir, Pep517Outputs* out, std::string* err) {
  BackendSession session(decision, options, &out->log);
  if (!session.Start(err)) return false;
  nlohmann::json settings = nlohmann::json::parse(ConfigSettingsJson(options.config_settings));
  // The backend writes into a directory of ours inside outdir, so the final move is a rename.
  std::string staging;
  if (!CreateOwnedTempDir(outdir, ".pyrelease-staging-", &staging, err)) return false;
  struct StagingGuard {
    std::string dir;
    ~StagingGuard() {
      std::string ignored;
      RemoveOwnedTree(dir, dir, &ignored);
    }
  } guard{staging};

  std::string sdist_name, wheel_name;
  std::string wheel_source = project_dir;
  nlohmann::json ret;
  if (want_sdist) {
    if (!session.InstallHookRequires("sdist", settings, project_dir, err)) return false;
    if (!session.CallHook("build_sdist",
                          {{"sdist_directory", staging}, {"config_settings", settings}},
                          project_dir, &ret, nullptr, err))
      return false;
    sdist_name = FileName(ret);
    if (!EndsWith(sdist_name, ".tar.gz")) {
      *err = decision.backend_label + "'s build_sdist returned '" + sdist_name +
             "', not a .tar.gz file name";
      return false;
    }
    if (want_wheel) {
      // The wheel is built from the unpacked sdist, as build and pip do.
      std::string unpack = session.tmp() + "/sdist";
      if (!session.CallHook("_unpack_sdist",
                            {{"archive", staging + "/" + sdist_name}, {"dest", unpack}},
                            session.tmp(), nullptr, nullptr, err))
        return false;
      wheel_source = unpack + "/" + sdist_name.substr(0, sdist_name.size() - 7);
    }
  }
  if (want_wheel) {
    if (!session.InstallHookRequires("wheel", settings, wheel_source, err)) return false;
    if (!session.CallHook("build_wheel",
                          {{"wheel_directory", staging}, {"config_settings", settings}},
                          wheel_source, &ret, nullptr, err))
      return false;
    wheel_name = FileName(ret);
    if (!EndsWith(wheel_name, ".whl")) {
      *err = decision.backend_label + "'s build_wheel returned '" + wheel_name +
             "', not a .whl file name";
      return false;
    }
  }
  std::vector<std::pair<std::string, std::string*>> files;
  if (want_sdist) files.push_back({sdist_name, &out->sdist});
  if (want_wheel) files.push_back({wheel_name, &out->wheel});
  return MoveAll(files, staging, outdir, err);
}

bool WheelMetadataWithBackend(const std::string& project_dir, const BuildPathDecision& decision,
                              const Pep517Options& options, std::string* metadata,
                              std::string* wheel_name, std::string* log, std::string* err) {
  BackendSession session(decision, options, log);
  if (!session.Start(err)) return false;
  nlohmann::json settings = nlohmann::json::parse(ConfigSettingsJson(options.config_settings));
  if (!session.InstallHookRequires("wheel", settings, project_dir, err)) return false;
  std::string out_dir = session.tmp() + "/metadata";
  if (::mkdir(out_dir.c_str(), 0755) != 0) {
    *err = out_dir + ": " + std::strerror(errno);
    return false;
  }
  nlohmann::json ret;
  bool unsupported = false;
  if (!session.CallHook("prepare_metadata_for_build_wheel",
                        {{"metadata_directory", out_dir}, {"config_settings", settings}},
                        project_dir, &ret, &unsupported, err))
    return false;
  wheel_name->clear();
  if (!unsupported) return ReadFile(out_dir + "/" + FileName(ret) + "/METADATA", metadata, err);
  // No prepare hook: PEP 517 says build the wheel and read its METADATA.
  if (!session.CallHook("build_wheel",
                        {{"wheel_directory", out_dir}, {"config_settings", settings}}, project_dir,
                        &ret, nullptr, err))
    return false;
  *wheel_name = FileName(ret);
  std::string member;
  return ReadDistMetadata(out_dir + "/" + *wheel_name, metadata, &member, err);
}
