#include "project/poetry_legacy.h"

#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "core/string_util.h"
#include "core/toml_util.h"
#include "spec/names.h"
#include "spec/poetry_constraint.h"

namespace {

// [tool.poetry] keys that do not reach the archives' metadata (groups, sources, the poetry CLI's
// own requirements) or that the file selection reads (packages, include, exclude).
const std::set<std::string>& PassedKeys() {
  static const std::set<std::string> keys = {"packages",        "include",          "exclude",
                                             "group",           "dev-dependencies", "source",
                                             "requires-poetry", "requires-plugins", "package-mode"};
  return keys;
}

// License.classifier for the SPDX ids written exactly so (spdx/license.py and its licenses.json:
// OSI approved; a CLASSIFIER_NAMES name, else none when not CLASSIFIER_SUPPORTED).
const std::map<std::string, std::string>& LicenseClassifiers() {
  static const std::map<std::string, std::string> m = {
      {"MIT", "License :: OSI Approved :: MIT License"},
      {"Apache-2.0", "License :: OSI Approved :: Apache Software License"},
      {"BSD-2-Clause", "License :: OSI Approved :: BSD License"},
      {"BSD-3-Clause", "License :: OSI Approved :: BSD License"},
      {"ISC", "License :: OSI Approved"},
      {"MPL-2.0", "License :: OSI Approved"},
      {"GPL-3.0-only", "License :: OSI Approved :: GNU General Public License v3 (GPLv3)"},
      {"GPL-3.0-or-later",
       "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)"},
      {"LGPL-3.0-or-later",
       "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)"},
  };
  return m;
}

// A TOML basic string.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string QuoteList(const std::vector<std::string>& items) {
  std::vector<std::string> q;
  for (const auto& i : items) q.push_back(Quote(i));
  return "[" + Join(q, ", ") + "]";
}

class Converter {
 public:
  Converter(const toml::table& poetry, std::string* why, const toml::node** at)
      : poetry_(poetry), why_(why), at_(at) {}

  bool Run(std::string* out) {
    for (const auto& [k, v] : poetry_) {
      std::string key(k.str());
      if (PassedKeys().count(key) || Handled().count(key)) continue;
      return Fail(&v, "[tool.poetry] key '" + key + "' is not reproduced natively");
    }
    std::string name, version;
    if (!String("name", &name, true) || !String("version", &version, true)) return false;
    toml_ = "[project]\nname = " + Quote(name) + "\nversion = " + Quote(version) + "\n";
    std::string text;
    if (!String("description", &text, false)) return false;
    if (!text.empty()) toml_ += "description = " + Quote(text) + "\n";
    if (!Readme() || !People("authors") || !People("maintainers")) return false;
    std::vector<std::string> list;
    if (!Strings("keywords", &list)) return false;
    if (!list.empty()) toml_ += "keywords = " + QuoteList(list) + "\n";
    if (!Dependencies() || !License() || !Classifiers() || !Urls() || !Scripts()) return false;
    *out = toml_;
    return true;
  }

 private:
  static const std::set<std::string>& Handled() {
    static const std::set<std::string> keys = {
        "name",     "version",      "description", "readme",   "authors",    "maintainers",
        "keywords", "license",      "classifiers", "homepage", "repository", "documentation",
        "urls",     "dependencies", "extras",      "scripts",  "plugins"};
    return keys;
  }

  bool Fail(const toml::node* node, const std::string& why) {
    *at_ = node;
    *why_ = why;
    return false;
  }

  bool String(const char* key, std::string* out, bool required) {
    const toml::node* n = poetry_.get(key);
    if (!n)
      return required ? Fail(&poetry_, std::string("tool.poetry.") + key + " is missing") : true;
    auto s = n->value<std::string>();
    if (!s) return Fail(n, std::string("tool.poetry.") + key + " must be a string");
    *out = *s;
    return true;
  }

  bool Strings(const char* key, std::vector<std::string>* out) {
    const toml::node* n = poetry_.get(key);
    if (!n) return true;
    const toml::array* a = n->as_array();
    if (!a) return Fail(n, std::string("tool.poetry.") + key + " must be an array of strings");
    for (const auto& e : *a) {
      auto s = e.value<std::string>();
      if (!s) return Fail(&e, std::string("tool.poetry.") + key + " must be an array of strings");
      out->push_back(*s);
    }
    return true;
  }

