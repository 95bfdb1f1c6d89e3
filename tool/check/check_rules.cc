// The rules of `pyrelease check`, one function each, and the table that lists them.
// Messages use the words of the tool that would refuse the file: twine's for twine-check parity,
// Warehouse's (PyPI's upload endpoint) for upload rules, our own for archive integrity.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "check/check.h"
#include "check/markdown_check.h"
#include "check/rst_check.h"
#include "core/string_util.h"
#include "core/url.h"
#include "spec/classifiers.h"
#include "spec/dist_filename.h"
#include "spec/license.h"
#include "spec/names.h"
#include "spec/pep440.h"
#include "spec/pep508.h"
#include "spec/platform_tags.h"
#include "spec/record.h"

namespace {

// Warehouse's `[\w.-]+` for console/gui script names (non-ASCII bytes stand for \w letters).
// A loop, not std::regex: libstdc++'s regex recurses per character and overflows the stack on
// a crafted 200k-character name.
bool IsScriptName(const std::string& key) {
  if (key.empty()) return false;
  for (unsigned char c : key) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-' || c >= 0x80;
    if (!ok) return false;
  }
  return true;
}

using Findings = std::vector<Finding>;

void Add(Findings* out, FindingLevel level, std::string where, std::string message,
         bool twine = false) {
  Finding f;
  f.level = level;
  f.where = std::move(where);
  f.message = std::move(message);
  f.twine = twine;
  out->push_back(std::move(f));
}
void Error(Findings* out, std::string where, std::string message, bool twine = false) {
  Add(out, FindingLevel::kError, std::move(where), std::move(message), twine);
}

// Python's repr() of a str, enough for the messages we quote (single quotes unless the text has
// one).
std::string Repr(const std::string& s) {
  bool has_single = s.find('\'') != std::string::npos,
       has_double = s.find('"') != std::string::npos;
  char q = has_single && !has_double ? '"' : '\'';
  std::string out(1, q);
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == q) {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out + q;
}

// ---------------- the metadata as packaging.metadata.parse_email sees it ----------------

struct FieldSpec {
  const char* name;   // lower-case header name
  const char* raw;    // packaging's raw name
  const char* added;  // metadata version that introduced it ("" = 1.0)
  bool multiple;      // a list field
};
const FieldSpec kFields[] = {
    {"metadata-version", "metadata_version", "", false},
    {"name", "name", "", false},
    {"version", "version", "", false},
    {"dynamic", "dynamic", "2.2", true},
    {"platform", "platforms", "", true},
    {"supported-platform", "supported_platforms", "1.1", true},
    {"summary", "summary", "", false},
    {"description", "description", "", false},
    {"description-content-type", "description_content_type", "2.1", false},
    {"keywords", "keywords", "", false},
    {"home-page", "home_page", "", false},
    {"download-url", "download_url", "1.1", false},
    {"author", "author", "", false},
    {"author-email", "author_email", "", false},
    {"maintainer", "maintainer", "1.2", false},
    {"maintainer-email", "maintainer_email", "1.2", false},
    {"license", "license", "", false},
    {"license-expression", "license_expression", "2.4", false},
    {"license-file", "license_files", "2.4", true},
    {"classifier", "classifiers", "1.1", true},
    {"requires-dist", "requires_dist", "1.2", true},
    {"requires-python", "requires_python", "1.2", false},
    {"requires-external", "requires_external", "1.2", true},
    {"project-url", "project_urls", "1.2", true},
    {"provides-extra", "provides_extra", "2.1", true},
    {"provides-dist", "provides_dist", "1.2", true},
    {"obsoletes-dist", "obsoletes_dist", "1.2", true},
    {"import-name", "import_names", "2.5", true},
    {"import-namespace", "import_namespaces", "2.5", true},
    {"requires", "requires", "1.1", true},
    {"provides", "provides", "1.1", true},
    {"obsoletes", "obsoletes", "1.1", true},
};
const FieldSpec* FindField(const std::string& lower) {
  for (const auto& f : kFields) {
    if (lower == f.name) return &f;
  }
  return nullptr;
}

const std::set<std::string>& PackagingMetadataVersions() {
  static const std::set<std::string> v = {"1.0", "1.1", "1.2", "2.1", "2.2",
                                          "2.3", "2.4", "2.5", "2.6"};
  return v;
}
const std::set<std::string>& PypiMetadataVersions() {
  static const std::set<std::string> v = {"1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5"};
  return v;
}

// Compares "x.y" metadata versions numerically.
int CompareMetadataVersions(const std::string& a, const std::string& b) {
  Pep440Version va, vb;
  if (!ParseVersion(a, &va, nullptr) || !ParseVersion(b, &vb, nullptr)) return a.compare(b);
  return CompareVersions(va, vb);
}

// Raw header values as compat32 returns them: continuation lines keep their indentation.
std::vector<std::string> RawHeaderValues(const std::string& text, const std::string& lower_name) {
  std::vector<std::string> out;
  size_t pos = 0;
  bool in_wanted = false;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl;
    std::string line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (line.empty()) break;
    if (line[0] == ' ' || line[0] == '\t') {
      if (in_wanted) out.back() += "\n" + line;
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos) break;
    in_wanted = ToLower(Trim(line.substr(0, colon))) == lower_name;
    if (in_wanted) {
      std::string v = line.substr(colon + 1);
      size_t k = v.find_first_not_of(" \t");
      out.push_back(k == std::string::npos ? "" : v.substr(k));
    }
  }
  return out;
}

struct RawMetadata {
  std::map<std::string, std::vector<std::string>> fields;  // raw name -> values (header order)
  std::vector<std::string> unparsed;                       // header names packaging could not parse
  bool has_description = false;
  std::string description;

  bool Has(const std::string& raw) const { return fields.count(raw) > 0; }
  std::string Get(const std::string& raw) const {
    auto it = fields.find(raw);
    return it == fields.end() || it->second.empty() ? "" : it->second[0];
  }
  const std::vector<std::string>& All(const std::string& raw) const {
    static const std::vector<std::string> none;
    auto it = fields.find(raw);
    return it == fields.end() ? none : it->second;
  }
};

RawMetadata ParseRaw(const DistContext& ctx) {
  RawMetadata raw;
  std::map<std::string, std::vector<std::string>> by_name;
  std::vector<std::string> order;
  for (const auto& [k, v] : ctx.meta.headers) {
    std::string lower = ToLower(Trim(k));
    if (!by_name.count(lower)) order.push_back(lower);
    by_name[lower].push_back(v);
  }
  for (const std::string& name : order) {
    const auto& values = by_name[name];
    bool encoding_ok = std::all_of(values.begin(), values.end(), IsValidUtf8);
    const FieldSpec* spec = FindField(name);
    if (!encoding_ok || !spec) {
      raw.unparsed.push_back(name);
      continue;
    }
    std::string r = spec->raw;
    if (!spec->multiple && values.size() != 1) {
      raw.unparsed.push_back(name);
      continue;
    }
    if (r == "project_urls") {
      std::set<std::string> labels;
      bool dup = false;
      for (const auto& v : values) {
        std::string label = Trim(v.substr(0, v.find(',')));
        if (!labels.insert(label).second) dup = true;
      }
      if (dup) {
        raw.unparsed.push_back(name);
        continue;
      }
    }
    if (r == "description") {
      raw.fields[r] = RawHeaderValues(ctx.metadata_text, "description");
      continue;
    }
    // Empty values count as absent (packaging drops them from the raw dict when validating).
    raw.fields[r] = values;
  }
  // The body: the description (both a header and a body: packaging cannot tell which is right).
  if (!ctx.meta.body.empty()) {
    if (!IsValidUtf8(ctx.meta.body)) {
      raw.unparsed.push_back("description");
    } else if (raw.Has("description")) {
      raw.fields.erase("description");
      raw.unparsed.push_back("description");
    } else {
      raw.fields["description"] = {ctx.meta.body};
    }
  }
  if (raw.Has("description")) {
    raw.has_description = true;
    raw.description = raw.Get("description");
  }
  // twine drops License-File below Metadata-Version 2.4 (setuptools wrote it at 2.1/2.2).
  std::string mv = raw.Get("metadata_version");
  if (mv.empty() || CompareMetadataVersions(mv, "2.4") < 0) {
    raw.fields.erase("license_files");
    raw.unparsed.erase(std::remove(raw.unparsed.begin(), raw.unparsed.end(), "license-file"),
                       raw.unparsed.end());
  }
  return raw;
}

