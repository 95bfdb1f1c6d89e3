// `pyrelease preflight [--project DIR] [--index-url URL] [--skip ITEM]... [--command NAME=CMD]...`:
// the release checklist (release/preflight.h), one line per item, then the verdict.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/backend_options.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "core/interrupt.h"
#include "core/string_util.h"
#include "release/preflight.h"

namespace fs = std::filesystem;

namespace {

const char* StatusWord(PreflightStatus s) {
  switch (s) {
    case PreflightStatus::kPass:
      return "PASS";
    case PreflightStatus::kFail:
      return "FAIL";
    case PreflightStatus::kSkip:
      return "SKIP";
  }
  return "FAIL";
}

void PrintItem(std::ostream& out, const PreflightItem& item) {
  char secs[32];
  snprintf(secs, sizeof secs, "%.1f s", item.seconds);
  out << StatusWord(item.status) << ' ' << item.name << ": " << item.detail << " (" << secs
      << ")\n";
  if (item.status == PreflightStatus::kFail) {
    for (const auto& line : Split(item.output, '\n')) {
      if (!line.empty()) out << "  | " << line << '\n';
    }
  }
}

}  // namespace

int RunPreflightCommand(int argc, char** argv) {
  CLI::App app{
      "Run the release checklist: git-clean, tag, index-version, changelog, readme,\n"
      "license, build-check and the project's commands ([tool.pyrelease.preflight]\n"
      "commands = { tests = \"pytest -q\" }). Every item runs; any failure exits 1.",
      "pyrelease preflight"};
  PreflightOptions o;
  std::string project_dir = ".";
  std::vector<std::string> commands;
  bool json = false;
  app.add_option("--project", project_dir, "Project directory")->option_text("DIR");
  app.add_option("--index-url", o.index_url,
                 "Simple index (URL or directory) whose releases the version must be newer than")
      ->option_text("URL");
  app.add_option("--changelog", o.changelog_file, "The changelog file, relative to the project")
      ->option_text("FILE");
  app.add_option("--tag", o.tag,
                 "The tag to compare with the version instead of HEAD's (in CI: the tag that "
                 "triggered the job)")
      ->option_text("TAG");
  app.add_option("--skip", o.skip,
                 "Skip an item on purpose (repeatable; 'command:*' skips every project command)")
      ->option_text("ITEM")
      ->allow_extra_args(false);
  app.add_option("--command", commands, "A project command as NAME=CMD (repeatable)")
      ->option_text("NAME=CMD")
      ->allow_extra_args(false);
  app.add_option("--only", o.only,
                 "Run only this item (repeatable; 'command:*' every project command); the CMake "
                 "package runs one item per CTest test so")
      ->option_text("ITEM")
      ->allow_extra_args(false);
  app.add_flag("--list-items", o.list_only,
               "Print the names of the items that would run, one per line, and exit");
  app.add_flag("--json", json, "Print a JSON report on stdout (progress goes to stderr)");
  // As `build` takes them: build-check builds so, and when only the backend knows the version,
  // the backend that tells it runs so.
  BackendOptions backend;
  AddBackendOptions(&app, &backend);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  for (const auto& c : commands) {
    size_t eq = c.find('=');
    if (eq == std::string::npos || eq == 0) {
      PrintError("--command " + c + ": expected NAME=CMD (e.g. tests=\"pytest -q\")");
      return kExitUsage;
    }
    o.commands.emplace_back(c.substr(0, eq), c.substr(eq + 1));
  }
  ParseConfigSettings(&backend);
  o.backend.mode = backend.mode;
  o.backend.pep517 = backend.pep517;
  o.build_args = BuildArguments(backend);
  std::error_code ec;  // for read_symlink
  o.project_dir = AbsoluteArgPath(project_dir);
  o.pyrelease = fs::read_symlink("/proc/self/exe", ec).string();

  std::ostream& progress = json ? std::cerr : std::cout;
  std::vector<PreflightItem> items;
  std::string err;
  if (!RunPreflight(
          o, [&](const PreflightItem& i) { PrintItem(progress, i); }, &items, &err)) {
    PrintError(err);
    return kExitFailure;
  }
  if (o.list_only) {
    for (const auto& i : items) std::cout << i.name << '\n';
    return kExitOk;
  }
  if (items.empty() && !o.only.empty()) {
    // A pattern may match nothing (a project without commands); a plain name must exist.
    bool patterns = std::all_of(o.only.begin(), o.only.end(),
                                [](const std::string& s) { return EndsWith(s, "*"); });
    if (!patterns) {
      PrintError("--only " + Join(o.only, ", ") + ": no such item (see --list-items)");
      return kExitUsage;
    }
    progress << "preflight: no item matches " << Join(o.only, ", ") << "\n";
    return kExitOk;
  }
  size_t failed = 0, skipped = 0;
  for (const auto& i : items) {
    failed += i.status == PreflightStatus::kFail;
    skipped += i.status == PreflightStatus::kSkip;
  }
  progress << "preflight: " << items.size() - failed - skipped << " passed, " << failed
           << " failed, " << skipped << " skipped\n";
  if (json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& i : items) {
      j.push_back({{"name", i.name},
                   {"status", StatusWord(i.status)},
                   {"detail", i.detail},
                   {"output", i.output},
                   {"seconds", i.seconds}});
    }
    std::cout << nlohmann::ordered_json{{"passed", failed == 0}, {"items", j}}.dump(2) << '\n';
  }
  if (PendingInterrupt()) {  // main() then dies by the signal
    PrintError(InterruptMessage() + ": the items after it did not run");
    return kExitFailure;
  }
  return failed ? kExitFailure : kExitOk;
}
