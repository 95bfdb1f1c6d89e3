// pyproject.toml -> Project: parse with toml++, then validate [project] against the pyproject
// specification (PEP 621 + PEP 639), reporting every problem with its key and line:column.
#include "project/pyproject.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "core/regular_file.h"
#include "core/string_util.h"
#include "core/toml_util.h"
#include "project/backend_config.h"
#include "project/build_path.h"
#include "project/dynamic_version.h"
#include "project/fancy_readme.h"
#include "project/poetry_legacy.h"
#include "project/readme.h"
#include "project/requirements_txt.h"
#include "project/setup_cfg.h"
#include "project/vcs_version.h"
#include "spec/core_metadata.h"
#include "spec/core_metadata_writer.h"
#include "spec/license.h"
#include "spec/names.h"
#include "spec/pep440.h"
#include "spec/pep508.h"

namespace fs = std::filesystem;

namespace {

const char* const kProjectKeys[] = {"name",
                                    "version",
                                    "description",
                                    "readme",
                                    "requires-python",
                                    "license",
                                    "license-files",
                                    "authors",
                                    "maintainers",
                                    "keywords",
                                    "classifiers",
                                    "urls",
                                    "scripts",
                                    "gui-scripts",
                                    "entry-points",
                                    "dependencies",
                                    "optional-dependencies",
                                    "dynamic",
                                    "import-names",
                                    "import-namespaces"};  // PEP 794

bool IsProjectKey(std::string_view k) {
  for (const char* known : kProjectKeys) {
    if (k == known) return true;
  }
  return false;
}

// Hand-written checks: std::regex recurses per character and would overflow the stack on a
// very long value.
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// "a.b.c" where each part is a Python identifier (ASCII).
bool IsDottedIdentifier(std::string_view s) {
  if (s.empty()) return false;
  for (const std::string& part : Split(s, '.')) {
    if (part.empty() || std::isdigit(static_cast<unsigned char>(part[0]))) return false;
    for (char c : part) {
      if (!IsWordChar(c)) return false;
    }
  }
  return true;
}

// Python's reserved words, which cannot be import names.
bool IsPythonKeyword(std::string_view s) {
  static const char* const kKeywords[] = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  for (const std::string& part : Split(s, '.')) {
    for (const char* k : kKeywords)
      if (part == k) return true;
  }
  return false;
}

// "module.sub:attr.attr" with an optional " [extra]" (entry point object reference).
bool IsValidEntryPointRef(const std::string& ref) {
  std::string r = Trim(ref);
  size_t bracket = r.find('[');
  if (bracket != std::string::npos) {
    if (r.back() != ']' || r.find(']') != r.size() - 1) return false;
    r = Trim(r.substr(0, bracket));
  }
  size_t colon = r.find(':');
  if (colon == std::string::npos) return IsDottedIdentifier(r);
  return IsDottedIdentifier(Trim(r.substr(0, colon))) &&
         IsDottedIdentifier(Trim(r.substr(colon + 1)));
}

// Entry point names: no "=" and no whitespace; console script names also become file names, so
// only word characters, ".", "+" and "-".
bool IsValidEntryPointName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!(IsWordChar(c) || c == '.' || c == '+' || c == '-')) return false;
  }
  return true;
}

// A URL as core metadata needs it: scheme://something without whitespace.
bool LooksLikeUrl(const std::string& url) {
  size_t sep = url.find("://");
  if (sep == std::string::npos || sep == 0 || sep + 3 >= url.size()) return false;
  if (!std::isalpha(static_cast<unsigned char>(url[0]))) return false;
  for (size_t i = 0; i < sep; ++i) {
    char c = url[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '.' || c == '-'))
      return false;
  }
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// local@domain, no spaces, quotes, angle brackets or commas (they would break Author-email).
bool LooksLikeEmail(const std::string& email) {
  size_t at = email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= email.size() ||
      email.find('@', at + 1) != std::string::npos) {
    return false;
  }
  for (char c : email) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == ',' || c == '"')
      return false;
  }
  return true;
}

class Loader {
 public:
  Loader(Project* p, std::vector<Diagnostic>* diags, std::string display_path)
      : p_(p), diags_(diags), path_(std::move(display_path)) {}

  void Run() {
    ReadBuildSystem();
    const toml::node* pn = p_->doc.get("project");
    if (!pn) {
      Error(nullptr, "project",
            "pyproject.toml has no [project] table (pyrelease reads PEP 621 metadata: add "
            "[project] with name and "
            "version)");
      return;
    }
    if (!pn->is_table()) {
      Error(pn, "project", "must be a table");
      return;
    }
    project_ = pn->as_table();
    for (const auto& [kp, vp] : InFileOrder(*project_)) {
      const toml::key& k = *kp;
      if (!IsProjectKey(k.str())) {
        // hatchling ignores unknown [project] keys (flit_core, setuptools and uv_build refuse
        // them).
        ErrorAt(k.source(), "project." + std::string(k.str()),
                "unknown field (not in the pyproject specification)" +
                    std::string(meta().backend == Backend::kHatch ? "; hatchling ignores it" : ""));
        if (meta().backend == Backend::kHatch) diags_->back().severity = Severity::kWarning;
      }
    }
    ReadDynamic();
    ReadName();
    ReadVersion();
    ReadDescription();
    ReadReadme();
    ReadRequiresPython();
    ReadLicense();
    ReadLicenseFiles();
    ReadPeople("authors", &meta().authors);
    ReadPeople("maintainers", &meta().maintainers);
    ReadStringList("keywords", &meta().keywords);
    ReadClassifiers();
    CheckPep639();
    ReadUrls();
    ReadDependencies();
    ReadOptionalDependencies();
    ReadEntryPoints();
    if (meta().backend == Backend::kHatch) SortEntryPointsAsHatchling();
    ReadImportNames("import-names", &meta().import_names);
    ReadImportNames("import-namespaces", &meta().import_namespaces);
    CheckUnresolvableDynamic();
  }

