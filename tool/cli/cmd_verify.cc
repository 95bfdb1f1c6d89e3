// `pyrelease verify`: install a release into fresh venvs and smoke-test it, one named check at a
// time (the names are what the CMake package turns into CTest tests).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "core/interrupt.h"
#include "core/string_util.h"
#include "core/url.h"
#include "release/promotion_lock.h"
#include "verify/verify.h"

namespace {

std::string Seconds(double s) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

void PrintCheck(std::ostream& out, const CheckResult& r) {
  if (r.status == CheckStatus::kPass) {
    out << "PASS " << r.name << " (" << Seconds(r.seconds) << ")\n";
    if (!r.detail.empty()) out << "     " << r.detail << '\n';
  } else {
    out << "FAIL " << r.name << ": " << r.detail << '\n';
    if (!r.output.empty()) {
      for (const auto& line : Split(r.output, '\n')) out << "    | " << line << '\n';
    }
  }
  out.flush();
}

nlohmann::json ReportJson(const VerifyOptions& o, const VerifyReport& report) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : report.checks) {
    checks.push_back({{"name", c.name},
                      {"status", c.status == CheckStatus::kPass ? "pass" : "fail"},
                      {"seconds", c.seconds},
                      {"detail", c.detail},
                      {"output", c.output}});
  }
  const VerifyTimings& t = report.timings;
  return {{"spec", o.name + "==" + o.version},
          {"name", o.name},
          {"version", o.version},
          {"passed", report.passed()},
          {"checks", checks},
          {"kept_envs", report.kept_envs},
          {"timings",
           {{"index", t.index},
            {"venv", t.venv},
            {"install", t.install},
            {"checks", t.checks},
            {"overhead", t.overhead()},
            {"total", t.total}}}};
}

}  // namespace

