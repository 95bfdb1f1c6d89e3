#include "project/build_path.h"

#include <sys/stat.h>
#include <toml++/toml.h>

#include <algorithm>
#include <optional>
#include <set>

#include "core/regular_file.h"
#include "core/string_util.h"
#include "core/toml_util.h"
#include "project/backend_config.h"
#include "project/dynamic_version.h"
#include "project/fancy_readme.h"
#include "project/poetry_legacy.h"
#include "project/requirements_txt.h"
#include "project/sdist_links.h"
#include "project/setup_cfg.h"
#include "project/setup_py.h"
#include "project/vcs_version.h"
#include "spec/license.h"
#include "spec/metadata.h"
#include "spec/names.h"
#include "spec/pep440.h"
#include "spec/pep508.h"
#include "spec/poetry_requirement.h"
#include "spec/uv_requirement.h"

namespace {

constexpr char kPyproject[] = "pyproject.toml";

// A section of setup.cfg: its name, the line of its header and its key/value lines.
struct SetupCfgSection {
  std::string name;
  int line = 0;
  std::vector<std::string> body;  // trimmed, without blank and comment lines
};

std::vector<SetupCfgSection> SetupCfgSections(const std::string& text) {
  std::vector<SetupCfgSection> out;
  int line_no = 0;
  for (const std::string& raw : Split(text, '\n')) {
    ++line_no;
    std::string line = Trim(raw);
    if (line.size() >= 3 && line.front() == '[' && line.back() == ']') {
      out.push_back({Trim(line.substr(1, line.size() - 2)), line_no, {}});
    } else if (!out.empty() && !line.empty() && line[0] != '#' && line[0] != ';') {
      out.back().body.push_back(line);
    }
  }
  return out;
}

// The [egg_info] section setuptools' sdist writes into every sdist's setup.cfg
// (egg_info.save_version_info): `tag_build =` and `tag_date = 0`, which add nothing to the version
// (InfoCommon.tags). Any other value, key or spelling is not this stamp.
bool IsSdistEggInfoStamp(const std::vector<std::string>& body) {
  std::set<std::string> entries;
  for (const std::string& line : body) {
    size_t eq = line.find_first_of("=:");
    if (eq == std::string::npos) return false;
    entries.insert(Trim(line.substr(0, eq)) + "=" + Trim(line.substr(eq + 1)));
  }
  return entries == std::set<std::string>{"tag_build=", "tag_date=0"} && body.size() == 2;
}

// The files of an existing <egg base>/<name>.egg-info that setuptools writes or deletes itself
// (its egg_info.writers, the manifest and the zip-safety flags): bdist_wheel's egg2dist copies the
// whole directory into the wheel's .dist-info but for PKG-INFO, requires.txt, SOURCES.txt and
// not-zip-safe, so any other file there (an older setuptools' depends.txt, a plugin's file)
// ships in the wheel. setuptools-scm, when the project configures it, writes scm_version.json
// and scm_file_list.json there and drops them from the wheel (its egg2dist).
bool IsSetuptoolsEggInfoFile(const std::string& name, bool setuptools_scm) {
  if (setuptools_scm && (name == "scm_version.json" || name == "scm_file_list.json")) return true;
  static const std::set<std::string> kWritten = {
      "PKG-INFO",           "SOURCES.txt",   "dependency_links.txt",
      "requires.txt",       "top_level.txt", "entry_points.txt",
      "zip-safe",           "not-zip-safe",  "namespace_packages.txt",
      "eager_resources.txt"};
  return kWritten.count(name) > 0;
}

std::string Where(const toml::node* node) {
  if (!node || node->source().begin.line == 0) return kPyproject;
  return std::string(kPyproject) + ":" + std::to_string(node->source().begin.line) + ":" +
         std::to_string(node->source().begin.column);
}

// A declared backend the native builder implements, and the build requirements it stands for.
struct NativeBackend {
  const char* object;
  const char* label;
  Backend kind;
  std::set<std::string> own_requires;  // normalized names that are the backend itself
  const std::vector<std::string>& (*keys)();
  std::vector<std::string> tables;  // the [tool.*] tables its reader looks at
  // The one release whose output the native rules are (for a backend whose releases differ in
  // it): a build-system.requires that excludes it builds with another.
  const char* reproduced_release = nullptr;
};

const std::vector<NativeBackend>& NativeBackends() {
  static const std::vector<NativeBackend> backends = {
      {"flit_core.buildapi",
       "flit_core",
       Backend::kFlit,
       {"flit-core"},
       FlitImplementedKeys,
       {"tool.flit"}},
      {"hatchling.build",
       "hatchling",
       Backend::kHatch,
       {"hatchling", "hatch-vcs"},
       HatchImplementedKeys,
       {"tool.hatch.build", "tool.hatch.version", "tool.hatch.metadata"},
       "1.33.0"},
      {"setuptools.build_meta",
       "setuptools",
       Backend::kSetuptools,
       {"setuptools", "wheel", "setuptools-scm"},
       SetuptoolsImplementedKeys,
       {"tool.setuptools"}},
      {kLegacyBackend,
       "setuptools",
       Backend::kSetuptools,
       {"setuptools", "wheel", "setuptools-scm"},
       SetuptoolsImplementedKeys,
       {"tool.setuptools"}},
      {"uv_build",
       "uv_build",
       Backend::kUv,
       {"uv-build"},
       UvImplementedKeys,
       {"tool.uv.build-backend"}},
      {"pdm.backend",
       "pdm-backend",
       Backend::kPdm,
       {"pdm-backend"},
       PdmImplementedKeys,
       {"tool.pdm.build", "tool.pdm.version"},
       // The native rules are pdm-backend 2.5.0's (backends.txt); a project pinning another
       // release builds with that release's rules.
       "2.5.0"},
      {"poetry.core.masonry.api",
       "poetry-core",
       Backend::kPoetry,
       {"poetry-core"},
       PoetryImplementedKeys,
       {"tool.poetry"},
       "2.5.0"},
      // pyrelease's own backend (python/pyrelease/backend.py) for CMake-built native projects:
      // its sdist and pure files follow [tool.pyrelease]; the CMake build adds the modules.
      {"pyrelease.backend",
       "pyrelease",
       Backend::kPyrelease,
       {"pyrelease"},
       PyreleaseImplementedKeys,
       {"tool.pyrelease"}},
  };
  return backends;
}

// Backends that exist but are not implemented natively, by their distribution name.
std::string LabelOf(const std::string& object) {
  for (const auto& b : NativeBackends())
    if (object == b.object) return b.label;
  if (object == "mesonpy") return "meson-python";
  if (object == "scikit_build_core.build") return "scikit-build-core";
  if (object == "maturin") return "maturin";
  if (object == "pyrelease") return "pyrelease";
  size_t end = object.find_first_of(".:");
  return object.substr(0, end);
}

// What a plugin in build-system.requires does, for the reason text.
std::string PluginRole(const std::string& name) {
  if (name == "hatch-vcs" || name == "setuptools-scm" || name == "setuptools-git-versioning" ||
      name == "versioneer")
    return "computes the version from the VCS, which the native builder does not do";
  if (name == "hatch-fancy-pypi-readme")
    return "assembles the readme, which the native builder does not do";
  if (name == "cython" || name == "pybind11" || name == "nanobind" || name == "cffi" ||
      name == "numpy" || name == "setuptools-rust" || name == "cmake" || name == "ninja")
    return "is used to build extension modules, which only the backend does";
  return "is a plugin the native builder does not implement";
}

std::vector<std::string> SplitDots(const std::string& s) { return Split(s, '.'); }

bool SegmentsMatch(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                   size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (pattern[i] != "*" && pattern[i] != path[i]) return false;
  return true;
}

class Decider {
 public:
  Decider(const std::string& dir, const toml::table& doc, BuildPathDecision* out)
      : dir_(dir), doc_(doc), out_(out) {}

