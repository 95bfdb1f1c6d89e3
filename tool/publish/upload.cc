#include "publish/upload.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "core/interrupt.h"
#include "core/string_util.h"
#include "core/url.h"
#include "publish/file_index.h"
#include "spec/dist_reader.h"
#include "spec/names.h"

namespace {

// Core-metadata header (lower case) -> the form field twine sends (twine/package.py
// _RAW_TO_PACKAGE_METADATA, through packaging's RawMetadata names).
struct FieldRule {
  const char* header;
  const char* field;
  bool multiple;
};
const FieldRule kFieldRules[] = {
    {"metadata-version", "metadata_version", false},
    {"name", "name", false},
    {"version", "version", false},
    {"platform", "platform", true},
    {"summary", "summary", false},
    {"description", "description", false},
    {"keywords", "keywords", false},
    {"home-page", "home_page", false},
    {"author", "author", false},
    {"author-email", "author_email", false},
    {"license", "license", false},
    {"supported-platform", "supported_platform", true},
    {"download-url", "download_url", false},
    {"classifier", "classifiers", true},
    {"requires", "requires", true},
    {"provides", "provides", true},
    {"obsoletes", "obsoletes", true},
    {"maintainer", "maintainer", false},
    {"maintainer-email", "maintainer_email", false},
    {"requires-dist", "requires_dist", true},
    {"provides-dist", "provides_dist", true},
    {"obsoletes-dist", "obsoletes_dist", true},
    {"requires-python", "requires_python", false},
    {"requires-external", "requires_external", true},
    {"project-url", "project_urls", true},
    {"description-content-type", "description_content_type", false},
    {"provides-extra", "provides_extra", true},
    {"dynamic", "dynamic", true},
    {"license-expression", "license_expression", false},
    {"license-file", "license_file", true},
};

const FieldRule* RuleFor(const std::string& header) {
  std::string lower = ToLower(header);
  for (const auto& r : kFieldRules) {
    if (lower == r.header) return &r;
  }
  return nullptr;
}

// packaging splits Keywords on commas and strips; twine joins them with ", ".
std::string NormalizeKeywords(const std::string& value) {
  std::vector<std::string> parts;
  for (const auto& k : Split(value, ',')) parts.push_back(Trim(k));
  return Join(parts, ", ");
}

// packaging reads "label, url" (split at the first comma, stripped); twine re-joins with ", ".
std::string NormalizeProjectUrl(const std::string& value) {
  size_t comma = value.find(',');
  std::string label = Trim(value.substr(0, comma));
  std::string url = comma == std::string::npos ? "" : Trim(value.substr(comma + 1));
  return label + ", " + url;
}

bool VersionBelow24(const std::string& metadata_version) {
  std::vector<std::string> parts = Split(Trim(metadata_version), '.');
  int major = parts.empty() ? 0 : std::atoi(parts[0].c_str());
  int minor = parts.size() > 1 ? std::atoi(parts[1].c_str()) : 0;
  return major < 2 || (major == 2 && minor < 4);
}

// twine's wheel.py pyversion: the python tag of the file name.
std::string PyVersion(const DistFilename& f) {
  return f.kind == DistKind::kWheel ? f.python_tag : "source";
}

std::string StripTags(const std::string& html) {
  std::string out;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') {
      in_tag = true;
      out += ' ';  // a tag separates words
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag)
      out += c;
  }
  return CollapseWhitespace(out);
}

std::string Shorten(const std::string& s, size_t max = 400) {
  return s.size() <= max ? s : s.substr(0, max) + "...";
}

}  // namespace

