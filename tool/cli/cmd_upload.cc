// `pyrelease upload`: publish dists to an index through the legacy upload API, or into a local file
// index. Parses options, resolves the repository and credentials, runs `check`, then UploadDists()
// with a reporter that draws progress bars on a terminal and plain lines otherwise.
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "check/check.h"
#include "cli/commands.h"
#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "core/string_util.h"
#include "core/url.h"
#include "publish/attestations.h"
#include "publish/credentials.h"
#include "publish/trusted_publishing.h"
#include "publish/upload.h"
#include "release/promotion_lock.h"

namespace {

// `dist/*` arrives expanded from a shell, but CMake and Windows-style callers may pass the pattern.
bool ExpandArguments(const std::vector<std::string>& args, std::vector<std::string>* out,
                     std::string* err) {
  for (const auto& a : args) {
    struct stat st;
    if (::stat(a.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) {
        *err = a + ": is a directory (pass the files, e.g. " + a + "/*)";
        return false;
      }
      // A shell's dist/* also lists attestations and signatures: they travel with their dist.
      if (!EndsWith(a, ".attestation") && !EndsWith(a, ".asc")) out->push_back(a);
      continue;
    }
    if (a.find_first_of("*?[") == std::string::npos) {
      *err = a + ": no such file";
      return false;
    }
    glob_t g{};
    int rc = ::glob(a.c_str(), 0, nullptr, &g);
    size_t before = out->size();
    if (rc == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) {
        std::string p = g.gl_pathv[i];
        // A glob over dist/ skips what is not a dist (signatures, attestations, .metadata).
        if (EndsWith(p, ".whl") || EndsWith(p, ".tar.gz") || EndsWith(p, ".zip")) out->push_back(p);
      }
    }
    ::globfree(&g);
    if (out->size() == before) {
      *err = a + ": matches no distribution file";
      return false;
    }
  }
  return true;
}

std::string FormatRate(double bytes_per_s) {
  return HumanSize(static_cast<unsigned long long>(bytes_per_s)) + "/s";
}

std::string FormatSeconds(double s) {
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%.0fs", s);
  else
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  return buf;
}

// Draws one progress line per file on a terminal: name, bar, bytes, rate, ETA.
struct ProgressBar {
  bool tty = false;
  std::chrono::steady_clock::time_point start, last_draw;
  void Begin(const PreparedDist& d) {
    start = std::chrono::steady_clock::now();
    last_draw = start - std::chrono::seconds(1);
    if (!tty) std::cerr << "Uploading " << d.filename << " (" << HumanSize(d.digests.size) << ")\n";
  }
  void Update(const PreparedDist& d, long long sent, long long total, bool force = false) {
    if (!tty || total <= 0) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_draw < std::chrono::milliseconds(100)) return;
    last_draw = now;
    double elapsed = std::chrono::duration<double>(now - start).count();
    double rate = elapsed > 0 ? sent / elapsed : 0;
    double eta = rate > 0 ? (total - sent) / rate : 0;
    int width = 24, filled = static_cast<int>(width * static_cast<double>(sent) / total);
    std::string bar = std::string(filled, '#') + std::string(width - filled, '-');
    char pct[8];
    std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(100.0 * sent / total));
    std::cerr << "\r\033[K" << d.filename << " " << pct << " [" << bar << "] " << HumanSize(sent)
              << "/" << HumanSize(total) << " " << FormatRate(rate) << " ETA " << FormatSeconds(eta)
              << std::flush;
  }
  void End(const PreparedDist& d, const FileResult& r) {
    if (tty) std::cerr << "\r\033[K";
    double rate = r.seconds > 0 ? r.size / r.seconds : 0;
    switch (r.status) {
      case FileStatus::kUploaded:
        std::cerr << "Uploaded " << d.filename;
        if (r.seconds > 0)
          std::cerr << " in " << FormatSeconds(r.seconds) << " (" << FormatRate(rate) << ")";
        std::cerr << "\n";
        break;
      case FileStatus::kAlreadyThere:
        std::cerr << "Skipping " << d.filename << ": an identical file is already on the index\n";
        break;
      default:
        break;
    }
  }
};