 private:
  Metadata& meta() { return p_->meta; }

  void ErrorAt(const toml::source_region& src, const std::string& field, const std::string& msg) {
    Diagnostic d;
    d.path = path_;
    d.line = static_cast<int>(src.begin.line);
    d.column = static_cast<int>(src.begin.column);
    d.field = field;
    d.message = msg;
    diags_->push_back(d);
  }
  // At `node`, or at the [project] table when the node is absent (a missing key).
  void Error(const toml::node* node, const std::string& field, const std::string& msg) {
    if (!node) node = project_;
    if (node) {
      ErrorAt(node->source(), field, msg);
    } else {
      Diagnostic d;
      d.path = path_;
      d.field = field;
      d.message = msg;
      diags_->push_back(d);
    }
  }
  // A finding the declared backend and the index accept: the build goes on (docs/strictness.md).
  void Warn(const toml::node* node, const std::string& field, const std::string& msg) {
    size_t before = diags_->size();
    Error(node, field, msg);
    for (size_t i = before; i < diags_->size(); ++i) (*diags_)[i].severity = Severity::kWarning;
  }
  void Error(const DynamicError& e, const std::string& field, const toml::node* fallback) {
    std::string f = e.key.empty() ? field : e.key;
    std::string msg = e.message;
    if (!e.key.empty() && e.key != field) msg = field + " is dynamic: " + msg;
    Error(e.node ? e.node : fallback, f, msg);
  }

  std::string TypeName(const toml::node& n) {
    switch (n.type()) {
      case toml::node_type::string:
        return "a string";
      case toml::node_type::integer:
        return "an integer";
      case toml::node_type::floating_point:
        return "a float";
      case toml::node_type::boolean:
        return "a boolean";
      case toml::node_type::array:
        return "an array";
      case toml::node_type::table:
        return "a table";
      default:
        return "a date/time";
    }
  }

  // The node of key `k` in [project], and whether it is present. Conflicts with dynamic checked
  // here.
  const toml::node* Get(const std::string& k) { return project_->get(k); }

  bool IsDynamic(const std::string& k) { return dynamic_.count(k) != 0; }
  // setuptools, or an unknown backend (treated like setuptools): [tool.setuptools.dynamic] applies.
  bool SetuptoolsLike() {
    return meta().backend == Backend::kSetuptools || meta().backend == Backend::kUnknown;
  }

  const toml::node* DynamicNode(const std::string& k) {
    auto it = dynamic_nodes_.find(k);
    return it == dynamic_nodes_.end() ? nullptr : it->second;
  }

  bool ExpectString(const toml::node* n, const std::string& field, std::string* out) {
    if (!n->is_string()) {
      Error(n, field, "must be a string, not " + TypeName(*n));
      return false;
    }
    *out = n->as_string()->get();
    return true;
  }

  // An array of strings; each bad element is reported; returns the good ones.
  bool ExpectStringArray(const toml::node* n, const std::string& field,
                         std::vector<std::string>* out,
                         std::vector<const toml::node*>* nodes = nullptr) {
    const toml::array* a = n->as_array();
    if (!a) {
      Error(n, field, "must be an array of strings, not " + TypeName(*n));
      return false;
    }
    bool ok = true;
    for (size_t i = 0; i < a->size(); ++i) {
      const toml::node& e = *a->get(i);
      if (!e.is_string()) {
        Error(&e, field + "[" + std::to_string(i) + "]", "must be a string, not " + TypeName(e));
        ok = false;
        continue;
      }
      out->push_back(e.as_string()->get());
      if (nodes) nodes->push_back(&e);
    }
    return ok;
  }

  void ReadBuildSystem() {
    meta().backend = Backend::kUnknown;
    const toml::node* bs = p_->doc.get("build-system");
    std::string backend;
    if (bs && bs->is_table()) {
      const toml::node* bb = bs->as_table()->get("build-backend");
      if (bb) {
        if (!bb->is_string()) {
          Error(bb, "build-system.build-backend", "must be a string, not " + TypeName(*bb));
        } else {
          backend = bb->as_string()->get();
        }
      }
    } else if (bs) {
      Error(bs, "build-system", "must be a table");
    }
    if (backend == "flit_core.buildapi")
      meta().backend = Backend::kFlit;
    else if (backend == "hatchling.build")
      meta().backend = Backend::kHatch;
    else if (backend == "setuptools.build_meta" || backend == "setuptools.build_meta:__legacy__")
      meta().backend = Backend::kSetuptools;
    else if (backend == "uv_build")
      meta().backend = Backend::kUv;
    else if (backend == "pdm.backend")
      meta().backend = Backend::kPdm;
    else if (backend == "poetry.core.masonry.api")
      meta().backend = Backend::kPoetry;
    else if (backend == "pyrelease.backend")  // python/pyrelease/backend.py: CMake builds the wheel
      meta().backend = Backend::kPyrelease;
    else if (const toml::node* tool = p_->doc.get("tool");
             tool && tool->is_table() && tool->as_table()->get("pyrelease"))
      meta().backend = Backend::kPyrelease;
  }

  void ReadDynamic() {
    const toml::node* n = Get("dynamic");
    if (!n) return;
    std::vector<std::string> values;
    std::vector<const toml::node*> nodes;
    ExpectStringArray(n, "project.dynamic", &values, &nodes);
    for (size_t i = 0; i < values.size(); ++i) {
      const std::string& v = values[i];
      if (v == "name") {
        Error(nodes[i], "project.dynamic", "'name' cannot be dynamic");
      } else if (!IsProjectKey(v) || v == "dynamic") {
        Error(nodes[i], "project.dynamic", "'" + v + "' is not a [project] field");
      } else if (dynamic_.count(v)) {
        Error(nodes[i], "project.dynamic", "'" + v + "' is listed twice");
      } else {
        dynamic_.insert(v);
        dynamic_nodes_[v] = nodes[i];
        meta().dynamic.push_back(v);
        if (Get(v)) {
          Error(Get(v), "project." + v,
                "is listed in project.dynamic and also given statically (remove one of the two)");
        }
      }
    }
  }