std::string SafeName(const std::string& name) {
  std::string out;
  bool in_run = false;
  for (char c : name) {
    bool keep =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
    if (keep) {
      out += c;
      in_run = false;
    } else if (!in_run) {
      out += '-';
      in_run = true;
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> UploadFields(const CoreMetadata& metadata,
                                                              const DistFilename& file,
                                                              const FileDigests& digests) {
  bool drop_license_files = VersionBelow24(metadata.Get("Metadata-Version"));
  // Group every value of a field at its first appearance (a dict of lists, as twine builds).
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> values;
  for (const auto& [header, value] : metadata.headers) {
    const FieldRule* rule = RuleFor(header);
    if (!rule) continue;
    std::string field = rule->field;
    if (field == "license_file" && drop_license_files) continue;
    if (field == "description" && !metadata.body.empty()) continue;  // the body wins, below
    std::string v = value;
    if (field == "keywords") v = NormalizeKeywords(v);
    if (field == "project_urls") v = NormalizeProjectUrl(v);
    if (field == "name") v = SafeName(v);
    if (!values.count(field)) order.push_back(field);
    if (!rule->multiple) values[field].clear();
    values[field].push_back(v);
  }
  if (!metadata.body.empty()) {
    order.push_back("description");
    values["description"] = {metadata.body};
  }
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& f : order) {
    for (const auto& v : values[f]) fields.emplace_back(f, v);
  }
  fields.emplace_back("pyversion", PyVersion(file));
  fields.emplace_back("filetype", file.kind == DistKind::kWheel ? "bdist_wheel" : "sdist");
  // twine 6.2 stopped sending md5_digest; older index servers still look at it (--md5).
  if (!digests.md5_hex.empty()) fields.emplace_back("md5_digest", digests.md5_hex);
  fields.emplace_back("sha256_digest", digests.sha256_hex);
  fields.emplace_back("blake2_256_digest", digests.blake2b_256_hex);
  fields.emplace_back(":action", "file_upload");
  fields.emplace_back("protocol_version", "1");
  return fields;
}

bool PrepareDist(const std::string& path, PreparedDist* out, std::string* err,
                 const UploadFormOptions& options) {
  *out = PreparedDist();
  out->path = path;
  out->filename = BaseName(path);
  if (!ParseDistFilename(out->filename, &out->parsed, err)) return false;
  std::string text, member;
  if (!ReadDistMetadata(path, &text, &member, err)) return false;
  out->metadata = ParseCoreMetadata(text);
  out->project = out->metadata.Get("Name");
  out->version = out->metadata.Get("Version");
  if (out->project.empty() || out->version.empty()) {
    *err =
        path + ": " + member + " has no " + (out->project.empty() ? "Name" : "Version") + " field";
    return false;
  }
  if (NormalizeName(out->parsed.name) != NormalizeName(out->project)) {
    *err = path + ": the file name's project '" + out->parsed.name + "' does not match Name '" +
           out->project + "' in " + member;
    return false;
  }
  out->md5 = options.md5;
  if (options.digests_first) {
    if (!DigestFile(path, &out->digests, err)) return false;
    if (!options.md5) out->digests.md5_hex.clear();
    for (auto& [name, value] : UploadFields(out->metadata, out->parsed, out->digests))
      out->form.AddField(name, value);
    out->form.AddFile("content", path, out->filename, "application/octet-stream");
    return true;
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    *err = path + ": cannot read: " + std::strerror(errno);
    return false;
  }
  out->digests.size = static_cast<unsigned long long>(st.st_size);
  // The same fields in the same order, but the digests follow the file: the legacy upload API
  // parses the whole form before it looks at them (pypiserver and devpi accept it; tested).
  out->stream = std::make_shared<StreamDigests>(options.md5);
  for (auto& [name, value] : UploadFields(out->metadata, out->parsed, FileDigests())) {
    if (name == "sha256_digest" || name == "blake2_256_digest") continue;
    out->form.AddField(name, value);
  }
  out->form.AddHashedFile("content", path, out->filename, out->stream);
  if (options.md5) out->form.AddStreamedDigest("md5_digest", out->stream, StreamedDigest::kMd5);
  out->form.AddStreamedDigest("sha256_digest", out->stream, StreamedDigest::kSha256);
  out->form.AddStreamedDigest("blake2_256_digest", out->stream, StreamedDigest::kBlake2b256);
  return true;
}

namespace {
// Takes the digests a send computed, when it read the whole file. True when they are known.
bool TakeStreamedDigests(PreparedDist* d) {
  if (d->digests.sha256_hex.empty() && d->stream && d->stream->complete())
    d->digests = d->stream->digests();
  return !d->digests.sha256_hex.empty();
}
}  // namespace

bool KnowDigests(PreparedDist* d, std::string* err) {
  if (TakeStreamedDigests(d)) return true;
  if (!DigestFile(d->path, &d->digests, err)) return false;
  if (!d->md5) d->digests.md5_hex.clear();
  return true;
}

std::vector<std::string> UploadOrder(const std::vector<std::string>& paths) {
  std::vector<std::string> out = paths;
  std::stable_sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return EndsWith(a, ".whl") && !EndsWith(b, ".whl");
  });
  return out;
}

const char* FileStatusName(FileStatus s) {
  switch (s) {
    case FileStatus::kUploaded:
      return "uploaded";
    case FileStatus::kAlreadyThere:
      return "already-there";
    case FileStatus::kWouldUpload:
      return "would-upload";
    case FileStatus::kFailed:
      return "failed";
    case FileStatus::kNotAttempted:
      return "not-attempted";
  }
  return "?";
}

