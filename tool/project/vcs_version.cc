#include "project/vcs_version.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <regex>
#include <set>

#include "core/string_util.h"
#include "core/subprocess.h"
#include "core/toml_util.h"
#include "project/pyproject.h"
#include "project/scm_fallback.h"
#include "spec/core_metadata.h"
#include "spec/names.h"
#include "spec/pep440.h"
#include "spec/pep508.h"

namespace fs = std::filesystem;

namespace {

std::string Quoted(const toml::node& n) {
  if (n.is_string()) return "\"" + n.as_string()->get() + "\"";
  return "...";
}

// setuptools-scm's tag_to_version with its DEFAULT_TAG_REGEX: an optional "name-" prefix, the
// version, a "+local" suffix kept when the whole still parses.
bool ParseScmTag(const std::string& tag, Pep440Version* out) {
  static const std::regex tag_re(
      "^(?:[A-Za-z0-9_-]+-)?([vV]?[0-9]+(?:\\.[0-9]+){0,2}[^+]*)(\\+.*)?$");
  std::smatch m;
  std::string why;
  if (!std::regex_match(tag, m, tag_re) || !ParseVersion(m[1].str(), out, &why)) return false;
  Pep440Version with_suffix;
  if (m[2].matched && ParseVersion(m[1].str() + m[2].str(), &with_suffix, &why)) *out = with_suffix;
  return true;
}

// The version schemes reproduced natively, by the names setuptools-scm registers them under.
bool SchemeByName(const std::string& name, ScmVersionScheme* out) {
  static const std::pair<const char*, ScmVersionScheme> kSchemes[] = {
      {"guess-next-dev", ScmVersionScheme::kGuessNextDev},
      {"no-guess-dev", ScmVersionScheme::kNoGuessDev},
      {"post-release", ScmVersionScheme::kPostRelease},
      {"only-version", ScmVersionScheme::kOnlyVersion},
      {"python-simplified-semver", ScmVersionScheme::kSimplifiedSemver},
      {"semver-pep440", ScmVersionScheme::kSimplifiedSemver},
  };
  for (const auto& [n, scheme] : kSchemes) {
    if (name == n) {
      *out = scheme;
      return true;
    }
  }
  return false;
}

// git_describe_command as argv after "git", when it is `git describe` with options whose effect
// on the output ParseGitDescribe and FormatScmVersion follow (the tags considered, the node's
// length, -dirty, the long form); false for anything else. A string is split as shlex would only
// when it has no quoting to interpret.
bool ReadDescribeCommand(const toml::node& n, std::vector<std::string>* args) {
  std::vector<std::string> argv;
  if (const toml::array* a = n.as_array()) {
    for (const auto& e : *a) {
      if (!e.is_string()) return false;
      argv.push_back(e.as_string()->get());
    }
  } else if (n.is_string()) {
    const std::string& text = n.as_string()->get();
    if (text.find_first_of("'\"\\") != std::string::npos) return false;
    for (const std::string& w : Split(text, ' '))
      if (!w.empty()) argv.push_back(w);
  } else {
    return false;
  }
  if (argv.size() < 2 || argv[0] != "git" || argv[1] != "describe") return false;
  static const std::regex abbrev("--abbrev=[0-9]+");
  for (size_t i = 2; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--dirty" || a == "--tags" || a == "--long" || a == "--first-parent" ||
        std::regex_match(a, abbrev) || StartsWith(a, "--match=") || StartsWith(a, "--exclude="))
      continue;
    if ((a == "--match" || a == "--exclude") && i + 1 < argv.size()) {
      ++i;
      continue;
    }
    return false;
  }
  args->assign(argv.begin() + 1, argv.end());
  return true;
}

