// `pyrelease metadata [--project DIR] [--json | --core-metadata [--sdist]]`: load and validate
// pyproject.toml, then print what the build will produce (names, version, tags). CMake reads the
// --json form at configure time.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/backend_options.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/diagnostics.h"
#include "core/exit_status.h"
#include "core/string_util.h"
#include "project/file_selection.h"
#include "project/pyproject.h"
#include "spec/core_metadata_writer.h"
#include "spec/names.h"
#include "spec/wheel_tags.h"

namespace {

std::vector<std::string> ConsoleScripts(const Metadata& meta) {
  std::vector<std::string> out;
  for (const auto& g : meta.entry_points) {
    if (g.group != "console_scripts") continue;
    for (const auto& item : g.items) out.push_back(item.first);
  }
  return out;
}

std::vector<std::string> Extras(const Metadata& meta) {
  std::vector<std::string> out;
  for (const auto& e : meta.optional_dependencies) out.push_back(NormalizeExtra(e.first));
  return out;
}

// The values of one core-metadata header field, in order (the headers end at the first blank line).
std::vector<std::string> MetadataFields(const std::string& text, const std::string& field) {
  std::vector<std::string> out;
  for (const std::string& line : Split(text, '\n')) {
    if (line.empty() || line == "\r") break;
    if (StartsWith(line, field + ":")) out.push_back(Trim(line.substr(field.size() + 1)));
  }
  return out;
}

std::string First(const std::vector<std::string>& v) { return v.empty() ? "" : v.front(); }

nlohmann::ordered_json ReasonsJson(const BuildPathDecision& decision, bool use_backend) {
  nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
  for (const auto& r : decision.reasons) reasons.push_back(r.Text());
  if (use_backend && decision.native()) reasons.push_back("--backend pep517");
  return reasons;
}

// metadata through the project's backend: prepare_metadata_for_build_wheel (or a built wheel).
int MetadataThroughBackend(const std::string& project_dir, const BuildPathDecision& decision,
                           const BackendOptions& options, bool json, bool core) {
  std::string metadata, wheel_name, log, err;
  if (!WheelMetadataWithBackend(project_dir, decision, options.pep517, &metadata, &wheel_name, &log,
                                &err)) {
    std::cerr << log;
    PrintError(err);
    return kExitFailure;
  }
  if (options.pep517.verbose) std::cerr << log;
  if (core) {
    std::cout << metadata;
    return kExitOk;
  }
  const std::string name = First(MetadataFields(metadata, "Name"));
  const std::string version = First(MetadataFields(metadata, "Version"));
  const std::string sdist = FilenameName(name) + "-" + version + ".tar.gz";
  if (json) {
    nlohmann::ordered_json j;
    j["name"] = name;
    j["normalized_name"] = NormalizeName(name);
    j["version"] = version;
    j["metadata_version"] = First(MetadataFields(metadata, "Metadata-Version"));
    j["requires_python"] = First(MetadataFields(metadata, "Requires-Python"));
    j["backend"] = decision.backend_label;
    j["sdist"] = sdist;
    j["wheel"] = wheel_name;  // "" when the backend told its metadata without building a wheel
    j["dynamic"] = MetadataFields(metadata, "Dynamic");
    j["console_scripts"] = nlohmann::ordered_json::array();
    j["optional_dependencies"] = MetadataFields(metadata, "Provides-Extra");
    j["build_path"] = "pep517";
    j["reasons"] = ReasonsJson(decision, true);
    std::cout << j.dump(2) << '\n';
    return kExitOk;
  }
  std::cout << "name:             " << name << " (normalized " << NormalizeName(name) << ")\n"
            << "version:          " << version << '\n'
            << "backend:          " << decision.backend_label << '\n'
            << "sdist:            " << sdist << '\n'
            << "wheel:            "
            << (wheel_name.empty() ? "(named by the backend when built)" : wheel_name) << '\n'
            << "build path:       " << BuildPathLine(decision, true) << '\n';
  return kExitOk;
}

}  // namespace