  // A [tool.poetry]-only project: `converted` when doc_'s [project] table is the one
  // project/poetry_legacy.h made of it, else the reason (at `where`) it was not made.
  void SetPoetryLegacy(bool converted, std::string where, std::string why) {
    poetry_legacy_ = converted;
    poetry_legacy_where_ = std::move(where);
    poetry_legacy_why_ = std::move(why);
  }

  void Reason(std::string where, std::string message) {
    out_->reasons.push_back({std::move(where), std::move(message)});
  }

  // Walks `table` (at dotted `path`) against `keys`: a key that is neither implemented nor on
  // the way to an implemented key is a reason.
  void CheckKeys(const toml::table& table, const std::vector<std::string>& path,
                 const std::vector<std::vector<std::string>>& keys) {
    for (const auto& [k, v] : table) {
      std::vector<std::string> p = path;
      p.emplace_back(k.str());
      std::string dotted = Join(p, ".");
      if (Special(p, dotted, v)) continue;
      bool exact = false, prefix = false;
      for (const auto& pattern : keys) {
        if (pattern.size() == p.size() && SegmentsMatch(pattern, p, p.size())) exact = true;
        if (pattern.size() > p.size() && SegmentsMatch(pattern, p, p.size())) prefix = true;
      }
      if (exact) continue;
      if (prefix && v.is_table()) {
        CheckKeys(*v.as_table(), p, keys);
        continue;
      }
      Reason(Where(&v), "[" + dotted + "] is a setting the native " + out_->backend_label +
                            " builder does not implement");
    }
  }

  // The first project.dependencies or optional-dependencies entry with a URL (`name @ url`).
  const toml::node* FirstDirectReference() const {
    std::vector<const toml::array*> lists = {doc_.at_path("project.dependencies").as_array()};
    if (const toml::table* extras = doc_.at_path("project.optional-dependencies").as_table())
      for (const auto& [name, list] : *extras) lists.push_back(list.as_array());
    for (const toml::array* list : lists) {
      if (!list) continue;
      for (const auto& e : *list) {
        Requirement req;
        std::string err;
        auto s = e.value<std::string>();
        if (s && ParseRequirement(*s, &req, &err) && !req.url.empty()) return &e;
      }
    }
    return nullptr;
  }