bool Applies(const DistContext& ctx) { return ctx.has_metadata; }

// ---------------- rules: the distribution file ----------------

void RuleDistFormat(const DistContext& ctx, Findings* out) {
  if (ctx.kind == DistKind::kUnknown) {
    Error(out, ctx.filename, "Unknown distribution format: " + Repr(ctx.filename), true);
  }
}

void RuleDistReadable(const DistContext& ctx, Findings* out) {
  if (ctx.kind == DistKind::kUnknown) return;
  if (!ctx.archive_error.empty()) {
    Error(out, ctx.filename, "Invalid distribution file: " + ctx.archive_error, true);
    return;
  }
  if (ctx.read_stopped) return;  // reported by archive-bomb
  if (ctx.kind == DistKind::kSdist && ctx.sdist_top.empty() && !ctx.members.empty()) {
    Error(out, ctx.filename, "Too many top-level members in sdist archive: " + ctx.filename, true);
    return;
  }
  if (!ctx.has_metadata) {
    if (ctx.kind == DistKind::kWheel) {
      Error(out, ctx.filename,
            "No METADATA in archive or METADATA missing 'Metadata-Version': " + ctx.filename, true);
    } else {
      Error(out, ctx.filename,
            "No PKG-INFO in archive or PKG-INFO missing 'Metadata-Version': " + ctx.filename, true);
    }
  }
}

void RuleMetadataFields(const DistContext& ctx, Findings* out) {
  if (!Applies(ctx)) return;
  RawMetadata raw = ParseRaw(ctx);
  for (const std::string& name : raw.unparsed) {
    Error(out, name, "Invalid distribution metadata: unrecognized or malformed field " + Repr(name),
          true);
  }
}

// packaging's Metadata.from_raw validation: the errors twine reports as
// "Invalid distribution metadata: ..." (and PyPI refuses with the same words).
void RuleMetadataValid(const DistContext& ctx, Findings* out) {
  if (!Applies(ctx)) return;
  RawMetadata raw = ParseRaw(ctx);
  auto bad = [&](const std::string& field, const std::string& msg) {
    Error(out, field, "Invalid distribution metadata: " + msg, true);
  };
  std::string mv = raw.Get("metadata_version");
  bool mv_ok = PackagingMetadataVersions().count(mv) > 0;
  if (!raw.Has("metadata_version")) {
    bad("Metadata-Version", "None is not a valid metadata version");
  } else if (!mv_ok) {
    bad("Metadata-Version", Repr(mv) + " is not a valid metadata version");
  }
  if (!raw.Has("name") || raw.Get("name").empty()) {
    bad("Name", "'name' is a required field");
  } else if (!IsValidProjectName(raw.Get("name"))) {
    bad("Name", Repr(raw.Get("name")) + " is invalid for 'name'");
  }
  if (!raw.Has("version") || raw.Get("version").empty()) {
    bad("Version", "'version' is a required field");
  } else if (!IsValidVersion(raw.Get("version"))) {
    bad("Version", Repr(raw.Get("version")) + " is invalid for 'version'");
  }
  // Fields newer than the declared version.
  if (mv_ok) {
    for (const auto& spec : kFields) {
      if (!*spec.added || !raw.Has(spec.raw)) continue;
      if (CompareMetadataVersions(spec.added, mv) > 0) {
        bad(spec.name, std::string(spec.raw) + " introduced in metadata version " + spec.added +
                           ", not " + mv);
      }
    }
  }
  std::string summary = raw.Get("summary");
  if (summary.find_first_of("\r\n\v\f\x1c\x1d\x1e") != std::string::npos) {
    bad("Summary", "'summary' must be a single line");
  }
  if (raw.Has("description_content_type")) {
    std::string problem = DescriptionContentTypeProblem(raw.Get("description_content_type"));
    if (!problem.empty()) bad("Description-Content-Type", problem);
  }
  for (const std::string& d : raw.All("dynamic")) {
    std::string lower = ToLower(d);
    if (lower == "name" || lower == "version" || lower == "metadata-version") {
      bad("Dynamic", Repr(lower) + " is not allowed as a dynamic field");
    } else if (!FindField(lower)) {
      bad("Dynamic", Repr(lower) + " is not a valid dynamic field");
    }
  }
  for (const std::string& e : raw.All("provides_extra")) {
    if (!IsValidProjectName(e)) bad("Provides-Extra", Repr(e) + " is invalid for 'provides-extra'");
  }
  if (raw.Has("requires_python") && !IsValidSpecifierSet(raw.Get("requires_python"))) {
    bad("Requires-Python", Repr(raw.Get("requires_python")) + " is invalid for 'requires-python'");
  }
  for (const std::string& r : raw.All("requires_dist")) {
    if (!IsValidRequirement(r)) bad("Requires-Dist", Repr(r) + " is invalid for 'requires-dist'");
  }
  if (raw.Has("license_expression")) {
    std::string canon, err;
    if (!CanonicalizeLicenseExpression(raw.Get("license_expression"), &canon, &err)) {
      bad("License-Expression",
          Repr(raw.Get("license_expression")) + " is invalid for 'license-expression': " + err);
    }
  }
  for (const std::string& f : raw.All("license_files")) {
    if (f.find("..") != std::string::npos &&
        (f == ".." || StartsWith(f, "../") || f.find("/../") != std::string::npos ||
         EndsWith(f, "/.."))) {
      bad("License-File",
          Repr(f) + " is invalid for 'license-file': parent directory indicators are not allowed");
    } else if (f.find('*') != std::string::npos) {
      bad("License-File", Repr(f) + " is invalid for 'license-file': paths must be resolved");
    } else if (StartsWith(f, "/")) {
      bad("License-File", Repr(f) + " is invalid for 'license-file': paths must be relative");
    } else if (f.find('\\') != std::string::npos) {
      bad("License-File", Repr(f) + " is invalid for 'license-file': paths must use '/' delimiter");
    }
  }
}

// ---------------- rules: the long description ----------------

struct ContentType {
  std::string type;  // lower case, e.g. "text/markdown"
  std::map<std::string, std::string> params;
  bool parsed = false;
};

ContentType ParseContentType(const std::string& value) {
  ContentType ct;
  std::vector<std::string> parts = Split(value, ';');
  if (parts.empty()) return ct;
  ct.type = ToLower(Trim(parts[0]));
  ct.parsed = ct.type.find('/') != std::string::npos;
  for (size_t k = 1; k < parts.size(); ++k) {
    size_t eq = parts[k].find('=');
    if (eq == std::string::npos) continue;
    std::string key = ToLower(Trim(parts[k].substr(0, eq)));
    std::string val = Trim(parts[k].substr(eq + 1));
    if (val.size() >= 2 && val.front() == '"' && val.back() == '"')
      val = val.substr(1, val.size() - 2);
    ct.params[key] = val;
  }
  return ct;
}

}  // namespace