// The setuptools-scm options reproduced natively, shared by [tool.setuptools_scm] and hatch-vcs's
// raw-options (which it passes to setuptools-scm as they are); `where` names the table for
// reasons. Keys not handled here are left to the caller.
bool ReadScmOption(const std::string& key, const toml::node& n, const std::string& where,
                   VcsVersionConfig* c) {
  if (key == "version_scheme") {
    if (!n.is_string() || !SchemeByName(n.as_string()->get(), &c->scheme))
      c->unreproduced.push_back(where + "version_scheme = " + Quoted(n) +
                                " is not reproduced natively");
  } else if (key == "local_scheme") {
    std::string v = n.is_string() ? n.as_string()->get() : "";
    if (v == "no-local-version")
      c->local_version = false;
    else if (v == "dirty-tag")
      c->local_dirty_tag = true;
    else if (v != "node-and-date")
      c->unreproduced.push_back(where + "local_scheme = " + Quoted(n) +
                                " is not reproduced natively");
  } else if (key == "fallback_version") {
    if (n.is_string()) c->fallback_version = n.as_string()->get();
  } else if (key == "parentdir_prefix_version") {
    if (n.is_string())
      c->parentdir_prefix = n.as_string()->get();
    else
      c->unreproduced.push_back(where + "parentdir_prefix_version is not a string");
  } else if (key == "git_describe_command") {
    if (!ReadDescribeCommand(n, &c->describe_args))
      c->unreproduced.push_back(where +
                                "git_describe_command other than `git describe` with --dirty, "
                                "--tags, --long, --first-parent, --abbrev, --match or --exclude is "
                                "not reproduced natively");
  } else {
    return false;
  }
  return true;
}

std::string Git(const std::string& root, const std::vector<std::string>& args, int* code,
                const std::string& input = "") {
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  SubprocessOptions opts;
  opts.cwd = root;
  opts.stdin_text = input;
  // As setuptools-scm runs git: variables a git hook may have exported do not steer it.
  opts.unset_env = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                    "GIT_COMMON_DIR"};
  SubprocessResult r;
  std::string err;
  if (!RunSubprocess(argv, opts, &r, &err)) {
    *code = -1;
    return "";
  }
  *code = r.exit_code;
  return Trim(r.out);
}

std::string UtcDate(int64_t epoch) {
  time_t t = static_cast<time_t>(epoch);
  struct tm tm;
  gmtime_r(&t, &tm);
  char buf[16];
  strftime(buf, sizeof buf, "%Y%m%d", &tm);
  return buf;
}

// The date setuptools-scm stamps on a dirty tree: SOURCE_DATE_EPOCH when it is an integer, else
// now.
int64_t ScmNow() {
  if (const char* s = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long v = std::strtoll(s, &end, 10);
    if (*s && end && *end == '\0') return v;
  }
  return static_cast<int64_t>(std::time(nullptr));
}

// setuptools-scm's _bump_dev: "1.0.dev0" -> "1.0"; false (nothing to bump) without ".dev".
bool BumpDev(const std::string& tag, std::string* out, bool* ok, std::string* err) {
  size_t dev = tag.rfind(".dev");
  if (dev == std::string::npos) return false;
  *ok = tag.substr(dev + 4) == "0";
  if (!*ok)
    *err = "the tag version " + tag +
           " has a .devN other than .dev0, which setuptools-scm refuses to bump";
  *out = tag.substr(0, dev);
  return true;
}

// setuptools-scm's guess_next_version: drop ".dev0", else add one to the trailing number.
bool GuessNext(const std::string& tag, std::string* out, std::string* err) {
  bool ok = false;
  if (BumpDev(tag, out, &ok, err)) return ok;
  size_t digits = tag.size();
  while (digits > 0 && isdigit(static_cast<unsigned char>(tag[digits - 1]))) --digits;
  if (digits == tag.size()) {
    *err = tag + " does not end with a number to bump";
    return false;
  }
  // Decimal increment on the digit string: the number may exceed 64 bits.
  std::string n = tag.substr(digits);
  size_t first = n.find_first_not_of('0');
  n = first == std::string::npos ? "0" : n.substr(first);
  int i = static_cast<int>(n.size()) - 1;
  while (i >= 0 && n[i] == '9') n[i--] = '0';
  if (i < 0)
    n.insert(n.begin(), '1');
  else
    ++n[i];
  *out = tag.substr(0, digits) + n;
  return true;
}

