// Metadata -> PKG-INFO / METADATA in one documented field order for every backend (flit_core's,
// which is also the order of the core metadata specification's field list).
#include "spec/core_metadata_writer.h"

#include "core/string_util.h"
#include "spec/names.h"
#include "spec/pep508.h"

namespace {

// pyproject-metadata (pdm-backend) also quotes a name holding a backslash.
bool NeedsQuoting(const std::string& name, Backend backend) {
  if (backend == Backend::kPdm && name.find('\\') != std::string::npos) return true;
  return name.find_first_of("()<>@,:;.\"[]") != std::string::npos;
}

// Python's email.headerregistry.Address rendering: `Name <email>`, quoting a name with specials.
// pdm-backend (pyproject-metadata) names a person given by email only "Unknown".
std::string Mailbox(const Person& p, Backend backend) {
  if (p.name.empty() && backend != Backend::kPdm) return p.email;
  std::string name = p.name.empty() ? "Unknown" : p.name;
  if (NeedsQuoting(name, backend)) {
    std::string quoted = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    name = quoted + "\"";
  }
  return name + " <" + p.email + ">";
}

// The pyproject specification's mapping: names without emails go to Author, everything with an
// email to Author-email; several values are joined with ", ".
void AddPeople(const std::vector<Person>& people, const char* name_field, const char* email_field,
               Backend backend, CoreMetadata* m) {
  std::vector<std::string> names, emails;
  for (const auto& p : people) {
    if (p.email.empty())
      names.push_back(p.name);
    else
      emails.push_back(Mailbox(p, backend));
  }
  if (!names.empty()) m->Add(name_field, Join(names, ", "));
  if (!emails.empty()) m->Add(email_field, Join(emails, ", "));
}

// pyproject-metadata (pdm-backend) replaces '.' and '_' one by one and lowercases; the others
// normalize as PEP 685 does (runs of separators become one '-').
std::string ExtraName(const std::string& extra, Backend backend) {
  if (backend != Backend::kPdm) return NormalizeExtra(extra);
  std::string out = extra;
  for (char& c : out) {
    if (c == '.' || c == '_') c = '-';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

bool WritesImportNames(const Metadata& meta) {
  // setuptools (84) validates import-names but does not write them; the others write 2.5.
  if (meta.backend == Backend::kSetuptools) return false;
  return meta.has_import_names || !meta.import_namespaces.empty();
}

std::string CoreMetadataVersion(const Metadata& meta) {
  if (WritesImportNames(meta)) return "2.5";
  // pyproject-metadata: 2.4 for an SPDX string or an explicit license-files, else 2.1.
  if (meta.backend == Backend::kPdm)
    return !meta.license_expression.empty() || meta.license_files_declared ? "2.4" : "2.1";
  if (!meta.license_expression.empty() || !meta.license_files.empty()) return "2.4";
  return "2.1";
}

CoreMetadata ToCoreMetadata(const Metadata& meta, bool for_sdist) {
  CoreMetadata m;
  m.Add("Metadata-Version", CoreMetadataVersion(meta));
  m.Add("Name", meta.name);
  m.Add("Version", meta.version);
  if (!meta.summary.empty()) m.Add("Summary", meta.summary);
  if (!meta.keywords.empty()) m.Add("Keywords", Join(meta.keywords, ","));
  AddPeople(meta.authors, "Author", "Author-email", meta.backend, &m);
  AddPeople(meta.maintainers, "Maintainer", "Maintainer-email", meta.backend, &m);
  if (!meta.requires_python.empty()) m.Add("Requires-Python", meta.requires_python);
  if (!meta.readme.content_type.empty() && !meta.readme.text.empty()) {
    m.Add("Description-Content-Type", meta.readme.content_type);
  }
  if (!meta.license_expression.empty()) {
    m.Add("License-Expression", meta.license_expression);
  } else if (!meta.license_text.empty()) {
    std::string text = meta.license_text;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    m.Add("License", text);
  }
  for (const auto& c : meta.classifiers) m.Add("Classifier", c);
  // pdm-backend ships its default license files but names them only when license-files is given.
  if (meta.backend != Backend::kPdm || meta.license_files_declared)
    for (const auto& f : meta.license_files) m.Add("License-File", f);
  for (const auto& dep : meta.dependencies) {
    Requirement r;
    m.Add("Requires-Dist", ParseRequirement(dep, &r, nullptr) ? RequiresDist(r) : dep);
  }
  for (const auto& [extra, deps] : meta.optional_dependencies) {
    std::string norm = ExtraName(extra, meta.backend);
    for (const auto& dep : deps) {
      Requirement r;
      if (ParseRequirement(dep, &r, nullptr)) m.Add("Requires-Dist", RequiresDistForExtra(r, norm));
    }
  }
  for (const auto& [label, url] : meta.urls) m.Add("Project-URL", label + ", " + url);
  for (const auto& [extra, deps] : meta.optional_dependencies)
    m.Add("Provides-Extra", ExtraName(extra, meta.backend));
  if (WritesImportNames(meta)) {
    // An empty import-names (a dist with no modules) is one empty Import-Name.
    if (meta.has_import_names && meta.import_names.empty() && meta.import_namespaces.empty())
      m.Add("Import-Name", "");
    for (const auto& n : meta.import_names) m.Add("Import-Name", n);
    for (const auto& n : meta.import_namespaces) m.Add("Import-Namespace", n);
  }
  // No Dynamic: pyrelease resolves every dynamic field when it builds the sdist and the wheel is
  // built from the same resolved values, so nothing may differ (core metadata 2.2).
  (void)for_sdist;
  if (!meta.readme.text.empty()) m.body = meta.readme.text;
  return m;
}
