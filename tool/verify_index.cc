#include "verify_index.h"

#include <curl/curl.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "dist_reader.h"
#include "hash.h"
#include "names.h"
#include "string_util.h"

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One file as a simple page lists it (PEP 503 HTML or PEP 691 JSON).
struct ListedFile {
  std::string filename;
  std::string url;  // absolute
  std::string sha256;
  long long size = -1;          // -1: not stated (PEP 503 HTML)
  bool has_metadata = false;    // PEP 658/714 core metadata served at <url>.metadata
  std::string metadata_sha256;  // "" when advertised without a hash
};

struct Page {
  std::string body;
  std::string content_type;
  std::string final_url;
};

using CurlPtr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using CurlUrlPtr = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

size_t AppendBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

// GET `url` (http, https or file). For http(s) a non-2xx status is an error naming the status.
bool Fetch(const std::string& url, const char* accept, Page* page, long* status, std::string* err) {
  static const bool initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialized;
  CurlPtr curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) {
    *err = "curl_easy_init failed";
    return false;
  }
  *page = Page();
  curl_slist* headers = nullptr;
  if (accept) headers = curl_slist_append(headers, (std::string("Accept: ") + accept).c_str());
  headers = curl_slist_append(headers, "Cache-Control: max-age=0");  // see the new release at once
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers,
                                                                            &curl_slist_free_all);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "pyrelease-verify");
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &page->body);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) {
    *err = url + ": " + curl_easy_strerror(rc);
    return false;
  }
  *status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, status);
  char* ct = nullptr;
  if (curl_easy_getinfo(curl.get(), CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
    page->content_type = ToLower(ct);
  char* effective = nullptr;
  if (curl_easy_getinfo(curl.get(), CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective)
    page->final_url = effective;
  else
    page->final_url = url;
  if (StartsWith(url, "http") && (*status < 200 || *status >= 300)) {
    *err = url + ": HTTP " + std::to_string(*status);
    return false;
  }
  return true;
}

std::string ResolveUrl(const std::string& base, const std::string& ref) {
  CurlUrlPtr u(curl_url(), &curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK ||
      curl_url_set(u.get(), CURLUPART_URL, ref.c_str(), 0) != CURLUE_OK) {
    return ref;
  }
  char* out = nullptr;
  if (curl_url_get(u.get(), CURLUPART_URL, &out, 0) != CURLUE_OK) return ref;
  std::string result = out;
  curl_free(out);
  return result;
}

std::string HtmlUnescape(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
      s.replace(pos, strlen(from), to);
      pos += strlen(to);
    }
  }
  return s;
}

// Value of attribute `name` inside a tag's text; `present` tells a bare attribute from a missing one.
std::string Attribute(const std::string& tag, const std::string& name, bool* present) {
  std::string lower = ToLower(tag);
  size_t pos = 0;
  *present = false;
  while ((pos = lower.find(name, pos)) != std::string::npos) {
    bool starts = pos > 0 && (isspace(static_cast<unsigned char>(lower[pos - 1])));
    size_t end = pos + name.size();
    if (!starts || (end < lower.size() && (isalnum(static_cast<unsigned char>(lower[end])) ||
                                           lower[end] == '-'))) {
      pos = end;
      continue;
    }
    *present = true;
    while (end < tag.size() && isspace(static_cast<unsigned char>(tag[end]))) ++end;
    if (end >= tag.size() || tag[end] != '=') return "";
    ++end;
    while (end < tag.size() && isspace(static_cast<unsigned char>(tag[end]))) ++end;
    if (end < tag.size() && (tag[end] == '"' || tag[end] == '\'')) {
      char q = tag[end];
      size_t close = tag.find(q, end + 1);
      return HtmlUnescape(tag.substr(end + 1, close == std::string::npos ? std::string::npos
                                                                          : close - end - 1));
    }
    size_t stop = end;
    while (stop < tag.size() && !isspace(static_cast<unsigned char>(tag[stop])) && tag[stop] != '>')
      ++stop;
    return HtmlUnescape(tag.substr(end, stop - end));
  }
  return "";
}

void ParseHtml(const Page& page, std::vector<ListedFile>* files) {
  const std::string& html = page.body;
  std::string lower = ToLower(html);
  size_t pos = 0;
  while ((pos = lower.find("<a", pos)) != std::string::npos) {
    size_t tag_end = html.find('>', pos);
    if (tag_end == std::string::npos) break;
    if (!isspace(static_cast<unsigned char>(html[pos + 2]))) {
      pos += 2;
      continue;
    }
    std::string tag = html.substr(pos, tag_end - pos + 1);
    bool present = false;
    std::string href = Attribute(tag, "href", &present);
    pos = tag_end;
    if (href.empty()) continue;
    ListedFile f;
    size_t hash = href.find('#');
    if (hash != std::string::npos) {
      std::string fragment = href.substr(hash + 1);
      if (StartsWith(fragment, "sha256=")) f.sha256 = ToLower(fragment.substr(7));
      href = href.substr(0, hash);
    }
    f.url = ResolveUrl(page.final_url, href);
    f.filename = f.url.substr(f.url.rfind('/') + 1);
    for (const char* attr : {"data-core-metadata", "data-dist-info-metadata"}) {
      std::string v = Attribute(tag, attr, &present);
      if (present && !f.has_metadata && v != "false") {
        f.has_metadata = true;
        if (StartsWith(v, "sha256=")) f.metadata_sha256 = ToLower(v.substr(7));
      }
    }
    files->push_back(f);
  }
}

