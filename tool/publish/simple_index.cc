#include "publish/simple_index.h"

#include <sys/stat.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "core/regular_file.h"
#include "core/string_util.h"
#include "core/url.h"
#include "core/utf8.h"
#include "spec/names.h"

const char kSimpleAccept[] =
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
    "text/html;q=0.01";

namespace {

std::string StripFragment(const std::string& url) {
  size_t hash = url.find('#');
  return hash == std::string::npos ? url : url.substr(0, hash);
}

std::string HtmlUnescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    std::string ent = s.substr(i + 1, semi - i - 1);
    std::string rep;
    if (ent == "amp")
      rep = "&";
    else if (ent == "lt")
      rep = "<";
    else if (ent == "gt")
      rep = ">";
    else if (ent == "quot")
      rep = "\"";
    else if (ent == "apos")
      rep = "'";
    else if (!ent.empty() && ent[0] == '#') {
      unsigned long cp = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X')
                             ? std::strtoul(ent.c_str() + 2, nullptr, 16)
                             : std::strtoul(ent.c_str() + 1, nullptr, 10);
      AppendUtf8(static_cast<uint32_t>(cp), &rep);
    } else {
      out += s[i];
      continue;
    }
    out += rep;
    i = semi;
  }
  return out;
}

// "sha256=abc" -> "abc" when the algorithm is sha256.
std::string Sha256FromFragment(const std::string& url) {
  size_t hash = url.find('#');
  if (hash == std::string::npos) return "";
  std::string frag = url.substr(hash + 1);
  if (StartsWith(ToLower(frag), "sha256=")) return ToLower(frag.substr(7));
  return "";
}

std::string LastPathComponent(const std::string& url) {
  Url u = ParseUrl(url);
  size_t slash = u.path.rfind('/');
  return PercentDecode(slash == std::string::npos ? u.path : u.path.substr(slash + 1));
}

// Parses the attributes of one start tag body (after "<a").
// Attributes without a value (e.g. a bare `data-yanked`) go to `bare`.
std::vector<std::pair<std::string, std::string>> ParseAttributes(const std::string& tag,
                                                                 std::vector<std::string>* bare) {
  std::vector<std::pair<std::string, std::string>> attrs;
  size_t i = 0;
  while (i < tag.size()) {
    while (i < tag.size() && (isspace(static_cast<unsigned char>(tag[i])) || tag[i] == '/')) ++i;
    size_t start = i;
    while (i < tag.size() && !isspace(static_cast<unsigned char>(tag[i])) && tag[i] != '=' &&
           tag[i] != '/')
      ++i;
    std::string name = ToLower(tag.substr(start, i - start));
    if (name.empty()) {
      ++i;
      continue;
    }
    while (i < tag.size() && isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i < tag.size() && tag[i] == '=') {
      ++i;
      while (i < tag.size() && isspace(static_cast<unsigned char>(tag[i]))) ++i;
      std::string value;
      if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
        char q = tag[i++];
        size_t end = tag.find(q, i);
        if (end == std::string::npos) end = tag.size();
        value = tag.substr(i, end - i);
        i = end + 1;
      } else {
        size_t vs = i;
        while (i < tag.size() && !isspace(static_cast<unsigned char>(tag[i]))) ++i;
        value = tag.substr(vs, i - vs);
      }
      attrs.emplace_back(name, HtmlUnescape(value));
    } else {
      bare->push_back(name);
    }
  }
  return attrs;
}

}  // namespace