// packaging's _process_description_content_type, message for message.
std::string DescriptionContentTypeProblem(const std::string& value) {
  ContentType ct = ParseContentType(value);
  const std::string valid = "['text/plain', 'text/x-rst', 'text/markdown']";
  if (!ct.parsed ||
      (ct.type != "text/plain" && ct.type != "text/x-rst" && ct.type != "text/markdown")) {
    return "'description-content-type' must be one of " + valid + ", not " + Repr(value);
  }
  auto cs = ct.params.find("charset");
  if (cs != ct.params.end() && ToLower(cs->second) != "utf-8") {
    return "'description-content-type' can only specify the UTF-8 charset, not " + Repr(cs->second);
  }
  auto variant = ct.params.find("variant");
  if (ct.type == "text/markdown" && variant != ct.params.end() && variant->second != "GFM" &&
      variant->second != "CommonMark") {
    return "valid Markdown variants for 'description-content-type' are ['GFM', 'CommonMark'], "
           "not " +
           Repr(variant->second);
  }
  return "";
}

std::vector<Finding> CheckDescription(const std::string& description,
                                      const std::string& content_type, bool content_type_given,
                                      bool description_given) {
  Findings out;
  std::string ctype = content_type_given ? content_type : "text/x-rst";
  if (!content_type_given) {
    Add(&out, FindingLevel::kWarning, "Description-Content-Type",
        "`long_description_content_type` missing. defaulting to `text/x-rst`.", true);
  }
  ContentType ct = ParseContentType(ctype);
  std::string stripped = description;
  while (!stripped.empty() && std::isspace(static_cast<unsigned char>(stripped.back())))
    stripped.pop_back();
  if (!description_given || stripped == "UNKNOWN") {
    Add(&out, FindingLevel::kWarning, "Description", "`long_description` missing.", true);
    return out;
  }
  // twine renders reST for text/x-rst and for any unknown type; never Markdown or plain text.
  bool twine_rst = ct.type != "text/plain" && ct.type != "text/markdown";
  if (twine_rst) {
    std::vector<RstMessage> msgs = CheckRst(description);
    if (!msgs.empty()) {
      std::string text =
          "`long_description` has syntax errors in markup and would not be rendered on PyPI.";
      for (const auto& m : msgs) text += "\n" + FormatRstMessage(m);
      Add(&out, FindingLevel::kError, "Description", text, true);
    }
  } else if (ct.type == "text/markdown") {
    // PyPI renders Markdown (GFM) and refuses an empty result; twine does not render it.
    if (!description.empty() && RenderMarkdown(description, true).empty()) {
      Finding f;
      f.rule = "description-markdown";
      f.level = FindingLevel::kError;
      f.where = "Description";
      f.message = "The description failed to render for 'text/markdown'.";
      out.push_back(f);
    }
  }
  return out;
}

