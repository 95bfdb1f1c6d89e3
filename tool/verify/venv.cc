#include "verify/venv.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "core/string_util.h"

namespace fs = std::filesystem;

bool RunTimed(const std::vector<std::string>& argv, const SubprocessOptions& options, TimedRun* run,
              std::string* err) {
  run->command = DescribeCommand(argv);
  auto start = std::chrono::steady_clock::now();
  bool started = RunSubprocess(argv, options, &run->result, err);
  run->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return started;
}

Venv VenvAt(const std::string& dir) {
  Venv venv;
  venv.dir = dir;
  venv.bin_dir = (fs::path(dir) / "bin").string();
  venv.python = (fs::path(dir) / "bin" / "python").string();
  return venv;
}

bool VenvExists(const std::string& dir) {
  std::error_code ec;
  Venv venv = VenvAt(dir);
  return fs::is_regular_file(fs::path(dir) / "pyvenv.cfg", ec) &&
         access(venv.python.c_str(), X_OK) == 0;
}

bool CreateVenv(const std::string& base_python, const std::string& dir, bool with_pip, Venv* venv,
                TimedRun* run, std::string* err) {
  std::vector<std::string> argv = {base_python, "-m", "venv"};
  if (!with_pip) argv.push_back("--without-pip");
  argv.push_back(dir);
  SubprocessOptions options;
  // The base interpreter must not see an activated venv or a PYTHONPATH: the new venv would
  // otherwise be created from the wrong prefix.
  options.unset_env = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"};
  if (!RunTimed(argv, options, run, err)) return false;
  *venv = VenvAt(dir);
  return true;
}

SubprocessOptions VenvProcessOptions(const Venv& venv, const std::string& cwd,
                                     const std::vector<std::string>& extra_env) {
  SubprocessOptions options;
  options.cwd = cwd;
  const char* path = std::getenv("PATH");
  std::string new_path = venv.bin_dir;
  if (path && *path) new_path += std::string(":") + path;
  options.env = {"PATH=" + new_path, "VIRTUAL_ENV=" + venv.dir, "PYTHONNOUSERSITE=1",
                 "PIP_DISABLE_PIP_VERSION_CHECK=1", "PIP_NO_INPUT=1"};
  options.env.insert(options.env.end(), extra_env.begin(), extra_env.end());
  options.unset_env = {"PYTHONPATH",     "PYTHONHOME",    "PYTHONSTARTUP",
                       "PYTHONUSERBASE", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL",
                       "PIP_FIND_LINKS", "PIP_NO_INDEX",  "PIP_REQUIRE_VIRTUALENV",
                       "PIP_USER",       "PIP_TARGET",    "PIP_PREFIX"};
  return options;
}

std::string PipFailureReason(const SubprocessResult& result) {
  std::string last_error, last_line;
  for (const std::string& raw : Split(result.err, '\n')) {
    std::string line = Trim(raw);
    if (line.empty()) continue;
    last_line = line;
    if (StartsWith(line, "ERROR: ")) last_error = line.substr(7);
  }
  if (!last_error.empty()) return last_error;
  if (!last_line.empty()) return last_line;
  for (const std::string& raw : Split(result.out, '\n')) {
    std::string line = Trim(raw);
    if (!line.empty()) last_line = line;
  }
  return last_line;
}