int RunMetadata(int argc, char** argv) {
  CLI::App app{"Validate pyproject.toml and print the project's metadata and file names",
               "pyrelease metadata"};
  std::string project_dir = ".";
  bool json = false;
  app.add_option("--project", project_dir, "Project directory (containing pyproject.toml)");
  app.add_flag("--json", json, "Print a JSON object (for CMake's string(JSON))");
  bool core = false, for_sdist = false;
  app.add_flag("--core-metadata", core, "Print the METADATA file the wheel will carry");
  app.add_flag("--sdist", for_sdist, "With --core-metadata: print the sdist's PKG-INFO instead");
  BackendOptions backend;
  AddBackendOptions(&app, &backend);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints help or the parse error
    return code == 0 ? kExitOk : kExitUsage;
  }

  BuildPathDecision decision;
  bool use_backend = false;
  std::string abs_dir = AbsoluteArgPath(project_dir);
  ParsedPyproject pyproject;  // read and parsed once, for both the decision and the load
  if (!ChooseBuildPath(abs_dir, &backend, &decision, &use_backend, &pyproject)) return kExitFailure;
  if (use_backend) return MetadataThroughBackend(abs_dir, decision, backend, json, core);

  Project project;
  std::vector<Diagnostic> diags;
  bool ok = LoadProject(project_dir, &project, &diags, &pyproject);
  if (!ok && VersionNeedsBackend(backend, diags, &decision)) {
    return MetadataThroughBackend(abs_dir, decision, backend, json, core);
  }
  for (const auto& d : diags) PrintDiagnostic(d, project.pyproject_text);
  if (!ok) return kExitFailure;
  // The sdist's files decide too (symbolic links), as they do for `build`. A selection that fails
  // is `build`'s error to report; metadata reports the path a build would take.
  FileSelection selection;
  std::vector<Diagnostic> selection_diags;
  if (SelectFiles(project, &selection, &selection_diags)) {
    if (!DecideAfterSelection(backend, selection, /*sdist=*/true, &decision, &use_backend))
      return kExitFailure;
    if (use_backend) return MetadataThroughBackend(abs_dir, decision, backend, json, core);
  }

  const Metadata& meta = project.meta;
  std::string tag = PureWheelTag(meta);
  if (core) {
    std::cout << RenderCoreMetadata(ToCoreMetadata(meta, for_sdist));
    return kExitOk;
  }
  if (json) {
    nlohmann::ordered_json j;
    j["name"] = meta.name;
    j["normalized_name"] = NormalizeName(meta.name);
    j["version"] = meta.version;
    j["metadata_version"] = CoreMetadataVersion(meta);
    j["requires_python"] = meta.requires_python;
    j["backend"] = BackendName(meta.backend);
    j["sdist"] = SdistFileName(meta);
    j["wheel"] = WheelFileName(meta, tag);
    j["dynamic"] = meta.dynamic;
    j["console_scripts"] = ConsoleScripts(meta);
    j["optional_dependencies"] = Extras(meta);
    j["build_path"] = "native";
    j["reasons"] = nlohmann::ordered_json::array();
    std::cout << j.dump(2) << '\n';
    return kExitOk;
  }
  std::cout << "name:             " << meta.name << " (normalized " << NormalizeName(meta.name)
            << ")\n"
            << "version:          " << meta.version << '\n'
            << "summary:          " << meta.summary << '\n'
            << "backend:          " << BackendName(meta.backend) << '\n'
            << "metadata version: " << CoreMetadataVersion(meta) << '\n'
            << "requires-python:  "
            << (meta.requires_python.empty() ? "(any)" : meta.requires_python) << '\n'
            << "license:          "
            << (!meta.license_expression.empty()
                    ? meta.license_expression
                    : (meta.license_text.empty() ? "(none)" : "(legacy text)"))
            << '\n'
            << "license files:    "
            << (meta.license_files.empty() ? "(none)" : Join(meta.license_files, ", ")) << '\n'
            << "readme:           "
            << (meta.readme.text.empty()
                    ? "(none)"
                    : (meta.readme.path.empty() ? std::string("(inline)") : meta.readme.path) +
                          " [" + meta.readme.content_type + "]")
            << '\n'
            << "dependencies:     " << meta.dependencies.size() << '\n'
            << "extras:           " << (Extras(meta).empty() ? "(none)" : Join(Extras(meta), ", "))
            << '\n'
            << "console scripts:  "
            << (ConsoleScripts(meta).empty() ? "(none)" : Join(ConsoleScripts(meta), ", ")) << '\n'
            << "dynamic:          " << (meta.dynamic.empty() ? "(none)" : Join(meta.dynamic, ", "))
            << '\n'
            << "sdist:            " << SdistFileName(meta) << '\n'
            << "wheel:            " << WheelFileName(meta, tag) << '\n'
            << "build path:       " << BuildPathLine(decision, false) << '\n';
  return kExitOk;
}
