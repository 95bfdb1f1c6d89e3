// `pyrelease release --project DIR (-t NAME | --test-repository-url URL) (-r NAME |
// --repository-url URL) [--manifest FILE | --dist FILE]... [--no-tag] [--push] [--dry-run]
// [--restart] [--backend MODE] [-C KEY=VALUE]... [--no-isolation] [--backend-python PYTHON]`: the
// whole release, resumable (release/release_run.h).
#include <CLI/CLI.hpp>
#include <filesystem>

#include "cli/backend_options.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "core/interrupt.h"
#include "release/release_run.h"

namespace fs = std::filesystem;

int RunReleaseCommand(int argc, char** argv) {
  CLI::App app{
      "Release: preflight, build, check, publish-test, verify-test, publish (exactly the\n"
      "verified files), verify, tag [, push]. A run that stops resumes at the failed step;\n"
      "test-index credentials may come from PYRELEASE_TEST_PASSWORD/_USERNAME.",
      "pyrelease release"};
  ReleaseOptions o;
  std::string project_dir = ".", outdir;
  std::vector<std::string> imports, pythons, commands, extras, verify_args;
  bool no_tag = false;
  double wait = 120;
  app.add_option("--project", project_dir, "Project directory")->option_text("DIR");
  app.add_option("--outdir", outdir, "Where the dists go (default: <project>/dist)")
      ->option_text("DIR");
  app.add_option("--manifest", o.manifests,
                 "Release the dists a pyrelease build --manifest file lists instead of building "
                 "(repeatable: one per wheel)")
      ->option_text("FILE")
      ->allow_extra_args(false);
  app.add_option("--dist", o.dists, "Release this sdist or wheel instead of building (repeatable)")
      ->option_text("FILE")
      ->allow_extra_args(false);
  app.add_option("--state-dir", o.state_dir, "Where the release state file goes (default: outdir)")
      ->option_text("DIR");
  app.add_option("-t,--test-repository", o.test_repository, "The test index's .pypirc section")
      ->option_text("NAME");
  app.add_option("--test-repository-url", o.test_repository_url,
                 "The test index's upload URL, or a directory / file:// URL")
      ->option_text("URL");
  app.add_option("--test-index-url", o.test_index_url,
                 "The test index's simple API to verify from (derived for a directory)")
      ->option_text("URL");
  app.add_option("-r,--repository", o.repository, "The production index's .pypirc section")
      ->option_text("NAME");
  app.add_option("--repository-url", o.repository_url,
                 "The production index's upload URL, or a directory / file:// URL")
      ->option_text("URL");
  app.add_option("--index-url", o.index_url,
                 "The production index's simple API to verify from (derived for a directory)")
      ->option_text("URL");
  app.add_option("--config-file", o.config_file, "The .pypirc to read (default: ~/.pypirc)")
      ->option_text("FILE");
  app.add_option("--import", imports, "verify: a module that must import (repeatable)")
      ->option_text("MODULE")
      ->allow_extra_args(false);
  app.add_option("--python", pythons, "verify: an interpreter to verify with (repeatable)")
      ->option_text("PYTHON")
      ->allow_extra_args(false);
  app.add_option("--command", commands, "verify: a shell command that must exit 0 (repeatable)")
      ->option_text("\"CMD\"")
      ->allow_extra_args(false);
  app.add_option("--extras", extras, "verify: extras to install and check")->option_text("A,B");
  app.add_option(
         "--verify-arg", verify_args,
         "Pass an argument to both verify runs as is (repeatable; the CMake target uses it)")
      ->option_text("ARG")
      ->allow_extra_args(false);
  app.add_option("--wait", wait, "verify: seconds to wait for an index to list the files")
      ->option_text("SECONDS");
  app.add_option("--skip", o.preflight_skip, "Skip a preflight item on purpose (repeatable)")
      ->option_text("ITEM")
      ->allow_extra_args(false);
  app.add_flag("--no-tag", no_tag, "Do not tag v<version> at the end");
  app.add_flag("--push", o.push, "git push the tag");
  app.add_option("--remote", o.remote, "The remote to push the tag to (default: origin)")
      ->option_text("NAME");
  app.add_flag("--dry-run", o.dry_run, "Print the plan; run only preflight, build and check");
  app.add_flag("--restart", o.restart,
               "Forget an unfinished release of this version (refused once it reached production)");
  // As `build` takes them (the build step builds so, and a version only the backend knows is asked
  // of it so); the interpreter is --backend-python, since --python is verify's.
  BackendOptions backend;
  AddBackendOptions(&app, &backend, "--backend-python", /*verbose_option=*/false);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  ParseConfigSettings(&backend);
  o.backend.mode = backend.mode;
  o.backend.pep517 = backend.pep517;
  o.build_args = BuildArguments(backend);
  std::error_code ec;
  o.project_dir = AbsoluteArgPath(project_dir);
  o.outdir = outdir.empty() ? (fs::path(o.project_dir) / "dist").string() : AbsoluteArgPath(outdir);
  if (!o.state_dir.empty()) o.state_dir = AbsoluteArgPath(o.state_dir);
  for (auto* files : {&o.manifests, &o.dists}) {
    for (auto& f : *files) f = AbsoluteArgPath(f);
  }
  for (std::string* url :
       {&o.test_repository_url, &o.repository_url, &o.test_index_url, &o.index_url}) {
    if (!url->empty() && url->find("://") == std::string::npos) {
      *url = AbsoluteArgPath(*url);  // a directory index
    }
  }
  o.pyrelease = fs::read_symlink("/proc/self/exe", ec).string();
  o.tag = !no_tag;
  o.wait_seconds = wait;
  for (const auto& m : imports) o.verify_args.insert(o.verify_args.end(), {"--import", m});
  for (const auto& p : pythons) o.verify_args.insert(o.verify_args.end(), {"--python", p});
  for (const auto& c : commands) o.verify_args.insert(o.verify_args.end(), {"--command", c});
  for (const auto& e : extras) o.verify_args.insert(o.verify_args.end(), {"--extras", e});
  o.verify_args.insert(o.verify_args.end(), verify_args.begin(), verify_args.end());
  int status = RunRelease(o);
  if (PendingInterrupt()) {  // main() then dies by the signal
    PrintError(InterruptMessage() + ": the release stopped; run it again to resume");
    return kExitFailure;
  }
  return status;
}