// setuptools-scm's _dont_guess_next_version (no-guess-dev): drop ".dev0", else add ".post1".
bool DontGuessNext(const std::string& tag, std::string* out, std::string* err) {
  bool ok = false;
  if (BumpDev(tag, out, &ok, err)) return ok;
  if (tag.find("post") != std::string::npos) {
    *err = tag + " already is a post release, which setuptools-scm's no-guess-dev refuses to bump";
    return false;
  }
  *out = tag + ".post1";
  return true;
}

// setuptools-scm's guess_next_simple_semver: the release padded to three parts, bumped at part
// `retain` (3: patch, 2: minor) unless the tag is a .dev0 of it.
std::string GuessNextSimpleSemver(const Pep440Version& tag, size_t retain) {
  std::string epoch = tag.epoch ? std::to_string(tag.epoch) + "!" : "";
  std::vector<uint64_t> parts = tag.release;
  if (tag.has_dev && tag.dev == 0) {
    while (parts.size() < 3) parts.push_back(0);
  } else {
    parts.resize(std::min(parts.size(), retain));
    while (parts.size() < retain) parts.push_back(0);
    ++parts.back();
    while (parts.size() < 3) parts.push_back(0);
  }
  std::vector<std::string> text;
  for (uint64_t p : parts) text.push_back(std::to_string(p));
  return epoch + Join(text, ".");
}

// The version scheme's main part (before the local part) for a tag whose public version is
// `tag`.
bool SchemeVersion(const Pep440Version& tag, const GitDescription& d, ScmVersionScheme scheme,
                   std::string* main, std::string* err) {
  std::string public_tag = tag.Public();
  bool exact = d.distance == 0 && !d.dirty;
  std::string dev = ".dev" + std::to_string(d.distance);
  std::string guessed;
  switch (scheme) {
    case ScmVersionScheme::kOnlyVersion:
      *main = public_tag;
      return true;
    case ScmVersionScheme::kPostRelease:
      *main = exact ? public_tag : public_tag + ".post" + std::to_string(d.distance);
      return true;
    case ScmVersionScheme::kSimplifiedSemver:
      *main = exact ? public_tag
                    : GuessNextSimpleSemver(tag,
                                            d.branch.find("feature") != std::string::npos ? 2 : 3) +
                          dev;
      return true;
    case ScmVersionScheme::kNoGuessDev:
      if (exact) break;
      if (!DontGuessNext(public_tag, &guessed, err)) return false;
      *main = guessed + dev;
      return true;
    case ScmVersionScheme::kGuessNextDev:
      if (exact) break;
      if (!GuessNext(public_tag, &guessed, err)) return false;
      *main = guessed + dev;
      return true;
  }
  *main = public_tag;
  return true;
}

// Python repr() of the version tuple setuptools-scm writes (_version_as_tuple).
std::string VersionTupleRepr(const std::string& version) {
  Pep440Version v;
  std::string err;
  std::vector<std::string> items;
  if (!ParseVersion(version, &v, &err)) {
    items.push_back("'" + version + "'");
  } else {
    if (v.epoch) items.push_back("'" + std::to_string(v.epoch) + "!'");
    for (uint64_t r : v.release) items.push_back(std::to_string(r));
    if (v.pre_kind) {
      std::string kind = v.pre_kind == 'r' ? "rc" : std::string(1, v.pre_kind);
      items.push_back("'" + kind + std::to_string(v.pre) + "'");
    }
    if (v.has_post) items.push_back("'post" + std::to_string(v.post) + "'");
    if (v.has_dev) items.push_back("'dev" + std::to_string(v.dev) + "'");
    if (!v.local.empty()) items.push_back("'" + Join(v.local, ".") + "'");
  }
  if (items.size() == 1) return "(" + items[0] + ",)";
  return "(" + Join(items, ", ") + ")";
}

}  // namespace

bool RequiresSetuptoolsScm(const toml::table& doc) {
  const toml::table* bs = SubTable(doc, {"build-system"});
  const toml::array* req = bs ? bs->get_as<toml::array>("requires") : nullptr;
  if (!req) return false;
  for (const auto& e : *req) {
    if (!e.is_string()) continue;
    Requirement r;
    std::string why;
    if (ParseRequirement(e.as_string()->get(), &r, &why) &&
        NormalizeName(r.name) == "setuptools-scm")
      return true;
  }
  return false;
}

