#include "project/setup_cfg.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/regular_file.h"
#include "core/string_util.h"
#include "project/dynamic_version.h"
#include "spec/license.h"
#include "spec/names.h"
#include "spec/pep440.h"
#include "spec/pep508.h"

namespace {

constexpr char kFileDirective[] = "file:";
constexpr char kAttrDirective[] = "attr:";

// The attributes of setuptools' DistributionMetadata and Distribution (84.2.1, dir() of each):
// a setup.cfg key naming one is applied (ConfigHandler.__setitem__); any other key is ignored
// without a word (the KeyError it raises is suppressed). Those read below are reproduced; the
// rest are reasons.
const std::set<std::string>& MetadataAttributes() {
  static const std::set<std::string> attrs = {"_METHOD_BASENAMES",
                                              "_fullname",
                                              "_write_list",
                                              "author",
                                              "author_email",
                                              "classifiers",
                                              "description",
                                              "download_url",
                                              "extras_require",
                                              "get_author",
                                              "get_author_email",
                                              "get_classifiers",
                                              "get_contact",
                                              "get_contact_email",
                                              "get_description",
                                              "get_download_url",
                                              "get_fullname",
                                              "get_keywords",
                                              "get_licence",
                                              "get_license",
                                              "get_long_description",
                                              "get_maintainer",
                                              "get_maintainer_email",
                                              "get_metadata_version",
                                              "get_name",
                                              "get_obsoletes",
                                              "get_platforms",
                                              "get_provides",
                                              "get_requires",
                                              "get_url",
                                              "get_version",
                                              "install_requires",
                                              "keywords",
                                              "license",
                                              "license_expression",
                                              "license_file",
                                              "license_files",
                                              "long_description",
                                              "long_description_content_type",
                                              "maintainer",
                                              "maintainer_email",
                                              "name",
                                              "obsoletes",
                                              "platforms",
                                              "project_urls",
                                              "provides",
                                              "provides_extras",
                                              "read_pkg_file",
                                              "requires",
                                              "set_classifiers",
                                              "set_keywords",
                                              "set_obsoletes",
                                              "set_platforms",
                                              "set_provides",
                                              "set_requires",
                                              "url",
                                              "version",
                                              "write_pkg_file",
                                              "write_pkg_info"};
  return attrs;
}

// The attributes of setuptools' Distribution (84.2.1, dir()): an [options] key naming one is
// applied; those read below are reproduced, the rest are reasons. (zip_safe is inert: only
// bdist_egg writes the zip-safe flag, and no sdist or wheel carries it.)
const std::set<std::string>& DistributionAttributes() {
  static const std::set<std::string> attrs = {"announce",
                                              "author",
                                              "author_email",
                                              "classifiers",
                                              "cmdclass",
                                              "command_obj",
                                              "command_options",
                                              "command_packages",
                                              "common_usage",
                                              "contact",
                                              "contact_email",
                                              "data_files",
                                              "dependency_links",
                                              "description",
                                              "display_option_names",
                                              "display_options",
                                              "dist_files",
                                              "dump_option_dicts",
                                              "eager_resources",
                                              "entry_points",
                                              "exclude",
                                              "exclude_package",
                                              "exclude_package_data",
                                              "ext_modules",
                                              "ext_package",
                                              "extra_path",
                                              "extras_require",
                                              "fetch_build_egg",
                                              "fetch_build_eggs",
                                              "finalize_options",
                                              "find_config_files",
                                              "fullname",
                                              "global_options",
                                              "handle_display_options",
                                              "have_run",
                                              "headers",
                                              "help",
                                              "help_commands",
                                              "include",
                                              "include_dirs",
                                              "include_package_data",
                                              "install_requires",
                                              "is_pure",
                                              "iter_distribution_names",
                                              "keywords",
                                              "libraries",
                                              "licence",
                                              "license",
                                              "long_description",
                                              "maintainer",
                                              "maintainer_email",
                                              "metadata",
                                              "name",
                                              "namespace_packages",
                                              "negative_opt",
                                              "obsoletes",
                                              "package_data",
                                              "package_dir",
                                              "packages",
                                              "parse_command_line",
                                              "parse_config_files",
                                              "password",
                                              "platforms",
                                              "print_command_list",
                                              "print_commands",
                                              "provides",
                                              "py_modules",
                                              "python_requires",
                                              "reinitialize_command",
                                              "requires",
                                              "run_command",
                                              "run_commands",
                                              "script_args",
                                              "script_name",
                                              "scripts",
                                              "set_defaults",
                                              "setup_requires",
                                              "src_root",
                                              "url",
                                              "use_2to3",
                                              "verbose",
                                              "version",
                                              "want_user_cfg",
                                              "zip_safe"};
  return attrs;
}

// setupcfg.py ConfigHandler._parse_list: one item a line when the value has several lines, else
// `sep`-separated; each stripped, empty ones dropped.
std::vector<std::string> ParseList(const std::string& value, char sep = ',') {
  std::vector<std::string> out;
  for (const std::string& part : Split(value, value.find('\n') != std::string::npos ? '\n' : sep)) {
    std::string item = Trim(part);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// setupcfg.py ConfigHandler._parse_bool.
bool ParseBool(const std::string& value) {
  std::string v = ToLower(value);
  return v == "1" || v == "true" || v == "yes";
}

class Reader {
 public:
  Reader(const std::string& dir, SetupCfgProject* out, std::vector<Diagnostic>* diags)
      : dir_(dir), path_(dir + "/setup.cfg"), out_(out), diags_(diags) {}

  bool Run() {
    std::string text, why;
    if (!ReadRegularFile(path_, &text, &why)) return Error(0, "", "cannot read setup.cfg: " + why);
    // setuptools opens it as UTF-8 text: a byte order mark stays in the first line, which is then
    // no section header (configparser's MissingSectionHeaderError).
    if (StartsWith(text, "\xEF\xBB\xBF"))
      return Error(1, "", "starts with a UTF-8 byte order mark, which setuptools refuses");
    if (!IsValidUtf8(text))
      return Error(0, "", "is not valid UTF-8 (setuptools reads it as UTF-8)");
    std::string err;
    if (!ParseIni(UniversalNewlines(text), "setup.cfg", &ini_, &err)) return Error(0, "", err);
    if (ini_.has_defaults)
      Unreproduced("setup.cfg", "[DEFAULT] adds its keys to every section setuptools reads");
    out_->meta = Metadata();
    out_->meta.backend = Backend::kSetuptools;
    for (const auto& [section, keys] : ini_.order) {
      if (section != "metadata" && section != "options" && !StartsWith(section, "metadata.") &&
          !StartsWith(section, "options."))
        continue;
      for (const std::string& key : keys) {
        if (ini_.Get(section, key).find('%') != std::string::npos)
          Unreproduced(
              Where(section, key),
              "'%' in [" + section + "] " + key +
                  ": setuptools' ConfigParser interpolates it, the native reader does not");
      }
    }
    bool ok = ReadOptions();
    ok = ReadMetadata() && ok;
    ReadBdistWheel();
    for (const auto& [section, keys] : ini_.order) {
      static const std::set<std::string> kRead = {"metadata",
                                                  "options",
                                                  "options.packages.find",
                                                  "options.package_data",
                                                  "options.exclude_package_data",
                                                  "options.extras_require",
                                                  "options.entry_points"};
      if (kRead.count(section) || (section == "options.data_files" && ini_.KeysOf(section).empty()))
        continue;
      if (StartsWith(section, "metadata.") || StartsWith(section, "options."))
        Unreproduced(SectionWhere(section),
                     "[" + section +
                         "] is not read natively (setuptools installs data files "
                         "or refuses the section)");
    }
    return ok;
  }

 private:
  std::string Where(const std::string& section, const std::string& key) const {
    auto it = ini_.key_lines.find(section + "." + key);
    return "setup.cfg" +
           (it == ini_.key_lines.end() ? "" : ":" + std::to_string(it->second) + ":1");
  }
  std::string SectionWhere(const std::string& section) const {
    auto it = ini_.section_lines.find(section);
    return "setup.cfg" +
           (it == ini_.section_lines.end() ? "" : ":" + std::to_string(it->second) + ":1");
  }
  // A key as written: setuptools keeps the case of the names of packages, extras and entry point
  // groups (dist._skip_setupcfg_normalization).
  std::string Spelling(const std::string& section, const std::string& key) const {
    auto it = ini_.key_spellings.find(section + "." + key);
    return it == ini_.key_spellings.end() ? key : it->second;
  }
  void Unreproduced(std::string where, std::string why) {
    out_->unreproduced.emplace_back(std::move(where), std::move(why));
  }
  bool Error(int line, const std::string& field, const std::string& message) {
    Diagnostic d;
    d.path = path_;
    d.line = line;
    d.field = field;
    d.message = message;
    diags_->push_back(d);
    return false;
  }
  bool ErrorAt(const std::string& section, const std::string& key, const std::string& message) {
    auto it = ini_.key_lines.find(section + "." + key);
    return Error(it == ini_.key_lines.end() ? 0 : it->second, section + "." + key, message);
  }

  // The keys of a section as setuptools names them: '-' becomes '_' (dist._enforce_underscore;
  // configparser has lower-cased them already, as dist._enforce_option_lowercase does). Of two
  // spellings of one key the later value wins at the place of the first, as
  // dist._parse_config_files stores both under one name in a dict (aliases such as summary are
  // other names: there ConfigHandler.__setitem__ keeps the first, see ReadMetadata).
  std::vector<std::pair<std::string, std::string>> Entries(const std::string& section) const {
    std::vector<std::pair<std::string, std::string>> out;
    std::map<std::string, size_t> seen;
    for (const std::string& raw : ini_.KeysOf(section)) {
      std::string key = raw;
      std::replace(key.begin(), key.end(), '-', '_');
      auto [it, first] = seen.emplace(key, out.size());
      if (first)
        out.emplace_back(key, raw);
      else
        out[it->second].second = raw;
    }
    return out;
  }

  // setupcfg.py ConfigHandler._parse_file: `file: a, b` is the files' text joined with "\n"
  // (read as UTF-8 text; a missing file is skipped with a warning, one outside the project
  // refused); any other value is itself.
  bool ParseFile(const std::string& section, const std::string& raw_key, const std::string& value,
                 std::string* out) {
    if (!StartsWith(value, kFileDirective)) {
      *out = value;
      return true;
    }
    std::vector<std::string> parts;
    for (const std::string& item : Split(value.substr(sizeof(kFileDirective) - 1), ',')) {
      std::string rel = Trim(item);
      if (!IsRegularFile(dir_ + "/" + rel)) {
        Unreproduced(Where(section, raw_key),
                     "file: '" + rel +
                         "' does not exist: setuptools skips it but lists it for "
                         "the sdist, which the native builder does not reproduce");
        continue;
      }
      std::string text, why;
      if (!ReadProjectFile(dir_, rel, &text, &why))
        return ErrorAt(section, raw_key, "file: '" + rel + "': " + why);
      if (!IsValidUtf8(text))
        return ErrorAt(section, raw_key,
                       "file: '" + rel + "' is not valid UTF-8 (setuptools reads it as UTF-8)");
      parts.push_back(UniversalNewlines(text));
      if (std::find(out_->referenced_files.begin(), out_->referenced_files.end(), rel) ==
          out_->referenced_files.end())
        out_->referenced_files.push_back(rel);
    }
    *out = Join(parts, "\n");
    return true;
  }

  bool ReadMetadata() {
    Metadata& meta = out_->meta;
    static const std::map<std::string, std::string> kAliases = {{"home_page", "url"},
                                                                {"summary", "description"},
                                                                {"classifier", "classifiers"},
                                                                {"platform", "platforms"}};
    std::set<std::string> set;
    bool ok = true;
    bool has_version = false;
    std::vector<std::string> license_patterns;
    bool license_patterns_given = false;
    std::string content_type_key;
    for (const auto& [key0, raw] : Entries("metadata")) {
      const std::string key = kAliases.count(key0) ? kAliases.at(key0) : key0;
      const std::string value = ini_.Get("metadata", raw);
      if (!MetadataAttributes().count(key)) continue;  // setuptools ignores it too
      // An alias of a key set already is skipped (ConfigHandler.__setitem__), unless that value
      // was empty: setuptools skips only a value that is truthy.
      if (set.count(key)) continue;
      if (!value.empty()) set.insert(key);
      std::string text;
      if (key == "name") {
        meta.name = value;
        if (!IsValidProjectName(value))
          ok = ErrorAt("metadata", raw, "name '" + value + "' is not a valid project name") && ok;
      } else if (key == "version") {
        has_version = true;
        ok = ReadVersion(raw, value) && ok;
      } else if (key == "author" || key == "author_email" || key == "maintainer" ||
                 key == "maintainer_email") {
        if (value.empty()) {
          Unreproduced(Where("metadata", raw),
                       key + " is empty: setuptools writes the field with no value");
          continue;
        }
        std::vector<Person>& people = key[0] == 'a' ? meta.authors : meta.maintainers;
        if (EndsWith(key, "_email"))
          people.push_back({"", value});
        else
          people.insert(people.begin(), {value, ""});
      } else if (key == "description") {
        if (!ParseFile("metadata", raw, value, &text)) {
          ok = false;
          continue;
        }
        // _core_metadata.single_line: a summary of several lines keeps its first.
        if (text.find('\n') != std::string::npos) text = Split(Trim(text), '\n')[0];
        meta.summary = text;
      } else if (key == "long_description") {
        if (!ParseFile("metadata", raw, value, &text)) {
          ok = false;
          continue;
        }
        meta.readme.text = text;
      } else if (key == "long_description_content_type") {
        meta.readme.content_type = value;
        content_type_key = raw;
      } else if (key == "license") {
        if (StartsWith(value, kFileDirective))
          ok = ErrorAt("metadata", raw,
                       "file: is not accepted for license (setuptools refuses it too); use "
                       "license_files") &&
               ok;
        meta.license_text = value;
      } else if (key == "license_files") {
        license_patterns_given = true;
        for (const std::string& p : ParseList(value)) license_patterns.push_back(p);
      } else if (key == "license_file") {
        license_patterns_given = true;
        license_file_ = value;
      } else if (key == "url") {
        if (!value.empty()) meta.home_page = value;
        if (value.empty()) Unreproduced(Where("metadata", raw), "url is empty");
      } else if (key == "download_url") {
        if (!value.empty()) meta.download_url = value;
        if (value.empty()) Unreproduced(Where("metadata", raw), "download_url is empty");
      } else if (key == "project_urls") {
        for (const std::string& line : ParseList(value)) {
          size_t eq = line.find('=');
          if (eq == std::string::npos) {
            ok = ErrorAt("metadata", raw,
                         "'" + line + "' is not 'label = URL' (setuptools refuses it too)") &&
                 ok;
            continue;
          }
          meta.urls.emplace_back(Trim(line.substr(0, eq)), Trim(line.substr(eq + 1)));
        }
      } else if (key == "classifiers") {
        if (!ParseFile("metadata", raw, value, &text)) {
          ok = false;
          continue;
        }
        meta.classifiers = ParseList(text);
      } else if (key == "keywords") {
        meta.keywords = ParseList(value);
      } else if (key == "platforms") {
        meta.platforms = ParseList(value);
      } else {
        Unreproduced(Where("metadata", raw), "[metadata] " + key + " is not read natively");
      }
    }
    if (meta.name.empty())
      Unreproduced(SectionWhere("metadata"), "[metadata] has no name: setuptools writes UNKNOWN");
    if (!has_version)
      Unreproduced(SectionWhere("metadata"), "[metadata] has no version: setuptools writes 0.0.0");
    if (!meta.readme.content_type.empty() && meta.readme.text.empty())
      Unreproduced(Where("metadata", content_type_key),
                   "long_description_content_type without a long_description");
    ok = ReadLicenseFiles(license_patterns_given, license_patterns) && ok;
    return ok;
  }

  // dist._finalize_license_files: the patterns given (license_files, then license_file), each
  // expanded and sorted, every match a file; without either, the default patterns.
  bool ReadLicenseFiles(bool given, std::vector<std::string> patterns) {
    if (!license_file_.empty() &&
        std::find(patterns.begin(), patterns.end(), license_file_) == patterns.end())
      patterns.push_back(license_file_);
    if (!given) patterns = {"LICEN[CS]E*", "COPYING*", "NOTICE*", "AUTHORS*"};
    std::set<std::string> files;
    for (const std::string& p : patterns) {
      std::string why;
      if (!ValidateLicenseGlob(p, &why)) {
        Unreproduced("setup.cfg", "license_files pattern '" + p + "': " + why);
        continue;
      }
      std::vector<std::string> found = GlobFiles(dir_, p);
      if (found.empty() && given)
        Unreproduced("setup.cfg", "license_files pattern '" + p +
                                      "' matches no file (setuptools refuses or warns)");
      for (const std::string& f : found)
        if (!EndsWith(f, "~")) files.insert(f);
    }
    out_->meta.license_files.assign(files.begin(), files.end());
    out_->meta.license_files_declared = given;
    return true;
  }

  // setupcfg.py ConfigMetadataHandler._parse_version: `file:` (stripped, PEP 440), `attr:` (read
  // statically here, as setuptools tries first; a value it would import the module for is a
  // reason), or the literal.
  bool ReadVersion(const std::string& raw, const std::string& value) {
    std::string version = value, from;
    if (StartsWith(value, kFileDirective)) {
      if (!ParseFile("metadata", raw, value, &version)) return false;
      version = Trim(version);
    } else if (StartsWith(value, kAttrDirective)) {
      toml::table doc;
      toml::table setuptools = out_->tool_setuptools;
      toml::table dynamic;
      dynamic.insert("version",
                     toml::table{{"attr", Trim(value.substr(sizeof(kAttrDirective) - 1))}});
      setuptools.insert_or_assign("dynamic", std::move(dynamic));
      doc.insert("tool", toml::table{{"setuptools", std::move(setuptools)}});
      DynamicError e;
      if (!ResolveDynamicVersion(dir_, doc, Backend::kSetuptools, out_->meta.name, &version, &from,
                                 &e)) {
        Unreproduced(Where("metadata", raw),
                     "version = " + value + " is not a string literal the native reader finds (" +
                         e.message + "): setuptools imports the module");
        return true;
      }
    }
    std::string normalized, err;
    if (!NormalizeVersion(version, &normalized, &err))
      return ErrorAt("metadata", raw, "version '" + version + "' is not a PEP 440 version: " + err);
    out_->meta.version = normalized;
    return true;
  }

  // The pure wheel's python tag (command/bdist_wheel.py get_tag): [bdist_wheel] python_tag, made
  // py2.py3 by universal (also in the older [wheel] section). A section with any other key stays
  // a reason of the build path (SetupCfgSetsOnlyPythonTag).
  void ReadBdistWheel() {
    std::string tag = ini_.Has("bdist_wheel", "python_tag") ? ini_.Get("bdist_wheel", "python_tag")
                                                            : ini_.Get("bdist_wheel", "python-tag");
    for (const char* section : {"wheel", "bdist_wheel"})
      if (ParseBool(ini_.Get(section, "universal"))) tag = "py2.py3";
    if (tag.empty()) return;
    for (const std::string& part : Split(tag, '.')) {
      if (part.empty() || !std::all_of(part.begin(), part.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0;
          })) {
        Unreproduced(Where("bdist_wheel", "python_tag"), "python_tag '" + tag + "' is not a tag");
        return;
      }
    }
    out_->meta.wheel_python_tag = tag;
  }

  bool ReadRequirements(const std::string& section, const std::string& raw,
                        std::vector<std::string>* out) {
    std::string text;
    if (!ParseFile(section, raw, ini_.Get(section, raw), &text)) return false;
    bool ok = true;
    // setupcfg.py _parse_requirements_list: ';'-separated or one a line, '#' lines dropped.
    for (const std::string& line : ParseList(text, ';')) {
      if (StartsWith(line, "#")) continue;
      std::string err;
      Requirement r;
      if (!ParseRequirement(line, &r, &err)) {
        ok = ErrorAt(section, raw, "'" + line + "' is not a valid requirement: " + err) && ok;
        continue;
      }
      out->push_back(line);
    }
    // One line split at ';' may be one requirement with a marker (the warning setuptools gives).
    if (text.find('\n') == std::string::npos && text.find(';') != std::string::npos)
      Unreproduced(Where(section, raw),
                   "a one-line requirement list with ';': setuptools splits it there");
    return ok;
  }

  bool ReadOptions() {
    toml::table& tool = out_->tool_setuptools;
    bool ok = true;
    bool include_package_data = false;
    std::string packages_value, packages_raw;
    std::set<std::string> set;
    for (const auto& [key, raw] : Entries("options")) {
      const std::string value = ini_.Get("options", raw);
      if (!set.insert(key).second) continue;
      if (key == "packages") {
        packages_value = Trim(value);
        packages_raw = raw;
      } else if (key == "package_dir") {
        toml::table dirs;
        for (const std::string& line : ParseList(value)) {
          size_t eq = line.find('=');
          if (eq == std::string::npos) {
            ok = ErrorAt(
                     "options", raw,
                     "'" + line + "' is not 'package = directory' (setuptools refuses it too)") &&
                 ok;
            continue;
          }
          dirs.insert_or_assign(Trim(line.substr(0, eq)), Trim(line.substr(eq + 1)));
        }
        tool.insert_or_assign("package-dir", std::move(dirs));
      } else if (key == "py_modules") {
        toml::array modules;
        for (const std::string& m : ParseList(value)) modules.push_back(m);
        tool.insert_or_assign("py-modules", std::move(modules));
      } else if (key == "include_package_data") {
        include_package_data = ParseBool(value);
      } else if (key == "zip_safe") {
        // Only bdist_egg writes the zip-safe flag; sdists and wheels never carry it.
      } else if (key == "install_requires") {
        ok = ReadRequirements("options", raw, &out_->meta.dependencies) && ok;
      } else if (key == "python_requires") {
        SpecifierSet s;
        std::string err;
        if (!ParseSpecifierSet(value, &s, &err))
          ok = ErrorAt("options", raw, "'" + value + "' is not a specifier set: " + err) && ok;
        out_->meta.requires_python = value;
      } else if (key == "entry_points") {
        std::string text;
        if (!ParseFile("options", raw, value, &text)) {
          ok = false;
          continue;
        }
        ok = ReadEntryPointsText(text, raw) && ok;
      } else if (DistributionAttributes().count(key) || StartsWith(key, "_") ||
                 StartsWith(key, "get_") || StartsWith(key, "has_")) {
        // Anything else setuptools' Distribution has an attribute (or method) for: applied.
        Unreproduced(Where("options", raw), "[options] " + key + " is not read natively");
      }
      // Other keys: setuptools ignores them too (no Distribution attribute).
    }
    tool.insert_or_assign("include-package-data", include_package_data);
    if (!packages_value.empty()) {
      if (packages_value == "find:" || packages_value == "find_namespace:") {
        toml::table find;
        // setupcfg.py parse_section_packages__find: where (the first only), include, exclude.
        for (const char* k : {"where", "include", "exclude"}) {
          std::vector<std::string> items = ParseList(ini_.Get("options.packages.find", k));
          if (items.empty()) continue;
          if (std::string(k) == "where") items.resize(1);
          toml::array a;
          for (const std::string& s : items) a.push_back(s);
          find.insert(k, std::move(a));
        }
        find.insert("namespaces", packages_value == "find_namespace:");
        tool.insert_or_assign("packages", toml::table{{"find", std::move(find)}});
      } else {
        toml::array names;
        for (const std::string& p : ParseList(packages_value)) names.push_back(p);
        tool.insert_or_assign("packages", std::move(names));
      }
    } else if (!packages_raw.empty()) {
      Unreproduced(Where("options", packages_raw), "packages is empty");
    }
    for (const char* section : {"options.package_data", "options.exclude_package_data"}) {
      if (!ini_.sections.count(section)) continue;
      toml::table data;
      for (const std::string& key : ini_.KeysOf(section)) {
        toml::array globs;
        for (const std::string& g : ParseList(ini_.Get(section, key))) globs.push_back(g);
        // Package names keep their case here; expand.canonic_package_data: "*" is every
        // package, as "" is.
        const std::string package = Spelling(section, key);
        data.insert_or_assign(package == "*" ? "" : package, std::move(globs));
      }
      tool.insert_or_assign(
          std::string(section) == "options.package_data" ? "package-data" : "exclude-package-data",
          std::move(data));
    }
    for (const std::string& raw : ini_.KeysOf("options.extras_require")) {
      std::vector<std::string> deps;
      ok = ReadRequirements("options.extras_require", raw, &deps) && ok;
      out_->meta.optional_dependencies.emplace_back(Spelling("options.extras_require", raw),
                                                    std::move(deps));
    }
    for (const std::string& group : ini_.KeysOf("options.entry_points")) {
      std::string text = "[" + Spelling("options.entry_points", group) + "]\n" +
                         ini_.Get("options.entry_points", group);
      ok = ReadEntryPointsText(text, group, "options.entry_points") && ok;
    }
    return ok;
  }

  // Entry points as importlib.metadata reads their text (setuptools' _entry_points.load): `[group]`
  // lines and `name = value` lines, blank and '#' lines skipped; a name twice in a group is an
  // error.
  bool ReadEntryPointsText(const std::string& text, const std::string& raw,
                           const std::string& section = "options") {
    EntryPointGroup* group = nullptr;
    for (const std::string& line0 : Split(text, '\n')) {
      std::string line = Trim(line0);
      if (line.empty() || line[0] == '#') continue;
      if (line.front() == '[' && line.back() == ']') {
        std::string name = Trim(line.substr(1, line.size() - 2));
        group = nullptr;
        for (auto& g : out_->meta.entry_points)
          if (g.group == name) group = &g;
        if (!group) {
          out_->meta.entry_points.push_back({name, {}});
          group = &out_->meta.entry_points.back();
        }
        continue;
      }
      size_t eq = line.find('=');
      if (!group || eq == std::string::npos)
        return ErrorAt(section, raw, "'" + line + "' is not 'name = module:attr' in a [group]");
      std::string name = Trim(line.substr(0, eq)), value = Trim(line.substr(eq + 1));
      for (const auto& item : group->items)
        if (item.first == name)
          return ErrorAt(section, raw,
                         "entry point '" + name + "' appears twice in group " + group->group);
      group->items.emplace_back(name, value);
    }
    return true;
  }

  const std::string& dir_;
  std::string path_;
  SetupCfgProject* out_;
  std::vector<Diagnostic>* diags_;
  IniFile ini_;
  std::string license_file_;
};

}  // namespace

bool SetsOnlyPythonTag(const std::vector<std::string>& body) {
  for (const std::string& line : body) {
    std::string key = ToLower(Trim(line.substr(0, line.find_first_of("=:"))));
    if (key != "python_tag" && key != "python-tag" && key != "universal") return false;
  }
  return true;
}

bool HasSetupCfgMetadata(const std::string& dir) {
  std::string text, why;
  IniFile ini;
  return ReadRegularFile(dir + "/setup.cfg", &text, &why) &&
         ParseIni(UniversalNewlines(text), "setup.cfg", &ini, &why) &&
         ini.sections.count("metadata") > 0;
}

bool ReadSetupCfgProject(const std::string& dir, SetupCfgProject* out,
                         std::vector<Diagnostic>* diags) {
  *out = SetupCfgProject();
  return Reader(dir, out, diags).Run();
}