  // Hooks, plugins' tables and other keys with a better message than "not implemented".
  bool Special(const std::vector<std::string>& p, const std::string& dotted, const toml::node& v) {
    if (out_->backend_label == "hatchling") {
      // Only the wheel and sdist targets are built through PEP 517.
      if (p.size() == 5 && p[2] == "build" && p[3] == "targets" && p[4] != "wheel" &&
          p[4] != "sdist")
        return true;
      // [tool.hatch.build.hooks.X], [tool.hatch.build.targets.T.hooks.X],
      // [tool.hatch.metadata.hooks.X]
      const bool build_hooks =
          (p.size() == 4 && p[2] == "build" && p[3] == "hooks") ||
          (p.size() == 6 && p[2] == "build" && p[3] == "targets" && p[5] == "hooks");
      const bool metadata_hooks = p.size() == 4 && p[2] == "metadata" && p[3] == "hooks";
      if (build_hooks || metadata_hooks) {
        if (const toml::table* hooks = v.as_table()) {
          for (const auto& [name, hook] : *hooks) {
            // hatch-vcs's build hook (the version file) is reproduced; VcsVersionIsReproduced
            // judges its settings.
            if (dotted == "tool.hatch.build.hooks" && name.str() == "vcs") {
              uses_vcs_ = true;
              continue;
            }
            // hatch-requirements-txt is reproduced when its configuration is one it accepts.
            if (metadata_hooks && name.str() == "requirements_txt") {
              std::string why;
              if (!RequirementsTxtIsReproduced(doc_, &why)) Reason(Where(&hook), why);
              continue;
            }
            // hatch-fancy-pypi-readme is reproduced when every key and regex in it is.
            if (metadata_hooks && name.str() == "fancy-pypi-readme") {
              CheckFancyReadme(hook);
              continue;
            }
            Reason(Where(&hook), "[" + dotted + "." + std::string(name.str()) + "] is a " +
                                     (build_hooks ? "build" : "metadata") + " hook");
          }
        }
        return true;
      }
      if (dotted == "tool.hatch.version.source") {
        auto s = v.value<std::string>();
        if (s && *s == "vcs") {
          uses_vcs_ = true;
        } else if (!s || *s != "regex") {
          Reason(Where(&v),
                 "tool.hatch.version.source = '" + s.value_or("?") +
                     "' is a version source the native builder does not implement (only regex "
                     "and vcs)");
        }
        return true;
      }
      // [tool.hatch.build.sdist] / [tool.hatch.build.wheel] (targets' tables without `targets.`,
      // as domdf-python-tools writes them) are read by no hatchling code: hatchling takes a
      // target's table from tool.hatch.build.targets only, and a plugin that could read them is a
      // reason of its own.
      if (p.size() == 4 && p[2] == "build" && (p[3] == "sdist" || p[3] == "wheel")) return true;
      // core-metadata-version picks hatchling's METADATA writer. 2.5 is hatchling 1.33's default;
      // its 2.4 writer is the same but for the Metadata-Version line (pyrelease writes the lowest
      // version carrying its fields either way) and Import-Name/Import-Namespace, which it drops.
      // Older writers drop or spell other fields differently (License-Expression, License-File).
      if (p.size() == 6 && p[3] == "targets" && p[5] == "core-metadata-version") {
        auto s = v.value<std::string>();
        const bool import_names =
            doc_.at_path("project.import-names") || doc_.at_path("project.import-namespaces");
        if (!s || (*s != "2.5" && *s != "2.4"))
          Reason(Where(&v), "[" + dotted + "] = '" + s.value_or("?") +
                                "' selects a METADATA writer the native builder does not "
                                "reproduce (only 2.4 and 2.5)");
        else if (*s == "2.4" && import_names)
          Reason(Where(&v), "[" + dotted +
                                "] = '2.4' drops project.import-names/import-namespaces, which "
                                "the native builder writes");
        return true;
      }
      // The version scheme and its validate-bump are read only by `hatch version` when it bumps
      // the version (hatchling's cli/version); a build reads the version and never touches them
      // (jupyter-client sets validate-bump = false).
      if (dotted == "tool.hatch.version.scheme" || dotted == "tool.hatch.version.validate-bump")
        return true;
      // allow-direct-references only lets `name @ url` dependencies through hatchling's check:
      // inert when no dependency is one (a direct reference's rendering is not reproduced).
      if (dotted == "tool.hatch.metadata.allow-direct-references") {
        if (!v.is_boolean())
          Reason(Where(&v), "[" + dotted + "] is not a boolean (hatchling refuses it)");
        else if (const toml::node* dep = FirstDirectReference())
          Reason(Where(dep), "a direct reference ('" + dep->value_or(std::string()) + "') under [" +
                                 dotted + "] is not reproduced natively");
        return true;
      }
      // hatch-vcs's options: VcsVersionIsReproduced names those it does not reproduce.
      if (p.size() == 4 && p[2] == "version" &&
          doc_.at_path("tool.hatch.version.source").value_or(std::string()) == "vcs") {
        return true;
      }
    }
    // uv_build has no `include` or `exclude` setting and ignores them without a word (commitizen
    // 4.19.3 sets include; uv_build 0.9.30, 0.10.12, 0.12.24 and 0.13.6 ship the same files).
    if (out_->backend_label == "uv_build" &&
        (dotted == "tool.uv.build-backend.include" || dotted == "tool.uv.build-backend.exclude"))
      return true;
    if (out_->backend_label == "pdm-backend") {
      // pdm-backend's version hook returns at once when project.version is static, and the sdists
      // it writes have it (dep-logic, findpython and pbs-installer keep `source = "scm"`): then
      // every [tool.pdm.version] key is inert.
      if ((dotted == "tool.pdm.version" || StartsWith(dotted, "tool.pdm.version.")) &&
          doc_.at_path("project.version").is_string())
        return true;
      if (dotted == "tool.pdm.build.hooks" || dotted == "tool.pdm.build.custom-hook") {
        Reason(Where(&v), "[" + dotted + "] configures a build hook");
        return true;
      }
      // is-purelib = true is the default (no run-setuptools); false changes the wheel's tag.
      if (dotted == "tool.pdm.build.is-purelib" && v.value<bool>() == std::optional<bool>(true))
        return true;
      if (dotted == "tool.pdm.version.source") {
        auto s = v.value<std::string>();
        if (s && *s == "call")
          Reason(Where(&v),
                 "tool.pdm.version.source = 'call' runs the project's own getter function at "
                 "build time, which only pdm-backend does");
        else if (!s || *s != "file")
          Reason(Where(&v), "tool.pdm.version.source = '" + s.value_or("?") +
                                "' is a version source the native builder does not implement "
                                "(only file)");
        return true;
      }
    }
    if (out_->backend_label == "poetry-core" && dotted == "tool.poetry.build") {
      Reason(Where(&v),
             "[tool.poetry.build] configures a build script or setup.py generation, "
             "which only poetry-core runs");
      return true;
    }
    if (out_->backend_label == "setuptools" && dotted == "tool.setuptools.ext-modules") {
      Reason(Where(&v),
             "[tool.setuptools.ext-modules] declares C extensions, which only setuptools builds");
      return true;
    }
    return false;
  }