// Runs the same rules as `pyrelease check` on every dist; all findings are collected (in `report`,
// printed by the caller) before deciding.
bool RunCheckStep(const std::vector<std::string>& dists, const CheckOptions& check_options,
                  std::string* report, std::string* err) {
  bool failed = false;
  for (const auto& path : dists) {
    FileReport r = CheckDist(path, check_options);
    *report += "Checking " + path + ": " + r.Status(false) + "\n";
    for (const auto& f : r.findings) {
      *report += std::string("  ") + (f.level == FindingLevel::kError ? "error" : "warning") +
                 ": [" + f.rule + "] " + (f.where.empty() ? "" : f.where + ": ") + f.message + "\n";
    }
    failed = failed || r.Failed(false);
  }
  if (failed) {
    *err =
        "check found problems in the dists (see above); nothing was uploaded. Fix them, or pass "
        "--no-check";
    return false;
  }
  return true;
}

// twine takes -p/--password; we refuse it (argv is visible to every user of the machine) and blank
// the value in our own argv first, as curl's cleanarg does.
bool RefusePasswordArgument(int argc, char** argv) {
  bool found = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    char* value = nullptr;
    if ((a == "-p" || a == "--password") && i + 1 < argc)
      value = argv[i + 1];
    else if (StartsWith(a, "--password="))
      value = argv[i] + std::strlen("--password=");
    else if (StartsWith(a, "-p") && a.size() > 2 && a[2] != '-')
      value = argv[i] + 2;
    if (!value && a != "-p" && a != "--password") continue;
    found = true;
    if (value) std::memset(value, '*', std::strlen(value));
  }
  if (found) {
    PrintError(
        "passwords are not taken on the command line (other users can read it in the process "
        "list): "
        "set TWINE_PASSWORD, or 'password' in the repository's .pypirc section, or let pyrelease "
        "prompt");
  }
  return found;
}

// The CMake steps run `pyrelease upload` with PYRELEASE_CALLER=cmake: name the CMake spelling of
// every option the advice mentions, so the user knows what to set in the build.
std::string WithCMakeAdvice(const std::string& message, const Environment& env) {
  if (env.Get("PYRELEASE_CALLER") != "cmake") return message;
  std::string advice;
  if (message.find("--repository-url") != std::string::npos ||
      message.find("no upload URL") != std::string::npos) {
    advice +=
        "\nIn CMake: REPOSITORY <url> / TEST_REPOSITORY <url> in pyrelease_add_package(), or "
        "configure with "
        "-DPYRELEASE_REPOSITORY=<url> / -DPYRELEASE_TEST_REPOSITORY=<url> (a .pypirc section name "
        "works too); "
        "TWINE_REPOSITORY_URL in the build's environment also works.";
  }
  if (message.find("--skip-existing") != std::string::npos) {
    advice +=
        "\nIn CMake: SKIP_EXISTING in pyrelease_add_package(), or configure with "
        "-DPYRELEASE_SKIP_EXISTING=ON.";
  }
  return message + advice;
}

}  // namespace