bool ParseSimpleHtml(const std::string& text, const std::string& page_url,
                     std::vector<IndexFile>* out, std::string* err) {
  out->clear();
  std::string lower = ToLower(text);
  std::string base = page_url;
  // A <base href> changes what relative links resolve against (PEP 503 allows it).
  size_t base_tag = lower.find("<base");
  if (base_tag != std::string::npos) {
    size_t end = lower.find('>', base_tag);
    std::vector<std::string> bare;
    for (const auto& a : ParseAttributes(text.substr(base_tag + 5, end - base_tag - 5), &bare)) {
      if (a.first == "href") base = ResolveUrl(page_url, a.second);
    }
  }
  size_t pos = 0;
  while ((pos = lower.find("<a", pos)) != std::string::npos) {
    char next = pos + 2 < lower.size() ? lower[pos + 2] : '>';
    if (!isspace(static_cast<unsigned char>(next)) && next != '>') {
      pos += 2;
      continue;
    }
    size_t tag_end = lower.find('>', pos);
    if (tag_end == std::string::npos) break;
    size_t close = lower.find("</a>", tag_end);
    std::string anchor_text =
        close == std::string::npos
            ? ""
            : Trim(HtmlUnescape(text.substr(tag_end + 1, close - tag_end - 1)));
    std::vector<std::string> bare;
    auto attrs = ParseAttributes(text.substr(pos + 2, tag_end - pos - 2), &bare);
    pos = tag_end + 1;
    IndexFile f;
    bool has_href = false;
    for (const auto& a : attrs) {
      if (a.first == "href") {
        has_href = true;
        std::string abs = ResolveUrl(base, a.second);
        f.sha256 = Sha256FromFragment(abs);
        f.url = StripFragment(abs);
      } else if (a.first == "data-requires-python") {
        f.requires_python = a.second;
      } else if (a.first == "data-yanked") {
        f.yanked = true;
        f.yanked_reason = a.second;
      } else if (a.first == "data-core-metadata" ||
                 (a.first == "data-dist-info-metadata" && f.core_metadata_sha256.empty())) {
        std::string v = a.second;
        if (StartsWith(ToLower(v), "sha256="))
          f.core_metadata_sha256 = ToLower(v.substr(7));
        else if (v.empty() || v == "true")
          f.core_metadata_sha256 = "true";
      }
    }
    for (const auto& b : bare) {
      if (b == "data-yanked") f.yanked = true;
      if (b == "data-core-metadata" || b == "data-dist-info-metadata") {
        if (f.core_metadata_sha256.empty()) f.core_metadata_sha256 = "true";
      }
    }
    if (!has_href) continue;
    f.filename = !anchor_text.empty() ? anchor_text : LastPathComponent(f.url);
    out->push_back(std::move(f));
  }
  return true;
}

bool ParseSimpleJson(const std::string& text, const std::string& page_url,
                     std::vector<IndexFile>* out, std::string* err) {
  out->clear();
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    *err = page_url + ": not a valid PEP 691 JSON document";
    return false;
  }
  auto files = doc.find("files");
  if (files == doc.end() || !files->is_array()) {
    *err = page_url + ": PEP 691 JSON without a \"files\" list";
    return false;
  }
  for (const auto& jf : *files) {
    if (!jf.is_object()) continue;
    IndexFile f;
    if (jf.contains("filename") && jf["filename"].is_string())
      f.filename = jf["filename"].get<std::string>();
    if (jf.contains("url") && jf["url"].is_string()) {
      std::string abs = ResolveUrl(page_url, jf["url"].get<std::string>());
      f.url = StripFragment(abs);
      if (f.sha256.empty()) f.sha256 = Sha256FromFragment(abs);
    }
    if (jf.contains("hashes") && jf["hashes"].is_object() && jf["hashes"].contains("sha256") &&
        jf["hashes"]["sha256"].is_string()) {
      f.sha256 = ToLower(jf["hashes"]["sha256"].get<std::string>());
    }
    if (jf.contains("size") && jf["size"].is_number_integer()) f.size = jf["size"].get<long long>();
    if (jf.contains("requires-python") && jf["requires-python"].is_string()) {
      f.requires_python = jf["requires-python"].get<std::string>();
    }
    for (const char* key : {"core-metadata", "dist-info-metadata"}) {
      if (!f.core_metadata_sha256.empty() || !jf.contains(key)) continue;
      const auto& cm = jf[key];
      if (cm.is_boolean() && cm.get<bool>()) f.core_metadata_sha256 = "true";
      if (cm.is_object()) {
        f.core_metadata_sha256 = cm.contains("sha256") && cm["sha256"].is_string()
                                     ? ToLower(cm["sha256"].get<std::string>())
                                     : "true";
      }
    }
    if (jf.contains("yanked")) {
      const auto& y = jf["yanked"];
      if (y.is_boolean()) f.yanked = y.get<bool>();
      if (y.is_string()) {
        f.yanked = true;
        f.yanked_reason = y.get<std::string>();
      }
    }
    if (f.filename.empty()) f.filename = LastPathComponent(f.url);
    out->push_back(std::move(f));
  }
  return true;
}

bool ParseSimpleRoot(const std::string& text, const std::string& content_type,
                     std::set<std::string>* projects) {
  projects->clear();
  if (ToLower(content_type).find("json") != std::string::npos) {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("projects") ||
        !doc["projects"].is_array())
      return false;
    for (const auto& p : doc["projects"]) {
      if (p.is_object() && p.contains("name") && p["name"].is_string())
        projects->insert(NormalizeName(p["name"].get<std::string>()));
    }
    return true;
  }
  // The anchors of the root page are projects, not files: the same anchor walk, another reading.
  std::vector<IndexFile> anchors;
  std::string ignored;
  ParseSimpleHtml(text, "http://root/", &anchors, &ignored);
  for (const auto& a : anchors) {
    std::string name = a.filename;
    if (name.empty()) {  // `<a href="name/"></a>`: the last non-empty path component
      std::string path = ParseUrl(a.url).path;
      while (!path.empty() && path.back() == '/') path.pop_back();
      name = PercentDecode(path.substr(path.rfind('/') + 1));
    }
    if (!name.empty()) projects->insert(NormalizeName(name));
  }
  return true;
}