namespace {

// Reason phrases that say nothing beyond the status code.
bool IsStandardPhrase(const std::string& s) {
  static const char* const kPhrases[] = {"bad request",
                                         "unauthorized",
                                         "forbidden",
                                         "not found",
                                         "conflict",
                                         "method not allowed",
                                         "internal server error",
                                         "bad gateway",
                                         "service unavailable",
                                         "gateway timeout",
                                         "ok",
                                         "payload too large",
                                         "request entity too large"};
  std::string lower = ToLower(Trim(s));
  for (const char* p : kPhrases) {
    if (lower == p) return true;
  }
  return lower.empty();
}

// Drops <head>/<style>/<script> blocks, then tags; decodes the common entities.
std::string HtmlToText(std::string html) {
  for (const char* block : {"head", "style", "script", "title"}) {
    std::string open = std::string("<") + block, close = std::string("</") + block + ">";
    size_t pos;
    while ((pos = ToLower(html).find(open)) != std::string::npos) {
      size_t end = ToLower(html).find(close, pos);
      html.erase(pos, end == std::string::npos ? std::string::npos : end + close.size() - pos);
    }
  }
  std::string text = StripTags(html);
  const std::pair<const char*, const char*> kEntities[] = {{"&#039;", "'"},  {"&#39;", "'"},
                                                           {"&quot;", "\""}, {"&lt;", "<"},
                                                           {"&gt;", ">"},    {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    size_t pos;
    while ((pos = text.find(from)) != std::string::npos) text.replace(pos, std::strlen(from), to);
  }
  return Trim(text);
}

}  // namespace

std::string ServerMessage(const HttpResult& result) {
  // Masked before anything else: stripping tags or entities first would change an echoed secret
  // (a '>' in a token ends a "tag") so that the mask no longer finds it.
  HttpResult r;
  r.status = result.status;
  r.reason = MaskSecrets(result.reason);
  r.body = MaskSecrets(result.body);
  std::vector<std::string> candidates;
  nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, false);
  if (doc.is_object()) {
    // Warehouse/Pyramid: {"code": "400 <message>", "message": <explanation>, "title": ...}.
    std::string code =
        doc.contains("code") && doc["code"].is_string() ? doc["code"].get<std::string>() : "";
    std::string prefix = std::to_string(r.status) + " ";
    if (StartsWith(code, prefix)) candidates.push_back(code.substr(prefix.size()));
    for (const char* key : {"message", "detail", "error", "title"}) {
      if (doc.contains(key) && doc[key].is_string())
        candidates.push_back(doc[key].get<std::string>());
    }
    if (doc.contains("errors") && doc["errors"].is_array() && !doc["errors"].empty()) {
      candidates.push_back(doc["errors"][0].dump());
    }
  } else {
    candidates.push_back(r.reason);  // PyPI and devpi put the message in the reason phrase
    // (the mask's own "<hidden>" would be stripped as a tag: it goes through as entities)
    std::string body = r.body;
    for (size_t pos = 0; (pos = body.find("<hidden>", pos)) != std::string::npos;) {
      body.replace(pos, 8, "&lt;hidden&gt;");
    }
    candidates.push_back(HtmlToText(body));
  }
  candidates.push_back(r.reason);
  std::string msg;
  for (const auto& c : candidates) {
    if (!IsStandardPhrase(c)) {
      msg = c;
      break;
    }
  }
  if (msg.empty()) msg = r.reason;
  return MaskSecrets(Shorten(Trim(msg)));
}