namespace {

void RuleDescription(const DistContext& ctx, Findings* out) {
  if (!Applies(ctx)) return;
  RawMetadata raw = ParseRaw(ctx);
  // Unparsed metadata stops twine before rendering: nothing more to say about the description.
  if (!raw.unparsed.empty()) return;
  bool given = raw.Has("description_content_type");
  std::vector<Finding> f = CheckDescription(raw.description, raw.Get("description_content_type"),
                                            given, raw.has_description);
  for (auto& x : f) out->push_back(std::move(x));
}

void RuleMetadataDefects(const DistContext& ctx, Findings* out) {
  if (!Applies(ctx)) return;
  for (const std::string& d : ctx.meta_defects) {
    Error(out, ctx.metadata_member,
          "the e-mail parser reports a defect, " + d +
              ": the rest of the headers are read as the description");
  }
}

// ---------------- rules: PyPI's upload endpoint (Warehouse forklift) ----------------

void RuleMetadataVersionPypi(const DistContext& ctx, Findings* out) {
  if (!Applies(ctx)) return;
  RawMetadata raw = ParseRaw(ctx);
  std::string mv = raw.Get("metadata_version");
  if (PackagingMetadataVersions().count(mv) && !PypiMetadataVersions().count(mv)) {
    Error(out, "Metadata-Version",
          Repr(mv) +
              " is not a valid metadata version. See "
              "https://packaging.python.org/specifications/core-metadata for more information.");
  }
}

std::string ProjectName(const DistContext& ctx) {
  std::string n = ctx.has_metadata ? ctx.meta.Get("Name") : "";
  return n.empty() ? ctx.filename : n;
}

void RuleFilename(const DistContext& ctx, Findings* out) {
  const std::string& fn = ctx.filename;
  for (unsigned char c : fn) {
    if (c < 32 || c == 127) {
      Error(
          out, fn,
          "Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL character "
          "(ordinal 127) in the name.");
      return;
    }
  }
  if (fn.find('\\') != std::string::npos) {
    Error(out, fn, "Cannot upload a file with '/' or '\\' in the name.");
    return;
  }
  std::string lower = ToLower(fn);
  bool ok_ext = (EndsWith(lower, ".tar.gz") && lower.size() > 7) ||
                (EndsWith(lower, ".zip") && lower.size() > 4) ||
                (EndsWith(lower, ".whl") && lower.size() > 4);
  if (!ok_ext) {
    Error(out, fn,
          "Invalid file extension: Use .tar.gz, .whl or .zip extension. See "
          "https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more "
          "information");
  }
}

void RuleFileSize(const DistContext& ctx, Findings* out) {
  if (ctx.options.max_size && ctx.file_size > ctx.options.max_size) {
    Error(out, ctx.filename,
          "File too large. Limit for project " + Repr(ProjectName(ctx)) + " is " +
              std::to_string(ctx.options.max_size / (1ull << 20)) + " MB (the file is " +
              HumanSize(ctx.file_size) + ").");
  }
  if (ctx.options.warn_size && ctx.file_size > ctx.options.warn_size) {
    Add(out, FindingLevel::kWarning, ctx.filename,
        "the file is " + HumanSize(ctx.file_size) + ", over the size budget of " +
            HumanSize(ctx.options.warn_size));
  }
}

void RuleZipStructure(const DistContext& ctx, Findings* out) {
  if (!ctx.is_zip || !ctx.archive_error.empty()) return;
  if (!ctx.zip.dist_problem.empty()) {
    Error(out, ctx.filename, "Invalid distribution file. " + ctx.zip.dist_problem);
    return;
  }
  if (!ctx.zip.framing_problem.empty()) {
    Error(out, ctx.filename,
          "Invalid distribution file. ZIP archive not accepted: " + ctx.zip.framing_problem + ".");
  }
}

void RuleTarSparse(const DistContext& ctx, Findings* out) {
  if (ctx.is_zip) return;
  for (const auto& m : ctx.members) {
    if (m.is_sparse) {
      Error(out, m.name,
            "Invalid distribution file. tar archive not accepted: Sparse members are not allowed.");
      return;
    }
  }
}

void RuleArchiveBomb(const DistContext& ctx, Findings* out) {
  if (ctx.read_stopped) {
    Error(out, ctx.filename,
          "the archive inflates to more than " + std::to_string(200) +
              " times its size: a decompression bomb; reading stopped");
  }
}

// Why a link member leaves the archive ("" when it does not): an absolute target, or one that
// climbs above the archive's root with "..". A symlink resolves from its own directory; a
// hardlink names an archive path.
std::string LinkEscape(const MemberInfo& m) {
  if (!m.is_symlink && !m.is_hardlink) return "";
  const std::string& t = m.link_target;
  if (StartsWith(t, "/") || (t.size() > 1 && t[1] == ':') || StartsWith(t, "\\"))
    return "an absolute path";
  std::vector<std::string> stack;
  if (m.is_symlink) {
    stack = Split(m.name, '/');
    if (!stack.empty()) stack.pop_back();  // the link's own name
  }
  for (const std::string& part : Split(t, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (stack.empty()) return "it points outside the archive";
      stack.pop_back();
    } else {
      stack.push_back(part);
    }
  }
  return "";
}

// Members whose path escapes the extraction directory.
void RuleUnsafePaths(const DistContext& ctx, Findings* out) {
  for (const auto& m : ctx.members) {
    const std::string& n = m.name;
    bool absolute = StartsWith(n, "/") || (n.size() > 1 && n[1] == ':');
    bool parent = false;
    for (const std::string& part : Split(n, '/')) {
      if (part == "..") parent = true;
    }
    if (absolute || parent || n.find('\\') != std::string::npos) {
      Error(out, n,
            std::string("unsafe member path: ") + (absolute ? "absolute path"
                                                   : parent ? "'..' leaves the archive"
                                                            : "backslash in the path"));
    }
    if ((m.is_symlink || m.is_hardlink) && LinkEscape(m).empty()) {
      // A link in a wheel is never installed as a link; one that stays inside: a warning
      // (unsafe-links reports those that leave the archive).
      Add(out, FindingLevel::kWarning, n,
          std::string("archive member is a ") + (m.is_symlink ? "symbolic" : "hard") + " link");
    }
  }
}

// Links that leave the archive: extracted, they read or overwrite files elsewhere (a symlink to
// /etc/passwd ships that file's contents to whoever packs the tree again; a hardlink to /etc/shadow
// makes an extractor link or copy it).
void RuleUnsafeLinks(const DistContext& ctx, Findings* out) {
  for (const auto& m : ctx.members) {
    std::string why = LinkEscape(m);
    if (!why.empty()) {
      Error(out, m.name,
            std::string(m.is_symlink ? "symbolic" : "hard") + " link to '" + m.link_target +
                "': " + why);
    }
  }
}

// Character and block devices, FIFOs and sockets: no distribution has a use for them, an extractor
// run as root creates the device, and reading a FIFO blocks.
void RuleSpecialMembers(const DistContext& ctx, Findings* out) {
  for (const auto& m : ctx.members) {
    if (!m.special.empty())
      Error(out, m.name,
            "archive member is a " + m.special +
                " (only files, directories and links belong in a distribution)");
  }
}

// Bytes after the end of the gzip stream: unseen by every reader, carried along with the file.
void RuleGzipTrailingData(const DistContext& ctx, Findings* out) {
  if (ctx.gzip_trailing_bytes > 0) {
    Error(
        out, ctx.filename,
        std::to_string(ctx.gzip_trailing_bytes) +
            " byte(s) of trailing data after the end of the gzip stream (not part of the archive)");
  }
  if (!ctx.gzip_error.empty() && ctx.archive_error.empty())
    Error(out, ctx.filename, ctx.gzip_error);
}

// A local header that disagrees with the central directory on the CRC: tools that read the local
// headers (streaming unzip) and those that read the central directory (pip, zipfile) check the
// data against different values.
void RuleZipCrc(const DistContext& ctx, Findings* out) {
  for (const auto& name : ctx.zip.crc_mismatches) {
    Error(out, name, "the local header's CRC-32 differs from the central directory's");
  }
}

// One project per sdist: a second PKG-INFO (a duplicate <top>/PKG-INFO member, or an egg-info)
// naming another project means tools disagree on what the archive is.
void RuleSdistPkgInfo(const DistContext& ctx, Findings* out) {
  if (ctx.kind != DistKind::kSdist || ctx.pkg_infos.empty()) return;
  std::string first = ctx.has_metadata ? ctx.meta.Get("Name") : ctx.pkg_infos[0].second;
  size_t top_copies = 0;
  for (const auto& [member, name] : ctx.pkg_infos) {
    if (Split(member, '/').size() == 2) ++top_copies;
    if (!name.empty() && !first.empty() && NormalizeName(name) != NormalizeName(first)) {
      Error(out, member,
            "names project '" + name + "', but the sdist's PKG-INFO names '" + first + "'");
    }
  }
  if (top_copies > 1) {
    Error(out, ctx.sdist_top.empty() ? ctx.filename : ctx.sdist_top + "/PKG-INFO",
          "PKG-INFO appears " + std::to_string(top_copies) +
              " times (readers take the first or the last copy)");
  }
}

// NUL bytes in a metadata header: C-based readers cut the value there, Python keeps it; the
// field then means different things to different tools (and PyPI's database refuses it).
void RuleMetadataNul(const DistContext& ctx, Findings* out) {
  if (!ctx.has_metadata || ctx.metadata_text.find('\0') == std::string::npos) return;
  size_t body = ctx.metadata_text.find("\n\n");
  std::string field = "";
  size_t pos = 0;
  while (pos < ctx.metadata_text.size()) {
    size_t nl = ctx.metadata_text.find('\n', pos);
    size_t end = nl == std::string::npos ? ctx.metadata_text.size() : nl;
    std::string line = ctx.metadata_text.substr(pos, end - pos);
    bool in_body = body != std::string::npos && pos > body;
    if (!in_body && !line.empty() && line[0] != ' ' && line[0] != '\t') {
      size_t colon = line.find(':');
      field = colon == std::string::npos ? line.substr(0, 40) : line.substr(0, colon);
    }
    if (line.find('\0') != std::string::npos) {
      std::string where = in_body ? "Description" : field;
      where.erase(std::remove(where.begin(), where.end(), '\0'), where.end());
      Error(out, where, "the field holds a NUL byte");
      return;
    }
    pos = end + 1;
  }
}

// The secret policy of spec/secret_policy.h, as `build` applies it: a secret-looking name alone
// is a warning (test certificates, .htpasswd fixtures and CA bundles are published on purpose);
// a live credential in the content fails, naming member:line.
void RuleSecrets(const DistContext& ctx, Findings* out) {
  for (const auto& m : ctx.members) {
    if (m.is_dir) continue;
    std::string why;
    bool fatal_content = false;
    for (const CredentialHit& hit : m.credentials) {
      std::string where = m.name + ":" + std::to_string(hit.line);
      if (hit.fatal) {
        fatal_content = true;
        Error(out, where,
              "holds a live credential (" + hit.kind + ") and must not be published; revoke it");
      } else {
        Add(out, FindingLevel::kWarning, where,
            "holds a " + hit.kind + " under a test, example or docs path (a fixture?)");
      }
    }
    if (!fatal_content && LooksLikeSecret(m.name, &why)) {
      Add(out, FindingLevel::kWarning, m.name,
          "looks like a secret by its name (matches '" + why +
              "'); no live credential found in it");
    }
  }
}

// ---- sdist ----

void RuleSdistLayout(const DistContext& ctx, Findings* out) {
  if (ctx.kind != DistKind::kSdist || !ctx.archive_error.empty() || ctx.members.empty() ||
      ctx.read_stopped)
    return;
  if (ctx.sdist_top.empty()) {
    Error(out, ctx.filename,
          "Invalid distribution file. Incorrect number of top-level directories in sdist");
    return;
  }
  bool pkg_info = false, pyproject = false;
  for (const auto& m : ctx.members) {
    if (m.name == ctx.sdist_top + "/PKG-INFO") pkg_info = true;
    if (m.name == ctx.sdist_top + "/pyproject.toml") pyproject = true;
  }
  if (!pkg_info) {
    Error(out, ctx.filename,
          "Invalid distribution file. PKG-INFO not found at " + ctx.sdist_top + "/PKG-INFO");
  }
  if (!pyproject) {
    Add(out, FindingLevel::kWarning, ctx.sdist_top + "/pyproject.toml",
        "the sdist has no pyproject.toml: installers fall back to the legacy setup.py path");
  }
  if (ctx.has_metadata) {
    std::string name = ctx.meta.Get("Name"), version = ctx.meta.Get("Version");
    std::string normalized;
    if (!name.empty() && NormalizeVersion(version, &normalized, nullptr)) {
      std::string expected = FilenameName(name) + "-" + normalized;
      if (ctx.sdist_top != expected) {
        Error(out, ctx.sdist_top + "/",
              "the top-level directory should be '" + expected +
                  "' ({name}-{version} of the metadata, as PEP 625 names the file)");
      }
    }
  }
}

// PEP 625 file name (Warehouse: parse_sdist_filename, then the exact expected name).
void RuleSdistFilename(const DistContext& ctx, Findings* out) {
  if (ctx.kind != DistKind::kSdist || !ctx.has_metadata) return;
  const std::string& fn = ctx.filename;
  std::string stem =
      EndsWith(fn, ".tar.gz") ? fn.substr(0, fn.size() - 7) : fn.substr(0, fn.size() - 4);
  size_t dash = stem.rfind('-');
  Pep440Version file_version;
  if (dash == std::string::npos || !ParseVersion(stem.substr(dash + 1), &file_version, nullptr)) {
    Error(out, fn, "Invalid source distribution filename: " + fn);
    return;
  }
  std::string name = ctx.meta.Get("Name");
  if (name.empty()) return;
  std::string prefix = FilenameName(name);
  if (NormalizeName(stem.substr(0, dash)) != NormalizeName(name)) {
    Error(out, fn, "Start filename for " + Repr(name) + " with " + Repr(prefix) + ".");
    return;
  }
  std::string version;
  if (!NormalizeVersion(ctx.meta.Get("Version"), &version, nullptr)) return;
  std::string expected = prefix + "-" + version + ".tar.gz";
  if (fn != expected)
    Error(out, fn, "Filename " + Repr(fn) + " is invalid, should be " + Repr(expected) + ".");
}

// ---- wheels ----

// packaging.utils.parse_wheel_filename's judgement of the parts spec/dist_filename splits;
// "" on success, else packaging's message.
std::string ParseWheelFilename(const std::string& filename, DistFilename* w) {
  if (!EndsWith(filename, ".whl"))
    return "Invalid wheel filename (extension must be '.whl'): " + Repr(filename);
  std::string stem = filename.substr(0, filename.size() - 4);
  if (!SplitWheelFilename(filename, w))
    return "Invalid wheel filename (wrong number of parts): " + Repr(stem);
  bool name_ok = w->name.find("__") == std::string::npos;
  for (unsigned char c : w->name) {
    if (!(std::isalnum(c) || c == '_' || c == '.' || c >= 0x80)) name_ok = false;
  }
  if (!name_ok) return "Invalid project name: " + Repr(stem);
  if (!IsValidVersion(w->version)) return "Invalid wheel filename (invalid version): " + Repr(stem);
  if (std::count(stem.begin(), stem.end(), '-') == 5) {  // a build tag, possibly empty
    if (w->build_tag.empty() || !std::isdigit(static_cast<unsigned char>(w->build_tag[0]))) {
      return "Invalid build number: " + w->build_tag + " in " + Repr(stem);
    }
  }
  return "";
}

void RuleWheelFilename(const DistContext& ctx, Findings* out) {
  if (ctx.kind != DistKind::kWheel) return;
  DistFilename w;
  std::string err = ParseWheelFilename(ctx.filename, &w);
  if (!err.empty()) {
    Error(out, ctx.filename, err);
    return;
  }
  for (const auto& p : Split(w.platform_tag, '.')) {
    if (!IsPypiPlatformTag(p)) {
      Error(out, ctx.filename,
            "Binary wheel " + Repr(ctx.filename) + " has an unsupported platform tag " + Repr(p) +
                ".");
    }
  }
  if (!ctx.has_metadata) return;
  std::string name = ctx.meta.Get("Name");
  if (name.empty()) return;
  std::string prefix = FilenameName(name);
  if (NormalizeName(w.name) != NormalizeName(name)) {
    Error(out, ctx.filename, "Start filename for " + Repr(name) + " with " + Repr(prefix) + ".");
    return;
  }
  if (w.name != prefix) {
    Error(out, ctx.filename,
          "Filename " + Repr(ctx.filename) + " should contain the normalized project name " +
              Repr(prefix) + ", not " + Repr(w.name) + ".");
  }
  Pep440Version meta_v, file_v;
  if (ParseVersion(ctx.meta.Get("Version"), &meta_v, nullptr) &&
      ParseVersion(w.version, &file_v, nullptr) && CompareVersions(meta_v, file_v) != 0) {
    Error(out, ctx.filename,
          "Version in filename should be " + Repr(meta_v.ToString()) + " not " +
              Repr(file_v.ToString()) + ".");
  }
}

bool HasMember(const DistContext& ctx, const std::string& name) {
  return std::any_of(ctx.members.begin(), ctx.members.end(),
                     [&](const MemberInfo& m) { return m.name == name && !m.is_dir; });
}

// The files Warehouse requires at the dist-info its file name names.
void RuleWheelRequiredFiles(const DistContext& ctx, Findings* out) {
  if (ctx.kind != DistKind::kWheel || !ctx.archive_error.empty() || ctx.read_stopped) return;
  if (ctx.dist_info.empty()) {
    Error(out, ctx.filename,
          "Invalid distribution file. Unable to parse name and version from wheel filename");
    return;
  }
  if (!HasMember(ctx, ctx.dist_info + "/WHEEL")) {
    Error(out, ctx.dist_info + "/WHEEL",
          "Invalid distribution file. WHEEL not found at " + ctx.dist_info + "/WHEEL");
  }
  if (!HasMember(ctx, ctx.dist_info + "/METADATA")) {
    Error(out, ctx.dist_info + "/METADATA",
          "Wheel " + Repr(ctx.filename) +
              " does not contain the required METADATA file: " + ctx.dist_info + "/METADATA");
  }
  if (!HasMember(ctx, ctx.dist_info + "/RECORD")) {
    Error(out, ctx.dist_info + "/RECORD",
          "Wheel " + Repr(ctx.filename) +
              " does not contain the required RECORD file: " + ctx.dist_info + "/RECORD");
  }
}

// entry_points.txt: an INI file; console/gui script names must match [\w.-]+.
void RuleEntryPoints(const DistContext& ctx, Findings* out) {
  if (!ctx.has_entry_points) return;
  std::string where = ctx.dist_info + "/entry_points.txt";
  std::string msg = "Wheel " + Repr(ctx.filename) +
                    " has invalid entry points defined in the entry_points.txt file";
  if (!IsValidUtf8(ctx.entry_points_text)) {
    Error(out, where, msg + " (not UTF-8)");
    return;
  }
  std::string section;
  int line_no = 0;
  for (std::string line : Split(ctx.entry_points_text, '\n')) {
    ++line_no;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[') {
      if (t.back() != ']') {
        Error(out, where, msg + " (line " + std::to_string(line_no) + ": bad section header)");
        return;
      }
      section = Trim(t.substr(1, t.size() - 2));
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(line[0]))) continue;  // continuation
    size_t eq = t.find('=');
    if (section.empty() || eq == std::string::npos) {
      Error(out, where, msg + " (line " + std::to_string(line_no) + ")");
      return;
    }
    std::string key = Trim(t.substr(0, eq));
    if ((section == "console_scripts" || section == "gui_scripts") && !IsScriptName(key)) {
      Error(out, where,
            msg + " (line " + std::to_string(line_no) + ": script name " + Repr(key) + ")");
      return;
    }
  }
}

