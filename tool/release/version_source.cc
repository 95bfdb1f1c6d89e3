#include "release/version_source.h"

#include <sys/stat.h>

#include <filesystem>

#include "core/atomic_file.h"
#include "core/string_util.h"
#include "core/toml_util.h"
#include "project/dynamic_version.h"
#include "project/vcs_version.h"
#include "spec/pep440.h"

namespace fs = std::filesystem;

namespace {

// The plugin that derives the version from git tags, or "": hatch-vcs and setuptools-scm as the
// native builder reads them (project/vcs_version.h), and pdm-backend's scm source.
std::string VersionFromGitPlugin(const Project& project) {
  VcsVersionConfig vcs = ReadVcsVersionConfig(project.doc, project.meta.backend);
  if (vcs.plugin != VcsPlugin::kNone && vcs.version_from_vcs) return VcsPluginName(vcs.plugin);
  if (project.doc.at_path("tool.pdm.version.source").value_or(std::string()) == "scm") {
    return "pdm-backend's scm source";
  }
  return "";
}

// Byte offset of a 1-based line:column in `text`.
size_t OffsetOf(const std::string& text, size_t line, size_t column) {
  size_t offset = 0;
  for (size_t l = 1; l < line && offset < text.size(); ++l) {
    size_t nl = text.find('\n', offset);
    if (nl == std::string::npos) return text.size();
    offset = nl + 1;
  }
  return std::min(text.size(), offset + (column ? column - 1 : 0));
}

bool StaticSource(const Project& project, VersionSource* out, std::string* err) {
  const toml::node* node = project.doc.at_path("project.version").node();
  if (!node || !node->is_string()) {
    *err = project.pyproject_path + ": [project] has no version and does not list it in dynamic";
    return false;
  }
  const std::string& text = project.pyproject_text;
  const auto& begin = node->source().begin;
  size_t at = OffsetOf(text, begin.line, begin.column);
  std::string raw = node->value_or(std::string());
  char quote = at < text.size() ? text[at] : 0;
  bool simple = (quote == '"' || quote == '\'') && text.compare(at + 1, raw.size(), raw) == 0 &&
                at + 1 + raw.size() < text.size() && text[at + 1 + raw.size()] == quote;
  if (!simple) {
    *err = project.pyproject_path + ":" + std::to_string(begin.line) + ":" +
           std::to_string(begin.column) +
           ": project.version: expected a plain string literal (\"1.2.3\") to rewrite";
    return false;
  }
  out->file = project.pyproject_path;
  out->description = "pyproject.toml [project] version";
  out->offset = at + 1;
  out->length = raw.size();
  return true;
}

// The first quoted `raw` on an assignment line (`__version__ = "1.2.3"`, `VERSION: str = '1.2'`).
bool FindQuotedAssignment(const std::string& text, const std::string& raw, size_t* offset) {
  for (char quote : {'"', '\''}) {
    std::string needle = quote + raw + quote;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
      size_t line_start = text.rfind('\n', at);
      line_start = line_start == std::string::npos ? 0 : line_start + 1;
      if (text.substr(line_start, at - line_start).find('=') != std::string::npos) {
        *offset = at + 1;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool FindVersionSource(const Project& project, VersionSource* out, std::string* err) {
  *out = VersionSource();
  out->from_vcs = VersionFromGitPlugin(project);
  if (!out->from_vcs.empty()) return true;
  if (!ListsDynamic(project.doc, "version")) return StaticSource(project, out, err);

  std::string raw, from;
  DynamicError derr;
  if (!ResolveDynamicVersion(project.dir, project.doc, project.meta.backend, project.meta.name,
                             &raw, &from, &derr)) {
    *err = project.pyproject_path + ": " + (derr.key.empty() ? "" : derr.key + ": ") + derr.message;
    return false;
  }
  if (from.find(", ") != std::string::npos) {
    *err = "the version is read from several files (" + from + "); give it one file to rewrite";
    return false;
  }
  std::string path = (fs::path(project.dir) / from).string();
  std::string text;
  if (!ReadFile(path, &text, err)) return false;
  out->file = path;
  if (project.doc.at_path("tool.setuptools.dynamic.version.file").node()) {
    // The whole file is the version (setuptools strips it).
    size_t at = text.find(raw);
    if (at == std::string::npos || Trim(text) != raw) {
      *err = from + ": expected the file to hold only the version " + raw;
      return false;
    }
    out->description = from + " (setuptools dynamic version file)";
    out->offset = at;
    out->length = raw.size();
    return true;
  }
  size_t at = 0;
  if (!FindQuotedAssignment(text, raw, &at)) {
    *err = from + ": the version " + raw + " was read there, but not as a quoted string on an " +
           "assignment line; rewrite it by hand";
    return false;
  }
  out->description = from;
  out->offset = at;
  out->length = raw.size();
  return true;
}

bool BumpVersion(const std::string& current, const std::string& parts, std::string* next,
                 std::string* err) {
  Pep440Version v;
  if (!ParseVersion(current, &v, err)) return false;
  const Pep440Version original = v;
  auto clear_suffixes = [&v] {
    v.pre_kind = 0;
    v.pre = 0;
    v.has_post = false;
    v.post = 0;
    v.has_dev = false;
    v.dev = 0;
  };
  auto bump_release = [&](size_t index) {
    if (v.release.size() <= index) v.release.resize(index + 1, 0);
    ++v.release[index];
    for (size_t i = index + 1; i < v.release.size(); ++i) v.release[i] = 0;
    clear_suffixes();
  };
  auto set_pre = [&](char kind) {
    if (v.pre_kind == kind) {
      ++v.pre;
    } else {
      v.pre_kind = kind;
      v.pre = 0;
    }
    v.has_post = v.has_dev = false;
    v.post = v.dev = 0;
  };
  v.local.clear();
  for (const std::string& item : Split(parts, ',')) {
    std::string part = Trim(item);
    if (part == "major")
      bump_release(0);
    else if (part == "minor")
      bump_release(1);
    else if (part == "micro" || part == "patch" || part == "fix")
      bump_release(2);
    else if (part == "a" || part == "alpha")
      set_pre('a');
    else if (part == "b" || part == "beta")
      set_pre('b');
    else if (part == "c" || part == "rc" || part == "pre" || part == "preview")
      set_pre('r');
    else if (part == "r" || part == "rev" || part == "post") {
      v.post = v.has_post ? v.post + 1 : 0;
      v.has_post = true;
      v.has_dev = false;
      v.dev = 0;
    } else if (part == "dev") {
      v.dev = v.has_dev ? v.dev + 1 : 0;
      v.has_dev = true;
    } else if (part == "release") {
      clear_suffixes();
    } else {
      *err = "--bump: unknown part '" + part + "' (major, minor, patch, a, b, rc, post, dev, " +
             "release; combine with commas: minor,rc)";
      return false;
    }
  }
  if (CompareVersions(v, original) <= 0) {
    *err = "--bump " + parts + ": " + v.ToString() + " is not higher than " + original.ToString() +
           "; start the next release first, e.g. --bump patch," + parts;
    return false;
  }
  *next = v.ToString();
  return true;
}

bool WriteVersion(const VersionSource& source, const std::string& version, std::string* err) {
  std::string text;
  if (!ReadFile(source.file, &text, err)) return false;
  if (source.offset + source.length > text.size()) {
    *err = source.file + ": changed while pyrelease was reading it";
    return false;
  }
  text.replace(source.offset, source.length, version);
  struct stat st;
  unsigned mode = ::stat(source.file.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
  return WriteFileAtomically(source.file, text, err, mode);
}