VcsVersionConfig ReadVcsVersionConfig(const toml::table& doc, Backend backend) {
  VcsVersionConfig c;
  if (backend == Backend::kHatch) {
    const toml::table* vt = SubTable(doc, {"tool", "hatch", "version"});
    const toml::table* hook = SubTable(doc, {"tool", "hatch", "build", "hooks", "vcs"});
    bool source_vcs = vt && vt->get_as<std::string>("source") &&
                      vt->get_as<std::string>("source")->get() == "vcs";
    if (!source_vcs && !hook) return c;
    c.plugin = VcsPlugin::kHatchVcs;
    c.version_from_vcs = source_vcs;
    if (source_vcs) {
      for (const auto& [k, v] : *vt) {
        std::string key(k.str());
        if (key == "source") continue;
        if (key == "fallback-version" && v.is_string()) {
          // Read after raw-options below: hatch-vcs lets it replace raw fallback_version.
        } else if (key == "tag-pattern" && v.is_string() && v.as_string()->get().empty()) {
        } else if (key == "raw-options" && v.is_table()) {
          for (const auto& [rk, rv] : *v.as_table()) {
            std::string r(rk.str());
            // hatch-vcs drops write_to and write_to_template from raw-options (its build hook
            // writes the version file).
            if (r == "write_to" || r == "write_to_template" ||
                ReadScmOption(r, rv, "[tool.hatch.version] raw-options.", &c))
              continue;
            c.unreproduced.push_back("[tool.hatch.version] raw-options." + r +
                                     " is not reproduced natively");
          }
        } else {
          c.unreproduced.push_back("[tool.hatch.version] " + key + " is not reproduced natively");
        }
      }
      if (const auto* fb = vt->get_as<std::string>("fallback-version"); fb && !fb->get().empty())
        c.fallback_version = fb->get();
      if (SubTable(doc, {"tool", "setuptools_scm"}))
        c.unreproduced.push_back(
            "[tool.setuptools_scm] next to hatch-vcs is not reproduced natively");
    }
    if (hook) {
      for (const auto& [k, v] : *hook) {
        std::string key(k.str());
        if (key == "version-file" && v.is_string()) {
          c.version_file = v.as_string()->get();
          c.version_file_key = "tool.hatch.build.hooks.vcs.version-file";
        } else {
          c.unreproduced.push_back("[tool.hatch.build.hooks.vcs] " + key +
                                   " is not reproduced natively");
        }
      }
      if (c.version_file.empty())
        c.unreproduced.push_back(
            "[tool.hatch.build.hooks.vcs] has no version-file (hatch-vcs requires one)");
    }
    const toml::table* targets = SubTable(doc, {"tool", "hatch", "build", "targets"});
    for (const char* target : {"sdist", "wheel"}) {
      if (targets && SubTable(*targets, {target, "hooks", "vcs"}))
        c.unreproduced.push_back(std::string("[tool.hatch.build.targets.") + target +
                                 ".hooks.vcs] is not reproduced natively");
    }
    if (SubTable(doc, {"tool", "hatch", "metadata", "hooks", "vcs"}))
      c.unreproduced.push_back("[tool.hatch.metadata.hooks.vcs] is not reproduced natively");
    return c;
  }
  // setuptools, or no build-backend at all (PEP 517's fallback is setuptools); another backend
  // that pyrelease does not know is not treated like setuptools.
  const toml::table* bs = SubTable(doc, {"build-system"});
  bool no_backend = !bs || !bs->get("build-backend");
  if (backend == Backend::kSetuptools || (backend == Backend::kUnknown && no_backend)) {
    const toml::table* scm = SubTable(doc, {"tool", "setuptools_scm"});
    if (!scm && !(RequiresSetuptoolsScm(doc) && ListsDynamic(doc, "version"))) return c;
    c.plugin = VcsPlugin::kSetuptoolsScm;
    c.version_from_vcs = true;
    if (scm) {
      for (const auto& [k, v] : *scm) {
        std::string key(k.str());
        if ((key == "version_file" || key == "write_to") && v.is_string()) {
          if (!c.version_file.empty() && c.version_file != v.as_string()->get())
            c.unreproduced.push_back(
                "[tool.setuptools_scm] both version_file and write_to are not reproduced natively");
          c.version_file = v.as_string()->get();
          c.version_file_key = "tool.setuptools_scm." + key;
        } else if (!ReadScmOption(key, v, "[tool.setuptools_scm] ", &c)) {
          c.unreproduced.push_back("[tool.setuptools_scm] " + key + " is not reproduced natively");
        }
      }
    }
    const toml::table* dyn = SubTable(doc, {"tool", "setuptools", "dynamic"});
    if (dyn && dyn->get("version"))
      c.unreproduced.push_back(
          "[tool.setuptools.dynamic] version next to setuptools-scm is not reproduced natively");
  }
  return c;
}