void RuleLicenseFiles(const DistContext& ctx, Findings* out) {
  if (!Applies(ctx) || !ctx.archive_error.empty()) return;
  RawMetadata raw = ParseRaw(ctx);
  for (const std::string& f : raw.All("license_files")) {
    std::string at =
        ctx.kind == DistKind::kWheel ? ctx.dist_info + "/licenses/" + f : ctx.sdist_top + "/" + f;
    if (!HasMember(ctx, at)) {
      Error(out, "License-File",
            "License-File " + f + " does not exist in distribution file " + ctx.filename + " at " +
                at);
    }
  }
}

// Warehouse's _validate_metadata additions to packaging's checks.
void RulePypiMetadata(const DistContext& ctx, Findings* out) {
  if (!Applies(ctx)) return;
  RawMetadata raw = ParseRaw(ctx);
  Pep440Version v;
  if (ParseVersion(raw.Get("version"), &v, nullptr) && !v.local.empty()) {
    Error(out, "Version",
          "The use of local versions in " + Repr(raw.Get("version")) + " is not allowed.");
  }
  if (raw.Get("summary").size() > 512) {
    Error(out, "Summary", "'summary' field must be 512 characters or less.");
  }
  for (const std::string& c : raw.All("classifiers")) {
    std::string problem = ClassifierProblem(c);
    if (!problem.empty()) Error(out, "Classifier", problem);
  }
  if (raw.Has("license_expression") && raw.Has("license") && !Trim(raw.Get("license")).empty()) {
    Error(out, "License",
          "License is deprecated when License-Expression is present. Only License-Expression "
          "should be present.");
  }
  // hatchling and uv_build write both and the index accepts them; setuptools >= 77 and flit_core
  // refuse the pair at build time (docs/strictness.md).
  if (raw.Has("license_expression")) {
    for (const std::string& c : raw.All("classifiers")) {
      if (StartsWith(c, "License ::")) {
        Add(out, FindingLevel::kWarning, "Classifier",
            "license classifier '" + c +
                "' next to License-Expression: PEP 639 supersedes it with the expression");
        break;
      }
    }
  }
  for (const char* field : {"requires_dist", "provides_dist", "obsoletes_dist"}) {
    for (const std::string& r : raw.All(field)) {
      Requirement req;
      if (!ParseRequirement(r, &req, nullptr)) {
        if (std::string(field) != "requires_dist") {
          Error(out, field, Repr(r) + " is invalid: not a PEP 508 requirement");
        }
        continue;
      }
      if (!req.url.empty()) Error(out, field, "Can't have direct dependency: " + r);
    }
  }
}