  void ReadName() {
    const toml::node* n = Get("name");
    if (!n) {
      Error(nullptr, "project.name", "field is required");
      return;
    }
    std::string name;
    if (!ExpectString(n, "project.name", &name)) return;
    if (!IsValidProjectName(name)) {
      Error(n, "project.name",
            "'" + name +
                "' is not a valid project name (letters, digits, '.', '-', '_'; starting and "
                "ending with a "
                "letter or digit)");
      return;
    }
    meta().name = name;
  }

  void ReadVersion() {
    const toml::node* n = Get("version");
    std::string raw;
    const toml::node* at = n;
    std::string from;
    if (!n) {
      if (!IsDynamic("version")) {
        Error(nullptr, "project.version",
              "field is required (or list \"version\" in project.dynamic)");
        return;
      }
      if (meta().name.empty()) return;  // reported already
      at = DynamicNode("version");
      VcsVersionConfig vcs = ReadVcsVersionConfig(p_->doc, meta().backend);
      if (vcs.version_from_vcs) {
        std::string why;
        if (!ResolveVcsVersion(p_->dir, meta().name, vcs, &raw, &p_->vcs_node, &from, &why)) {
          Error(at, "project.version",
                "is dynamic (from git, as " + VcsPluginName(vcs.plugin) + " computes it): " + why);
          return;
        }
      } else {
        DynamicError e;
        if (!ResolveDynamicVersion(p_->dir, p_->doc, meta().backend, meta().name, &raw, &from,
                                   &e)) {
          Error(e, "project.version", DynamicNode("version"));
          return;
        }
      }
    } else if (!ExpectString(n, "project.version", &raw)) {
      return;
    }
    std::string normalized, why;
    if (!NormalizeVersion(raw, &normalized, &why)) {
      Error(at, "project.version",
            "'" + raw + "' is not a valid PEP 440 version" +
                (from.empty() ? "" : " (read from " + from + ")"));
      return;
    }
    meta().version = normalized;
  }

  void ReadDescription() {
    const toml::node* n = Get("description");
    std::string s;
    if (!n) {
      if (IsDynamic("description") && !meta().name.empty()) {
        DynamicError e;
        if (!ResolveDynamicDescription(p_->dir, p_->doc, meta().backend, meta().name, &s, &e)) {
          Error(e, "project.description", DynamicNode("description"));
          return;
        }
        meta().summary = s;
      }
      return;
    }
    if (!ExpectString(n, "project.description", &s)) return;
    if (s.find('\n') != std::string::npos || s.find('\r') != std::string::npos) {
      Error(n, "project.description", "must be a single line (put longer text in project.readme)");
      return;
    }
    meta().summary = s;
  }

  void ReadReadme() {
    const toml::node* n = Get("readme");
    std::string why;
    if (!n) {
      if (UsesFancyReadme()) {
        ReadFancyReadme();
        return;
      }
      if (IsDynamic("readme") && SetuptoolsLike()) {
        DynamicError e;
        if (ResolveDynamicReadme(p_->dir, p_->doc, &meta().readme, &e))
          ReadmeAsTheBackendReadsIt();
        else
          Error(e, "project.readme", DynamicNode("readme"));
      }
      return;
    }
    if (n->is_string()) {
      if (LoadReadmeFile(p_->dir, n->as_string()->get(), "", &meta().readme, &why))
        ReadmeAsTheBackendReadsIt();
      else
        Error(n, "project.readme", why);
      return;
    }
    const toml::table* t = n->as_table();
    if (!t) {
      Error(n, "project.readme", "must be a string (a file path) or a table, not " + TypeName(*n));
      return;
    }
    bool ok = true;
    for (const auto& [k, v] : *t) {
      if (k != "file" && k != "text" && k != "content-type") {
        ErrorAt(k.source(), "project.readme." + std::string(k.str()),
                "unknown key (expected file or text, and content-type)");
        ok = false;
      }
    }
    const toml::node* file = t->get("file");
    const toml::node* text = t->get("text");
    const toml::node* ct = t->get("content-type");
    std::string type, value;
    if (!ct) {
      Error(n, "project.readme.content-type", "is required when project.readme is a table");
      ok = false;
    } else if (ExpectString(ct, "project.readme.content-type", &type)) {
      if (!ValidateReadmeContentType(type, &why)) {
        Error(ct, "project.readme.content-type", why);
        ok = false;
      }
    } else {
      ok = false;
    }
    if (file && text) {
      Error(text, "project.readme", "give either file or text, not both");
      return;
    }
    if (!file && !text) {
      Error(n, "project.readme", "needs file or text");
      return;
    }
    if (!ok) return;
    if (file) {
      if (ExpectString(file, "project.readme.file", &value)) {
        if (LoadReadmeFile(p_->dir, value, type, &meta().readme, &why))
          ReadmeAsTheBackendReadsIt();
        else
          Error(file, "project.readme.file", why);
      }
    } else if (ExpectString(text, "project.readme.text", &value)) {
      meta().readme.text = value;
      meta().readme.content_type = type;
    }
  }

  // A readme file as the backend reads it: the Python backends in text mode (universal newlines:
  // "\r\n" and a lone "\r" become "\n"; pytest-xdist's CRLF README.rst, checked with hatchling,
  // flit_core and setuptools), uv_build (Rust) as bytes.
  void ReadmeAsTheBackendReadsIt() {
    if (meta().backend != Backend::kUv) meta().readme.text = UniversalNewlines(meta().readme.text);
  }

  // hatch-fancy-pypi-readme assembles a dynamic readme under hatchling.
  bool UsesFancyReadme() {
    return IsDynamic("readme") && meta().backend == Backend::kHatch &&
           FancyReadmeTable(p_->doc) != nullptr;
  }

