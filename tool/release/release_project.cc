#include "release/release_project.h"

#include <algorithm>

#include "core/diagnostics.h"
#include "core/string_util.h"
#include "project/build_path.h"
#include "spec/core_metadata.h"

namespace {

std::string Messages(const std::vector<Diagnostic>& diags) {
  std::vector<std::string> messages;
  for (const auto& d : diags) messages.push_back(Trim(FormatDiagnostic(d)));
  return Join(messages, "\n");
}

// Whether the native loader's values for what the checklist reads may differ from the backend's.
bool ChecklistFieldIsDynamic(const Metadata& meta) {
  static const char* const kRead[] = {"version", "readme", "license", "license-files"};
  return std::any_of(meta.dynamic.begin(), meta.dynamic.end(), [](const std::string& field) {
    return std::count(std::begin(kRead), std::end(kRead), field) > 0;
  });
}

// The fields the checklist reads, from the backend's core metadata.
void FillFromCoreMetadata(const CoreMetadata& m, Metadata* meta) {
  meta->name = m.Get("Name");
  meta->version = m.Get("Version");
  meta->readme = {};
  meta->readme.text = !m.body.empty() ? m.body : m.Get("Description");
  meta->readme.content_type = m.Get("Description-Content-Type");
  meta->license_expression = m.Get("License-Expression");
  meta->license_text = m.Get("License");
  meta->license_files = m.GetAll("License-File");
  std::sort(meta->license_files.begin(), meta->license_files.end());
}

}  // namespace

bool LoadReleaseProject(const std::string& dir, const ReleaseBackend& backend, ReleaseProject* out,
                        std::string* err, std::vector<Diagnostic>* native_diags) {
  out->project.dir = dir;
  BuildPathDecision decision;
  std::vector<Diagnostic> diags;
  // The native loader's diagnostics: to the caller when it takes them, else as the error text.
  auto native_answer = [&](bool ok) {
    if (native_diags) {
      *native_diags = diags;
    } else if (!ok) {
      *err = Messages(diags);
    }
    return ok;
  };
  if (!DecideBuildPath(dir, &decision, &diags)) return native_answer(false);
  out->backend_label = decision.backend_label;
  if (!backend.pep517.config_settings.empty())
    decision.reasons.push_back(
        {"", "-C/--config-setting is given, and only the backend interprets it"});
  bool use_backend = backend.mode == "pep517" || (backend.mode == "auto" && !decision.native());
  diags.clear();
  bool loaded = LoadProject(dir, &out->project, &diags);
  // Through the backend, a value the project leaves dynamic is the backend's to compute, even when
  // the native loader would compute one too: the checklist compares what the backend builds.
  bool backend_computes = loaded ? use_backend && ChecklistFieldIsDynamic(out->project.meta)
                                 : use_backend || (backend.mode == "auto" &&
                                                   AddComputedVersionReason(diags, &decision));
  if (!loaded && backend.mode == "native" && !decision.native()) {
    *err = decision.NativeRefusal();  // as `build --backend native` refuses it
    return false;
  }
  if (!backend_computes) return native_answer(loaded);
  std::string metadata, wheel_name, log;
  if (!WheelMetadataWithBackend(dir, decision, backend.pep517, &metadata, &wheel_name, &log, err)) {
    *err = decision.backend_label + " could not tell the project's metadata: " + *err +
           (Trim(log).empty() ? "" : "\n" + Trim(log));
    return false;
  }
  out->project.dir = dir;
  FillFromCoreMetadata(ParseCoreMetadata(metadata), &out->project.meta);
  out->native_files = loaded;
  out->origin = decision.backend_label + " (" +
                (wheel_name.empty() ? "prepare_metadata_for_build_wheel"
                                    : "the METADATA of the wheel it built") +
                "; " + (decision.native() ? "--backend pep517" : decision.reasons.front().Text()) +
                ")";
  if (out->project.meta.name.empty() || out->project.meta.version.empty()) {
    *err = "the metadata " + out->origin + " gave has no Name or Version";
    return false;
  }
  return true;
}