std::string VcsPluginName(VcsPlugin plugin) {
  switch (plugin) {
    case VcsPlugin::kHatchVcs:
      return "hatch-vcs";
    case VcsPlugin::kSetuptoolsScm:
      return "setuptools-scm";
    case VcsPlugin::kNone:
      break;
  }
  return "none";
}

bool ParseGitDescribe(const std::string& output, GitDescription* out) {
  std::string s = Trim(output);
  if (s.empty()) return false;
  *out = GitDescription();
  if (EndsWith(s, "-dirty")) {
    out->dirty = true;
    s.resize(s.size() - 6);
  }
  out->has_tag = true;
  static const std::regex re("^(.+)-([0-9]+)-g([0-9a-f]+)$");
  std::smatch m;
  if (std::regex_match(s, m, re)) {
    out->tag = m[1].str();
    out->distance = std::stoll(m[2].str());
    out->node = "g" + m[3].str();
  } else {
    out->tag = s;
  }
  return true;
}

bool FormatScmVersion(const GitDescription& d, const VcsVersionConfig& config, int64_t now_epoch,
                      std::string* version, std::string* err) {
  Pep440Version tag;
  std::string why;
  if (d.has_tag) {
    if (!ParseScmTag(d.tag, &tag)) {
      *err = "cannot parse a version from the git tag '" + d.tag +
             "' (setuptools-scm's default tag regex)";
      return false;
    }
  } else {
    std::string base = config.fallback_version.empty() ? "0.0" : config.fallback_version;
    if (!ParseVersion(base, &tag, &why)) {
      *err = "fallback version '" + base + "' is not a PEP 440 version";
      return false;
    }
  }
  std::string original_local = Join(tag.local, ".");
  bool exact = d.distance == 0 && !d.dirty;
  std::string main;
  Pep440Version public_tag = tag;
  public_tag.local.clear();
  if (!SchemeVersion(public_tag, d, config.scheme, &main, err)) return false;
  std::string local;
  if (config.local_dirty_tag) {
    local = d.dirty ? "dirty" : "";
  } else if (config.local_version) {
    std::string date = "d" + UtcDate(now_epoch);
    std::string node = d.node.substr(0, 10);  // setuptools-scm shows 10 characters of the node
    if (exact || node.empty())
      local = d.dirty ? date : "";
    else
      local = d.dirty ? node + "." + date : node;
  }
  // combine_version_with_local_parts: segments in order, each once.
  std::vector<std::string> parts;
  for (const std::string& piece : {original_local, local}) {
    for (const std::string& seg : Split(piece, '.')) {
      if (!seg.empty() && std::find(parts.begin(), parts.end(), seg) == parts.end())
        parts.push_back(seg);
    }
  }
  std::string raw = parts.empty() ? main : main + "+" + Join(parts, ".");
  if (!NormalizeVersion(raw, version, &why)) {
    *err = "setuptools-scm's scheme gave '" + raw + "', not a PEP 440 version";
    return false;
  }
  return true;
}

bool IsGitCheckoutRoot(const std::string& root) {
  int code = 0;
  std::string top = Git(root, {"rev-parse", "--show-toplevel"}, &code);
  std::error_code ec;
  return code == 0 && !top.empty() && fs::equivalent(top, root, ec);
}

