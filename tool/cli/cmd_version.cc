// `pyrelease version [--project DIR] [--bump PARTS | --set VERSION] [--dry-run]`: print the
// project's version, or move it to the next one where the project declares it.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "core/string_util.h"
#include "project/pyproject.h"
#include "release/version_source.h"
#include "spec/pep440.h"

namespace fs = std::filesystem;

int RunVersion(int argc, char** argv) {
  CLI::App app{
      "Print the project's version, or rewrite it where the project declares it\n"
      "(static [project] version, __version__, hatch's path, setuptools' attr or file).\n"
      "Versions derived from git tags (hatch-vcs, setuptools-scm) are bumped by tagging.",
      "pyrelease version"};
  std::string project_dir = ".", bump, set;
  bool dry_run = false;
  app.add_option("--project", project_dir, "Project directory (containing pyproject.toml)")
      ->option_text("DIR");
  auto* bump_opt = app.add_option("--bump", bump,
                                  "Next version by parts, applied left to right: major, minor, "
                                  "patch, a, b, rc, post, dev, release (e.g. minor,rc)")
                       ->option_text("PARTS");
  app.add_option("--set", set, "Set this version (PEP 440; normalized)")
      ->option_text("VERSION")
      ->excludes(bump_opt);
  app.add_flag("--dry-run", dry_run, "Print the change without writing it");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  std::string dir = AbsoluteArgPath(project_dir);

  Project project;
  std::vector<Diagnostic> diags;
  bool ok = LoadProject(dir, &project, &diags);
  if (!ok && !(bump.empty() && set.empty())) {
    // A version from git tags needs no loadable metadata to say what to do instead.
    VersionSource source;
    std::string ignored;
    if (FindVersionSource(project, &source, &ignored) && !source.from_vcs.empty()) {
      PrintError("the version comes from git tags (" + source.from_vcs +
                 "): tag the release instead, e.g. git tag -a v<version> -m <version>");
      return kExitFailure;
    }
  }
  for (const auto& d : diags) PrintDiagnostic(d, project.pyproject_text);
  if (!ok) return kExitFailure;
  if (bump.empty() && set.empty()) {
    std::cout << project.meta.version << '\n';
    return kExitOk;
  }

  std::string err, next;
  VersionSource source;
  if (!FindVersionSource(project, &source, &err)) {
    PrintError(err);
    return kExitFailure;
  }
  if (!bump.empty() && !BumpVersion(project.meta.version, bump, &next, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  if (!set.empty() && !NormalizeVersion(set, &next, &err)) {
    PrintError("--set " + set + ": " + err);
    return kExitUsage;
  }
  if (!source.from_vcs.empty()) {
    PrintError("the version of " + project.meta.name + " comes from git tags (" + source.from_vcs +
               "): tag the release instead, e.g. git tag -a v" + next + " -m \"" + next + "\"");
    return kExitFailure;
  }
  std::cout << project.meta.version << " -> " << next << " in " << source.description
            << (dry_run ? " (dry run: nothing written)" : "") << '\n';
  if (dry_run) return kExitOk;
  std::string old_text;
  std::string read_err;
  ReadFile(source.file, &old_text, &read_err);
  if (!WriteVersion(source, next, &err)) {
    PrintError(err);
    return kExitFailure;
  }
  // Read the project again: the backend's rules must now find exactly the new version.
  Project reloaded;
  diags.clear();
  if (!LoadProject(dir, &reloaded, &diags) || reloaded.meta.version != next) {
    std::string restore_err;
    WriteFileAtomically(source.file, old_text, &restore_err);
    PrintError(source.file + ": after the rewrite the project reads version " +
               (reloaded.meta.version.empty() ? "(none)" : reloaded.meta.version) + ", not " +
               next + "; the file was restored");
    return kExitFailure;
  }
  return kExitOk;
}