  // One readme (several are joined by poetry-core, not reproduced).
  bool Readme() {
    const toml::node* n = poetry_.get("readme");
    if (!n) return true;
    std::optional<std::string> path = n->value<std::string>();
    if (const toml::array* a = n->as_array(); a && a->size() == 1)
      path = (*a)[0].value<std::string>();
    if (!path || path->empty())
      return Fail(n, "tool.poetry.readme other than one path is not reproduced natively");
    toml_ += "readme = " + Quote(*path) + "\n";
    return true;
  }

  // The first entry, AUTHOR_REGEX's "name <email>" or "name": poetry-core writes no other.
  bool People(const char* key) {
    std::vector<std::string> people;
    if (!Strings(key, &people)) return false;
    if (people.empty()) return true;
    const std::string& p = people[0];
    std::string name = p, email;
    size_t open = p.find(" <");
    if (open != std::string::npos && !p.empty() && p.back() == '>') {
      name = p.substr(0, open);
      email = p.substr(open + 2, p.size() - open - 3);
    }
    if (name.empty() || name.find_first_of("<>") != std::string::npos ||
        email.find_first_of("<>") != std::string::npos ||
        (open != std::string::npos && email.empty() && p.back() == '>'))
      return Fail(poetry_.get(key), std::string("tool.poetry.") + key + "[0] '" + p +
                                        "' is parsed by poetry-core in a way not reproduced "
                                        "natively");
    toml_ += std::string(key) + " = [{ name = " + Quote(name) +
             (email.empty() ? "" : ", email = " + Quote(email)) + " }]\n";
    return true;
  }

  bool License() {
    if (!String("license", &license_, false)) return false;
    if (license_.empty()) return true;
    auto it = LicenseClassifiers().find(license_);
    if (it == LicenseClassifiers().end())
      return Fail(poetry_.get("license"),
                  "tool.poetry.license '" + license_ +
                      "': its License field and classifier are not reproduced natively (only "
                      "common SPDX ids written in their canonical case)");
    license_classifier_ = it->second;
    toml_ += "license = { text = " + Quote(license_) + " }\n";
    return true;
  }

  bool Classifiers() {
    std::vector<std::string> declared;
    if (!Strings("classifiers", &declared)) return false;
    std::vector<std::string> all = PoetryAllClassifiers(
        declared, license_classifier_, PoetryPythonClassifiers(python_ ? &*python_ : nullptr));
    toml_ += "classifiers = " + QuoteList(all) + "\n";
    return true;
  }

  // homepage, repository, documentation, then [tool.poetry.urls] in file order.
  bool Urls() {
    std::vector<std::pair<std::string, std::string>> urls;
    for (auto [key, label] :
         {std::pair{"homepage", "Homepage"}, std::pair{"repository", "Repository"},
          std::pair{"documentation", "Documentation"}}) {
      std::string url;
      if (!String(key, &url, false)) return false;
      if (!url.empty()) urls.emplace_back(label, url);
    }
    if (const toml::node* n = poetry_.get("urls")) {
      const toml::table* t = n->as_table();
      if (!t) return Fail(n, "tool.poetry.urls must be a table of strings");
      for (const auto& [k, v] : InFileOrder(*t)) {
        auto s = v->value<std::string>();
        std::string label(k->str()), lower = ToLower(label);
        if (!s) return Fail(v, "tool.poetry.urls must be a table of strings");
        if (lower == "homepage" || lower == "repository" || lower == "documentation")
          return Fail(v, "tool.poetry.urls '" + label +
                             "' would be read back as the homepage, repository or documentation");
        urls.emplace_back(label, *s);
      }
    }
    if (urls.empty()) return true;
    toml_ += "[project.urls]\n";
    for (const auto& [label, url] : urls) toml_ += Quote(label) + " = " + Quote(url) + "\n";
    return true;
  }

