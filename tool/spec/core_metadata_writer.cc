// Metadata -> PKG-INFO / METADATA in one documented field order for every backend (flit_core's,
// which is also the order of the core metadata specification's field list).
#include "spec/core_metadata_writer.h"

#include "core/string_util.h"
#include "spec/names.h"
#include "spec/pep508.h"

namespace {

bool NeedsQuoting(const std::string& name) {
  return name.find_first_of("()<>@,:;.\"[]") != std::string::npos;
}

// Python's email.headerregistry.Address rendering: `Name <email>`, quoting a name with specials.
std::string Mailbox(const Person& p) {
  if (p.name.empty()) return p.email;
  std::string name = p.name;
  if (NeedsQuoting(name)) {
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
               CoreMetadata* m) {
  std::vector<std::string> names, emails;
  for (const auto& p : people) {
    if (p.email.empty())
      names.push_back(p.name);
    else
      emails.push_back(Mailbox(p));
  }
  if (!names.empty()) m->Add(name_field, Join(names, ", "));
  if (!emails.empty()) m->Add(email_field, Join(emails, ", "));
}

}  // namespace

bool WritesImportNames(const Metadata& meta) {
  // setuptools (84) validates import-names but does not write them; the others write 2.5.
  if (meta.backend == Backend::kSetuptools) return false;
  return meta.has_import_names || !meta.import_namespaces.empty();
}

std::string CoreMetadataVersion(const Metadata& meta) {
  if (WritesImportNames(meta)) return "2.5";
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
  AddPeople(meta.authors, "Author", "Author-email", &m);
  AddPeople(meta.maintainers, "Maintainer", "Maintainer-email", &m);
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
  for (const auto& f : meta.license_files) m.Add("License-File", f);
  for (const auto& dep : meta.dependencies) {
    Requirement r;
    m.Add("Requires-Dist", ParseRequirement(dep, &r, nullptr) ? RequiresDist(r) : dep);
  }
  for (const auto& [extra, deps] : meta.optional_dependencies) {
    std::string norm = NormalizeExtra(extra);
    for (const auto& dep : deps) {
      Requirement r;
      if (ParseRequirement(dep, &r, nullptr)) m.Add("Requires-Dist", RequiresDistForExtra(r, norm));
    }
  }
  for (const auto& [label, url] : meta.urls) m.Add("Project-URL", label + ", " + url);
  for (const auto& [extra, deps] : meta.optional_dependencies)
    m.Add("Provides-Extra", NormalizeExtra(extra));
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