  void ReadFancyReadme() {
    // Built from an unpacked sdist, hatchling takes every dynamic core field PKG-INFO holds from
    // PKG-INFO (metadata/core.py core_raw_metadata): the readme is its body as the hook rendered
    // it then, and the fragment files need not be in the sdist (platformdirs 4.14.5 has none).
    std::string pkg_info, ignored;
    if (ReadFile(p_->dir + "/PKG-INFO", &pkg_info, &ignored)) {
      CoreMetadata m = ParseCoreMetadata(pkg_info);
      if (!m.body.empty()) {
        meta().readme.text = m.body;
        meta().readme.content_type = m.Has("Description-Content-Type")
                                         ? m.Get("Description-Content-Type")
                                         : std::string("text/plain");
        return;
      }
    }
    // What hatchling hands the hook: project.name as written, and the version as written, or the
    // normalized one when [tool.hatch.version] computes it.
    std::string version = meta().version;
    const toml::node* v = Get("version");
    if (v && v->is_string() && !p_->doc.at_path("tool.hatch.version").node())
      version = v->as_string()->get();
    FancyReadmeProblem problem;
    FancyReadmeOutcome outcome =
        RenderFancyReadme(p_->dir, p_->doc, meta().name, version, &meta().readme, &problem);
    if (outcome == FancyReadmeOutcome::kRendered) return;
    std::string msg = problem.message;
    if (outcome == FancyReadmeOutcome::kUnreproducible)
      msg +=
          " (the native builder cannot reproduce hatch-fancy-pypi-readme here; build with the "
          "backend: --backend auto or pep517)";
    Error(problem.node ? problem.node : DynamicNode("readme"), problem.field, msg);
  }

  void ReadRequiresPython() {
    const toml::node* n = Get("requires-python");
    if (!n) return;
    std::string s, why;
    if (!ExpectString(n, "project.requires-python", &s)) return;
    SpecifierSet set;
    if (!ParseSpecifierSet(s, &set, &why)) {
      Error(n, "project.requires-python", "'" + s + "' is not a valid version specifier: " + why);
      return;
    }
    meta().requires_python = s;
  }

  void ReadLicense() {
    const toml::node* n = Get("license");
    if (!n) return;
    std::string why;
    if (n->is_string()) {
      std::string expr = n->as_string()->get(), canonical;
      if (!CanonicalizeLicenseExpression(expr, &canonical, &why)) {
        Error(n, "project.license", why);
        return;
      }
      meta().license_expression = canonical;
      license_is_expression_ = true;
      return;
    }
    const toml::table* t = n->as_table();
    if (!t) {
      Error(n, "project.license",
            "must be an SPDX expression string or a table with file or text, not " + TypeName(*n));
      return;
    }
    for (const auto& [k, v] : *t) {
      if (k != "file" && k != "text") {
        ErrorAt(k.source(), "project.license." + std::string(k.str()),
                "unknown key (expected file or text)");
      }
    }
    const toml::node* file = t->get("file");
    const toml::node* text = t->get("text");
    if (file && text) {
      Error(text, "project.license", "give either file or text, not both");
      return;
    }
    if (!file && !text) {
      Error(n, "project.license", "needs file or text (or use an SPDX expression string)");
      return;
    }
    std::string value;
    if (text) {
      if (ExpectString(text, "project.license.text", &value)) meta().license_text = value;
      return;
    }
    if (!ExpectString(file, "project.license.file", &value)) return;
    std::string content;
    if (!ReadProjectFile(p_->dir, value, &content, &why)) {
      Error(file, "project.license.file", "license file '" + value + "' cannot be read: " + why);
      return;
    }
    meta().license_text = content;
    legacy_license_file_ = value;
  }

  // Whether build-system.requires keeps flit_core below 4 (`flit_core >=3.2,<4`), so that flit_core
  // 3 builds the project.
  bool BuildsWithFlitCore3() const {
    const toml::array* requires = p_->doc.at_path("build-system.requires").as_array();
    if (!requires) return false;
    for (const auto& e : *requires) {
      Requirement r;
      auto text = e.value<std::string>();
      if (text && ParseRequirement(*text, &r, nullptr) && NormalizeName(r.name) == "flit-core")
        return !r.specifier.specs.empty() && !SpecifierAllowsMajor(r.specifier.ToString(), 4);
    }
    return false;
  }

  // PEP 639: an SPDX expression replaces license classifiers, and license-files replaces the
  // legacy {file = ...} table; build backends must reject the combinations.
  void CheckPep639() {
    if (license_is_expression_) {
      if (const toml::node* n = Get("classifiers"); n && n->is_array()) {
        for (const auto& e : *n->as_array()) {
          if (e.is_string() && StartsWith(e.as_string()->get(), "License ::")) {
            // setuptools >= 77 and flit_core refuse the pair; hatchling, uv_build and poetry-core
            // (with a warning) write both.
            std::string msg =
                "license classifiers are not allowed together with an SPDX license expression in "
                "project.license (PEP 639): remove '" +
                e.as_string()->get() + "'";
            if (meta().backend == Backend::kHatch || meta().backend == Backend::kUv ||
                meta().backend == Backend::kPoetry) {
              Warn(&e, "project.classifiers",
                   msg + " (" + BackendName(meta().backend) + " accepts it)");
            } else {
              Error(&e, "project.classifiers", msg);
            }
          }
        }
      }
    }
    if (Get("license-files") && Get("license") && Get("license")->is_table()) {
      Error(Get("license-files"), "project.license-files",
            "cannot be used with the legacy project.license table; write project.license as an "
            "SPDX expression "
            "string (PEP 639)");
    }
  }