// email.utils.parseaddr, simplified: the first address, from "<...>" when present.
std::string FirstAddress(const std::string& value) {
  size_t lt = value.find('<');
  if (lt != std::string::npos) {
    size_t gt = value.find('>', lt);
    return Trim(value.substr(lt + 1, gt == std::string::npos ? std::string::npos : gt - lt - 1));
  }
  return Trim(value.substr(0, value.find(',')));
}

std::string EmailProblem(const std::string& addr) {
  size_t at = addr.find('@');
  if (at == std::string::npos || addr.find('@', at + 1) != std::string::npos) {
    return "The email address is not valid. It must have exactly one @-sign.";
  }
  std::string local = addr.substr(0, at), domain = addr.substr(at + 1);
  if (local.empty()) return "There must be something before the @-sign.";
  if (domain.empty()) return "There must be something after the @-sign.";
  for (char c : addr) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == ',') {
      return "The email address contains invalid characters.";
    }
  }
  if (domain.find('.') == std::string::npos)
    return "The part after the @-sign is not valid. It should have a period.";
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string::npos) {
    return "An email address cannot have a period immediately after the @-sign.";
  }
  return "";
}

void RuleEmails(const DistContext& ctx, Findings* out) {
  if (!Applies(ctx)) return;
  RawMetadata raw = ParseRaw(ctx);
  for (const char* field : {"author_email", "maintainer_email"}) {
    std::string value = raw.Get(field);
    if (Trim(value).empty()) continue;
    std::string addr = FirstAddress(value);
    if (addr.empty()) continue;
    std::string problem = EmailProblem(addr);
    if (!problem.empty())
      Error(out, field, Repr(addr) + " is not a valid email address: " + problem);
  }
}

bool IsValidHttpUri(const std::string& uri) {
  if (uri.empty() || uri.find_first_of(" \t\n<>\"") != std::string::npos) return false;
  Url u = ParseUrl(uri);
  std::string scheme = ToLower(u.scheme);
  return scheme == "http" || scheme == "https";
}

void RuleUrls(const DistContext& ctx, Findings* out) {
  if (!Applies(ctx)) return;
  RawMetadata raw = ParseRaw(ctx);
  for (const char* field : {"home_page", "download_url"}) {
    std::string v = Trim(raw.Get(field));
    if (!v.empty() && v != "UNKNOWN" && !IsValidHttpUri(v))
      Error(out, field, Repr(v) + " is not a valid url.");
  }
  for (const std::string& pu : raw.All("project_urls")) {
    size_t comma = pu.find(',');
    std::string label = Trim(pu.substr(0, comma));
    std::string url = comma == std::string::npos ? "" : Trim(pu.substr(comma + 1));
    if (label.empty()) {
      Error(out, "Project-URL", "Must have a label");
    } else if (label.size() > 32) {
      Error(out, "Project-URL", Repr(label) + " must be 32 characters or less.");
    }
    if (url.empty()) {
      Error(out, "Project-URL", "Must have a URL");
    } else if (!IsValidHttpUri(url)) {
      Error(out, "Project-URL", Repr(url) + " is not a valid url");
    }
  }
}

// ---- wheel integrity (beyond PyPI) ----

void RuleWheelDistInfo(const DistContext& ctx, Findings* out) {
  if (ctx.kind != DistKind::kWheel || !ctx.archive_error.empty()) return;
  std::set<std::string> dist_infos;
  for (const auto& m : ctx.members) {
    std::string top = m.name.substr(0, m.name.find('/'));
    if (EndsWith(top, ".dist-info") && m.name.find('/') != std::string::npos)
      dist_infos.insert(top);
  }
  if (dist_infos.size() > 1) {
    Error(out, ctx.filename,
          "the wheel has " + std::to_string(dist_infos.size()) + " .dist-info directories (" +
              Join(std::vector<std::string>(dist_infos.begin(), dist_infos.end()), ", ") +
              "); exactly one is allowed");
  }
  if (!ctx.has_metadata) return;
  std::string name = ctx.meta.Get("Name"), version = ctx.meta.Get("Version");
  std::string nv;
  if (name.empty() || !NormalizeVersion(version, &nv, nullptr)) return;
  for (const std::string& d : dist_infos) {
    std::string stem = d.substr(0, d.size() - 10);
    size_t dash = stem.find('-');
    std::string dname = dash == std::string::npos ? stem : stem.substr(0, dash);
    std::string dver = dash == std::string::npos ? "" : stem.substr(dash + 1);
    std::string dver_norm;
    if (NormalizeName(dname) != NormalizeName(name) ||
        !NormalizeVersion(dver, &dver_norm, nullptr) || dver_norm != nv) {
      Error(out, d + "/",
            "the .dist-info directory does not match the metadata (expected " + FilenameName(name) +
                "-" + nv + ".dist-info)");
    }
  }
}