namespace {

std::string Plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// "already uploaded: a.whl; not uploaded: b.tar.gz" for failure messages.
std::string Progress(const UploadSummary& s) {
  std::vector<std::string> done, left;
  for (const auto& f : s.files) {
    if (f.status == FileStatus::kUploaded || f.status == FileStatus::kAlreadyThere)
      done.push_back(f.filename);
    else
      left.push_back(f.filename);
  }
  std::string out =
      "already on the index: " + (done.empty() ? std::string("none") : Join(done, ", "));
  out += "; not uploaded: " + (left.empty() ? std::string("none") : Join(left, ", "));
  return out;
}

SimpleIndexOptions IndexOptions(const Repository& repo, const UploadOptions& options) {
  SimpleIndexOptions o;
  o.username = repo.username;
  o.password = repo.password;
  o.tls = repo.tls;
  o.retry = options.retry;
  return o;
}

// The three phases of an upload, as uv-publish keeps its prepare and send errors apart:
// - prepare: ask the index which files it already has; report every conflict before sending
//   anything;
// - publish: a local file index is written in one step (copy in, rewrite the pages);
// - send:    POST each file to an HTTP index, wheels first, then verify them on the index.
struct UploadRun {
  const Repository& repo;
  std::vector<PreparedDist>& dists;
  const UploadOptions& options;
  const UploadReporter& reporter;
  UploadSummary* summary;
  std::string target;  // the upload URL (credentials hidden) or the file index root, for messages
  // Every request of the run (index pages and POSTs) goes through this one handle, so its
  // keep-alive connection is reused instead of a new connection per request. Made on first use
  // (a file index never loads libcurl).
  std::unique_ptr<HttpClient> http;
  // The projects the index's root page lists, when FindCheckUrl fetched and read it: the look
  // before the send then skips the page of a project the root does not list (it has no files).
  std::optional<std::set<std::string>> root_projects;
  // With a simple API found at <upload>/simple/ (pypiserver's layout): the upload URL, under which
  // <project>/json may list a project's file names without hashes (see ListsNoneOfOurs).
  std::string names_base;
  // Projects whose uploads are verified by reading our files back, not by their simple page: the
  // names listing showed other files there (history), which the page would hash again.
  std::set<std::string> read_back;
  HttpClient& client() {
    if (!http) http = std::make_unique<HttpClient>();
    return *http;
  }
};

std::set<std::string> ProjectsOf(const std::vector<PreparedDist>& dists) {
  std::set<std::string> projects;
  for (const auto& d : dists) projects.insert(NormalizeName(d.project));
  return projects;
}

// A root page up to this size is read for its project list (~20,000 projects).
constexpr size_t kMaxRootListingBytes = 1u << 20;

// The simple API that belongs to the upload URL: configured, or found next to it
// (<upload>/simple/: pypiserver, Nexus, Artifactory, Gitea, GitLab; <upload>/+simple/: devpi).
std::string FindCheckUrl(UploadRun& run) {
  const Repository& repo = run.repo;
  if (!repo.check_url.empty()) return repo.check_url;
  if (!repo.file_index_root.empty()) return repo.file_index_root;
  std::string base = WithTrailingSlash(repo.url);
  if (EndsWith(ParseUrl(base).path, "/legacy/"))
    return "";  // Warehouse: the simple API lives elsewhere
  for (const char* suffix : {"simple/", "+simple/"}) {
    SimpleIndexOptions once = IndexOptions(repo, run.options);
    once.retry.max_retries = 0;
    HttpRequest req = SimpleIndexRequest(base + suffix, once);
    HttpResult res;
    if (!run.client().PerformWithRetry(req, once.retry, &res) || res.status != 200) continue;
    // The root lists every project (PEP 503): read it, unless it is a large one (an index that
    // mirrors a public one), whose project pages are cheaper to ask one by one.
    std::set<std::string> listed;
    if (res.body.size() <= kMaxRootListingBytes &&
        ParseSimpleRoot(res.body, res.Header("Content-Type"), &listed))
      run.root_projects = std::move(listed);
    if (std::string(suffix) == "simple/") run.names_base = base;
    return req.url;
  }
  return "";
}

// `project`'s JSON release listing (<upload>/<project>/json: names and URLs, no hashes), read
// once (no retry). False when the index gives no such listing.
bool FetchReleaseFiles(UploadRun& run, const std::string& project,
                       std::map<std::string, std::string>* files, std::string* url) {
  SimpleIndexOptions once = IndexOptions(run.repo, run.options);
  once.retry.max_retries = 0;
  *url = run.names_base + project + "/json";
  HttpRequest req = SimpleIndexRequest(*url, once);
  req.headers = {"Accept: application/json"};
  HttpResult res;
  return run.client().PerformWithRetry(req, once.retry, &res) && res.status == 200 &&
         ParseReleaseFiles(res.body, files);
}

// Whether `project`'s JSON release listing shows that none of our files is there, so its simple
// page need not be asked before the send. pypiserver answers the listing without hashing, but its
// page by hashing every file of the project: for a new version of a project with history that was
// the costliest request of the upload. Any other answer (a 404 from an index without the route, a
// document that is not such a listing) means "ask the page", and the route is not tried again in
// this run. Were a listing wrong, only the early conflict report would be lost: the POST's refusal
// is judged by the page, by hash, as for a project the root page leaves out. A project that holds
// other files is verified after the POST by reading our files back (VerifyByReadBack).
bool ListsNoneOfOurs(UploadRun& run, const std::string& project) {
  std::map<std::string, std::string> files;
  std::string url;
  if (!FetchReleaseFiles(run, project, &files, &url)) {
    run.names_base.clear();
    return false;
  }
  for (const auto& d : run.dists) {
    if (NormalizeName(d.project) != project) continue;
    if (files.count(d.filename)) return false;
  }
  if (files.size() > 0) run.read_back.insert(project);
  return true;
}

struct RemoteState {
  bool known = false;                        // the index could be asked
  std::map<std::string, IndexFile> by_name;  // filename -> entry
};

// Asks the run's index for the files of `projects` (normalized names): one page request each.
bool QueryIndex(UploadRun& run, const std::set<std::string>& projects, RemoteState* state,
                std::string* err) {
  state->by_name.clear();
  // (a file index is read from disk: no HTTP handle for it)
  HttpClient* client = run.repo.file_index_root.empty() ? &run.client() : nullptr;
  for (const auto& p : projects) {
    std::vector<IndexFile> files;
    if (!FetchProjectFiles(run.summary->check_url, p, IndexOptions(run.repo, run.options), &files,
                           err, client))
      return false;
    for (auto& f : files) state->by_name[f.filename] = f;
  }
  state->known = true;
  return true;
}

std::string AuthAdvice(const Repository& repo, long status, const std::string& project) {
  std::string who =
      "user '" + repo.username + "'" +
      (repo.password_source.empty() ? "" : " (password from " + repo.password_source + ")");
  if (status == 401) {
    return "the index did not accept the credentials of " + who +
           ". Check the username and the password or API token; API tokens go with username "
           "__token__";
  }
  return "the index refused the upload for " + who +
         ". With an API token: the username must be __token__, the token must not be expired or "
         "revoked, and its "
         "scope must include project '" +
         project +
         "' (a token scoped to one project cannot create a new project: "
         "make the first upload with an account-wide token); the account must be an owner or "
         "maintainer of the "
         "project";
}

// Which files are already there? (a re-run of a half-finished release uploads only the rest)
// False, with `err`, when a conflict means nothing may be sent.
bool PrepareUpload(UploadRun& run, std::string* err) {
  const Repository& repo = run.repo;
  std::vector<PreparedDist>& dists = run.dists;
  UploadSummary* summary = run.summary;
  for (const auto& d : dists) {
    FileResult r;
    r.path = d.path;
    r.filename = d.filename;
    r.sha256 = d.digests.sha256_hex;
    r.size = d.digests.size;
    summary->files.push_back(r);
  }
  summary->check_url = FindCheckUrl(run);
  RemoteState remote;
  if (summary->check_url.empty()) {
    if (run.reporter.warning) {
      run.reporter.warning(
          "no simple index known for " + run.target +
          ": uploads cannot be verified and files "
          "already there cannot be detected in advance (set 'check_url' in the repository's "
          ".pypirc section, or --check-url)");
    }
  } else if (repo.file_index_root.empty() || ::access(repo.file_index_root.c_str(), F_OK) == 0) {
    std::string qerr;  // (a file index that does not exist yet is simply empty)
    // A project the root page does not list has no files there: its page is not asked for. (Were
    // the root wrong, the POST's 4xx would still be compared with the project's page, by hash.)
    std::set<std::string> projects = ProjectsOf(dists);
    if (run.root_projects) {
      for (auto it = projects.begin(); it != projects.end();)
        it = run.root_projects->count(*it) ? std::next(it) : projects.erase(it);
    }
    for (auto it = projects.begin(); it != projects.end();)
      it =
          !run.names_base.empty() && ListsNoneOfOurs(run, *it) ? projects.erase(it) : std::next(it);
    if (!QueryIndex(run, projects, &remote, &qerr)) {
      if (run.reporter.warning)
        run.reporter.warning("cannot ask the index which files it has: " + qerr);
    }
  }
  if (!dists.empty() && !summary->check_url.empty()) {
    summary->project_url =
        repo.file_index_root.empty()
            ? WithTrailingSlash(summary->check_url) + NormalizeName(dists[0].project) + "/"
            : PathToFileUrl(repo.file_index_root) + "/simple/" + NormalizeName(dists[0].project) +
                  "/";
  }
  // Every conflict is reported before anything is sent.
  // Re-publishing identical bytes into a file index is a no-op; elsewhere it takes --skip-existing.
  bool skip_identical = run.options.skip_existing || !repo.file_index_root.empty();
  std::vector<std::string> conflicts, identical;
  for (size_t i = 0; i < dists.size(); ++i) {
    auto it = remote.by_name.find(dists[i].filename);
    if (it == remote.by_name.end()) continue;
    const IndexFile& there = it->second;
    // Only a file whose name is taken is hashed before the send.
    if (!there.sha256.empty() && !KnowDigests(&dists[i], err)) return false;
    summary->files[i].sha256 = dists[i].digests.sha256_hex;
    if (!there.sha256.empty() && there.sha256 != dists[i].digests.sha256_hex) {
      conflicts.push_back(dists[i].path + ": File already exists ('" + dists[i].filename +
                          "') on the index with different contents (index sha256=" + there.sha256 +
                          ", local sha256=" + dists[i].digests.sha256_hex + ")");
    } else if (there.sha256.empty()) {
      if (!skip_identical)
        identical.push_back(dists[i].filename + " (the index gives no hash to compare)");
    } else {
      identical.push_back(dists[i].filename);
      if (skip_identical) {
        summary->files[i].status = FileStatus::kAlreadyThere;
        summary->files[i].message = "an identical file is already on the index";
      }
    }
  }
  if (!conflicts.empty()) {
    *err = Join(conflicts, "\n") +
           "\na published file name cannot be reused: give the release a new version. "
           "Nothing was uploaded.";
    return false;
  }
  if (!identical.empty() && !skip_identical) {
    *err = "already on " + run.target + ": " + Join(identical, ", ") +
           "\npass --skip-existing to upload only the missing files. Nothing was uploaded.";
    return false;
  }
  return true;
}

// kNameOnly: listed, but the index gives no sha256 to compare (pypiserver --hash-algo off).
enum class Listing { kSame, kDifferent, kNameOnly, kAbsent, kUnknown };

// How the index state `now` lists `d`'s file. `detail` holds the index's sha256 (kDifferent) or
// why it cannot be told (kUnknown). The file is hashed only when the index lists its name (and the
// send has not hashed it already).
Listing ListingOf(const RemoteState& now, PreparedDist& d, std::string* detail) {
  auto it = now.by_name.find(d.filename);
  if (it == now.by_name.end()) return Listing::kAbsent;
  if (it->second.sha256.empty()) {
    *detail = "no hash";
    return Listing::kNameOnly;
  }
  if (!KnowDigests(&d, detail)) return Listing::kUnknown;
  if (it->second.sha256 == d.digests.sha256_hex) return Listing::kSame;
  *detail = "sha256=" + it->second.sha256;
  return Listing::kDifferent;
}

// Asks the index (simple API or file index) for `d`'s file.
Listing AskIndex(UploadRun& run, PreparedDist& d, std::string* detail) {
  if (run.summary->check_url.empty()) return Listing::kUnknown;
  RemoteState now;
  if (!QueryIndex(run, {NormalizeName(d.project)}, &now, detail)) return Listing::kUnknown;
  return ListingOf(now, d, detail);
}

// A project's names listing as one poll read it (asked once per poll, whatever the number of our
// files in that project).
struct ReleaseFiles {
  bool ok = false;
  std::string url;
  std::map<std::string, std::string> files;  // name -> URL as written
};

// Verifies `d` by reading it back from the index: its URL from the project's names listing, its
// bytes hashed as they arrive (sha256). For pypiserver this costs reading our file once, where its
// page hashes every file of the project (each earlier one again on every upload). Proves the
// same: the index serves our bytes under our file name.
Listing VerifyByReadBack(UploadRun& run, PreparedDist& d, const ReleaseFiles& listing,
                         std::string* detail) {
  const std::string& listing_url = listing.url;
  if (!listing.ok) {
    *detail = "no release listing at " + UrlForDisplay(listing_url);
    return Listing::kUnknown;
  }
  auto it = listing.files.find(d.filename);
  if (it == listing.files.end()) return Listing::kAbsent;
  SimpleIndexOptions once = IndexOptions(run.repo, run.options);
  once.retry.max_retries = 0;  // (a new attempt needs a new hash: the caller polls again)
  HttpRequest req = SimpleIndexRequest(ResolveUrl(listing_url, it->second), once);
  req.headers.clear();
  // The index's credentials go only to the index itself, not to a host its listing points at.
  Url file = ParseUrl(req.url), index = ParseUrl(listing_url);
  if (ToLower(file.host) != ToLower(index.host) || file.scheme != index.scheme) {
    req.username.clear();
    req.password = Secret();
  }
  Hasher sha256(HashAlgorithm::kSha256, /*streamed=*/true);
  req.on_body = [&sha256](const char* data, size_t size) { sha256.Update(data, size); };
  HttpResult res;
  if (!run.client().PerformWithRetry(req, once.retry, &res) || res.status != 200) {
    *detail = "cannot read " + d.filename + " back: " + res.Describe();
    return Listing::kUnknown;
  }
  if (!KnowDigests(&d, detail)) return Listing::kUnknown;
  std::string served = HexEncode(sha256.FinalRaw());
  if (served == d.digests.sha256_hex) return Listing::kSame;
  *detail = "sha256=" + served + " of the bytes it serves";
  return Listing::kDifferent;
}

// A file the server answered with a 2xx, still to be found on the index.
struct SentFile {
  size_t index;        // into run.dists
  std::string answer;  // the server's answer to the POST ("HTTP 200 OK"), for messages
};

// A 2xx is no proof: a proxy or a broken server can answer 200 and drop the body. Asks the index
// whether it lists each file of `sent` with our sha256, a few times (its pages may lag behind the
// upload). All files are asked for together, after the last POST: one page request per project
// answers for every file of it, and an index may hash every file of the project on each request
// of its page (pypiserver does), so asking after each file would cost it a hash of everything
// uploaded so far, per file. False, with `err`, when a file is missing or different (its status
// becomes kFailed); a failure to ask is only a warning.
bool VerifyUploaded(UploadRun& run, const std::vector<SentFile>& sent, std::string* err) {
  if (run.summary->check_url.empty() || sent.empty()) return true;  // said once, in PrepareUpload
  if (!run.options.verify) return true;  // --no-verify: the caller says so in its report
  std::map<size_t, Listing> listing;
  std::map<size_t, std::string> detail;
  std::vector<size_t> unsettled;
  for (const auto& f : sent) unsettled.push_back(f.index);
  int polls = std::max(1, run.options.retry.max_retries) + 1;
  for (int k = 0; k < polls && !unsettled.empty(); ++k) {
    if (k > 0) {
      std::this_thread::sleep_for(
          std::chrono::duration<double>(run.options.retry.DelayBeforeRetry(k)));
    }
    std::set<std::string> projects;
    for (size_t i : unsettled) {
      std::string project = NormalizeName(run.dists[i].project);
      if (!run.read_back.count(project)) projects.insert(project);
    }
    RemoteState now;
    std::string qerr;
    bool asked = projects.empty() || QueryIndex(run, projects, &now, &qerr);
    std::map<std::string, ReleaseFiles> listed;  // this poll's names listings, by project
    std::vector<size_t> again;
    for (size_t i : unsettled) {
      detail[i].clear();
      std::string project = NormalizeName(run.dists[i].project);
      if (run.read_back.count(project)) {
        auto [at, fresh] = listed.try_emplace(project);
        if (fresh)
          at->second.ok = FetchReleaseFiles(run, project, &at->second.files, &at->second.url);
        listing[i] = VerifyByReadBack(run, run.dists[i], at->second, &detail[i]);
      } else {
        listing[i] = asked ? ListingOf(now, run.dists[i], &detail[i]) : Listing::kUnknown;
        if (!asked) detail[i] = qerr;
      }
      if (listing[i] == Listing::kAbsent || listing[i] == Listing::kUnknown) again.push_back(i);
    }
    unsettled = again;
  }
  std::string where = UrlForDisplay(run.summary->check_url);
  std::vector<std::string> failures;
  for (const auto& [i, answer] : sent) {
    PreparedDist& d = run.dists[i];
    FileResult& fr = run.summary->files[i];
    switch (listing[i]) {
      case Listing::kSame:
        fr.verified = true;
        continue;
      case Listing::kUnknown:
        if (run.reporter.warning) {
          run.reporter.warning(
              d.filename +
              ": uploaded, but the index could not be asked whether it holds the file: " +
              detail[i]);
        }
        continue;
      case Listing::kNameOnly:  // stored (a dropped upload is still caught), but not compared
        if (run.reporter.warning) {
          run.reporter.warning(d.filename +
                               ": the index lists it but gives no sha256 to compare: verified by "
                               "name only");
        }
        continue;
      case Listing::kDifferent:
        failures.push_back(d.path + ": the server answered " + answer + " but lists " + d.filename +
                           " on " + where + " with different contents (" + detail[i] +
                           ", local sha256=" + d.digests.sha256_hex + ")");
        break;
      case Listing::kAbsent:
        failures.push_back(d.path + ": the server answered " + answer + " but does not list " +
                           d.filename + " on " + where +
                           ": the file was not stored (a proxy or server that drops uploads?)");
        break;
    }
    fr.status = FileStatus::kFailed;
    fr.message = "not on the index after the upload";
  }
  if (failures.empty()) return true;
  *err = Join(failures, "\n");
  return false;
}

// A local file index: copy in and rewrite the pages.
bool PublishToFileIndexPhase(UploadRun& run, std::string* err) {
  UploadSummary* summary = run.summary;
  std::vector<std::string> paths;
  for (const auto& d : run.dists) paths.push_back(d.path);
  std::vector<FileIndexEntry> entries;
  if (!PublishToFileIndex(run.repo.file_index_root, paths, &entries, err)) {
    for (auto& f : summary->files) f.status = FileStatus::kFailed;
    return false;
  }
  for (size_t i = 0; i < entries.size() && i < summary->files.size(); ++i) {
    for (size_t k = 0; k < summary->files.size(); ++k) {
      FileResult& f = summary->files[k];
      if (f.filename != entries[i].filename) continue;
      f.status = entries[i].outcome == PublishOutcome::kAdded ? FileStatus::kUploaded
                                                              : FileStatus::kAlreadyThere;
      // The pages just written must list the file with our hash (what pip will be told).
      std::string detail;
      Listing listing = AskIndex(run, run.dists[k], &detail);
      if (listing != Listing::kSame) {
        f.status = FileStatus::kFailed;
        *err = run.dists[k].path + ": published into " + run.target + ", but its index page " +
               (listing == Listing::kAbsent
                    ? "does not list " + f.filename
                    : "lists " + f.filename + " with " + (detail.empty() ? "no hash" : detail));
        return false;
      }
      f.verified = true;
      if (run.reporter.end_file) run.reporter.end_file(run.dists[k], f);
    }
  }
  return true;
}

// POSTs one file (with retries); a file the server accepted joins `sent`, to be verified after the
// last POST. False, with `err`, when it failed: the caller stops there.
bool SendOne(UploadRun& run, size_t i, std::vector<SentFile>* sent, std::string* err) {
  const Repository& repo = run.repo;
  const UploadOptions& options = run.options;
  const UploadReporter& reporter = run.reporter;
  UploadSummary* summary = run.summary;
  const std::string& target = run.target;
  FileResult& fr = summary->files[i];
  PreparedDist& d = run.dists[i];
  if (fr.status == FileStatus::kAlreadyThere) {
    if (reporter.end_file) reporter.end_file(d, fr);
    return true;
  }
  if (reporter.start_file) reporter.start_file(d);
  HttpRequest req;
  req.method = "POST";
  req.url = repo.url;
  req.headers.push_back("Accept: application/json");
  req.username = repo.username;
  req.password = repo.password;
  req.tls = repo.tls;
  req.follow_redirects = false;
  req.stall_timeout_s = options.stall_timeout_s;
  req.form = &d.form;
  if (reporter.progress) {
    req.on_upload_progress = [&](long long sent, long long total) {
      reporter.progress(d, sent, total);
    };
  }
  int retries = 0;
  bool landed = false;
  auto start = std::chrono::steady_clock::now();
  HttpResult res;
  auto on_retry = [&](int n, double delay, const HttpResult& failed) {
    retries = n;
    if (reporter.warning) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1fs", delay);
      reporter.warning(d.filename + ": " + failed.Describe() +
                       (failed.transport_ok ? " " + ServerMessage(failed) : "") + "; retrying in " +
                       buf + " (retry " + std::to_string(n) + " of " +
                       std::to_string(options.retry.max_retries) + ")");
    }
  };
  // Before a retry: did the failed attempt land anyway (the body arrived, the answer was lost)?
  auto settled = [&](const HttpResult&) {
    std::string detail;
    landed = AskIndex(run, d, &detail) == Listing::kSame;
    return landed;
  };
  run.client().PerformWithRetry(req, options.retry, &res, on_retry, settled);
  // The digests the send computed (the last attempt read the whole file), for the report.
  TakeStreamedDigests(&d);
  fr.sha256 = d.digests.sha256_hex;
  fr.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fr.http_status = res.status;
  if (landed) {
    fr.status = FileStatus::kUploaded;
    fr.verified = true;
    fr.message = "the answer was lost (" + res.Describe() +
                 "), but the index lists the file with our sha256";
    if (reporter.note) reporter.note(d.filename + ": " + fr.message + "; not sent again");
    if (reporter.end_file) reporter.end_file(d, fr);
    return true;
  }
  std::string attempts = retries ? " after " + Plural(retries + 1, "attempt") : "";
  if (!res.transport_ok) {
    fr.status = FileStatus::kFailed;
    fr.message = res.error;
    *err = d.path + ": upload to " + target + " failed" + attempts + ": " + res.Describe();
    if (reporter.end_file) reporter.end_file(d, fr);
    return false;
  }
  if (res.status >= 200 && res.status < 300) {
    fr.status = FileStatus::kUploaded;
    sent->push_back({i, res.Describe()});
    if (reporter.end_file) reporter.end_file(d, fr);
    return true;
  }
  fr.message = ServerMessage(res);
  fr.status = FileStatus::kFailed;
  std::string server =
      "the server answered " + res.Describe() + (fr.message.empty() ? "" : ": " + fr.message);
  if (res.status >= 300 && res.status < 400) {
    std::string location = res.Header("Location");
    std::string loc_display = MaskSecrets(UrlForDisplay(ResolveUrl(repo.url, location)));
    std::string hint = WithTrailingSlash(repo.url) == ResolveUrl(repo.url, location)
                           ? "the repository URL is missing a trailing slash: use " + loc_display
                           : "if you trust it, set the repository URL to " + loc_display;
    *err = d.path + ": " + target + " answered the upload with a redirect (HTTP " +
           std::to_string(res.status) + ") to " + loc_display +
           "; uploads are never re-sent to another URL: " + hint;
    if (reporter.end_file) reporter.end_file(d, fr);
    return false;
  }
  if (res.status == 401 || res.status == 403) {
    *err = d.path + ": " + server + "\n" + AuthAdvice(repo, res.status, d.project);
    if (reporter.end_file) reporter.end_file(d, fr);
    return false;
  }
  if (res.status == 405) {
    *err = d.path + ": " + server + "\nthe URL does not take uploads: is " + target +
           " the index's simple (download) URL instead of its upload URL?";
    if (reporter.end_file) reporter.end_file(d, fr);
    return false;
  }
  // "Already exists" is decided by hash through the simple API, whatever the status and wording
  // (PyPI 400, pypiserver 409, devpi 409, ...).
  std::string note;
  if (res.status >= 400 && res.status < 500 && !summary->check_url.empty()) {
    RemoteState now;
    std::string qerr;
    if (QueryIndex(run, {NormalizeName(d.project)}, &now, &qerr)) {
      auto it = now.by_name.find(d.filename);
      std::string herr;
      if (it != now.by_name.end() && !it->second.sha256.empty() && KnowDigests(&d, &herr) &&
          it->second.sha256 == d.digests.sha256_hex) {
        if (retries > 0 || options.skip_existing) {
          // Ours from an earlier attempt whose answer was lost, or a parallel run's identical file.
          fr.status = retries > 0 ? FileStatus::kUploaded : FileStatus::kAlreadyThere;
          fr.message = "an identical file is on the index";
          if (reporter.end_file) reporter.end_file(d, fr);
          return true;
        }
        note = "\nan identical file is on the index: --skip-existing skips it";
      } else if (it != now.by_name.end()) {
        note = "\nthe index holds a different file under this name (sha256=" + it->second.sha256 +
               "): a published file name cannot be reused, give the release a new version";
      }
    }
  } else if (res.status >= 400 && res.status < 500 && options.skip_existing) {
    note =
        "\n--skip-existing cannot tell whether this file is already there: no simple index is "
        "known for " +
        target + " (set 'check_url' in the repository's .pypirc section, or --check-url)";
  }
  *err = d.path + ": upload to " + target + " failed" + attempts + ": " + server + note;
  if (reporter.end_file) reporter.end_file(d, fr);
  return false;
}

