// `pyrelease verify`: install NAME==VERSION into a fresh venv per Python, from an index or from
// local dists, and run named checks against it. The check names are a contract with the CMake
// package (one CTest test per check), so they are computed from the options alone.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/check_result.h"

struct VerifyOptions {
  std::string name;     // from SPEC, as given
  std::string version;  // from SPEC
  std::string index_url;
  std::vector<std::string> extra_index_urls;
  std::vector<std::string> find_links;
  std::vector<std::string> pythons;  // empty = {"python3"}
  std::vector<std::string> extras;   // one entry per extra (comma lists already split)
  std::vector<std::string> imports;
  std::vector<std::string> commands;
  std::string script;
  double wait_seconds = 0;
  // What pip installs the release from: "any" (pip's choice, a wheel when there is one), "wheel"
  // (--only-binary: never build), "sdist" (--no-binary: build the sdist in the venv, so a file
  // missing from the sdist shows up in the checks). Dependencies are not affected.
  std::string install_from = "any";
  std::vector<std::string> dists;  // local dists for the `hashes` check
  bool keep_env = false;
  std::vector<std::string> only;  // run only these checks (empty = all)
  std::string env_dir;            // persistent env root ("" = a temporary directory)
  std::string work_root;          // where temporary envs go ("" = $TMPDIR or /tmp)
};

// Splits "NAME==VERSION" (spaces allowed around "=="). False with `err` when it is not of that
// form or NAME is not a valid project name.
bool ParseReleaseSpec(std::string_view spec, std::string* name, std::string* version,
                      std::string* err);

// The pythons to run with: options.pythons, or {"python3"}.
std::vector<std::string> EffectivePythons(const VerifyOptions& options);

// Every check name, in run order, from the options alone (for --list-checks and CTest).
std::vector<std::string> VerifyCheckNames(const VerifyOptions& options);

// Validates the options (a source to install from, known --only names, ...). False with `err`.
bool ValidateVerifyOptions(const VerifyOptions& options, std::string* err);

// Where the time went, summed over every Python (seconds).
struct VerifyTimings {
  double index = 0;    // polling and fetching the index (wait, hashes)
  double venv = 0;     // python -m venv
  double install = 0;  // pip install NAME==VERSION
  double checks = 0;   // everything else run in the venv
  double total = 0;    // wall clock of the whole run
  // total minus the time spent waiting on subprocesses and the index: our own bookkeeping.
  double overhead() const { return total - index - venv - install - checks; }
};

struct VerifyReport {
  std::vector<CheckResult> checks;
  VerifyTimings timings;
  std::vector<std::string> kept_envs;  // env directories left on disk (keep-env or failure)
  bool passed() const;
};

// Runs the checks (all, or options.only), calling `on_check` as each one finishes. False (with
// `err`) only when verification could not run at all (e.g. no temporary directory); failed checks
// are reported through the report.
bool RunVerification(const VerifyOptions& options,
                     const std::function<void(const CheckResult&)>& on_check, VerifyReport* report,
                     std::string* err);