  void CheckFancyReadme(const toml::node& hook) {
    const std::string what = "[tool.hatch.metadata.hooks.fancy-pypi-readme] is a metadata hook";
    if (!ListsDynamic(doc_, "readme")) {
      // hatchling runs it only with a dynamic field, and then refuses a readme it sets.
      Reason(Where(&hook), what + " and project.dynamic does not list readme");
      return;
    }
    Readme readme;
    FancyReadmeProblem problem;
    if (RenderFancyReadme(dir_, doc_, "", "", &readme, &problem) ==
        FancyReadmeOutcome::kUnreproducible)
      Reason(Where(problem.node ? problem.node : &hook),
             what + " the native builder cannot reproduce here: " + problem.field + " " +
                 problem.message);
  }

  void CheckRequires(const NativeBackend* native, const toml::array* requires_array) {
    if (!requires_array) return;
    for (const auto& e : *requires_array) {
      auto s = e.value<std::string>();
      if (!s) continue;
      Requirement req;
      std::string err;
      if (!ParseRequirement(*s, &req, &err)) {
        Reason(Where(&e),
               "build-system.requires entry '" + *s + "' is not a valid requirement: " + err);
        continue;
      }
      std::string name = NormalizeName(req.name);
      if (native && native->own_requires.count(name)) continue;
      // The hook's table decides (CheckFancyReadme); without one the plugin does nothing.
      if (native && native->kind == Backend::kHatch &&
          (name == "hatch-fancy-pypi-readme" || name == "hatch-requirements-txt"))
        continue;
      Reason(Where(&e),
             "build-system.requires names '" + *s + "': " + name + " " + PluginRole(name));
    }
  }

  // The native rules are one release's (hatchling 1.33, poetry-core 2.5); an older hatchling
  // writes other metadata (anthropic 2.14 requires hatchling==1.26.3, which writes `License:` and
  // no License-File), so a requirement that excludes that release builds with the backend.
  void CheckReproducedRelease(const NativeBackend& native, const toml::array* requires_array) {
    if (!native.reproduced_release || !requires_array) return;
    const std::string name = native.label;  // the distribution's name for these backends
    for (const auto& e : *requires_array) {
      Requirement req;
      auto s = e.value<std::string>();
      if (s && ParseRequirement(*s, &req, nullptr) && NormalizeName(req.name) == name &&
          !req.specifier.Contains(native.reproduced_release))
        Reason(Where(&e), "build-system.requires '" + *s + "' excludes " + name + " " +
                              native.reproduced_release +
                              ", whose output the native builder reproduces");
    }
  }

  // flit_core imports the module when a dynamic version or description is not a literal in it;
  // the native builder reads files only.
  void CheckFlitModuleImport() {
    const toml::array* dynamic = doc_.at_path("project.dynamic").as_array();
    auto name = doc_.at_path("project.name").value<std::string>();
    if (!dynamic || !name) return;
    const toml::node *version = nullptr, *description = nullptr;
    for (const auto& e : *dynamic) {
      if (e.value<std::string>() == "version") version = &e;
      if (e.value<std::string>() == "description") description = &e;
    }
    std::string why;
    if (description && FlitReadsModuleByImport(dir_, doc_, *name, false, true, &why))
      Reason(Where(description), why);
    else if (version && FlitReadsModuleByImport(dir_, doc_, *name, true, false, &why))
      Reason(Where(version), why);
  }

  // What setuptools makes of setup.cfg's [metadata] and [options] that the native reader does
  // not reproduce; [tool.setuptools] without [project] is not read natively either.
  void CheckSetupCfgMetadata() {
    SetupCfgProject cfg;
    std::vector<Diagnostic> diags;
    if (!ReadSetupCfgProject(dir_, &cfg, &diags))
      for (const Diagnostic& d : diags)
        Reason("setup.cfg" + (d.line ? ":" + std::to_string(d.line) + ":1" : std::string()),
               d.message + " (setuptools reports it)");
    for (const auto& [where, why] : cfg.unreproduced) Reason(where, why);
    // setuptools-scm replaces setup.cfg's version (and its file finder the file list).
    if (RequiresSetuptoolsScm(doc_) || doc_.at_path("tool.setuptools_scm").node())
      Reason(kPyproject,
             "setuptools-scm beside setup.cfg's [metadata] without [project] is not reproduced "
             "natively");
    if (const toml::node* t = doc_.at_path("tool.setuptools").node())
      Reason(Where(t),
             "[tool.setuptools] beside setup.cfg's [metadata] without [project] is not read "
             "natively");
  }