// POSTs each file in order, stopping at the first failure, then verifies every file the server
// accepted (also when a later one failed: the report says what the index really holds).
bool SendDists(UploadRun& run, std::string* err) {
  std::vector<SentFile> sent;
  bool ok = true;
  // Ctrl-C or SIGTERM: the transfer under way is aborted (HttpClient), nothing else is sent, and
  // the message says that the index may hold that file; main() then dies by the signal.
  DeferInterrupts defer;
  size_t i = 0;
  for (; i < run.dists.size() && ok && !PendingInterrupt(); ++i) ok = SendOne(run, i, &sent, err);
  if (PendingInterrupt()) {
    const FileResult* last = i > 0 ? &run.summary->files[i - 1] : nullptr;
    *err = InterruptMessage() +
           (!last ? std::string(": nothing was sent")
            : last->status == FileStatus::kFailed
                ? " during the upload of " + last->filename +
                      ": the index may hold it (check it before uploading again: an identical "
                      "file is accepted again, or skipped with --skip-existing)"
                : " after the upload of " + last->filename) +
           "\n" + Progress(*run.summary);
    return false;
  }
  std::string missing;
  if (!VerifyUploaded(run, sent, &missing)) {
    *err = ok ? missing : *err + "\n" + missing;
    ok = false;
  }
  if (!ok) *err += "\n" + Progress(*run.summary);
  return ok;
}