void RuleWheelFile(const DistContext& ctx, Findings* out) {
  if (!ctx.has_wheel_file) return;
  std::string where = ctx.dist_info + "/WHEEL";
  CoreMetadata w = ParseCoreMetadata(ctx.wheel_text);
  std::string wv = w.Get("Wheel-Version");
  if (wv.empty()) {
    Error(out, where, "Wheel-Version is missing");
  } else if (!StartsWith(wv, "1.")) {
    Error(out, where, "Wheel-Version " + Repr(wv) + " is not supported (installers accept 1.x)");
  }
  std::string purelib = ToLower(w.Get("Root-Is-Purelib"));
  if (purelib != "true" && purelib != "false") {
    Error(out, where,
          "Root-Is-Purelib must be 'true' or 'false', not " + Repr(w.Get("Root-Is-Purelib")));
  }
  DistFilename wn;
  if (!ParseWheelFilename(ctx.filename, &wn).empty()) return;
  std::vector<std::string> tags = ExpandWheelTags(wn);
  std::set<std::string> from_file(tags.begin(), tags.end()), declared;
  for (const std::string& t : w.GetAll("Tag")) declared.insert(ToLower(Trim(t)));
  if (declared.empty()) {
    Error(out, where, "no Tag lines");
  } else if (declared != from_file) {
    Error(out, where,
          "the Tag lines (" +
              Join(std::vector<std::string>(declared.begin(), declared.end()), ", ") +
              ") do not match the file name's tags (" +
              Join(std::vector<std::string>(from_file.begin(), from_file.end()), ", ") + ")");
  }
  if (!wn.build_tag.empty() && w.Get("Build") != wn.build_tag) {
    Error(out, where,
          "Build " + Repr(w.Get("Build")) + " does not match the file name's build tag " +
              Repr(wn.build_tag));
  }
}

// Compiled code decides what a wheel may claim: a pure tag installs it everywhere while it imports
// only where it was built; `linux_*` is refused by PyPI (manylinux/musllinux tags say which
// systems the ELF files run on); Root-Is-Purelib sends the files to purelib, where platform code
// does not belong.
void RuleCompiledCodeTags(const DistContext& ctx, Findings* out) {
  if (ctx.kind != DistKind::kWheel) return;
  std::vector<const MemberInfo*> compiled;
  bool has_elf = false;
  for (const auto& m : ctx.members) {
    if (m.binary == BinaryFormat::kNone) continue;
    compiled.push_back(&m);
    has_elf = has_elf || m.binary == BinaryFormat::kElf;
  }
  if (compiled.empty()) return;
  DistFilename wn;
  if (!SplitWheelFilename(ctx.filename, &wn)) return;
  bool purelib = false;
  if (ctx.has_wheel_file)
    purelib = ToLower(Trim(ParseCoreMetadata(ctx.wheel_text).Get("Root-Is-Purelib"))) == "true";
  std::vector<std::string> platforms = Split(ToLower(wn.platform_tag), '.');
  std::vector<std::string> abis = Split(ToLower(wn.abi_tag), '.');
  bool any_platform = std::find(platforms.begin(), platforms.end(), "any") != platforms.end();
  bool none_abi = std::find(abis.begin(), abis.end(), "none") != abis.end();
  std::string tag = wn.python_tag + "-" + wn.abi_tag + "-" + wn.platform_tag;
  auto what = [](const MemberInfo* m) {
    return std::string(BinaryFormatName(m->binary)) + " file";
  };
  bool pure = any_platform || (none_abi && purelib);
  for (const MemberInfo* m : compiled) {
    // A Windows program (.exe) is run, never imported: setuptools and distlib ship their script
    // launchers in pure wheels on purpose (both in the real-dists corpus, accepted by the index).
    if (pure && m->binary == BinaryFormat::kPe && EndsWith(ToLower(m->name), ".exe")) {
      Add(out, FindingLevel::kWarning, m->name,
          "a Windows program (" + what(m) + ") in a wheel tagged " + Repr(tag) +
              ": it runs only on Windows (a script launcher is shipped this way on purpose)");
      continue;
    }
    if (pure) {
      Error(out, m->name,
            "compiled code (" + what(m) + ") in a wheel tagged " + Repr(tag) +
                (any_platform ? "" : " with Root-Is-Purelib: true") +
                ": installers take it on every platform and it loads only where it was built; "
                "build a platform wheel (Root-Is-Purelib: false, a platform tag such as "
                "manylinux_2_17_x86_64)");
    } else if (purelib) {
      Add(out, FindingLevel::kWarning, m->name,
          "compiled code (" + what(m) +
              ") in a wheel with Root-Is-Purelib: true; platform wheels set it to false");
    }
  }
  if (!has_elf) return;
  for (const std::string& p : platforms) {
    if (!StartsWith(p, "linux_")) continue;
    std::string elf;
    for (const MemberInfo* m : compiled) {
      if (m->binary == BinaryFormat::kElf) {
        elf = m->name;
        break;
      }
    }
    Error(out, ctx.filename,
          "the platform tag " + Repr(p) +
              " says only 'built on some Linux' and PyPI refuses it; the ELF files (" + elf +
              (compiled.size() > 1 ? ", ..." : "") +
              ") need a manylinux_X_Y_<arch> or musllinux_X_Y_<arch> tag for the "
              "oldest policy they satisfy (auditwheel show / auditwheel repair)");
  }
}

void RuleRecord(const DistContext& ctx, Findings* out) {
  if (!ctx.has_record || ctx.read_stopped || !ctx.archive_error.empty()) return;
  std::string where = ctx.dist_info + "/RECORD";
  std::vector<RecordRow> rows;
  std::string err;
  if (!IsValidUtf8(ctx.record_text) || !ParseRecord(ctx.record_text, &rows, &err)) {
    Error(out, where, err.empty() ? "RECORD is not UTF-8" : err);
    return;
  }
  // Hashed: a large wheel has 10,000 members and as many rows (the last member of a name wins).
  struct File {
    const MemberInfo* member;
    bool listed;
  };
  std::unordered_map<std::string_view, File> files(ctx.members.size());
  for (const auto& m : ctx.members) {
    if (!m.is_dir) files[m.name] = File{&m, false};
  }
  // The paths seen, as views of the rows' own text; a path with '\\' needs its own copy ('/').
  std::vector<std::string> slashed;
  slashed.reserve(rows.size());  // never moves, so views into it stay valid
  std::unordered_set<std::string_view> listed(rows.size());
  for (const RecordRow& r : rows) {
    std::string_view path = r.path;
    if (path.find('\\') != std::string_view::npos) {
      slashed.push_back(r.path);
      std::replace(slashed.back().begin(), slashed.back().end(), '\\', '/');
      path = slashed.back();
    }
    bool parent = false;
    for (size_t start = 0; start <= path.size() && !parent;) {
      size_t slash = std::min(path.find('/', start), path.size());
      parent = path.compare(start, slash - start, "..") == 0;
      start = slash + 1;
    }
    if (StartsWith(path, "/") || parent) {
      Error(out, where, "entry " + Repr(r.path) + " points outside the archive");
      continue;
    }
    if (!listed.insert(path).second) {
      Error(out, where, "entry " + Repr(r.path) + " is listed twice");
      continue;
    }
    auto it = files.find(path);
    if (it == files.end()) {
      Error(out, where, "entry " + Repr(r.path) + " is not in the archive");
      continue;
    }
    it->second.listed = true;
    if (path == where || EndsWith(path, ".dist-info/RECORD.jws") ||
        EndsWith(path, ".dist-info/RECORD.p7s"))
      continue;
    const MemberInfo& m = *it->second.member;
    if (r.hash.empty()) {
      Error(out, where, "entry " + Repr(r.path) + " has no hash");
      continue;
    }
    if (StartsWith(r.hash, "sha256=")) {
      std::string_view raw(reinterpret_cast<const char*>(m.sha256.data()), m.sha256.size());
      if (m.actual_size >= 0 && !IsRecordHashOf(r.hash, raw)) {
        Error(out, r.path,
              "the sha256 in RECORD (" + r.hash.substr(7) + ") does not match the file's (" +
                  RecordHash(raw).substr(7) + ")");
      }
    } else if (!StartsWith(r.hash, "sha384=") && !StartsWith(r.hash, "sha512=")) {
      Error(out, where,
            "entry " + Repr(r.path) + " uses the hash " + Repr(r.hash.substr(0, r.hash.find('='))) +
                "; installers accept sha256 or stronger");
    }
    if (m.actual_size >= 0 && r.size != std::to_string(m.actual_size)) {
      Error(out, r.path,
            "the size in RECORD (" + (r.size.empty() ? std::string("none") : r.size) +
                ") does not match the file's (" + std::to_string(m.actual_size) + ")");
    }
  }
  std::vector<std::string_view> unlisted;
  for (const auto& [name, file] : files) {
    if (file.listed || name == where || EndsWith(name, ".dist-info/RECORD.jws") ||
        EndsWith(name, ".dist-info/RECORD.p7s")) {
      continue;
    }
    unlisted.push_back(name);
  }
  std::sort(unlisted.begin(), unlisted.end());  // reported in name order
  for (std::string_view name : unlisted)
    Error(out, std::string(name), "the file is not listed in RECORD");
}

}  // namespace

