// Metadata -> PKG-INFO / METADATA in one documented field order for every backend (flit_core's,
// which is also the order of the core metadata specification's field list).
#include "spec/core_metadata_writer.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "core/string_util.h"
#include "spec/names.h"
#include "spec/pep508.h"
#include "spec/poetry_requirement.h"
#include "spec/uv_requirement.h"

namespace {

// pyproject-metadata (pdm-backend) also quotes a name holding a backslash; uv_build never quotes
// (commitizen 4.19.3: `Axel H. <...>`, and `Doe, John <...>` as it is).
bool NeedsQuoting(const std::string& name, Backend backend) {
  if (backend == Backend::kUv) return false;
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
// uv_build also puts the name of a person with both into Author (uv-secure 0.17.2 in the corpus:
// `Author: Owen Lamont` beside `Author-email: Owen Lamont <...>`).
void AddPeople(const std::vector<Person>& people, const char* name_field, const char* email_field,
               Backend backend, CoreMetadata* m) {
  std::vector<std::string> names, emails;
  for (const auto& p : people) {
    if (p.email.empty() || (backend == Backend::kUv && !p.name.empty())) names.push_back(p.name);
    if (!p.email.empty()) emails.push_back(Mailbox(p, backend));
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

// flit_core writes a requirement as written, normalizing only the extras in the brackets after
// the name (joined with ", "; flit_core/common.py _normalise_requires_dist).
std::string FlitRequirementText(const std::string& dep) {
  size_t i = dep.find_first_not_of(" \t");
  if (i == std::string::npos || !std::isalnum(static_cast<unsigned char>(dep[i]))) return dep;
  while (i < dep.size() && (std::isalnum(static_cast<unsigned char>(dep[i])) || dep[i] == '.' ||
                            dep[i] == '_' || dep[i] == '-'))
    ++i;
  i = dep.find_first_not_of(" \t", i);
  if (i == std::string::npos || dep[i] != '[') return dep;
  size_t close = dep.find(']', i);
  if (close == std::string::npos) return dep;
  std::vector<std::string> extras;
  for (const std::string& e : Split(dep.substr(i + 1, close - i - 1), ','))
    extras.push_back(NormalizeExtra(Trim(e)));
  return dep.substr(0, i + 1) + Join(extras, ", ") + dep.substr(close);
}

// flit_core's Requires-Dist lines: the dependencies as written, then each extra's (sorted by
// the normalized extra name) as `req ; extra == "x"`, or `name ; extra == "x" and (marker)` with
// the text on both sides of the ';' kept (flit_core/config.py _expand_requires_extra).
void AddFlitRequirements(const Metadata& meta, CoreMetadata* m) {
  for (const auto& dep : meta.dependencies) m->Add("Requires-Dist", FlitRequirementText(dep));
  std::vector<std::pair<std::string, const std::vector<std::string>*>> extras;
  for (const auto& [extra, deps] : meta.optional_dependencies)
    extras.emplace_back(NormalizeExtra(extra), &deps);
  std::sort(extras.begin(), extras.end());
  for (const auto& [extra, deps] : extras) {
    for (const std::string& dep : *deps) {
      size_t semi = dep.find(';');
      std::string line = semi == std::string::npos
                             ? dep + " ; extra == \"" + extra + "\""
                             : dep.substr(0, semi) + " ; extra == \"" + extra + "\" and (" +
                                   dep.substr(semi + 1) + ")";
      m->Add("Requires-Dist", FlitRequirementText(line));
    }
  }
}

// hatchling (metadata/utils.py get_normalized_dependency) writes packaging's str() of the
// requirement with the name normalized, the specifier set lowercased as a whole
// (`SpecifierSet(str(spec).lower())`: `Foo>=1.0RC1` -> `foo>=1.0rc1`, `>=V1.0` -> `>=v1.0`, but
// `>=1.0-1` stays: no PEP 440 normalization), the extras a set of normalized names, and every '"'
// turned into '\''; an extra's dependency is `dep; (marker) and extra == 'x'`, `dep ; extra == 'x'`
// after a URL, else `dep; extra == 'x'` (metadata/spec.py).
std::string HatchRequirementText(Requirement r) {
  r.name = NormalizeName(r.name);
  // ToString sorts and deduplicates the specifiers after this, as the re-parsed set does.
  for (auto& spec : r.specifier.specs) spec.version = ToLower(spec.version);
  for (auto& extra : r.extras) extra = NormalizeExtra(extra);
  std::sort(r.extras.begin(), r.extras.end());
  r.extras.erase(std::unique(r.extras.begin(), r.extras.end()), r.extras.end());
  std::string text = RequiresDist(r);
  std::replace(text.begin(), text.end(), '"', '\'');
  return text;
}

void AddHatchRequirements(const Metadata& meta, CoreMetadata* m) {
  for (const auto& dep : meta.dependencies) {
    Requirement r;
    m->Add("Requires-Dist", ParseRequirement(dep, &r, nullptr) ? HatchRequirementText(r) : dep);
  }
  std::map<std::string, std::set<std::string>> extras;
  std::string err;  // the loader refuses such a project (LoadProject)
  HatchOptionalDependencies(meta, &extras, &err);
  for (const auto& [extra, deps] : extras) {
    const std::string marker = " and extra == '" + extra + "'";
    for (std::string text : deps) {
      size_t semi = text.find(';');
      if (semi != std::string::npos)
        text = text.substr(0, semi) + "; (" + Trim(text.substr(semi + 1)) + ")" + marker;
      else
        text += (text.find("@ ") != std::string::npos ? " ;" : ";") + marker.substr(4);
      m->Add("Requires-Dist", text);
    }
  }
}

// poetry-core's participant: the first entry only, parsed back from "name <email>" (an entry with
// an email alone becomes the name).
void AddPoetryPerson(const std::vector<Person>& people, const char* name_field,
                     const char* email_field, CoreMetadata* m) {
  if (people.empty()) return;
  const Person& p = people.front();
  m->Add(name_field, p.name.empty() ? p.email : p.name);
  if (!p.name.empty() && !p.email.empty()) m->Add(email_field, p.email);
}

// poetry-core's Builder.get_metadata_content: Metadata-Version 2.4, its own field order, sorted
// Provides-Extra and Requires-Dist, Project-URLs sorted (stably) by their first character, the
// readme read with universal newlines and followed by a newline.
CoreMetadata PoetryCoreMetadata(const Metadata& meta) {
  CoreMetadata m;
  m.Add("Metadata-Version", "2.4");
  m.Add("Name", meta.name);
  m.Add("Version", meta.version);
  m.Add("Summary", meta.summary);
  // A license id from [tool.poetry] (project/poetry_legacy.h) is a License field; project/
  // build_path.cc sends a [project] license table, whose text poetry-core indents, to poetry-core.
  if (!meta.license_expression.empty())
    m.Add("License-Expression", meta.license_expression);
  else if (!meta.license_text.empty())
    m.Add("License", meta.license_text);
  for (const auto& f : meta.license_files) m.Add("License-File", f);
  if (!meta.keywords.empty()) m.Add("Keywords", Join(meta.keywords, ","));
  AddPoetryPerson(meta.authors, "Author", "Author-email", &m);
  AddPoetryPerson(meta.maintainers, "Maintainer", "Maintainer-email", &m);
  if (!meta.requires_python.empty()) m.Add("Requires-Python", meta.requires_python);
  for (const auto& c : meta.classifiers) m.Add("Classifier", c);
  std::vector<std::string> extras, requires;
  std::string text, why;
  for (const auto& dep : meta.dependencies)
    requires.push_back(PoetryRequiresDist(dep, "", &text, &why) ? text : dep);
  for (const auto& [extra, deps] : meta.optional_dependencies) {
    extras.push_back(NormalizeExtra(extra));
    for (const auto& dep : deps)
      requires.push_back(PoetryRequiresDist(dep, extras.back(), &text, &why) ? text : dep);
  }
  std::sort(extras.begin(), extras.end());
  std::sort(requires.begin(), requires.end());
  for (const auto& e : extras) m.Add("Provides-Extra", e);
  for (const auto& r : requires) m.Add("Requires-Dist", r);
  // ProjectPackage.urls: Homepage, Repository, Documentation (any case in [project.urls]) first,
  // then the others in file order.
  std::vector<std::pair<std::string, std::string>> urls;
  for (const char* known : {"Homepage", "Repository", "Documentation"})
    for (const auto& [label, url] : meta.urls)
      if (ToLower(label) == ToLower(known)) urls.emplace_back(known, url);
  for (const auto& [label, url] : meta.urls) {
    std::string l = ToLower(label);
    if (l != "homepage" && l != "repository" && l != "documentation") urls.emplace_back(label, url);
  }
  std::stable_sort(urls.begin(), urls.end(),
                   [](const auto& a, const auto& b) { return a.first[0] < b.first[0]; });
  for (const auto& [label, url] : urls) m.Add("Project-URL", label + ", " + url);
  if (!meta.readme.content_type.empty())
    m.Add("Description-Content-Type", meta.readme.content_type);
  if (!meta.readme.text.empty()) {
    std::string body;
    for (size_t i = 0; i < meta.readme.text.size(); ++i) {
      char c = meta.readme.text[i];
      if (c == '\r' && i + 1 < meta.readme.text.size() && meta.readme.text[i + 1] == '\n') continue;
      body += c == '\r' ? '\n' : c;
    }
    m.body = body + "\n";
  }
  return m;
}

// uv_build's Requires-Dist (spec/uv_requirement.h); a marker outside the reproduced forms is a
// reason of the path decision, so the packaging form below is only a fallback.
void AddUvRequirements(const Metadata& meta, CoreMetadata* m) {
  auto add = [&](const std::string& dep, const std::string& extra) {
    Requirement r;
    if (!ParseRequirement(dep, &r, nullptr)) return;
    std::string text;
    if (!UvRequiresDist(r, extra, &text))
      text = extra.empty() ? RequiresDist(r) : RequiresDistForExtra(r, extra);
    m->Add("Requires-Dist", text);
  };
  for (const auto& dep : meta.dependencies) add(dep, "");
  for (const auto& [extra, deps] : meta.optional_dependencies)
    for (const auto& dep : deps) add(dep, ExtraName(extra, meta.backend));
}

}  // namespace

bool HatchOptionalDependencies(const Metadata& meta,
                               std::map<std::string, std::set<std::string>>* out,
                               std::string* err) {
  const std::string self = NormalizeName(meta.name);
  std::map<std::string, std::set<std::string>>& entries = *out;
  std::map<std::string, std::set<std::string>> inherited;
  for (const auto& [extra, deps] : meta.optional_dependencies) {
    const std::string norm = NormalizeExtra(extra);
    std::set<std::string>& own = entries[norm];
    for (const auto& dep : deps) {
      Requirement r;
      if (!ParseRequirement(dep, &r, nullptr)) continue;
      if (NormalizeName(r.name) == self) {  // its marker is dropped, as hatchling drops it
        for (const std::string& e : r.extras) inherited[norm].insert(NormalizeExtra(e));
        continue;
      }
      own.insert(HatchRequirementText(r));
    }
  }
  // _resolve_optional_dependencies: depth first, each extra once; a cycle or an unknown extra is
  // hatchling's error.
  std::set<std::string> resolved, visiting;
  std::function<void(const std::string&)> resolve = [&](const std::string& extra) {
    if (!err->empty() || resolved.count(extra)) return;
    if (!visiting.insert(extra).second) {
      *err = "extra '" + extra + "' includes itself through the project's own extras (hatchling " +
             "refuses a circular group)";
      return;
    }
    for (const std::string& selected : inherited[extra]) {
      resolve(selected);
      auto it = entries.find(selected);
      if (it == entries.end()) {
        if (err->empty())
          *err = "extra '" + extra + "' includes '" + selected +
                 "', which is not an extra of this project (hatchling refuses it)";
        return;
      }
      entries[extra].insert(it->second.begin(), it->second.end());
    }
    resolved.insert(extra);
    visiting.erase(extra);
  };
  for (const auto& [extra, selected] : inherited) resolve(extra);
  return err->empty();
}

bool WritesImportNames(const Metadata& meta) {
  // setuptools (84) validates import-names but does not write them; the others write 2.5.
  if (meta.backend == Backend::kSetuptools) return false;
  return meta.has_import_names || !meta.import_namespaces.empty();
}

std::string CoreMetadataVersion(const Metadata& meta) {
  if (meta.backend == Backend::kPoetry) return "2.4";  // poetry-core 2 writes 2.4 for everything
  if (WritesImportNames(meta)) return "2.5";
  // pyproject-metadata: 2.4 for an SPDX string or an explicit license-files, else 2.1.
  if (meta.backend == Backend::kPdm)
    return !meta.license_expression.empty() || meta.license_files_declared ? "2.4" : "2.1";
  if (!meta.license_expression.empty() || !meta.license_files.empty()) return "2.4";
  return "2.1";
}

CoreMetadata ToCoreMetadata(const Metadata& meta, bool for_sdist) {
  if (meta.backend == Backend::kPoetry) return PoetryCoreMetadata(meta);
  CoreMetadata m;
  m.Add("Metadata-Version", CoreMetadataVersion(meta));
  m.Add("Name", meta.name);
  m.Add("Version", meta.version);
  if (!meta.summary.empty()) m.Add("Summary", meta.summary);
  if (!meta.home_page.empty()) m.Add("Home-page", meta.home_page);
  if (!meta.download_url.empty()) m.Add("Download-URL", meta.download_url);
  for (const auto& p : meta.platforms) m.Add("Platform", p);
  if (!meta.keywords.empty()) {
    std::vector<std::string> keywords = meta.keywords;
    if (meta.backend == Backend::kHatch) {  // hatchling writes them sorted, each once
      std::sort(keywords.begin(), keywords.end());
      keywords.erase(std::unique(keywords.begin(), keywords.end()), keywords.end());
    }
    m.Add("Keywords", Join(keywords, ","));
  }
  AddPeople(meta.authors, "Author", "Author-email", meta.backend, &m);
  AddPeople(meta.maintainers, "Maintainer", "Maintainer-email", meta.backend, &m);
  if (!meta.requires_python.empty()) {
    // hatchling and setuptools (its _static.SpecifierSet) write str(SpecifierSet(requires-python)):
    // sorted, without spaces (colorama's `>=2.7, !=3.0.*` is `!=3.0.*,>=2.7`; anyio's `>= 3.10`
    // is `>=3.10`).
    // uv_build writes uv's form: sorted by version, joined with ", ".
    SpecifierSet set;
    std::string err, uv;
    const bool parsed = ParseSpecifierSet(meta.requires_python, &set, &err);
    if (parsed && (meta.backend == Backend::kHatch || meta.backend == Backend::kSetuptools))
      m.Add("Requires-Python", set.CanonicalString());
    else if (parsed && meta.backend == Backend::kUv && UvSpecifiers(set, ", ", &uv))
      m.Add("Requires-Python", uv);
    else
      m.Add("Requires-Python", meta.requires_python);
  }
  if (!meta.readme.content_type.empty() && !meta.readme.text.empty()) {
    m.Add("Description-Content-Type", meta.readme.content_type);
  }
  if (!meta.license_expression.empty()) {
    m.Add("License-Expression", meta.license_expression);
  } else if (!meta.license_text.empty() && meta.backend != Backend::kFlit) {
    // flit_core (3 and 4) writes no License field for a {file} or {text} table: the file goes
    // into License-File only ("the License field is a brief description, not the full text").
    std::string text = meta.license_text;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    m.Add("License", text);
  }
  for (const auto& c : meta.classifiers) m.Add("Classifier", c);
  // pdm-backend ships its default license files but names them only when license-files is given.
  if (meta.backend != Backend::kPdm || meta.license_files_declared)
    for (const auto& f : meta.license_files) m.Add("License-File", f);
  if (meta.backend == Backend::kFlit) {
    AddFlitRequirements(meta, &m);
  } else if (meta.backend == Backend::kHatch) {
    AddHatchRequirements(meta, &m);
  } else if (meta.backend == Backend::kUv) {
    AddUvRequirements(meta, &m);
  } else {
    for (const auto& dep : meta.dependencies) {
      Requirement r;
      m.Add("Requires-Dist", ParseRequirement(dep, &r, nullptr) ? RequiresDist(r) : dep);
    }
    for (const auto& [extra, deps] : meta.optional_dependencies) {
      std::string norm = ExtraName(extra, meta.backend);
      for (const auto& dep : deps) {
        Requirement r;
        if (ParseRequirement(dep, &r, nullptr))
          m.Add("Requires-Dist", RequiresDistForExtra(r, norm));
      }
    }
  }
  for (const auto& [label, url] : meta.urls) m.Add("Project-URL", label + ", " + url);
  std::vector<std::string> provides;
  for (const auto& [extra, deps] : meta.optional_dependencies)
    provides.push_back(ExtraName(extra, meta.backend));
  // flit sorts them; hatchling too, by normalized name (optional_dependencies_complex).
  if (meta.backend == Backend::kFlit || meta.backend == Backend::kHatch)
    std::sort(provides.begin(), provides.end());
  for (const auto& extra : provides) m.Add("Provides-Extra", extra);
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