  // A dependency as the PEP 508 string poetry reads into the same Dependency: name, extras, the
  // range printed back and the marker poetry-core makes of `python`; `optional` is carried apart.
  bool Dependency(const std::string& name, const toml::node& v, std::string* out, bool* optional) {
    std::string constraint, marker;  // marker: from `python`, poetry-core's own rendering
    std::vector<std::string> extras;
    *optional = false;
    if (auto s = v.value<std::string>()) {
      constraint = *s;
    } else if (const toml::table* t = v.as_table()) {
      for (const auto& [k, e] : *t) {
        std::string key(k.str());
        if (key == "version") {
          auto s = e.value<std::string>();
          if (!s) return Fail(&e, "tool.poetry.dependencies." + name + ".version must be a string");
          constraint = *s;
        } else if (key == "optional") {
          auto b = e.value<bool>();
          if (!b) return Fail(&e, "tool.poetry.dependencies." + name + ".optional must be a bool");
          *optional = *b;
        } else if (key == "extras") {
          const toml::array* a = e.as_array();
          for (size_t i = 0; a && i < a->size(); ++i)
            if (auto x = (*a)[i].value<std::string>()) extras.push_back(*x);
          if (!a || extras.size() != a->size())
            return Fail(&e, "tool.poetry.dependencies." + name + ".extras must be strings");
        } else if (key == "python") {
          auto s = e.value<std::string>();
          PoetryRange python;
          std::string why;
          if (!s || !ParsePoetryConstraint(*s, &python, &why) ||
              !PoetryPythonMarker(python, &marker, &why))
            return Fail(&e, "tool.poetry.dependencies." + name + ".python: " +
                                (s ? why : std::string("a constraint other than a string")) +
                                " (not reproduced natively)");
        } else {
          return Fail(&e, "tool.poetry.dependencies." + name + "." + key +
                              " (markers, platform, sources, paths and the like) is not "
                              "reproduced natively");
        }
      }
      if (!t->contains("version"))
        return Fail(&v, "tool.poetry.dependencies." + name + " has no version");
    } else {
      return Fail(&v, "tool.poetry.dependencies." + name +
                          " (several constraints) is not reproduced natively");
    }
    PoetryRange range;
    std::string why;
    if (!ParsePoetryConstraint(constraint, &range, &why))
      return Fail(&v, "tool.poetry.dependencies." + name + ": " + why);
    *out = name + (extras.empty() ? "" : "[" + Join(extras, ",") + "]") + PoetryRangeText(range) +
           (marker.empty() ? "" : "; " + marker);
    return true;
  }

  bool Dependencies() {
    const toml::node* n = poetry_.get("dependencies");
    const toml::table* deps = n ? n->as_table() : nullptr;
    if (n && !deps) return Fail(n, "tool.poetry.dependencies must be a table");
    std::vector<std::string> required;
    std::map<std::string, std::string> optional;  // normalized name -> requirement
    static const toml::table kNone;
    for (const auto& [k, v] : deps ? *deps : kNone) {
      std::string name(k.str());
      if (ToLower(name) == "python") {
        auto s = v.value<std::string>();
        PoetryRange range;
        std::string why;
        if (!s || !ParsePoetryConstraint(*s, &range, &why))
          return Fail(&v, "tool.poetry.dependencies.python: " +
                              (s ? why : std::string("a constraint other than a string")));
        python_ = range;
        continue;
      }
      std::string req;
      bool is_optional = false;
      if (!Dependency(name, v, &req, &is_optional)) return false;
      if (is_optional)
        optional[NormalizeName(name)] = req;
      else
        required.push_back(req);
    }
    if (python_ && !PoetryRangeText(*python_).empty())
      toml_ += "requires-python = " + Quote(PoetryRangeText(*python_)) + "\n";
    if (!required.empty()) toml_ += "dependencies = " + QuoteList(required) + "\n";
    // [tool.poetry.extras]: each names optional dependencies, each in one extra only (poetry-core
    // joins the extras of a dependency named twice into one marker).
    std::string extras_toml;
    std::set<std::string> used;
    if (const toml::node* e = poetry_.get("extras")) {
      const toml::table* t = e->as_table();
      if (!t) return Fail(e, "tool.poetry.extras must be a table of arrays");
      for (const auto& [k, v] : *t) {
        std::vector<std::string> reqs;
        const toml::array* a = v.as_array();
        if (!a) return Fail(&v, "tool.poetry.extras." + std::string(k.str()) + " must be an array");
        for (const auto& item : *a) {
          auto s = item.value<std::string>();
          std::string dep = s ? NormalizeName(*s) : "";
          if (!s || !optional.count(dep) || !used.insert(dep).second)
            return Fail(&item, "tool.poetry.extras." + std::string(k.str()) +
                                   ": an entry that is not one optional dependency named once "
                                   "is not reproduced natively");
          reqs.push_back(optional[dep]);
        }
        extras_toml += Quote(std::string(k.str())) + " = " + QuoteList(reqs) + "\n";
      }
    }
    if (!extras_toml.empty()) extras_toml_ = "[project.optional-dependencies]\n" + extras_toml;
    return true;
  }

