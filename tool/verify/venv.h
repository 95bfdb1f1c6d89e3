// A fresh virtual environment: `python -m venv DIR`, and running its python/pip with the
// environment a user's shell would have after `source DIR/bin/activate` (bin first on PATH,
// VIRTUAL_ENV set), minus the variables that would let the host leak into it.
#pragma once

#include <string>
#include <vector>

#include "core/subprocess.h"

struct Venv {
  std::string dir;      // the venv root
  std::string bin_dir;  // <dir>/bin
  std::string python;   // <dir>/bin/python
};

// A subprocess run with its wall-clock time.
struct TimedRun {
  SubprocessResult result;
  double seconds = 0;
  std::string command;  // shell-quoted, for messages
  bool ok() const { return result.exit_code == 0; }
};

// Runs argv and measures it. False (with `err`) only when the program could not be started.
bool RunTimed(const std::vector<std::string>& argv, const SubprocessOptions& options, TimedRun* run,
              std::string* err);

// `<base_python> -m venv [--without-pip] <dir>`. `dir` must not exist yet (callers remove stale
// environments first). On success fills `venv`; a non-zero exit is reported through run->result.
bool CreateVenv(const std::string& base_python, const std::string& dir, bool with_pip, Venv* venv,
                TimedRun* run, std::string* err);

// The paths of a venv at `dir` (no check that it exists).
Venv VenvAt(const std::string& dir);

// True when `dir` holds a usable venv (pyvenv.cfg and an executable bin/python).
bool VenvExists(const std::string& dir);

// Options for running anything inside the venv from `cwd`: PATH starts with the venv's bin,
// VIRTUAL_ENV is set, and PYTHONPATH/PYTHONHOME/PYTHONSTARTUP/PYTHONUSERBASE and the pip variables
// that add package sources (PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX) are
// removed, so that what gets installed comes only from the sources the caller names.
SubprocessOptions VenvProcessOptions(const Venv& venv, const std::string& cwd,
                                     const std::vector<std::string>& extra_env = {});

// The last line of pip's stderr starting with "ERROR:" (without the prefix), else the last
// non-empty line of stderr, else of stdout: the one-line reason for a failed pip run.
std::string PipFailureReason(const SubprocessResult& result);