// The report names every file's sha256: files the send did not hash (not sent, failed before the
// end, dry runs) are hashed now, after the uploads.
void FillReportDigests(UploadRun& run) {
  for (size_t i = 0; i < run.dists.size() && i < run.summary->files.size(); ++i) {
    std::string ignored;  // a file that cannot be read now keeps an empty sha256
    if (KnowDigests(&run.dists[i], &ignored))
      run.summary->files[i].sha256 = run.dists[i].digests.sha256_hex;
  }
}

}  // namespace

bool UploadDists(const Repository& repo, std::vector<PreparedDist>& dists,
                 const UploadOptions& options, const UploadReporter& reporter,
                 UploadSummary* summary, std::string* err) {
  *summary = UploadSummary();
  UploadRun run{
      repo,    dists,
      options, reporter,
      summary, repo.file_index_root.empty() ? UrlForDisplay(repo.url) : repo.file_index_root,
      nullptr};
  if (!PrepareUpload(run, err)) {
    FillReportDigests(run);
    return false;
  }
  if (options.dry_run) {
    for (auto& f : summary->files) {
      if (f.status == FileStatus::kNotAttempted) f.status = FileStatus::kWouldUpload;
    }
    summary->ok = true;
    FillReportDigests(run);
    return true;
  }
  bool sent =
      repo.file_index_root.empty() ? SendDists(run, err) : PublishToFileIndexPhase(run, err);
  summary->ok = sent;
  FillReportDigests(run);
  return sent;
}