  void ReadLicenseFiles() {
    const toml::node* n = Get("license-files");
    std::set<std::string> files;
    if (!n && meta().backend == Backend::kPdm) {
      // pdm-backend: the legacy {file = ...} alone, else LICEN[CS]E*, COPYING*, NOTICE* (no
      // AUTHORS*); License-File is written only for an explicit license-files.
      if (!legacy_license_file_.empty()) {
        meta().license_files = {legacy_license_file_};
        return;
      }
      for (const char* pattern : {"LICEN[CS]E*", "COPYING*", "NOTICE*"}) {
        for (const auto& f : GlobFiles(p_->dir, pattern)) files.insert(f);
      }
      meta().license_files.assign(files.begin(), files.end());
      return;
    }
    if (n) meta().license_files_declared = true;
    if (!n) {
      // The backends' defaults (flit 4, hatchling and setuptools agree on these; flit_core 3
      // takes only COPYING* and LICEN[CS]E*, config.default_license_files_globs: webargs' NOTICE);
      // no match is fine.
      std::vector<const char*> defaults = {"LICEN[CS]E*", "COPYING*", "NOTICE*", "AUTHORS*"};
      if (meta().backend == Backend::kFlit && BuildsWithFlitCore3()) defaults.resize(2);
      if (meta().backend != Backend::kUv) {
        for (const char* pattern : defaults) {
          for (const auto& f : GlobFiles(p_->dir, pattern)) files.insert(f);
        }
      }
      // poetry-core also takes every file below LICENSES/.
      if (meta().backend == Backend::kPoetry)
        for (const auto& f : GlobFiles(p_->dir, "LICENSES/**/*")) files.insert(f);
      if (!legacy_license_file_.empty()) files.insert(legacy_license_file_);
      meta().license_files.assign(files.begin(), files.end());
      return;
    }
    std::vector<std::string> patterns;
    std::vector<const toml::node*> nodes;
    ExpectStringArray(n, "project.license-files", &patterns, &nodes);
    for (size_t i = 0; i < patterns.size(); ++i) {
      std::string why;
      if (!ValidateLicenseGlob(patterns[i], &why)) {
        Error(nodes[i], "project.license-files", why);
        continue;
      }
      std::vector<std::string> found = GlobFiles(p_->dir, patterns[i]);
      if (found.empty()) {
        Error(nodes[i], "project.license-files",
              "pattern '" + patterns[i] + "' did not match any file");
        continue;
      }
      for (const auto& f : found) {
        std::string content, err;
        if (!ReadProjectFile(p_->dir, f, &content, &err)) {
          Error(nodes[i], "project.license-files",
                "license file '" + f + "' cannot be read: " + err);
        } else if (!IsValidUtf8(content)) {
          Error(nodes[i], "project.license-files", "license file '" + f + "' is not valid UTF-8");
        }
        files.insert(f);
      }
    }
    meta().license_files.assign(files.begin(), files.end());
  }

  // PEP 794: each entry is a dotted identifier with an optional "; private"; no name twice across
  // import-names and import-namespaces. Stored sorted, "name; private" for private names (as
  // hatchling writes them; a leading underscore marks a name private too).
  void ReadImportNames(const std::string& key, std::vector<std::string>* out) {
    const toml::node* n = Get(key);
    if (!n) return;
    if (key == "import-names") meta().has_import_names = true;
    std::vector<std::string> values;
    std::vector<const toml::node*> nodes;
    std::string field = "project." + key;
    ExpectStringArray(n, field, &values, &nodes);
    for (size_t i = 0; i < values.size(); ++i) {
      std::string name = Trim(values[i]);
      bool is_private = false;
      if (size_t semi = name.find(';'); semi != std::string::npos) {
        if (Trim(name.substr(semi + 1)) != "private") {
          Error(nodes[i], field, "'" + values[i] + "': the only valid annotation is 'private'");
          continue;
        }
        is_private = true;
        name = Trim(name.substr(0, semi));
      }
      if (!IsDottedIdentifier(name) || IsPythonKeyword(name)) {
        Error(nodes[i], field,
              "'" + values[i] + "' is not a valid import name (a dotted Python identifier)");
        continue;
      }
      if (!import_names_seen_.insert(name).second) {
        Error(nodes[i], field, "'" + name + "' is listed twice in import-names/import-namespaces");
        continue;
      }
      bool underscore = false;
      for (const std::string& part : Split(name, '.'))
        underscore = underscore || StartsWith(part, "_");
      out->push_back(is_private || underscore ? name + "; private" : name);
    }
    std::sort(out->begin(), out->end());
  }

  void ReadPeople(const std::string& key, std::vector<Person>* out) {
    const toml::node* n = Get(key);
    if (!n) return;
    std::string field = "project." + key;
    const toml::array* a = n->as_array();
    if (!a) {
      Error(
          n, field,
          "must be an array of tables like {name = \"...\", email = \"...\"}, not " + TypeName(*n));
      return;
    }
    for (size_t i = 0; i < a->size(); ++i) {
      const toml::node& e = *a->get(i);
      std::string ef = field + "[" + std::to_string(i) + "]";
      const toml::table* t = e.as_table();
      if (!t) {
        Error(&e, ef, "must be a table like {name = \"...\", email = \"...\"}, not " + TypeName(e));
        continue;
      }
      Person person;
      bool ok = true;
      for (const auto& [k, v] : *t) {
        if (k != "name" && k != "email") {
          ErrorAt(k.source(), ef + "." + std::string(k.str()),
                  "unknown key (expected name and/or email)");
          ok = false;
        }
      }
      if (const toml::node* nn = t->get("name")) {
        ok = ExpectString(nn, ef + ".name", &person.name) && ok;
        if (person.name.find_first_of("\n\r") != std::string::npos) {
          Error(nn, ef + ".name", "must be a single line");
          ok = false;
        } else if (person.name.find(',') != std::string::npos && !t->get("email")) {
          // Every backend writes it into Author joined with ", "; readers then see two names.
          Warn(nn, ef + ".name",
               "a name without an email contains a comma (core metadata joins names with commas)");
        }
      }
      if (const toml::node* en = t->get("email")) {
        ok = ExpectString(en, ef + ".email", &person.email) && ok;
        if (ok && !LooksLikeEmail(person.email)) {
          Error(en, ef + ".email", "'" + person.email + "' is not a valid email address");
          ok = false;
        }
      }
      if (ok && person.name.empty() && person.email.empty()) {
        Error(&e, ef, "needs a name or an email");
        ok = false;
      }
      if (ok) out->push_back(person);
    }
  }