  void CheckSetuptoolsFiles(bool scm_required) {
    if (SetupPyMayChangeTheBuild(dir_))
      Reason("setup.py", "setup.py is present: setuptools runs it (only a bare setup() is native)");
    const bool scm = scm_required || doc_.at_path("tool.setuptools_scm").node();
    // setuptools-scm's egg-info and wheel hooks run for a project that configures it.
    const bool scm_configured =
        ReadVcsVersionConfig(doc_, Backend::kSetuptools).plugin == VcsPlugin::kSetuptoolsScm;
    // An egg-info left by an earlier build (an unpacked sdist ships one) at either egg base.
    for (const std::string base : {"", "src/"}) {
      for (const std::string& egg : DirectoryNames(dir_ + "/" + base)) {
        if (!EndsWith(egg, ".egg-info")) continue;
        for (const std::string& f : DirectoryNames(dir_ + "/" + base + egg))
          if (!IsSetuptoolsEggInfoFile(f, scm_configured))
            Reason(base + egg + "/" + f,
                   "setuptools copies this file of an earlier build's egg-info into the wheel's "
                   ".dist-info; the native builder does not (delete it to build natively)");
      }
    }
    std::string cfg;
    std::string err;
    if (IsRegularFile(dir_ + "/setup.cfg") && ReadFile(dir_ + "/setup.cfg", &cfg, &err)) {
      // Sections setuptools turns into metadata, files or tags ([wheel] is bdist_wheel's older
      // name for `universal`); tool sections (flake8, ...) are inert.
      static const std::vector<std::string> kSections = {"metadata", "options",   "bdist_wheel",
                                                         "wheel",    "sdist",     "egg_info",
                                                         "build_py", "build_ext", "global"};
      for (const SetupCfgSection& sec : SetupCfgSections(cfg)) {
        const std::string where = "setup.cfg:" + std::to_string(sec.line) + ":1";
        const std::string head = sec.name.substr(0, sec.name.find('.'));
        if (std::find(kSections.begin(), kSections.end(), head) == kSections.end()) continue;
        // [metadata], [options*] and the wheel's python tag of a project without [project]:
        // CheckSetupCfgMetadata.
        if (setup_cfg_metadata_ && (head == "metadata" || head == "options")) continue;
        if (setup_cfg_metadata_ && (sec.name == "bdist_wheel" || sec.name == "wheel") &&
            SetsOnlyPythonTag(sec.body))
          continue;
        if (sec.name == "egg_info" && IsSdistEggInfoStamp(sec.body)) {
          // The stamp every setuptools sdist carries changes no version; what an unpacked sdist
          // adds is its egg-info's SOURCES.txt, which the native sdist starts from as setuptools
          // does. setuptools-scm, when configured, reads its fallbacks there instead
          // (project/scm_fallback.h: VcsVersionIsReproduced names what is not reproduced). Merely
          // installed, its file finder still runs over the unpacked sdist, which is not.
          if (scm && !scm_configured)
            Reason(where,
                   "[egg_info] of an unpacked sdist with setuptools-scm in build-system.requires "
                   "but not configured (no [tool.setuptools_scm], no dynamic version): its file "
                   "finder over the sdist is not reproduced natively");
          continue;
        }
        Reason(where, "[" + sec.name + "] in setup.cfg is read by setuptools");
      }
    }
    if (doc_.at_path("tool.setuptools_scm").node()) uses_vcs_ = true;
  }

  // What pdm-backend does beyond its [tool.pdm.*] keys: a local hook script, metadata it renders
  // differently, file rules that depend on the tree.
  void CheckPdm() {
    if (IsRegularFile(dir_ + "/pdm_build.py"))
      Reason("pdm_build.py", "pdm_build.py is a build hook script pdm-backend runs");
    const toml::table* project = doc_.get_as<toml::table>("project");
    if (!project) return;
    for (const char* key : {"import-names", "import-namespaces"})
      if (const toml::node* n = project->get(key))
        Reason(Where(n), std::string("project.") + key +
                             " is written by pdm-backend in a form not reproduced natively");
    if (const toml::node* r = project->get("readme"); r && r->is_string()) {
      std::string f = r->as_string()->get();
      if (!EndsWith(f, ".md") && !EndsWith(f, ".rst"))
        Reason(Where(r), "project.readme '" + f +
                             "': pdm-backend infers a content type only for .md and .rst");
    }
    auto check_deps = [&](const toml::array* deps) {
      if (!deps) return;
      for (const auto& d : *deps)
        if (auto s = d.value<std::string>(); s && s->find('$') != std::string::npos)
          Reason(Where(&d), "'" + *s + "': pdm-backend expands ${...} variables in dependencies");
    };
    check_deps(project->get_as<toml::array>("dependencies"));
    if (const toml::table* opt = project->get_as<toml::table>("optional-dependencies"))
      for (const auto& [name, deps] : *opt) check_deps(deps.as_array());
    if (!project->contains("version") && !doc_.at_path("tool.pdm.version").is_table())
      Reason(Where(project),
             "no project.version and no [tool.pdm.version]: pdm-backend writes 0.0.0");
    Project p;
    p.dir = dir_;
    p.doc = doc_;
    std::string why;
    if (!PdmBuildIsReproduced(p, &why)) Reason(kPyproject, why);
  }