  // scripts (console entry points, as strings) and plugins (other entry point groups).
  bool Scripts() {
    std::string scripts, plugins;
    if (const toml::node* n = poetry_.get("scripts")) {
      const toml::table* t = n->as_table();
      if (!t) return Fail(n, "tool.poetry.scripts must be a table");
      for (const auto& [k, v] : *t) {
        auto s = v.value<std::string>();
        if (!s)
          return Fail(&v, "tool.poetry.scripts." + std::string(k.str()) +
                              " as a table (script type, extras) is not reproduced natively");
        scripts += Quote(std::string(k.str())) + " = " + Quote(*s) + "\n";
      }
    }
    if (const toml::node* n = poetry_.get("plugins")) {
      const toml::table* t = n->as_table();
      if (!t) return Fail(n, "tool.poetry.plugins must be a table of tables");
      for (const auto& [group, entries] : *t) {
        std::string g(group.str());
        const toml::table* et = entries.as_table();
        if (!et || g == "console_scripts" || g == "gui_scripts" || g == "console-scripts" ||
            g == "gui-scripts")
          return Fail(&entries, "tool.poetry.plugins." + g + " is not reproduced natively");
        plugins += "[project.entry-points." + Quote(g) + "]\n";
        for (const auto& [k, v] : *et) {
          auto s = v.value<std::string>();
          if (!s) return Fail(&v, "tool.poetry.plugins." + g + " entries must be strings");
          plugins += Quote(std::string(k.str())) + " = " + Quote(*s) + "\n";
        }
      }
    }
    toml_ += extras_toml_;
    if (!scripts.empty()) toml_ += "[project.scripts]\n" + scripts;
    toml_ += plugins;
    return true;
  }

  const toml::table& poetry_;
  std::string* why_;
  const toml::node** at_;
  std::string toml_, extras_toml_, license_, license_classifier_;
  std::optional<PoetryRange> python_;
};

}  // namespace

bool IsPoetryLegacyProject(const toml::table& doc) {
  auto backend = doc.at_path("build-system.build-backend").value<std::string>();
  return backend && *backend == "poetry.core.masonry.api" && !doc.contains("project");
}

bool PoetryLegacyProjectToml(const toml::table& doc, std::string* project_toml, std::string* why,
                             const toml::node** at) {
  *at = nullptr;
  const toml::table* poetry = SubTable(doc, {"tool", "poetry"});
  if (!poetry) {
    *why = "no [tool.poetry] table";
    return false;
  }
  if (auto mode = poetry->get("package-mode"); mode && mode->value<bool>() != std::optional(true)) {
    *at = mode;
    *why = "tool.poetry.package-mode is not true";
    return false;
  }
  return Converter(*poetry, why, at).Run(project_toml);
}

bool ParsePoetryLegacyProject(const std::string& text, const std::string& path,
                              const toml::table& doc, toml::table* out, std::string* why,
                              const toml::node** at) {
  std::string project;
  if (!PoetryLegacyProjectToml(doc, &project, why, at)) return false;
  toml::table parsed;
  TomlParseError err;
  if (!ParseToml(text + "\n" + project, path, &parsed, &err)) {
    *why = "the [project] table poetry-core's reading amounts to does not parse: " + err.message;
    return false;
  }
  *out = std::move(parsed);
  return true;
}