int RunUpload(int argc, char** argv) {
  if (RefusePasswordArgument(argc, argv)) return kExitUsage;
  CLI::App app{
      "Upload dists to an index (the legacy upload API that PyPI-compatible indexes accept) or "
      "publish "
      "them into a local file index.",
      "pyrelease upload"};
  std::vector<std::string> dist_args;
  RepositorySettings settings;
  bool skip_existing = false, no_check = false, dry_run = false, json = false, no_progress = false;
  bool attestations = false, test_index = false, no_verify = false;
  std::vector<std::string> state_dirs;
  UploadFormOptions form_options;
  std::string trusted_publishing = "auto";
  TrustedPublishingOptions tp_options;
  int retries = -1;
  std::string max_size;
  double retry_delay = -1;
  long stall_timeout = -1;
  app.add_option("dists", dist_args, "the .whl and .tar.gz files (globs are expanded)")->required();
  app.add_option(
      "-r,--repository", settings.repository_name,
      "a repository (section) name from .pypirc [env: TWINE_REPOSITORY] (default: pypi)");
  app.add_option("--repository-url", settings.repository_url,
                 "the upload URL, or a file:// URL / directory for a local file index [env: "
                 "TWINE_REPOSITORY_URL]");
  app.add_option("--config-file", settings.config_file, "the .pypirc to read (default: ~/.pypirc)");
  app.add_option("-u,--username", settings.username,
                 "the user name [env: TWINE_USERNAME]; passwords come only "
                 "from TWINE_PASSWORD, .pypirc or the terminal");
  app.add_option("--cert", settings.cert,
                 "a CA bundle to verify the server with [env: TWINE_CERT]");
  app.add_option("--client-cert", settings.client_cert,
                 "a PEM file with the client certificate and its key");
  app.add_option(
      "--check-url", settings.check_url,
      "the index's simple API, to see which files are already there [env: PYRELEASE_CHECK_URL]");
  app.add_flag("--skip-existing", skip_existing,
               "skip files already on the index with the same hash");
  app.add_flag("--attestations", attestations,
               "send each dist's <dist>.<kind>.attestation files (PEP 740); "
               "fail when a dist has none");
  app.add_option("--trusted-publishing", trusted_publishing,
                 "auto|always|never: exchange the CI job's OIDC identity (GitHub Actions, GitLab "
                 "CI) for a short-lived "
                 "upload token; auto = when the job has one and no password is configured "
                 "[env: PYRELEASE_TRUSTED_PUBLISHING] (default: auto)");
  app.add_option("--trusted-publishing-url", tp_options.index_url,
                 "where the index serves /_/oidc/audience and /_/oidc/mint-token (default: "
                 "scheme://host of the "
                 "upload URL)");
  app.add_option(
      "--id-token-variable", tp_options.id_token_variable,
      "GitLab CI: the id_tokens variable holding the OIDC token (default: PYPI_ID_TOKEN)");
  app.add_flag("--test-index", test_index,
               "this is the test index: record the uploaded files and their sha256 in the release "
               "state file next to them (release-NAME-VERSION.json); an upload of that version "
               "elsewhere then takes exactly these files, once verified (the promotion lock)");
  app.add_option("--release-state-dir", state_dirs,
                 "also look for release state files here (besides the dists' directory); the "
                 "promotion lock applies to every one that records a test upload");
  app.add_flag("--digests-first", form_options.digests_first,
               "send the digest fields before the file, as twine does (hashes the file before "
               "the first byte leaves) [env: PYRELEASE_UPLOAD_DIGESTS_FIRST]; default: after "
               "it, hashed while it is sent");
  app.add_flag("--md5", form_options.md5, "also send md5_digest (twine 6.2 no longer does)");
  app.add_flag("--no-check", no_check, "do not run `pyrelease check` before uploading");
  app.add_flag("--no-verify", no_verify,
               "do not ask the index after the upload whether it lists each file with the same "
               "sha256 (one page request per project, which pypiserver answers by hashing every "
               "file of the project): only for a pipeline that runs `pyrelease verify` (or the "
               "release's verify step) afterwards; a 2xx alone is then taken as success");
  app.add_option("--max-size", max_size,
                 "the check's file-size limit, e.g. 500MB (default: PyPI's 100 MB; "
                 "indexes can grant projects more)");
  app.add_flag("--dry-run", dry_run, "check everything and ask the index, but upload nothing");
  app.add_flag("--json", json, "print a JSON report on stdout");
  app.add_flag("--non-interactive", settings.non_interactive,
               "never prompt [env: TWINE_NON_INTERACTIVE]");
  app.add_flag("--disable-progress-bar", no_progress, "plain lines even on a terminal");
  app.add_option("--retries", retries,
                 "retries after a connection error, timeout or 5xx (default: 3) "
                 "[env: PYRELEASE_UPLOAD_RETRIES]");
  app.add_option("--retry-delay", retry_delay,
                 "seconds before the first retry, doubled each time (default: 1)");
  app.add_option("--stall-timeout", stall_timeout,
                 "seconds without progress after which a transfer fails and is "
                 "retried (default: 120)")
      ->check(CLI::PositiveNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;  // help prints and exits 0
  }

  Environment env = Environment::FromProcess();
  if (app.count("--trusted-publishing") == 0 && !env.Get("PYRELEASE_TRUSTED_PUBLISHING").empty()) {
    trusted_publishing = env.Get("PYRELEASE_TRUSTED_PUBLISHING");
  }
  TrustedPublishingMode tp_mode;
  if (!ParseTrustedPublishingMode(trusted_publishing, &tp_mode)) {
    PrintError("--trusted-publishing: '" + trusted_publishing + "' is not auto, always or never");
    return kExitUsage;
  }
  if (IsTruthy(env.Get("TWINE_NON_INTERACTIVE"))) settings.non_interactive = true;
  UploadOptions options;
  options.skip_existing = skip_existing;
  options.dry_run = dry_run;
  options.verify = !no_verify;
  if (retries < 0 && !env.Get("PYRELEASE_UPLOAD_RETRIES").empty())
    retries = std::atoi(env.Get("PYRELEASE_UPLOAD_RETRIES").c_str());
  if (retries >= 0) options.retry.max_retries = retries;
  if (IsTruthy(env.Get("PYRELEASE_UPLOAD_DIGESTS_FIRST"))) form_options.digests_first = true;
  if (retry_delay >= 0) options.retry.initial_delay_s = retry_delay;
  if (stall_timeout > 0) options.stall_timeout_s = stall_timeout;

  std::string err;
  std::vector<std::string> paths;
  if (!ExpandArguments(dist_args, &paths, &err)) {
    PrintError(err);
    return kExitFailure;
  }
  paths = UploadOrder(paths);

  Repository repo;
  std::vector<std::string> warnings;
  if (!ResolveRepository(settings, env, &repo, &warnings, &err)) {
    PrintError(WithCMakeAdvice(MaskSecrets(err), env));
    return kExitFailure;
  }
  for (const auto& w : warnings) PrintWarning(w);
  std::string target =
      repo.file_index_root.empty() ? UrlForDisplay(repo.url) : repo.file_index_root;
  if (!test_index) {
    std::string lock_note;
    if (!CheckPromotionLock(paths, target, state_dirs, &lock_note, &err)) {
      PrintError(err);
      PrintError("nothing was uploaded");
      return kExitFailure;
    }
    if (!lock_note.empty()) std::cerr << lock_note << "\n";
  }

  CheckOptions check_options;
  if (!max_size.empty()) {
    unsigned long long bytes = 0;
    if (!ParseSize(max_size, &bytes)) {
      PrintError("--max-size: '" + max_size + "' is not a size (e.g. 100MB, 1.5GiB)");
      return kExitUsage;
    }
    check_options.max_size = bytes;
  }
  // Every file is checked, read, hashed and validated before anything is sent; the check (one pass
  // over each archive) runs on a second thread while the files are hashed.
  bool check_ok = true;
  std::string check_report, check_err;
  std::thread checker;
  if (!no_check) {
    checker = std::thread(
        [&] { check_ok = RunCheckStep(paths, check_options, &check_report, &check_err); });
  }
  std::vector<PreparedDist> dists;
  std::vector<std::string> problems;
  for (const auto& p : paths) {
    PreparedDist d;
    if (!PrepareDist(p, &d, &err, form_options) ||
        (attestations && !AttachAttestations(p, &d.form, &err))) {
      problems.push_back(err);
      continue;
    }
    bool duplicate = false;
    for (const auto& other : dists) duplicate = duplicate || other.filename == d.filename;
    if (!duplicate) dists.push_back(std::move(d));
  }
  if (checker.joinable()) checker.join();
  std::cerr << check_report;
  if (!problems.empty()) {
    for (const auto& p : problems) PrintError(p);
    PrintError("nothing was uploaded");
    return kExitFailure;
  }
  if (!check_ok) {
    PrintError(check_err);
    return kExitCheckFailed;
  }
  // Trusted publishing replaces a missing password (auto) or any configured one (always).
  tp_options.tls = repo.tls;
  bool http_target = repo.file_index_root.empty();
  bool use_tp = http_target && (tp_mode == TrustedPublishingMode::kAlways ||
                                (tp_mode == TrustedPublishingMode::kAuto && repo.password.empty() &&
                                 !CiIdentityName(env, tp_options).empty()));
  if (use_tp && dry_run) {
    std::cerr << "Dry run: would exchange the " << CiIdentityName(env, tp_options)
              << " OIDC identity for an upload token (trusted publishing)\n";
  } else if (use_tp) {
    if (!repo.password.empty())
      PrintWarning("--trusted-publishing always: the configured password (" + repo.password_source +
                   ") is not used");
    Secret token;
    if (!MintUploadToken(repo.url, env, tp_options, &token, &err)) {
      PrintError(MaskSecrets(err));
      PrintError("nothing was uploaded");
      return kExitFailure;
    }
    repo.username = "__token__";
    repo.password = token;
    repo.password_source = "trusted publishing (" + CiIdentityName(env, tp_options) + ")";
    std::cerr << "Trusted publishing: got a short-lived upload token for this job's "
              << CiIdentityName(env, tp_options) << " identity\n";
  }
  if (!dry_run && !PromptForMissing(settings, &repo, &err)) {
    std::string advice =
        tp_mode == TrustedPublishingMode::kNever ? "" : MissingIdentityAdvice(env, tp_options);
    // Only worth saying inside a CI job (outside one the advice is generic noise).
    if (!advice.empty() && StartsWith(advice, "this "))
      err += "\nFor trusted publishing instead: " + advice + ".";
    PrintError(WithCMakeAdvice(MaskSecrets(err), env));
    return kExitFailure;
  }

  std::cerr << (dry_run ? "Checking " : "Uploading ") << dists.size() << " file"
            << (dists.size() == 1 ? "" : "s") << " to "
            << (repo.name.empty() ? target : repo.name + " (" + target + ")") << "\n";
  if (!repo.file_index_root.empty()) {
  } else {
    std::cerr << "  as " << repo.username << ", password " << repo.password << "\n";
  }

  ProgressBar bar;
  bar.tty = !no_progress && ::isatty(STDERR_FILENO);
  UploadReporter reporter;
  reporter.note = [](const std::string& s) { std::cerr << MaskSecrets(s) << "\n"; };
  reporter.warning = [&](const std::string& s) {
    if (bar.tty) std::cerr << "\r\033[K";
    PrintWarning(MaskSecrets(s));
  };
  reporter.start_file = [&](const PreparedDist& d) { bar.Begin(d); };
  reporter.progress = [&](const PreparedDist& d, long long sent, long long total) {
    bar.Update(d, sent, total);
  };
  reporter.end_file = [&](const PreparedDist& d, const FileResult& r) { bar.End(d, r); };

  UploadSummary summary;
  bool ok = UploadDists(repo, dists, options, reporter, &summary, &err);
  if (!ok) PrintError(WithCMakeAdvice(MaskSecrets(err), env));
  if (ok && test_index && !dry_run && !RecordTestUpload(paths, target, &err)) {
    PrintError(err);
    ok = false;
  }

  size_t uploaded = 0, skipped = 0, would = 0;
  for (const auto& f : summary.files) {
    uploaded += f.status == FileStatus::kUploaded;
    skipped += f.status == FileStatus::kAlreadyThere;
    would += f.status == FileStatus::kWouldUpload;
  }
  if (ok) {
    if (dry_run) {
      std::cerr << "Dry run: " << would << " file(s) would be uploaded, " << skipped
                << " already there\n";
      for (const auto& d : dists) {
        std::cerr << "  " << d.filename << ": " << d.form.TextFields().size()
                  << " form fields, sha256 " << d.digests.sha256_hex << "\n";
      }
    } else {
      size_t verified = 0;
      for (const auto& f : summary.files)
        verified += f.status == FileStatus::kUploaded && f.verified;
      std::cerr << "Done: " << uploaded << " uploaded, " << skipped << " already there\n";
      // (a local file index checks the pages it has just written, --no-verify or not)
      if (uploaded > 0 && no_verify && verified == 0) {
        std::cerr << "Not verified (--no-verify): the index was not asked whether it lists the "
                  << uploaded << " uploaded file(s); `pyrelease verify --dist ...` does\n";
      } else if (uploaded > 0) {
        std::cerr << "Verified: " << verified << " of " << uploaded
                  << " uploaded file(s) listed on the index with the same sha256\n";
      }
    }
    if (!summary.project_url.empty())
      std::cerr << "View at: " << MaskSecrets(summary.project_url) << "\n";
  }
  if (json) {
    nlohmann::json report{{"ok", ok},
                          {"repository", repo.name},
                          {"url", MaskSecrets(target)},
                          {"dry_run", dry_run},
                          {"verify", !no_verify},
                          {"check_url", MaskSecrets(UrlForDisplay(summary.check_url))},
                          {"project_url", MaskSecrets(summary.project_url)},
                          {"files", nlohmann::json::array()}};
    if (!ok) report["error"] = MaskSecrets(err);
    for (const auto& f : summary.files) {
      report["files"].push_back({{"path", f.path},
                                 {"filename", f.filename},
                                 {"sha256", f.sha256},
                                 {"size", f.size},
                                 {"status", FileStatusName(f.status)},
                                 {"http_status", f.http_status},
                                 {"message", MaskSecrets(f.message)},
                                 {"verified", f.verified},
                                 {"seconds", f.seconds}});
    }
    std::cout << report.dump(2) << "\n";
  }
  return ok ? kExitOk : kExitFailure;
}