bool ParseReleaseFiles(const std::string& text, std::map<std::string, std::string>* files) {
  files->clear();
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("releases") ||
      !doc["releases"].is_object())
    return false;
  for (const auto& [version, entries] : doc["releases"].items()) {
    if (!entries.is_array()) return false;
    for (const auto& f : entries) {
      if (!f.is_object()) return false;
      std::string url =
          f.contains("url") && f["url"].is_string() ? f["url"].get<std::string>() : "";
      std::string name;
      if (f.contains("filename") && f["filename"].is_string()) {
        name = f["filename"].get<std::string>();
      } else if (!url.empty()) {
        std::string path = ParseUrl(url).path;
        name = PercentDecode(path.substr(path.rfind('/') + 1));
      }
      if (name.empty()) return false;
      (*files)[name] = url;
    }
  }
  return true;
}

const IndexFile* FindIndexFile(const std::vector<IndexFile>& files, const std::string& filename) {
  for (const auto& f : files) {
    if (f.filename == filename) return &f;
  }
  return nullptr;
}

namespace {

bool FetchFromDirectory(const std::string& dir_in, const std::string& project,
                        std::vector<IndexFile>* out, std::string* err) {
  std::string dir = dir_in;
  while (dir.size() > 1 && EndsWith(dir, "/")) dir.pop_back();
  std::string name = NormalizeName(project);
  std::string page_dir = dir + "/" + name;
  if (!IsDirectory(page_dir) && IsDirectory(dir + "/simple")) page_dir = dir + "/simple/" + name;
  if (!IsDirectory(dir)) {
    *err = dir + ": the index directory does not exist";
    return false;
  }
  std::string json_path = page_dir + "/index.json";
  std::string html_path = page_dir + "/index.html";
  std::string text;
  if (IsRegularFile(json_path)) {
    if (!ReadFile(json_path, &text, err)) return false;
    return ParseSimpleJson(text, PathToFileUrl(json_path), out, err);
  }
  if (IsRegularFile(html_path)) {
    if (!ReadFile(html_path, &text, err)) return false;
    return ParseSimpleHtml(text, PathToFileUrl(html_path), out, err);
  }
  out->clear();  // the project is not in this index (yet)
  return true;
}

}  // namespace

HttpRequest SimpleIndexRequest(const std::string& url, const SimpleIndexOptions& options) {
  HttpRequest req;
  req.url = url;
  req.follow_redirects = true;
  req.headers.push_back(std::string("Accept: ") + kSimpleAccept);
  req.username = options.username;
  req.password = options.password;
  req.tls = options.tls;
  return req;
}

bool FetchProjectFiles(const std::string& index_url, const std::string& project,
                       std::vector<IndexFile>* out, std::string* err) {
  return FetchProjectFiles(index_url, project, SimpleIndexOptions(), out, err);
}

bool FetchProjectFiles(const std::string& index_url, const std::string& project,
                       const SimpleIndexOptions& options, std::vector<IndexFile>* out,
                       std::string* err, HttpClient* client) {
  out->clear();
  if (IsFileUrl(index_url)) return FetchFromDirectory(FileUrlToPath(index_url), project, out, err);
  Url parsed = ParseUrl(index_url);
  if (parsed.scheme.empty()) return FetchFromDirectory(index_url, project, out, err);
  if (parsed.scheme != "http" && parsed.scheme != "https") {
    *err = UrlForDisplay(index_url) + ": unsupported URL scheme '" + parsed.scheme +
           "' (use http, https or file)";
    return false;
  }
  std::string page = WithTrailingSlash(index_url) + PercentEncodePath(NormalizeName(project)) + "/";
  HttpRequest req = SimpleIndexRequest(page, options);
  std::unique_ptr<HttpClient> own;
  if (!client) {
    own = std::make_unique<HttpClient>();
    client = own.get();
  }
  HttpResult res;
  if (!client->PerformWithRetry(req, options.retry, &res)) {
    *err = UrlForDisplay(page) + ": " + res.error;
    return false;
  }
  if (res.status == 404) return true;
  if (res.status != 200) {
    *err = UrlForDisplay(page) + ": " + res.Describe();
    return false;
  }
  std::string type = ToLower(res.Header("Content-Type"));
  std::string base = res.effective_url.empty() ? page : res.effective_url;
  if (type.find("json") != std::string::npos) return ParseSimpleJson(res.body, base, out, err);
  return ParseSimpleHtml(res.body, base, out, err);
}