bool ParseJson(const Page& page, std::vector<ListedFile>* files, std::string* err) {
  nlohmann::json doc = nlohmann::json::parse(page.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("files") ||
      !doc["files"].is_array()) {
    *err = page.final_url + ": not a PEP 691 project page";
    return false;
  }
  for (const auto& j : doc["files"]) {
    if (!j.is_object() || !j.contains("filename") || !j["filename"].is_string()) continue;
    ListedFile f;
    f.filename = j["filename"].get<std::string>();
    f.url = j.contains("url") && j["url"].is_string()
                ? ResolveUrl(page.final_url, j["url"].get<std::string>())
                : "";
    if (j.contains("hashes") && j["hashes"].is_object() && j["hashes"].contains("sha256") &&
        j["hashes"]["sha256"].is_string())
      f.sha256 = ToLower(j["hashes"]["sha256"].get<std::string>());
    if (j.contains("size") && j["size"].is_number_integer()) f.size = j["size"].get<long long>();
    for (const char* key : {"core-metadata", "dist-info-metadata"}) {
      if (f.has_metadata || !j.contains(key)) continue;
      const auto& m = j[key];
      if (m.is_boolean()) {
        f.has_metadata = m.get<bool>();
      } else if (m.is_object()) {
        f.has_metadata = true;
        if (m.contains("sha256") && m["sha256"].is_string())
          f.metadata_sha256 = ToLower(m["sha256"].get<std::string>());
      }
    }
    files->push_back(f);
  }
  return true;
}

bool IsFileUrl(const std::string& url) { return StartsWith(ToLower(url), "file:"); }

// The project's files as the index lists them. `missing` is set when the index has no such project
// (404 or no page) rather than failing to answer.
bool ListProjectFiles(const IndexCheckContext& index, std::vector<ListedFile>* files, bool* missing,
                      std::string* err) {
  files->clear();
  *missing = false;
  std::string base = index.index_url;
  if (base.empty() || base.back() != '/') base += '/';
  std::string url = base + NormalizeName(index.name) + "/";
  if (IsFileUrl(url)) url += "index.html";  // a directory is not a page
  Page page;
  long status = 0;
  const char* accept =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
      "text/html;q=0.01";
  if (!Fetch(url, accept, &page, &status, err)) {
    if (status == 404 || IsFileUrl(url)) *missing = true;
    return false;
  }
  if (page.content_type.find("application/vnd.pypi.simple.v1+json") != std::string::npos)
    return ParseJson(page, files, err);
  ParseHtml(page, files);
  return true;
}

std::string ShortSha(const std::string& hex) { return hex.substr(0, 12); }

}  // namespace

bool DistFileMatchesRelease(const std::string& filename, const std::string& name,
                            const std::string& version) {
  std::string prefix = FilenameName(name) + "-";
  std::string lower = ToLower(filename);
  // Older tools wrote the name unescaped ("my-pkg-1.0.tar.gz"): accept that spelling too.
  std::string legacy_prefix = ToLower(name) + "-";
  std::string rest;
  if (StartsWith(lower, prefix)) {
    rest = lower.substr(prefix.size());
  } else if (StartsWith(lower, legacy_prefix)) {
    rest = lower.substr(legacy_prefix.size());
  } else {
    return false;
  }
  std::string v = ToLower(version);
  std::string v_escaped = v;
  std::replace(v_escaped.begin(), v_escaped.end(), '-', '_');
  for (const std::string& candidate : {v, v_escaped}) {
    if (StartsWith(rest, candidate) &&
        (rest.size() == candidate.size() || rest[candidate.size()] == '-' ||
         rest.compare(candidate.size(), std::string::npos, ".tar.gz") == 0 ||
         rest.compare(candidate.size(), std::string::npos, ".zip") == 0)) {
      return true;
    }
  }
  return false;
}

double NextPollDelay(double previous_delay, double seconds_left) {
  double next = previous_delay <= 0 ? 0.5 : std::min(previous_delay * 2, 10.0);
  return std::max(0.0, std::min(next, seconds_left));
}