bool ResolveVcsVersion(const std::string& root, const std::string& dist_name,
                       const VcsVersionConfig& config, std::string* version, std::string* node,
                       std::string* from, std::string* err) {
  node->clear();
  // SETUPTOOLS_SCM_PRETEND_VERSION[_FOR_<NAME>] (and vcs-versioning's own prefix): the first one
  // set decides, an empty value means "not pretended".
  std::string suffix = NormalizeName(dist_name);
  for (char& ch : suffix)
    ch = ch == '-' ? '_' : static_cast<char>(toupper(static_cast<unsigned char>(ch)));
  for (const std::string& var : {"SETUPTOOLS_SCM_PRETEND_VERSION_FOR_" + suffix,
                                 "VCS_VERSIONING_PRETEND_VERSION_FOR_" + suffix,
                                 std::string("SETUPTOOLS_SCM_PRETEND_VERSION"),
                                 std::string("VCS_VERSIONING_PRETEND_VERSION")}) {
    const char* v = std::getenv(var.c_str());
    if (!v) continue;
    if (*v) {
      *version = v;
      *from = var;
      return true;
    }
    break;
  }

  int code = 0;
  if (IsGitCheckoutRoot(root)) {
    GitDescription d;
    std::vector<std::string> describe = config.describe_args;
    if (describe.empty())
      describe = {"describe", "--dirty", "--tags", "--long", "--abbrev=40", "--match", "*[0-9]*"};
    std::string out = Git(root, describe, &code);
    if (code == 0 && ParseGitDescribe(out, &d)) {
      *from = "git describe: " + out;
    } else {
      std::string head = Git(root, {"rev-parse", "--verify", "--quiet", "HEAD"}, &code);
      if (code == 0 && !head.empty()) {
        d.node = "g" + head;
        std::string revs = Git(root, {"rev-list", "HEAD"}, &code);
        d.distance = static_cast<int64_t>(std::count(revs.begin(), revs.end(), '\n')) + 1;
        d.dirty = !Git(root, {"status", "--porcelain", "--untracked-files=no"}, &code).empty();
      } else {
        d.dirty = true;
      }
      *from = "git: no tag matching *[0-9]*";
    }
    if (config.scheme == ScmVersionScheme::kSimplifiedSemver) {
      d.branch = Git(root, {"rev-parse", "--abbrev-ref", "HEAD"}, &code);
      if (code != 0) d.branch = Git(root, {"symbolic-ref", "--short", "HEAD"}, &code);
    }
    if (!FormatScmVersion(d, config, ScmNow(), version, err)) return false;
    *node = d.node;
    return true;
  }

  // No checkout at the root: setuptools-scm's fallbacks (project/scm_fallback.h), the egg-info's
  // scm_version.json before PKG-INFO.
  ScmFallback fallback = ReadScmFallback(root);
  if (!fallback.metadata_dir.empty()) {
    if (!FormatScmVersion(fallback.description, config, ScmNow(), version, err)) return false;
    *node = fallback.description.node;
    *from = fallback.metadata_dir + "/scm_version.json";
    return true;
  }
  std::string pkg_info;
  if (ReadFile(root + "/PKG-INFO", &pkg_info, err)) {
    std::string v = ParseCoreMetadata(pkg_info).Get("Version");
    if (!v.empty()) {
      *version = v;
      *from = "PKG-INFO";
      return true;
    }
  }
  if (!config.parentdir_prefix.empty()) {
    // setuptools-scm's StaticWorkdir: the directory's name after the prefix, read as a tag.
    std::error_code ec;
    fs::path abs = fs::absolute(root, ec).lexically_normal();
    if (!abs.has_filename()) abs = abs.parent_path();  // "dir/" names dir
    std::string dir_name = abs.filename().string();
    Pep440Version parsed;
    if (StartsWith(dir_name, config.parentdir_prefix) &&
        ParseScmTag(dir_name.substr(config.parentdir_prefix.size()), &parsed)) {
      *version = parsed.ToString();
      *from = "the directory name " + dir_name + " (parentdir_prefix_version)";
      return true;
    }
  }
  if (!config.fallback_version.empty()) {
    *version = config.fallback_version;
    *from = "the fallback version";
    return true;
  }
  *err = "cannot determine the version from git: " + root +
         " is not the root of a git checkout, and there is no PKG-INFO (an unpacked sdist) and no "
         "fallback version";
  return false;
}