int RunVerify(int argc, char** argv) {
  CLI::App app{
      "Install NAME==VERSION into a fresh venv per Python (from an index, or from local\n"
      "dists with --find-links) and run named checks: wait, hashes, install, version,\n"
      "import:<module>, entry-points, command:<cmd>, extra:<name>, script:<file>.",
      "pyrelease verify"};
  app.footer(
      "Exit status 0 only when every check that ran passed. The venvs are made without pip and\n"
      "installed into by the base Python's own pip (pip --python, pip >= 22.3); set\n"
      "PYRELEASE_VERIFY_SEED_PIP=1 to give each venv its own pip instead.");
  VerifyOptions o;
  std::string spec;
  std::vector<std::string> extras_lists;
  bool json = false, list_checks = false, test_index = false;
  app.add_option("SPEC", spec,
                 "the release to verify: NAME==VERSION (not needed with --list-checks)");
  app.add_option("--index-url", o.index_url,
                 "the simple index to install from (http(s)://, file:// or a directory)")
      ->option_text("URL");
  app.add_option("--extra-index-url", o.extra_index_urls, "more indexes, for dependencies")
      ->option_text("URL")
      ->allow_extra_args(false);
  app.add_option("--find-links", o.find_links, "a directory of dists (no index needed)")
      ->option_text("DIR")
      ->allow_extra_args(false);
  app.add_option("--python", o.pythons, "a Python to verify with (repeatable; default python3)")
      ->option_text("EXE")
      ->allow_extra_args(false);
  app.add_option("--extras", extras_lists, "extras to install, comma-separated (repeatable)")
      ->option_text("A,B")
      ->allow_extra_args(false);
  app.add_option("--import", o.imports, "a module that must import (repeatable)")
      ->option_text("MODULE")
      ->allow_extra_args(false);
  app.add_option("--command", o.commands, "a shell command that must exit 0 (repeatable)")
      ->option_text("\"CMD\"")
      ->allow_extra_args(false);
  app.add_option("--script", o.script, "a Python script run in the venv that must exit 0")
      ->option_text("FILE");
  app.add_option("--wait", o.wait_seconds, "poll the index up to SECONDS for the release's files")
      ->option_text("SECONDS");
  app.add_option("--dist", o.dists, "a local dist to compare with the index (enables `hashes`)")
      ->option_text("FILE")
      ->allow_extra_args(false);
  app.add_option("--from", o.install_from,
                 "install the release from its sdist (built in the venv, so a broken sdist "
                 "fails), its wheel, or any (pip's choice; default)")
      ->option_text("any|wheel|sdist");
  app.add_flag("--keep-env", o.keep_env, "keep the venv (it is also kept when a check fails)");
  app.add_flag("--json", json, "print a JSON summary on stdout (progress goes to stderr)");
  app.add_flag("--list-checks", list_checks, "print the check names, one per line, and exit");
  app.add_option("--only", o.only, "run only the named check (repeatable)")
      ->option_text("CHECK")
      ->allow_extra_args(false);
  app.add_option("--env-dir", o.env_dir, "keep the venvs at DIR and reuse them when they exist")
      ->option_text("DIR");
  app.add_flag("--test-index", test_index,
               "this is the test index: when the checks pass (`hashes` among them), record in "
               "the release state file next to the --dist files that they were verified, which "
               "lets `pyrelease upload` promote exactly them");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;  // help prints and exits 0
  }

  std::string err;
  // The check names depend only on the options: --list-checks needs no release.
  if ((!list_checks || !spec.empty()) && !ParseReleaseSpec(spec, &o.name, &o.version, &err)) {
    PrintError(spec.empty() ? "SPEC is required: give the release to verify as NAME==VERSION"
                            : err);
    return kExitUsage;
  }
  for (const auto& list : extras_lists) {
    for (const auto& e : Split(list, ',')) {
      std::string extra = Trim(e);
      if (!extra.empty()) o.extras.push_back(extra);
    }
  }
  // A directory given as the index is a file index: pip wants it as a file: URL.
  if (!o.index_url.empty() && ParseUrl(o.index_url).scheme.empty()) {
    std::error_code ec;
    o.index_url =
        PathToFileUrl(std::filesystem::absolute(o.index_url, ec).lexically_normal().string());
  }
  if (list_checks) {
    for (const auto& name : VerifyCheckNames(o)) std::cout << name << '\n';
    return kExitOk;
  }
  if (!ValidateVerifyOptions(o, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  if (test_index && o.dists.empty()) {
    PrintError("--test-index records the verified files: give them with --dist");
    return kExitUsage;
  }

  std::ostream& progress = json ? std::cerr : std::cout;
  VerifyReport report;
  if (!RunVerification(
          o, [&](const CheckResult& r) { PrintCheck(progress, r); }, &report, &err)) {
    PrintError(err);
    return kExitFailure;
  }
  size_t failed = 0;
  for (const auto& c : report.checks) failed += c.status != CheckStatus::kPass;
  const VerifyTimings& t = report.timings;
  char pct[32];
  snprintf(pct, sizeof pct, "%.1f%%", t.total > 0 ? 100.0 * t.overhead() / t.total : 0.0);
  progress << "verify: " << o.name << "==" << o.version << ": " << report.checks.size() - failed
           << " passed, " << failed << " failed in " << Seconds(t.total) << " (index "
           << Seconds(t.index) << ", venv " << Seconds(t.venv) << ", install " << Seconds(t.install)
           << ", checks " << Seconds(t.checks) << ", pyrelease " << Seconds(t.overhead()) << " = "
           << pct << ")\n";
  for (const auto& dir : report.kept_envs)
    progress << "verify: environment kept at " << dir << '\n';
  if (json) std::cout << ReportJson(o, report).dump(2) << '\n';
  if (PendingInterrupt()) {  // main() then dies by the signal
    PrintError(InterruptMessage() + ": the checks after it did not run");
    return kExitFailure;
  }
  if (!report.passed()) return kExitFailure;
  if (test_index) {
    bool hashes = false;
    for (const auto& c : report.checks) hashes = hashes || c.name == "hashes";
    if (!hashes || !RecordTestVerification(o.dists, &err)) {
      PrintError(hashes ? err
                        : "--test-index: the `hashes` check did not run, so nothing says the index "
                          "serves these files");
      return kExitFailure;
    }
    progress << "verify: recorded the verified files for the promotion lock\n";
  }
  return kExitOk;
}