CheckResult CheckReleaseOnIndex(const IndexCheckContext& index, double wait_seconds) {
  auto start = std::chrono::steady_clock::now();
  CheckResult r;
  double delay = 0;
  int polls = 0;
  std::string last_state;
  for (;;) {
    ++polls;
    std::vector<ListedFile> files;
    bool missing = false;
    std::string err;
    if (ListProjectFiles(index, &files, &missing, &err)) {
      std::vector<std::string> found;
      for (const auto& f : files)
        if (DistFileMatchesRelease(f.filename, index.name, index.version)) found.push_back(f.filename);
      if (!found.empty()) {
        r.status = CheckStatus::kPass;
        r.detail = std::to_string(found.size()) + " file(s) of " + index.name + " " +
                   index.version + " listed after " + std::to_string(polls) + " poll(s): " +
                   Join(found, ", ");
        break;
      }
      last_state = "the project page lists " + std::to_string(files.size()) +
                   " file(s), none of version " + index.version;
    } else {
      last_state = missing ? "the index has no page for " + index.name + " (" + err + ")" : err;
    }
    double left = wait_seconds - SecondsSince(start);
    if (IsFileUrl(index.index_url) || left <= 0) {
      r.status = CheckStatus::kFail;
      r.detail = IsFileUrl(index.index_url)
                     ? "not on the file index: " + last_state
                     : "timed out after " + std::to_string(static_cast<int>(wait_seconds)) +
                           " s (" + std::to_string(polls) + " polls): " + last_state;
      break;
    }
    delay = NextPollDelay(delay, left);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  }
  r.seconds = SecondsSince(start);
  return r;
}

CheckResult CheckIndexMatchesDists(const IndexCheckContext& index,
                                   const std::vector<std::string>& dists) {
  auto start = std::chrono::steady_clock::now();
  CheckResult r;
  std::vector<ListedFile> files;
  bool missing = false;
  std::string err;
  if (!ListProjectFiles(index, &files, &missing, &err)) {
    r.status = CheckStatus::kFail;
    r.detail = "cannot read the project page: " + err;
    r.seconds = SecondsSince(start);
    return r;
  }
  std::vector<std::string> problems;
  int metadata_compared = 0;
  bool sizes_stated = true;
  for (const auto& path : dists) {
    std::string filename = path.substr(path.rfind('/') + 1);
    FileDigests local;
    if (!DigestFile(path, &local, &err)) {
      problems.push_back(err);
      continue;
    }
    auto it = std::find_if(files.begin(), files.end(),
                           [&](const ListedFile& f) { return f.filename == filename; });
    if (it == files.end()) {
      problems.push_back(filename + ": not listed by the index");
      continue;
    }
    std::string served_sha = it->sha256;
    long long served_size = it->size;
    if (served_sha.empty()) {
      // The page states no sha256: hash what the index actually serves.
      Page body;
      long status = 0;
      if (!Fetch(it->url, nullptr, &body, &status, &err)) {
        problems.push_back(filename + ": cannot download: " + err);
        continue;
      }
      served_sha = Sha256Hex(body.body);
      served_size = static_cast<long long>(body.body.size());
    }
    if (served_sha != local.sha256_hex) {
      problems.push_back(filename + ": the index serves sha256 " + ShortSha(served_sha) +
                         "..., the local dist has " + ShortSha(local.sha256_hex) + "...");
    }
    if (served_size < 0) {
      sizes_stated = false;
    } else if (static_cast<unsigned long long>(served_size) != local.size) {
      problems.push_back(filename + ": the index states size " + std::to_string(served_size) +
                         ", the local dist has " + std::to_string(local.size));
    }
    if (it->has_metadata && DistKindOf(path) == DistKind::kWheel) {
      Page served;
      long status = 0;
      if (!Fetch(it->url + ".metadata", nullptr, &served, &status, &err)) {
        problems.push_back(filename + ".metadata: advertised but cannot be fetched: " + err);
        continue;
      }
      std::string metadata, member;
      if (!ReadDistMetadata(path, &metadata, &member, &err)) {
        problems.push_back(err);
        continue;
      }
      ++metadata_compared;
      if (served.body != metadata)
        problems.push_back(filename + ".metadata differs from " + member + " in the wheel");
      if (!it->metadata_sha256.empty() && Sha256Hex(served.body) != it->metadata_sha256)
        problems.push_back(filename + ".metadata does not match its advertised sha256");
    }
  }
  r.seconds = SecondsSince(start);
  if (problems.empty()) {
    r.status = CheckStatus::kPass;
    r.detail = std::to_string(dists.size()) + " file(s) match the index (sha256" +
               (sizes_stated ? ", size" : "") + ")" +
               (metadata_compared ? ", " + std::to_string(metadata_compared) +
                                        " .metadata file(s) byte for byte"
                                  : "");
  } else {
    r.status = CheckStatus::kFail;
    r.detail = problems.front();
    r.output = Join(problems, "\n");
  }
  return r;
}