std::vector<std::string> GitTrackedFiles(const std::string& root) {
  int code = 0;
  std::string out =
      Git(root, {"ls-files", "-z", "-s", "--", ".", ":(exclude,attr:export-ignore)"}, &code);
  std::vector<std::string> files;
  if (code != 0) return files;
  for (const std::string& record : Split(out, '\0')) {
    size_t tab = record.find('\t');
    if (tab == std::string::npos || StartsWith(record, "160000 "))
      continue;  // gitlinks: submodules
    files.push_back(record.substr(tab + 1));
  }
  // The pathspec sees export-ignore per file only. As setuptools-scm's file finder does
  // (_export_ignored_dirs), every directory a file lies in, from the checkout's top, is asked with
  // a trailing slash (which `dir/` patterns need), and a file below one that is set goes.
  // One git for both: the top on the first line, the prefix ("" at the top) on the second.
  std::string where = Git(root, {"rev-parse", "--show-toplevel", "--show-prefix"}, &code);
  if (code != 0 || where.empty()) return files;
  size_t newline = where.find('\n');
  std::string top = where.substr(0, newline);
  std::string prefix = newline == std::string::npos ? "" : where.substr(newline + 1);
  std::set<std::string> dirs;
  for (const std::string& f : files) {
    std::string full = prefix + f;
    for (size_t slash = full.find('/'); slash != std::string::npos;
         slash = full.find('/', slash + 1))
      dirs.insert(full.substr(0, slash + 1));
  }
  if (dirs.empty()) return files;
  std::string input;
  for (const std::string& d : dirs) input += d + '\0';
  std::string attrs = Git(top, {"check-attr", "-z", "--stdin", "export-ignore"}, &code, input);
  if (code != 0) return files;
  std::vector<std::string> fields = Split(attrs, '\0');
  std::set<std::string> ignored;  // "dir/" as asked
  for (size_t i = 0; i + 2 < fields.size(); i += 3)
    if (fields[i + 2] == "set") ignored.insert(fields[i]);
  if (ignored.empty()) return files;
  std::vector<std::string> kept;
  for (const std::string& f : files) {
    std::string full = prefix + f;
    bool drop = false;
    for (size_t slash = full.find('/'); !drop && slash != std::string::npos;
         slash = full.find('/', slash + 1))
      drop = ignored.count(full.substr(0, slash + 1)) > 0;
    if (!drop) kept.push_back(f);
  }
  return kept;
}

bool VcsVersionIsReproduced(const Project& project, std::string* reason) {
  VcsVersionConfig c = ReadVcsVersionConfig(project.doc, project.meta.backend);
  std::vector<std::string> reasons = c.unreproduced;
  if (c.version_from_vcs) {
    // setuptools-scm's other environment settings (PRETEND_METADATA, OVERRIDES_FOR_..., DEBUG is
    // harmless but rare) change the version in ways not reproduced here.
    for (char** e = environ; e && *e; ++e) {
      std::string var(*e);
      var = var.substr(0, var.find('='));
      bool scm = StartsWith(var, "SETUPTOOLS_SCM_") || StartsWith(var, "VCS_VERSIONING_");
      bool pretend = var.find("_PRETEND_VERSION") != std::string::npos;
      if (scm && !pretend)
        reasons.push_back("the environment variable " + var + " is not reproduced natively");
    }
  }
  if (c.version_from_vcs && !IsGitCheckoutRoot(project.dir)) {
    // An unpacked sdist: what setuptools-scm's fallbacks read there and is not reproduced.
    for (const std::string& why : ReadScmFallback(project.dir).unreproduced) reasons.push_back(why);
  }
  if (c.plugin == VcsPlugin::kSetuptoolsScm) {
    // The file finder's descent into submodules is not reproduced (GitTrackedFiles skips them);
    // its export-ignore on files and directories is.
    std::error_code ec;
    if (fs::exists(project.dir + "/.gitmodules", ec))
      reasons.push_back(
          "setuptools-scm's file finder with git submodules (.gitmodules) is not reproduced "
          "natively");
  }
  if (!c.version_file.empty()) {
    std::string content;
    if (!RenderVersionFile(c.version_file, "0", "", &content))
      reasons.push_back(
          c.version_file_key + " = \"" + c.version_file +
          "\" has no default template (only .py and .txt) and is not reproduced natively");
  }
  if (reasons.empty()) return true;
  *reason = Join(reasons, "; ");
  return false;
}

