// `pyrelease changelog [--project DIR] [--file FILE] [VERSION]`: print one version's changelog
// entry (default: the project's version) — the tag message and the forge release notes.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "core/string_util.h"
#include "project/pyproject.h"
#include "release/changelog.h"

namespace fs = std::filesystem;

int RunChangelog(int argc, char** argv) {
  CLI::App app{"Print the changelog entry of VERSION (default: the project's version)",
               "pyrelease changelog"};
  std::string project_dir = ".", file, version;
  bool with_heading = false, list = false;
  app.add_option("version", version, "The version whose entry to print")->option_text("VERSION");
  app.add_option("--project", project_dir, "Project directory")->option_text("DIR");
  app.add_option("--file", file,
                 "The changelog, relative to the project (default: CHANGELOG, CHANGES, HISTORY or "
                 "NEWS with .md, .rst or .txt)")
      ->option_text("FILE");
  app.add_flag("--heading", with_heading, "Print the entry's heading line too");
  app.add_flag("--list", list, "List the versions the changelog has entries for");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  std::string dir = AbsoluteArgPath(project_dir);
  std::string err;
  Changelog log;
  if (!ReadChangelog(dir, file, &log, &err)) {
    PrintError(err);
    return kExitFailure;
  }
  if (list) {
    for (const auto& e : log.entries) std::cout << e.version << '\n';
    return kExitOk;
  }
  if (version.empty()) {
    Project project;
    std::vector<Diagnostic> diags;
    bool ok = LoadProject(dir, &project, &diags);
    for (const auto& d : diags) PrintDiagnostic(d, project.pyproject_text);
    if (!ok) return kExitFailure;
    version = project.meta.version;
  }
  const ChangelogEntry* entry = FindEntry(log, version);
  if (!entry) {
    std::vector<std::string> have;
    for (const auto& e : log.entries) have.push_back(e.version);
    PrintError(log.path + ": no entry for " + version +
               " (entries: " + (have.empty() ? std::string("none found") : Join(have, ", ")) + ")");
    return kExitFailure;
  }
  if (with_heading) std::cout << entry->heading << "\n\n";
  std::cout << entry->body << '\n';
  return kExitOk;
}