const std::vector<CheckRule>& CheckRules() {
  static const std::vector<CheckRule> rules = {
      // twine check parity
      {"dist-format", FindingLevel::kError, true, "twine",
       "only .whl, .tar.gz and .zip are distributions", RuleDistFormat},
      {"dist-readable", FindingLevel::kError, true, "twine",
       "the archive reads to the end and holds its metadata (METADATA / <top>/PKG-INFO with "
       "Metadata-Version)",
       RuleDistReadable},
      {"metadata-fields", FindingLevel::kError, true, "twine",
       "every metadata header is a known, well-formed field", RuleMetadataFields},
      {"metadata-valid", FindingLevel::kError, true, "twine",
       "packaging's validation: versions, names, content type, requirements, license expression, "
       "field versions",
       RuleMetadataValid},
      {"description", FindingLevel::kError, true, "twine",
       "the long description renders (reST as readme_renderer, Markdown as PyPI); warns when "
       "missing or untyped",
       RuleDescription},
      // PyPI's upload endpoint
      {"metadata-version-pypi", FindingLevel::kError, false, "pypi",
       "Metadata-Version is one PyPI accepts (1.0-1.2, 2.1-2.5)", RuleMetadataVersionPypi},
      {"metadata-defects", FindingLevel::kError, false, "integrity",
       "the metadata parses without e-mail parser defects", RuleMetadataDefects},
      {"filename", FindingLevel::kError, false, "pypi",
       "the file name is printable and has an accepted extension", RuleFilename},
      {"file-size", FindingLevel::kError, false, "pypi",
       "the file is within --max-size (warning over --warn-size)", RuleFileSize},
      {"zip-structure", FindingLevel::kError, false, "pypi",
       "ZIP framing as PyPI validates it: no data descriptors, comments, trailing data; "
       "stored/deflate; no bomb",
       RuleZipStructure},
      {"tar-sparse", FindingLevel::kError, false, "pypi", "no sparse tar members", RuleTarSparse},
      {"sdist-layout", FindingLevel::kError, false, "pypi",
       "one top-level directory {name}-{version} with PKG-INFO (pyproject.toml: warning)",
       RuleSdistLayout},
      {"sdist-filename", FindingLevel::kError, false, "pypi",
       "PEP 625 sdist name: {normalized_name}-{version}.tar.gz", RuleSdistFilename},
      {"wheel-filename", FindingLevel::kError, false, "pypi",
       "valid wheel name, normalized project name, matching version, platform tags PyPI accepts",
       RuleWheelFilename},
      {"wheel-required-files", FindingLevel::kError, false, "pypi",
       "WHEEL, METADATA and RECORD in the file name's .dist-info", RuleWheelRequiredFiles},
      {"entry-points", FindingLevel::kError, false, "pypi",
       "entry_points.txt is a valid INI with valid script names", RuleEntryPoints},
      {"license-files", FindingLevel::kError, false, "pypi", "every License-File is in the archive",
       RuleLicenseFiles},
      {"pypi-metadata", FindingLevel::kError, false, "pypi",
       "classifiers, no local version, summary length, License with License-Expression, no direct "
       "URLs",
       RulePypiMetadata},
      {"emails", FindingLevel::kError, false, "pypi",
       "Author-email / Maintainer-email are valid addresses", RuleEmails},
      {"urls", FindingLevel::kError, false, "pypi",
       "Home-page, Download-URL and Project-URL are valid http(s) URLs", RuleUrls},
      // integrity, beyond PyPI
      {"wheel-dist-info", FindingLevel::kError, false, "integrity",
       "exactly one .dist-info, matching the metadata's name and version", RuleWheelDistInfo},
      {"wheel-file", FindingLevel::kError, false, "integrity",
       "WHEEL: Wheel-Version 1.x, Root-Is-Purelib, tags = file name tags", RuleWheelFile},
      {"record", FindingLevel::kError, false, "integrity",
       "RECORD lists every file once with its correct sha256 and size, nothing else, no paths "
       "outside",
       RuleRecord},
      {"unsafe-paths", FindingLevel::kError, false, "integrity",
       "no absolute or '..' member paths (links inside the archive: warning)", RuleUnsafePaths},
      {"compiled-code-tags", FindingLevel::kError, false, "integrity",
       "compiled code (ELF, Mach-O, PE) never in a pure wheel (-any, or none + purelib), ELF never "
       "tagged linux_* "
       "(Root-Is-Purelib: true: warning)",
       RuleCompiledCodeTags},
      {"secrets", FindingLevel::kError, false, "integrity",
       "no live credentials by content (tokens, cloud keys, private keys, .pypirc/.netrc "
       "passwords); secret-looking names warn",
       RuleSecrets},
      {"archive-bomb", FindingLevel::kError, false, "integrity",
       "the archive does not inflate more than 200x past 64 MiB (reading stops)", RuleArchiveBomb},
      {"unsafe-links", FindingLevel::kError, false, "integrity",
       "no symbolic or hard link to an absolute path or outside the archive", RuleUnsafeLinks},
      {"special-members", FindingLevel::kError, false, "integrity",
       "no character/block device, FIFO or socket members", RuleSpecialMembers},
      {"gzip-trailing-data", FindingLevel::kError, false, "integrity",
       "nothing but zero padding after the gzip stream of a .tar.gz", RuleGzipTrailingData},
      {"zip-crc", FindingLevel::kError, false, "integrity",
       "local headers and the central directory agree on each CRC-32", RuleZipCrc},
      {"sdist-pkg-info", FindingLevel::kError, false, "integrity",
       "one <top>/PKG-INFO, and no other PKG-INFO (egg-info) naming another project",
       RuleSdistPkgInfo},
      {"metadata-nul", FindingLevel::kError, false, "integrity",
       "no NUL bytes in any metadata field", RuleMetadataNul},
  };
  return rules;
}