bool RenderVersionFile(const std::string& path, const std::string& version,
                       const std::string& commit_id, std::string* content) {
  if (EndsWith(path, ".txt")) {
    *content = version;
    return true;
  }
  if (!EndsWith(path, ".py")) return false;
  *content =
      "# file generated by vcs-versioning\n"
      "# don't change, don't track in version control\n"
      "from __future__ import annotations\n"
      "\n"
      "__all__ = [\n"
      "    \"__version__\",\n"
      "    \"__version_tuple__\",\n"
      "    \"version\",\n"
      "    \"version_tuple\",\n"
      "    \"__commit_id__\",\n"
      "    \"commit_id\",\n"
      "]\n"
      "\n"
      "version: str\n"
      "__version__: str\n"
      "__version_tuple__: tuple[int | str, ...]\n"
      "version_tuple: tuple[int | str, ...]\n"
      "commit_id: str | None\n"
      "__commit_id__: str | None\n"
      "\n"
      "__version__ = version = '" +
      version + "'\n" + "__version_tuple__ = version_tuple = " + VersionTupleRepr(version) +
      "\n\n" +
      "__commit_id__ = commit_id = " + (commit_id.empty() ? "None" : "'" + commit_id + "'") + "\n";
  return true;
}

std::string VersionFileCommitId(const std::string& node, const VcsVersionConfig& config) {
  // hatch-vcs's hook calls dump_version without the scm version: None.
  if (config.plugin != VcsPlugin::kSetuptoolsScm) return "";
  return node.substr(0, 10);
}

std::vector<std::string> GitStateInputs(const std::string& root) {
  std::vector<std::string> out;
  auto exists = [](const std::string& p) {
    std::error_code ec;
    return fs::exists(p, ec);
  };
  std::set<std::string> seen;
  auto add = [&](const std::string& p) {
    if (exists(p) && seen.insert(p).second) out.push_back(p);
  };
  // The git dir: .git itself, or the directory a worktree's ".git" file names.
  std::string git_dir = root + "/.git";
  std::error_code ec;
  if (fs::is_regular_file(git_dir, ec)) {
    std::string text, err;
    if (!ReadFile(git_dir, &text, &err) || !StartsWith(text, "gitdir:")) return out;
    std::string target = Trim(text.substr(7));
    git_dir = fs::path(target).is_absolute() ? target : root + "/" + target;
  } else if (!fs::is_directory(git_dir, ec)) {
    return out;
  }
  // Refs live in the common dir (a worktree's "commondir" file names it, relative to git_dir).
  std::string common_dir = git_dir;
  std::string common;
  std::string ignored;
  if (ReadFile(git_dir + "/commondir", &common, &ignored)) {
    common = Trim(common);
    common_dir = fs::path(common).is_absolute() ? common : git_dir + "/" + common;
  }
  common_dir = fs::weakly_canonical(common_dir, ec).string();
  git_dir = fs::weakly_canonical(git_dir, ec).string();

  add(git_dir + "/HEAD");
  std::string head;
  if (ReadFile(git_dir + "/HEAD", &head, &ignored) && StartsWith(head, "ref:")) {
    std::string ref = Trim(head.substr(4));
    if (StartsWith(ref, "refs/") && ref.find("..") == std::string::npos) {
      // A loose ref, or the nearest existing directory where one would be written.
      fs::path p = fs::path(common_dir) / ref;
      while (!exists(p.string()) && p.has_parent_path() && p.string().size() > common_dir.size())
        p = p.parent_path();
      if (p.string().size() > common_dir.size()) add(p.string());
    }
  }
  add(common_dir + "/packed-refs");
  add(common_dir + "/refs/tags");
  add(common_dir + "/reftable/tables.list");
  add(git_dir + "/index");
  // `git describe --dirty` compares every tracked file, also those no archive ships.
  for (const std::string& f : GitTrackedFiles(root)) add(root + "/" + f);
  return out;
}