  void ReadStringList(const std::string& key, std::vector<std::string>* out) {
    const toml::node* n = Get(key);
    if (!n) return;
    std::vector<std::string> values;
    std::vector<const toml::node*> nodes;
    ExpectStringArray(n, "project." + key, &values, &nodes);
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i].find_first_of("\n\r") != std::string::npos) {
        Error(nodes[i], "project." + key, "'" + values[i] + "' must be a single line");
      } else if (key == "keywords" && values[i].find(',') != std::string::npos) {
        // Every backend writes it joined with the others; readers then see two keywords.
        Warn(nodes[i], "project.keywords",
             "'" + values[i] + "' contains a comma (core metadata joins keywords with commas)");
        out->push_back(values[i]);
      } else {
        out->push_back(values[i]);
      }
    }
  }

  void ReadClassifiers() {
    if (!Get("classifiers") && IsDynamic("classifiers") && SetuptoolsLike()) {
      DynamicError e;
      if (!ResolveDynamicClassifiers(p_->dir, p_->doc, &meta().classifiers, &e)) {
        Error(e, "project.classifiers", DynamicNode("classifiers"));
      }
      return;
    }
    ReadStringList("classifiers", &meta().classifiers);
    // poetry-core generates them for none (project/build_path.cc names what it does not reproduce).
    if (meta().backend == Backend::kPoetry && meta().classifiers.empty()) {
      std::string why;
      const toml::node* at = nullptr;
      std::vector<std::string> generated;
      if (PoetryGeneratedClassifiers(p_->doc, &generated, &why, &at))
        meta().classifiers = generated;
    }
  }

  // A dynamic field pyrelease has no source for would silently be missing from the metadata.
  void CheckUnresolvableDynamic() {
    static const char* const kFromSetuptoolsConfig[] = {"readme", "dependencies",
                                                        "optional-dependencies", "classifiers"};
    for (const std::string& field : meta().dynamic) {
      bool ok =
          field == "version" || field == "description" || (field == "readme" && UsesFancyReadme());
      ok = ok ||
           ((field == "dependencies" || field == "optional-dependencies") && UsesRequirementsTxt());
      for (const char* r : kFromSetuptoolsConfig) ok = ok || (field == r && SetuptoolsLike());
      ok = ok || (field == "classifiers" && meta().backend == Backend::kPoetry);
      if (!ok) {
        Error(DynamicNode(field), "project.dynamic",
              "pyrelease cannot resolve a dynamic '" + field +
                  "' (dynamic fields supported: version; description with flit or setuptools; "
                  "readme, "
                  "dependencies, optional-dependencies and classifiers with "
                  "[tool.setuptools.dynamic]; readme with hatch-fancy-pypi-readme): give it "
                  "statically in [project]");
      }
    }
  }

  void ReadUrls() {
    const toml::node* n = Get("urls");
    if (!n) return;
    const toml::table* t = n->as_table();
    if (!t) {
      Error(n, "project.urls", "must be a table of label = \"url\", not " + TypeName(*n));
      return;
    }
    for (const auto& [kp, vp] : InFileOrder(*t)) {
      const toml::key& k = *kp;
      std::string label(k.str());
      std::string field = "project.urls." + label, url;
      if (!ExpectString(vp, field, &url)) continue;
      if (label.empty() || label.size() > 32) {
        ErrorAt(k.source(), field, "a URL label must be 1 to 32 characters long");
        continue;
      }
      if (!LooksLikeUrl(url)) {
        Error(vp, field, "'" + url + "' is not a valid URL (expected scheme://...)");
        continue;
      }
      meta().urls.emplace_back(label, url);
    }
  }

  bool CheckRequirements(const std::vector<std::string>& reqs,
                         const std::vector<const toml::node*>& nodes, const std::string& field,
                         std::vector<std::string>* out) {
    bool ok = true;
    for (size_t i = 0; i < reqs.size(); ++i) {
      Requirement r;
      std::string why;
      if (!ParseRequirement(reqs[i], &r, &why)) {
        Error(i < nodes.size() ? nodes[i] : nullptr, field,
              "'" + reqs[i] + "' is not a valid requirement: " + why);
        ok = false;
        continue;
      }
      out->push_back(reqs[i]);
    }
    return ok;
  }

  // hatch-requirements-txt fills dynamic dependencies and extras from requirements files.
  bool UsesRequirementsTxt() {
    return meta().backend == Backend::kHatch && RequirementsTxtTable(p_->doc) != nullptr;
  }

  // The hook's dependencies and extras, read once.
  bool ReadRequirementsTxt() {
    if (requirements_txt_read_) return requirements_txt_ok_;
    requirements_txt_read_ = true;
    std::string err;
    requirements_txt_ok_ = ReadRequirementsTxtHook(p_->dir, p_->doc, &requirements_txt_deps_,
                                                   &requirements_txt_extras_, &err);
    if (!requirements_txt_ok_)
      Error(DynamicNode("dependencies"), "project.dependencies",
            "is dynamic (from hatch-requirements-txt): " + err);
    return requirements_txt_ok_;
  }

  void ReadDependencies() {
    const toml::node* n = Get("dependencies");
    std::vector<std::string> reqs;
    std::vector<const toml::node*> nodes;
    if (!n && IsDynamic("dependencies") && UsesRequirementsTxt()) {
      if (!ReadRequirementsTxt()) return;
      nodes.assign(requirements_txt_deps_.size(), DynamicNode("dependencies"));
      CheckRequirements(requirements_txt_deps_, nodes, "project.dependencies",
                        &meta().dependencies);
      return;
    }
    if (!n) {
      if (IsDynamic("dependencies") && SetuptoolsLike()) {
        DynamicError e;
        if (!ResolveDynamicDependencies(p_->dir, p_->doc, &reqs, &e)) {
          Error(e, "project.dependencies", DynamicNode("dependencies"));
          return;
        }
        nodes.assign(reqs.size(), DynamicNode("dependencies"));
        CheckRequirements(reqs, nodes, "project.dependencies", &meta().dependencies);
      }
      return;
    }
    ExpectStringArray(n, "project.dependencies", &reqs, &nodes);
    CheckRequirements(reqs, nodes, "project.dependencies", &meta().dependencies);
  }

  void ReadOptionalDependencies() {
    const toml::node* n = Get("optional-dependencies");
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    std::map<std::string, std::string> seen;  // normalized -> as written
    if (!n && IsDynamic("optional-dependencies") && UsesRequirementsTxt()) {
      if (!ReadRequirementsTxt()) return;
      for (auto& [extra, reqs] : requirements_txt_extras_) {
        std::vector<std::string> good;
        std::vector<const toml::node*> nodes(reqs.size(), DynamicNode("optional-dependencies"));
        CheckRequirements(reqs, nodes, "project.optional-dependencies." + extra, &good);
        meta().optional_dependencies.emplace_back(extra, good);
      }
      return;
    }
    if (!n) {
      if (IsDynamic("optional-dependencies") && SetuptoolsLike()) {
        DynamicError e;
        if (!ResolveDynamicOptionalDependencies(p_->dir, p_->doc, &groups, &e)) {
          Error(e, "project.optional-dependencies", DynamicNode("optional-dependencies"));
          return;
        }
        for (auto& [extra, reqs] : groups) {
          std::vector<std::string> good;
          std::vector<const toml::node*> nodes(reqs.size(), DynamicNode("optional-dependencies"));
          CheckRequirements(reqs, nodes, "project.optional-dependencies." + extra, &good);
          meta().optional_dependencies.emplace_back(extra, good);
        }
      }
      return;
    }
    const toml::table* t = n->as_table();
    if (!t) {
      Error(n, "project.optional-dependencies",
            "must be a table of extra = [requirements], not " + TypeName(*n));
      return;
    }
    for (const auto& [kp, vp] : InFileOrder(*t)) {
      const toml::key& k = *kp;
      const toml::node& v = *vp;
      std::string extra(k.str());
      std::string field = "project.optional-dependencies." + extra;
      if (!IsValidProjectName(extra)) {
        ErrorAt(k.source(), field, "'" + extra + "' is not a valid extra name");
        continue;
      }
      std::string norm = NormalizeExtra(extra);
      if (seen.count(norm)) {
        ErrorAt(k.source(), field,
                "extra '" + extra + "' is the same as '" + seen[norm] + "' once normalized");
        continue;
      }
      seen[norm] = extra;
      std::vector<std::string> reqs, good;
      std::vector<const toml::node*> nodes;
      ExpectStringArray(&v, field, &reqs, &nodes);
      CheckRequirements(reqs, nodes, field, &good);
      meta().optional_dependencies.emplace_back(extra, good);
    }
    // hatchling expands `demo[tests]` in another extra of demo, and refuses a cycle or an extra
    // that does not exist.
    if (meta().backend == Backend::kHatch) {
      std::map<std::string, std::set<std::string>> resolved;
      std::string err;
      if (!HatchOptionalDependencies(meta(), &resolved, &err))
        Error(n, "project.optional-dependencies", err);
    }
  }

  // One [project.scripts]-like table into a group.
  void ReadEntryTable(const toml::node* n, const std::string& field, const std::string& group) {
    const toml::table* t = n->as_table();
    if (!t) {
      Error(n, field, "must be a table of name = \"module:function\", not " + TypeName(*n));
      return;
    }
    EntryPointGroup g;
    g.group = group;
    for (const auto& [kp, vp] : InFileOrder(*t)) {
      const toml::key& k = *kp;
      const toml::node& v = *vp;
      std::string name(k.str()), ref;
      std::string f = field + "." + name;
      if (!ExpectString(&v, f, &ref)) continue;
      if (!IsValidEntryPointName(name)) {
        ErrorAt(k.source(), f, "'" + name + "' is not a valid entry point name");
        continue;
      }
      if (!IsValidEntryPointRef(ref)) {
        Error(
            &v, f,
            "'" + ref + "' is not a valid object reference (expected \"module.sub:object.attr\")");
        continue;
      }
      g.items.emplace_back(name, Trim(ref));
    }
    if (!g.items.empty()) meta().entry_points.push_back(g);
  }

  void ReadEntryPoints() {
    if (const toml::node* n = Get("scripts"))
      ReadEntryTable(n, "project.scripts", "console_scripts");
    if (const toml::node* n = Get("gui-scripts"))
      ReadEntryTable(n, "project.gui-scripts", "gui_scripts");
    const toml::node* n = Get("entry-points");
    if (!n) return;
    const toml::table* t = n->as_table();
    if (!t) {
      Error(n, "project.entry-points", "must be a table of groups, not " + TypeName(*n));
      return;
    }
    for (const auto& [kp, vp] : InFileOrder(*t)) {
      const toml::key& k = *kp;
      const toml::node& v = *vp;
      std::string group(k.str());
      std::string field = "project.entry-points." + group;
      if (group == "console_scripts" || group == "gui_scripts") {
        ErrorAt(
            k.source(), field,
            "the '" + group + "' group is not allowed here; use [project." +
                (group == "console_scripts" ? std::string("scripts") : std::string("gui-scripts")) +
                "]");
        continue;
      }
      if (!IsDottedIdentifier(group) && !IsValidEntryPointName(group)) {
        ErrorAt(k.source(), field, "'" + group + "' is not a valid entry point group name");
        continue;
      }
      ReadEntryTable(&v, field, group);
    }
  }

  // hatchling sorts the scripts, the gui-scripts, the other groups and each group's names
  // (metadata/core.py) and writes console_scripts, gui_scripts, then the others (jupyter-client).
  void SortEntryPointsAsHatchling() {
    std::vector<EntryPointGroup>& groups = meta().entry_points;
    auto rank = [](const EntryPointGroup& g) {
      return g.group == "console_scripts" ? 0 : g.group == "gui_scripts" ? 1 : 2;
    };
    std::stable_sort(groups.begin(), groups.end(),
                     [&](const EntryPointGroup& a, const EntryPointGroup& b) {
                       return rank(a) != rank(b) ? rank(a) < rank(b) : a.group < b.group;
                     });
    for (EntryPointGroup& g : groups) std::sort(g.items.begin(), g.items.end());
  }

  Project* p_;
  std::vector<Diagnostic>* diags_;
  std::string path_;
  const toml::table* project_ = nullptr;
  std::set<std::string> dynamic_;
  std::set<std::string> import_names_seen_;
  std::map<std::string, const toml::node*> dynamic_nodes_;
  bool license_is_expression_ = false;
  std::string legacy_license_file_;
  bool requirements_txt_read_ = false;
  bool requirements_txt_ok_ = false;
  std::vector<std::string> requirements_txt_deps_;
  std::vector<std::pair<std::string, std::vector<std::string>>> requirements_txt_extras_;
};

}  // namespace