  // What poetry-core renders beyond its file choice: generated classifiers, the first author
  // parsed back from "name <email>", dependencies re-printed from its own constraint model.
  void CheckPoetry() {
    const toml::table* project = doc_.get_as<toml::table>("project");
    if (!project) return;
    // A dynamic 'classifiers' is generated as for none (below); other fields come from
    // [tool.poetry] or a plugin.
    if (const toml::array* dynamic = project->get_as<toml::array>("dynamic"))
      for (const auto& e : *dynamic)
        if (e.value<std::string>() != std::optional<std::string>("classifiers") ||
            project->contains("classifiers"))
          Reason(Where(&e), "project.dynamic lists '" + e.value<std::string>().value_or("?") +
                                "', which poetry-core fills from [tool.poetry] or a plugin");
    // Without classifiers (or with none) poetry-core generates them (PoetryGeneratedClassifiers).
    const toml::array* classifiers = project->get_as<toml::array>("classifiers");
    if (!project->contains("classifiers") || (classifiers && classifiers->empty())) {
      std::vector<std::string> generated;
      std::string why;
      const toml::node* at = nullptr;
      if (!PoetryGeneratedClassifiers(doc_, &generated, &why, &at))
        Reason(Where(at ? at : project), why);
    }
    // The [project] made of [tool.poetry] holds its license id as a {text} table.
    if (const toml::node* l = project->get("license"); l && l->is_table() && !poetry_legacy_)
      Reason(Where(l),
             "a project.license table is written by poetry-core as a License field in "
             "a form not reproduced natively");
    if (const toml::node* r = project->get("readme"); r && r->is_string()) {
      std::string f = r->as_string()->get();
      if (!EndsWith(f, ".md") && !EndsWith(f, ".rst") && !EndsWith(f, ".txt"))
        Reason(Where(r), "project.readme '" + f +
                             "': poetry-core's content type for this suffix is not reproduced");
    }
    if (auto v = project->get("version") ? project->get("version")->value<std::string>()
                                         : std::nullopt) {
      std::string norm;
      if (NormalizeVersion(*v, &norm, nullptr) && norm != *v)
        Reason(Where(project->get("version")), "project.version '" + *v +
                                                   "' is not in normal form (poetry-core prints '" +
                                                   norm + "' its own way)");
    }
    if (auto rp = project->get("requires-python")
                      ? project->get("requires-python")->value<std::string>()
                      : std::nullopt) {
      SpecifierSet set;
      bool lower3 = false;
      if (ParseSpecifierSet(*rp, &set, nullptr))
        for (const auto& s : set.specs)
          lower3 = lower3 || ((s.op == ">=" || s.op == ">" || s.op == "~=" || s.op == "==") &&
                              !s.parsed.release.empty() && s.parsed.release[0] >= 3);
      if (!SpecifierAllowsMajor(*rp, 2) && !lower3)
        Reason(Where(project->get("requires-python")),
               "requires-python '" + *rp +
                   "': whether poetry-core tags the wheel py2.py3 is not decided natively");
    }
    for (const char* key : {"authors", "maintainers"}) {
      const toml::array* people = project->get_as<toml::array>(key);
      const toml::table* first = people && !people->empty() ? (*people)[0].as_table() : nullptr;
      if (!first) continue;
      for (const char* field : {"name", "email"}) {
        auto s = first->get_as<std::string>(field);
        if (!s) continue;
        std::string text = s->get();
        bool odd = text != Trim(text) || text.find_first_of("<>\n\r\t") != std::string::npos;
        // combine_unicode (NFC): only ASCII and Latin-1 letters are known to be unchanged.
        for (size_t i = 0; i < text.size(); ++i) {
          unsigned char c = static_cast<unsigned char>(text[i]);
          if (c >= 0x80 && !((c == 0xC2 || c == 0xC3) && i + 1 < text.size())) odd = true;
          if (c == 0xC2 || c == 0xC3) ++i;
        }
        if (odd)
          Reason(Where(s), std::string("project.") + key + "[0]." + field + " '" + text +
                               "' is parsed back by poetry-core in a way not reproduced natively");
      }
    }
    // License files: pathlib's glob (poetry-core) lets '*' match a hidden name, the native glob
    // does not: a hidden file a pattern matches is a reason.
    std::vector<std::pair<std::string, const toml::node*>> license_globs;
    if (const toml::array* lf = project->get_as<toml::array>("license-files")) {
      for (const auto& e : *lf)
        if (auto g = e.value<std::string>(); g && g->find_first_of("*?[") != std::string::npos)
          license_globs.emplace_back(*g, &e);
    } else {
      license_globs.emplace_back("LICENSES/**/*", project);
    }
    for (const auto& [glob, node] : license_globs) {
      std::string prefix = glob.substr(0, glob.find_first_of("*?["));
      prefix = prefix.substr(0, prefix.rfind('/') == std::string::npos ? 0 : prefix.rfind('/'));
      for (std::string f : ListFilesOnDisk(dir_, prefix.empty() ? "." : prefix)) {
        if (StartsWith(f, "./")) f = f.substr(2);
        if ((f[0] != '.' && f.find("/.") == std::string::npos) || !GlobMatch(glob, f)) continue;
        Reason(Where(node), "license file '" + f + "' is hidden: poetry-core's pathlib glob '" +
                                glob + "' matches it, the native glob does not");
        break;
      }
    }
    auto check_deps = [&](const toml::array* deps, const std::string& extra) {
      if (!deps) return;
      for (const auto& d : *deps) {
        auto s = d.value<std::string>();
        std::string text, why;
        if (s && !PoetryRequiresDist(*s, extra, &text, &why))
          Reason(Where(&d), "dependency '" + *s + "': " + why);
      }
    };
    check_deps(project->get_as<toml::array>("dependencies"), "");
    if (const toml::table* opt = project->get_as<toml::table>("optional-dependencies"))
      for (const auto& [name, deps] : *opt) check_deps(deps.as_array(), NormalizeName(name.str()));
    std::string why;
    const toml::node* at = nullptr;
    if (!PoetryBuildIsReproduced(dir_, doc_, &why, &at)) Reason(Where(at), why);
  }

  // uv_build writes a dependency's environment marker in its own normal form (uv-secure 0.17.2:
  // `tomli; python_version < '3.11'` becomes `tomli ; python_full_version < '3.11'`); the native
  // writer reproduces the forms spec/uv_requirement.h lists: the first other one is the reason.
  void CheckUvMarkers() {
    std::vector<const toml::array*> lists;
    if (const toml::array* deps = doc_.at_path("project.dependencies").as_array())
      lists.push_back(deps);
    if (const toml::table* opt = doc_.at_path("project.optional-dependencies").as_table())
      for (const auto& [extra, deps] : *opt)
        if (const toml::array* a = deps.as_array()) lists.push_back(a);
    for (const toml::array* list : lists) {
      for (const auto& e : *list) {
        auto s = e.value<std::string>();
        Requirement r;
        std::string text;
        if (!s || !ParseRequirement(*s, &r, nullptr) || UvRequiresDist(r, "", &text)) continue;
        Reason(Where(&e), "dependency '" + *s +
                              "' is written by uv_build in its own normal form, " +
                              (r.marker.empty() ? std::string("which for '===' the native writer "
                                                              "does not reproduce")
                                                : std::string("which for markers the native writer "
                                                              "reproduces only for simple "
                                                              "comparisons joined by 'and'")));
        return;
      }
    }
  }

