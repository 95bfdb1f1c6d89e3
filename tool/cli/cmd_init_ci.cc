// `pyrelease init-ci --project DIR --forge gitea|github|gitlab [--trusted-publishing] [--python V
// ...]
// [--test-command CMD ...] [--pyrelease-install SPEC] [--force]`: writes the release workflow for
// the project, plus RELEASING.md and CHANGELOG.md when the project has none. Every file is rendered
// and every existing one checked before the first is written, so a refusal leaves nothing
// half-done.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "core/version.h"
#include "project/pyproject.h"
#include "release/ci_templates.h"

namespace fs = std::filesystem;

namespace {

// The test job's default: pytest when the project has a tests/ or test/ folder.
std::vector<std::string> DefaultTestCommands(const fs::path& project) {
  std::error_code ec;
  for (const char* dir : {"tests", "test"}) {
    if (fs::is_directory(project / dir, ec)) {
      return {"python -m pip install . pytest", std::string("python -m pytest ") + dir};
    }
  }
  return {"echo \"no test commands: pass them to pyrelease init-ci --test-command CMD\""};
}

}  // namespace

int RunInitCi(int argc, char** argv) {
  CLI::App app{
      "Write a release workflow for a project: on a v*.*.* tag it tests, builds and checks once, "
      "publishes to the test index, verifies from it on each Python, then publishes the same files "
      "to "
      "the production index and verifies again. Also writes RELEASING.md and CHANGELOG.md (Keep a "
      "Changelog) when the project has none.",
      "pyrelease init-ci"};
  std::string project_dir = ".", forge_name;
  CiSettings settings;
  bool force = false;
  settings.pyrelease_install = std::string("pyrelease==") + PYRELEASE_VERSION;
  app.add_option("--project", project_dir,
                 "the project directory (containing pyproject.toml; default: .)");
  app.add_option("--forge", forge_name, "gitea (also Forgejo), github or gitlab")->required();
  app.add_flag("--trusted-publishing", settings.trusted_publishing,
               "publish with the CI job's OIDC identity instead of API token secrets (GitHub, "
               "GitLab); on GitHub "
               "also make and send PEP 740 attestations");
  app.add_flag("--native", settings.native,
               "a project with compiled modules: build a wheel per Python version (and runner) "
               "with the project's CMake `wheel` target, gather them with the sdist, then "
               "publish the verified set once");
  app.add_option("--python", settings.pythons,
                 "a Python version to verify the release on (repeatable; default: 3.11 3.12 3.13); "
                 "the last one "
                 "runs the other jobs");
  app.add_option(
      "--test-command", settings.test_commands,
      "a command of the test job (repeatable; default: pytest when there is a tests/ folder)");
  app.add_option("--pyrelease-install", settings.pyrelease_install,
                 "the pip requirement the runner's one install step passes to `python -m pip "
                 "install` (PYRELEASE_INSTALL), found on the index the runner's pip is configured "
                 "with (default: pyrelease==" PYRELEASE_VERSION ")");
  app.add_flag(
      "--force", force,
      "replace an existing workflow file (RELEASING.md and CHANGELOG.md are never replaced)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  Forge forge;
  if (!ParseForge(forge_name, &forge)) {
    PrintError("--forge: '" + forge_name + "' is not gitea, forgejo, github or gitlab");
    return kExitUsage;
  }

  Project project;
  std::vector<Diagnostic> diags;
  bool loaded = LoadProject(project_dir, &project, &diags);
  for (const auto& d : diags) PrintDiagnostic(d, project.pyproject_text);
  if (!loaded) return kExitFailure;
  settings.name = project.meta.name;
  settings.version = project.meta.version;
  if (settings.pythons.empty()) settings.pythons = {"3.11", "3.12", "3.13"};
  if (settings.test_commands.empty()) settings.test_commands = DefaultTestCommands(project_dir);

  std::vector<RenderedFile> files;
  std::string err;
  if (!RenderCiFiles(forge, settings, &files, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  std::vector<const RenderedFile*> to_write;
  std::error_code ec;
  for (const auto& f : files) {
    fs::path dest = fs::path(project_dir) / f.path;
    if (fs::exists(dest, ec)) {
      if (f.only_if_absent) {
        std::cerr << "Kept " << dest.string() << " (it exists)\n";
        continue;
      }
      if (!force) {
        PrintError(dest.string() + " exists; pass --force to replace it. Nothing was written.");
        return kExitFailure;
      }
    }
    to_write.push_back(&f);
  }
  for (const RenderedFile* f : to_write) {
    fs::path dest = fs::path(project_dir) / f->path;
    fs::create_directories(dest.parent_path(), ec);
    if (ec || !WriteFileAtomically(dest.string(), f->text, &err)) {
      PrintError(ec ? dest.parent_path().string() + ": " + ec.message() : err);
      return kExitFailure;
    }
    std::cout << "Wrote " << dest.string() << "\n";
  }
  std::cerr << "Next: set the variables and "
            << (settings.trusted_publishing ? "trusted publishers" : "secrets")
            << " that RELEASING.md lists in the " << ForgeName(forge)
            << " settings, then push a tag v" << settings.version << ".\n";
  return kExitOk;
}