const char* BackendName(Backend backend) {
  switch (backend) {
    case Backend::kFlit:
      return "flit";
    case Backend::kHatch:
      return "hatchling";
    case Backend::kSetuptools:
      return "setuptools";
    case Backend::kUv:
      return "uv_build";
    case Backend::kPyrelease:
      return "pyrelease";
    case Backend::kPdm:
      return "pdm-backend";
    case Backend::kPoetry:
      return "poetry-core";
    case Backend::kUnknown:
      return "unknown";
  }
  return "unknown";
}

namespace {

// Reads and parses out->pyproject_path into out->pyproject_text and out->doc; an error names the
// file as `display`.
bool ReadAndParsePyproject(Project* out, const std::string& display,
                           std::vector<Diagnostic>* diags) {
  std::string why;
  if (!ReadRegularFile(out->pyproject_path, &out->pyproject_text, &why)) {
    Diagnostic d;
    d.path = display;
    d.message = "cannot read pyproject.toml: " + why;
    diags->push_back(d);
    return false;
  }
  TomlParseError toml_err;
  if (!ParseToml(out->pyproject_text, out->pyproject_path, &out->doc, &toml_err)) {
    Diagnostic d;
    d.path = display;
    d.line = toml_err.line;
    d.column = toml_err.column;
    d.message = "invalid TOML: " + toml_err.message;
    diags->push_back(d);
    return false;
  }
  return true;
}

bool RegularFileMissing(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) != 0;
}

