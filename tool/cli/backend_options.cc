#include "cli/backend_options.h"

#include <iostream>

#include "core/diagnostics.h"
#include "core/string_util.h"
#include "project/pyproject.h"

void AddBackendOptions(CLI::App* app, BackendOptions* options, const std::string& python_option,
                       bool verbose_option) {
  app->add_option("--backend", options->mode,
                  "auto: the native builder when it reproduces the backend exactly, else the "
                  "project's PEP 517 "
                  "backend; native: refuse when it cannot; pep517: always the backend")
      ->check(CLI::IsMember({"auto", "native", "pep517"}))
      ->default_str("auto");
  app->add_option(
         "-C,--config-setting", options->config_settings,
         "KEY=VALUE passed to the PEP 517 backend (repeatable; a key given twice becomes a list)")
      ->type_name("KEY=VALUE");
  app->add_flag(
      "--no-isolation", [options](int64_t) { options->pep517.isolation = false; },
      "Run the PEP 517 backend in " + python_option +
          " itself instead of a fresh environment with build-system.requires");
  app->add_option(python_option, options->pep517.python,
                  python_option == "--python"
                      ? "Interpreter for the PEP 517 backend path, and the Python --native-module "
                        "files are built for "
                        "(default: python3)"
                      : "Interpreter for the PEP 517 backend path, as build's --python (default: "
                        "python3)")
      ->type_name("PYTHON");
  app->add_option("--installer", options->pep517.installer,
                  "What installs build-system.requires into the isolated environment: auto (uv "
                  "when it is on "
                  "PATH and no pip.conf setting would be lost), uv or pip")
      ->check(CLI::IsMember({"auto", "uv", "pip"}))
      ->default_str("auto");
  if (verbose_option)
    app->add_flag("-v,--verbose", options->pep517.verbose,
                  "Show the backend's output even when it succeeds");
}

void ParseConfigSettings(BackendOptions* options) {
  options->pep517.config_settings.clear();
  for (const std::string& s : options->config_settings) {
    size_t eq = s.find('=');
    // As build: "KEY" alone is KEY with an empty value.
    options->pep517.config_settings.emplace_back(s.substr(0, eq),
                                                 eq == std::string::npos ? "" : s.substr(eq + 1));
  }
}

std::vector<std::string> BuildArguments(const BackendOptions& options) {
  std::vector<std::string> args = {"--backend",           options.mode,  "--python",
                                   options.pep517.python, "--installer", options.pep517.installer};
  for (const std::string& s : options.config_settings) args.insert(args.end(), {"-C", s});
  if (!options.pep517.isolation) args.push_back("--no-isolation");
  return args;
}

bool ChooseBuildPath(const std::string& project_dir, BackendOptions* options,
                     BuildPathDecision* decision, bool* use_backend, ParsedPyproject* parsed) {
  ParseConfigSettings(options);
  std::vector<Diagnostic> diags;
  bool ok = DecideBuildPath(project_dir, decision, &diags, parsed);
  std::string text, ignored;
  if (!diags.empty()) ReadFile(project_dir + "/pyproject.toml", &text, &ignored);  // for the caret
  for (const auto& d : diags) PrintDiagnostic(d, d.path == "pyproject.toml" ? text : "");
  if (!ok) return false;
  if (!options->pep517.config_settings.empty())
    decision->reasons.push_back(
        {"", "-C/--config-setting is given, and only the backend interprets it"});
  if (options->mode == "native" && !decision->native()) {
    // Every reason, those of the sdist's files too when the native loader can read the project.
    Project project;
    FileSelection selection;
    std::vector<Diagnostic> ignored_diags;
    if (LoadProject(project_dir, &project, &ignored_diags, parsed) &&
        SelectFiles(project, &selection, &ignored_diags))
      AddFileSelectionReasons(selection, /*sdist=*/true, decision);
    PrintError(decision->NativeRefusal());
    return false;
  }
  *use_backend = options->mode == "pep517" || (options->mode == "auto" && !decision->native());
  return true;
}

bool DecideAfterSelection(const BackendOptions& options, const FileSelection& selection, bool sdist,
                          BuildPathDecision* decision, bool* use_backend) {
  AddFileSelectionReasons(selection, sdist, decision);
  if (decision->native()) return true;
  if (options.mode == "native") {
    PrintError(decision->NativeRefusal());
    return false;
  }
  *use_backend = true;
  return true;
}

std::string BuildPathLine(const BuildPathDecision& decision, bool use_backend) {
  if (use_backend && decision.native())
    return "pep517 (" + decision.backend_label + "): --backend pep517";
  return decision.Summary();
}

bool VersionNeedsBackend(const BackendOptions& options, const std::vector<Diagnostic>& diags,
                         BuildPathDecision* decision) {
  return options.mode == "auto" && AddComputedVersionReason(diags, decision);
}