  void Run(bool has_project_table) {
    const toml::table* bs = doc_.get_as<toml::table>("build-system");
    const toml::node* backend_node = bs ? bs->get("build-backend") : nullptr;
    const toml::array* requires_array = bs ? bs->get_as<toml::array>("requires") : nullptr;
    const bool has_pyrelease = doc_.at_path("tool.pyrelease").is_table();
    if (auto b = backend_node ? backend_node->value<std::string>() : std::nullopt) {
      out_->build_backend = *b;
    } else {
      out_->build_backend = kLegacyBackend;
      out_->legacy_fallback = true;
    }
    if (requires_array) {
      for (const auto& e : *requires_array)
        if (auto s = e.value<std::string>()) out_->build_requires.push_back(*s);
    } else if (!bs) {
      out_->build_requires.push_back(kLegacyRequires);
    }
    if (bs) {
      if (const toml::array* bp = bs->get_as<toml::array>("backend-path"))
        for (const auto& e : *bp)
          if (auto s = e.value<std::string>()) out_->backend_path.push_back(*s);
    }

    // pyrelease's own configuration with no backend named: the user asked for pyrelease's rules.
    if (out_->legacy_fallback && has_pyrelease) {
      out_->backend_label = "pyrelease";
      std::vector<std::vector<std::string>> keys;
      for (const auto& k : PyreleaseImplementedKeys()) keys.push_back(SplitDots(k));
      CheckKeys(*doc_.at_path("tool.pyrelease").as_table(), {"tool", "pyrelease"}, keys);
      return;
    }

    const NativeBackend* native = nullptr;
    for (const auto& b : NativeBackends())
      if (out_->build_backend == b.object) native = &b;
    out_->backend_label = LabelOf(out_->build_backend);
    if (!native) {
      Reason(Where(backend_node), "build-backend '" + out_->build_backend + "' (" +
                                      out_->backend_label + ") is not implemented natively");
      return;
    }
    if (!out_->backend_path.empty())
      Reason(Where(bs->get("backend-path")), "build-system.backend-path loads an in-tree backend");
    // setuptools without [project] reads setup.cfg's [metadata] and [options]
    // (project/setup_cfg.h), which the native reader reproduces key by key.
    setup_cfg_metadata_ =
        !has_project_table && native->kind == Backend::kSetuptools && HasSetupCfgMetadata(dir_);
    // With a setup.py, its setup() call may set any of it: setup.py is the reason then (a bare
    // setup() sets nothing: project/setup_py.h).
    if (setup_cfg_metadata_ && !SetupPyMayChangeTheBuild(dir_)) CheckSetupCfgMetadata();
    // No [project] and nothing else naming the project is the loader's error, not a backend's job.
    const bool setup_files =
        IsRegularFile(dir_ + "/setup.py") || IsRegularFile(dir_ + "/setup.cfg");
    if (!has_project_table && native->kind == Backend::kPoetry && !poetry_legacy_why_.empty()) {
      Reason(poetry_legacy_where_, "poetry-core without [project]: " + poetry_legacy_why_);
      return;
    }
    if (!has_project_table && !setup_cfg_metadata_ && (!out_->legacy_fallback || setup_files)) {
      Reason(kPyproject, "pyproject.toml has no [project] table: " + out_->backend_label +
                             " takes the metadata from elsewhere");
      return;
    }
    // pyrelease.backend's other requirements (pybind11, nanobind, numpy) serve the CMake build of
    // the modules, not the file choice the native builder makes.
    if (native->kind != Backend::kPyrelease) CheckRequires(native, requires_array);
    CheckReproducedRelease(*native, requires_array);
    if (native->kind == Backend::kFlit) CheckFlitModuleImport();
    const bool scm_required = RequiresSetuptoolsScm(doc_);
    if (native->kind == Backend::kSetuptools) CheckSetuptoolsFiles(scm_required);
    if (native->kind == Backend::kPdm) CheckPdm();
    if (native->kind == Backend::kPoetry) CheckPoetry();
    if (native->kind == Backend::kUv) CheckUvMarkers();
    std::vector<std::vector<std::string>> keys;
    for (const auto& k : native->keys()) keys.push_back(SplitDots(k));
    for (const auto& t : native->tables) {
      // The legacy reading refused every [tool.poetry] key it does not reproduce.
      if (poetry_legacy_ && t == "tool.poetry") continue;
      if (const toml::table* table = doc_.at_path(t).as_table())
        CheckKeys(*table, SplitDots(t), keys);
    }
    if (uses_vcs_ || scm_required) {
      // Versions from git: natively only with the plugins' default schemes (project/vcs_version.h).
      Project project;
      project.dir = dir_;
      project.doc = doc_;
      project.meta.backend = native->kind;
      std::string why;
      if (!VcsVersionIsReproduced(project, &why)) Reason(kPyproject, why);
    }
    // Dynamic fields: those the native readers resolve are resolved by the loader; any other is
    // either supplied by a hook or plugin (already a reason above) or an error in the backend
    // too, which the loader reports with its position. No reason of their own, then.
  }

 private:
  const std::string& dir_;
  const toml::table& doc_;
  BuildPathDecision* out_;
  bool poetry_legacy_ = false;
  std::string poetry_legacy_where_, poetry_legacy_why_;
  bool uses_vcs_ =
      false;  // hatch-vcs or setuptools-scm configured: judged by VcsVersionIsReproduced
  bool setup_cfg_metadata_ = false;  // setuptools reads the metadata from setup.cfg
};

}  // namespace

std::string BuildPathDecision::Summary() const {
  if (native()) return "native (" + backend_label + "): every setting is reproduced";
  std::string s = "pep517 (" + backend_label + "): " + reasons.front().Text();
  if (reasons.size() > 1) s += " (and " + std::to_string(reasons.size() - 1) + " more)";
  return s;
}