// setuptools (or its legacy fallback) with no [project] table takes the metadata from setup.cfg.
bool UsesSetupCfgMetadata(const Project& p) {
  if (p.doc.contains("project")) return false;
  auto backend = p.doc.at_path("build-system.build-backend").value<std::string>();
  if (backend && *backend != "setuptools.build_meta" && *backend != kLegacyBackend) return false;
  return HasSetupCfgMetadata(p.dir);
}

void LoadSetupCfgMetadata(Project* p, std::vector<Diagnostic>* diags) {
  SetupCfgProject cfg;
  if (!ReadSetupCfgProject(p->dir, &cfg, diags)) return;
  p->meta = std::move(cfg.meta);
  p->setup_cfg_metadata = true;
  p->setup_cfg_files = std::move(cfg.referenced_files);
  toml::table* tool = p->doc.get_as<toml::table>("tool");
  if (!tool) tool = p->doc.insert_or_assign("tool", toml::table()).first->second.as_table();
  tool->insert_or_assign("setuptools", std::move(cfg.tool_setuptools));
}

}  // namespace

bool LoadProject(const std::string& dir, Project* out, std::vector<Diagnostic>* diags,
                 ParsedPyproject* parsed) {
  std::error_code ec;
  fs::path abs = fs::absolute(dir.empty() ? "." : dir, ec);
  out->dir = abs.lexically_normal().string();
  while (out->dir.size() > 1 && out->dir.back() == '/') out->dir.pop_back();
  out->pyproject_path = out->dir + "/pyproject.toml";
  std::string display = (dir.empty() || dir == ".") ? "pyproject.toml" : dir + "/pyproject.toml";
  size_t before = diags->size();

  out->has_pyproject = !(RegularFileMissing(out->pyproject_path) && HasSetupCfgMetadata(out->dir));
  if (!out->has_pyproject) {
    out->pyproject_text.clear();
    out->doc = toml::table();
  } else if (parsed && parsed->parsed) {
    out->pyproject_text = std::move(parsed->text);
    out->doc = std::move(parsed->doc);
    parsed->parsed = false;
  } else if (!ReadAndParsePyproject(out, display, diags)) {
    return false;
  } else if (IsPoetryLegacyProject(out->doc)) {
    // DecideBuildPath adds the same table to the document it hands over.
    toml::table with_project;
    std::string why;
    const toml::node* at = nullptr;
    if (ParsePoetryLegacyProject(out->pyproject_text, out->pyproject_path, out->doc, &with_project,
                                 &why, &at))
      out->doc = std::move(with_project);
  }
  out->meta = Metadata();
  if (UsesSetupCfgMetadata(*out))
    LoadSetupCfgMetadata(out, diags);
  else
    Loader(out, diags, display).Run();
  // Report in file order, as a reader goes through the file (ties keep the checking order).
  std::stable_sort(diags->begin() + static_cast<std::ptrdiff_t>(before), diags->end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return a.line != b.line ? a.line < b.line : a.column < b.column;
                   });
  for (size_t i = before; i < diags->size(); ++i) {
    if ((*diags)[i].severity == Severity::kError) return false;
  }
  return true;
}
