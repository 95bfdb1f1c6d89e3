#include "fuzz_targets.h"

#include <string>
#include <string_view>
#include <vector>

#include "check/check.h"
#include "check/rst_check.h"
#include "check/zip_validator.h"
#include "core/diagnostics.h"
#include "fuzz_scratch.h"
#include "project/pyproject.h"
#include "publish/credentials.h"
#include "spec/core_metadata.h"
#include "spec/core_metadata_writer.h"
#include "spec/dist_reader.h"

namespace {

std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// Every member of the archive, as check and verify walk it: headers, then the data (capped).
void ReadAllMembers(const std::string& path) {
  DistReader reader;
  std::string err;
  if (!reader.Open(path, &err)) return;
  DistMember member;
  while (reader.Next(&member, &err)) {
    std::string data;
    reader.ReadData(&data, 1 << 20, &err);
  }
}

// The archive targets: the same bytes through the reader, the metadata lookup and the full check.
void CheckArchive(const std::string& path) {
  ReadAllMembers(path);
  std::string text, member, err;
  if (ReadDistMetadata(path, &text, &member, &err)) ParseCoreMetadata(text);
  FileReport report = CheckDist(path, CheckOptions());
  for (const Finding& f : report.findings) (void)f.message.size();
}

}  // namespace

int FuzzPyproject(const uint8_t* data, size_t size) {
  // The files the fixture projects' pyproject.toml seeds name, so inputs get past readme/license.
  static const bool files_written = [] {
    for (const char* name : {"README.md", "README.rst", "README.txt", "LICENSE", "LICENSE.txt"}) {
      static const char kText[] = "Demo\n====\n\nText.\n";
      WriteScratchFile(name, reinterpret_cast<const uint8_t*>(kText), sizeof(kText) - 1);
    }
    return true;
  }();
  (void)files_written;
  std::string path = WriteScratchFile("pyproject.toml", data, size);
  std::string dir = path.substr(0, path.rfind('/'));
  Project project;
  std::vector<Diagnostic> diags;
  if (LoadProject(dir, &project, &diags)) {
    // What `pyrelease metadata --core-metadata` prints, and what check reads back.
    for (bool for_sdist : {false, true}) {
      std::string rendered = RenderCoreMetadata(ToCoreMetadata(project.meta, for_sdist));
      ParseCoreMetadata(rendered);
    }
  }
  for (const Diagnostic& d : diags) FormatDiagnostic(d, project.pyproject_text);
  return 0;
}

int FuzzMetadata(const uint8_t* data, size_t size) {
  std::vector<std::string> defects;
  CoreMetadata meta = ParseCoreMetadata(AsText(data, size), &defects);
  meta.GetAll("Classifier");
  meta.Get("Description-Content-Type");
  RenderCoreMetadata(meta);
  return 0;
}

int FuzzRst(const uint8_t* data, size_t size) {
  for (const RstMessage& m : CheckRst(AsText(data, size))) FormatRstMessage(m);
  return 0;
}

int FuzzZip(const uint8_t* data, size_t size) {
  std::string path = WriteScratchFile("fuzzed-1.0-py3-none-any.whl", data, size);
  ZipStructure zip;
  std::string err;
  ValidateZipStructure(path, &zip, &err);
  CheckArchive(path);
  return 0;
}

int FuzzTar(const uint8_t* data, size_t size) {
  CheckArchive(WriteScratchFile("fuzzed-1.0.tar.gz", data, size));
  return 0;
}

int FuzzPypirc(const uint8_t* data, size_t size) {
  std::string text(AsText(data, size));
  std::string path = WriteScratchFile("pypirc", data, size);
  IniFile ini;
  std::string err;
  if (!ParseIni(text, path, &ini, &err)) return 0;
  // Resolve the default name and a few of the file's own sections, as `upload -r NAME` would.
  std::vector<std::string> names = {""};
  for (const auto& section : ini.sections) {
    if (names.size() > 4) break;
    names.push_back(section.first);
  }
  Environment env;
  env.home = path.substr(0, path.rfind('/'));
  for (const std::string& name : names) {
    RepositorySettings settings;
    settings.repository_name = name;
    settings.config_file = path;
    settings.non_interactive = true;
    Repository repo;
    std::vector<std::string> warnings;
    ResolveRepository(settings, env, &repo, &warnings, &err);
  }
  return 0;
}

const FuzzTarget kFuzzTargets[] = {
    {"pyproject", FuzzPyproject},
    {"metadata", FuzzMetadata},
    {"rst", FuzzRst},
    {"zip", FuzzZip},
    {"tar", FuzzTar},
    {"pypirc", FuzzPypirc},
};
const size_t kFuzzTargetCount = sizeof(kFuzzTargets) / sizeof(kFuzzTargets[0]);