std::string BuildPathDecision::NativeRefusal() const {
  std::string msg = "--backend native: the native builder cannot reproduce what " + backend_label +
                    " builds for this project:";
  for (const auto& r : reasons) msg += "\n  " + r.Text();
  return msg;
}

bool DecideBuildPath(const std::string& dir, BuildPathDecision* out, std::vector<Diagnostic>* diags,
                     ParsedPyproject* parsed) {
  *out = BuildPathDecision();
  const std::string path = dir + "/" + kPyproject;
  if (!IsRegularFile(path)) {
    out->build_backend = kLegacyBackend;
    out->backend_label = "setuptools";
    out->legacy_fallback = true;
    out->build_requires = {kLegacyRequires};
    if (!IsRegularFile(dir + "/setup.py") && !IsRegularFile(dir + "/setup.cfg")) {
      diags->push_back(
          {Severity::kError, dir, 0, 0, "",
           "no pyproject.toml, setup.py or setup.cfg: not a Python project directory"});
      return false;
    }
    // The fallback reads setup.cfg's [metadata] as setuptools.build_meta does (the legacy
    // backend differs only in running setup.py, which is a reason of its own).
    if (HasSetupCfgMetadata(dir)) {
      const toml::table empty;
      *out = BuildPathDecision();
      Decider(dir, empty, out).Run(false);
      return true;
    }
    out->reasons.push_back(
        {IsRegularFile(dir + "/setup.py") ? "setup.py" : "setup.cfg",
         std::string("no pyproject.toml: the PEP 517 fallback ") + kLegacyBackend + " builds it"});
    return true;
  }
  std::string text, err;
  if (!ReadFile(path, &text, &err)) {
    diags->push_back({Severity::kError, path, 0, 0, "", err});
    return false;
  }
  toml::table doc;
  TomlParseError toml_err;
  if (!ParseToml(text, path, &doc, &toml_err)) {
    diags->push_back({Severity::kError, kPyproject, toml_err.line, toml_err.column, "",
                      "invalid TOML: " + toml_err.message});
    return false;
  }
  if (const toml::node* bs = doc.get("build-system")) {
    const toml::table* t = bs->as_table();
    const toml::node* bb = t ? t->get("build-backend") : nullptr;
    const toml::node* rq = t ? t->get("requires") : nullptr;
    std::string problem;
    const toml::node* at = bs;
    if (!t)
      problem = "[build-system] must be a table";
    else if (bb && !bb->is_string())
      problem = "build-system.build-backend must be a string", at = bb;
    else if (rq && !rq->is_array())
      problem = "build-system.requires must be an array of strings", at = rq;
    if (!problem.empty()) {
      diags->push_back({Severity::kError, kPyproject, static_cast<int>(at->source().begin.line),
                        static_cast<int>(at->source().begin.column), "build-system", problem});
      return false;
    }
  }
  bool poetry_legacy = false;
  std::string legacy_where, legacy_why;
  if (IsPoetryLegacyProject(doc)) {
    toml::table with_project;
    const toml::node* at = nullptr;
    poetry_legacy = ParsePoetryLegacyProject(text, path, doc, &with_project, &legacy_why, &at);
    legacy_where = at ? Where(at) : kPyproject;
    if (poetry_legacy) doc = std::move(with_project);
  }
  Decider decider(dir, doc, out);
  decider.SetPoetryLegacy(poetry_legacy, legacy_where, legacy_why);
  decider.Run(doc.get("project") != nullptr);
  if (parsed) {
    parsed->text = std::move(text);
    parsed->doc = std::move(doc);
    parsed->parsed = true;
  }
  return true;
}

void AddFileSelectionReasons(const FileSelection& selection, bool sdist,
                             BuildPathDecision* decision) {
  if (sdist)
    for (const auto& [path, why] : SdistLinksOf(selection).unsupported)
      decision->reasons.push_back(
          {path,
           "is a symbolic link " + decision->backend_label +
               " stores as a link in the sdist, which the native writer does not reproduce: " +
               why});
  for (const auto& [path, why] : selection.unreproduced) decision->reasons.push_back({path, why});
  for (const std::string& path : selection.dir_links)
    decision->reasons.push_back(
        {path, "is a symbolic link to a directory: the native file walk never follows it, and " +
                   decision->backend_label +
                   "'s may (hatchling ships the target's files under it)"});
}

bool AddComputedVersionReason(const std::vector<Diagnostic>& diags, BuildPathDecision* decision) {
  const Diagnostic* version_error = nullptr;
  for (const Diagnostic& d : diags) {
    if (d.severity != Severity::kError) continue;
    // flit_core reads the docstring through the same import when its static read of the module
    // fails (pyparsing's `__doc__ = """..."""` beside a computed __version__): that error goes
    // with the version's.
    if (d.field == "project.description") continue;
    bool about_version = d.field == "project.version" ||
                         StartsWith(d.field, "tool.setuptools.dynamic.version") ||
                         StartsWith(d.field, "tool.hatch.version");
    // Only a value the static reader cannot evaluate; a missing or invalid version stays an error.
    bool computed = d.message.find("without importing the module") != std::string::npos;
    if (!about_version || !computed) return false;  // the loader's message stands
    version_error = &d;
  }
  if (!version_error) return false;
  // Named as the other reasons are: relative to the project ("pyproject.toml:6:12").
  std::string where = version_error->path;
  size_t slash = where.rfind('/');
  if (where.empty() || slash != std::string::npos) where = where.substr(slash + 1);
  if (where.empty()) where = "pyproject.toml";
  if (version_error->line > 0)
    where +=
        ":" + std::to_string(version_error->line) + ":" + std::to_string(version_error->column);
  decision->reasons.push_back({where, "the version is not a plain value pyrelease can read (" +
                                          version_error->message + "); the backend computes it"});
  return true;
}
