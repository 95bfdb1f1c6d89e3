// A client for the simple repository API (PEP 503 HTML, PEP 691 JSON, PEP 658/714 metadata
// advertisements): which files an index holds for a project, with their hashes. `upload` uses it to
// skip files that are already there (by hash, as `uv publish --check-url` does); `verify` uses it
// to wait for files to appear and compare hashes. Works for http(s) indexes and file:// indexes.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "publish/http_client.h"

struct IndexFile {
  std::string filename;
  std::string url;                   // absolute (resolved against the page), without the #fragment
  std::string sha256;                // lower-case hex, "" when the index gives none
  long long size = -1;               // -1 when unknown
  std::string requires_python;       // unescaped
  std::string core_metadata_sha256;  // PEP 658/714: the hex digest, "true" when advertised without
                                     // one, "" when absent
  bool yanked = false;
  std::string yanked_reason;
};

struct SimpleIndexOptions {
  std::string username;  // Basic auth for private indexes ("" = none)
  Secret password;
  TlsOptions tls;
  RetryPolicy retry;
};

// The GET of one simple-API page: PEP 691 content negotiation (JSON, then HTML), redirects
// followed, Basic auth and TLS settings from `options`. Every simple-index request is built here.
HttpRequest SimpleIndexRequest(const std::string& url, const SimpleIndexOptions& options);

// Lists `project`'s files on the index whose base is `index_url` (e.g. "http://host/simple/",
// "http://host/user/index/+simple/", "file:///path/index/simple", or a bare directory path).
// Requests `<base>/<normalized name>/`, asking for PEP 691 JSON and falling back to PEP 503 HTML;
// follows redirects. A project the index does not know (404) gives true and an empty list.
// For a directory, reads `<dir>/<name>/index.json` or `<dir>/<name>/index.html` (and, when `dir`
// has a `simple/` subdirectory holding neither, looks there).
// `client`, when given, makes the request (its open connection is reused: one per upload run).
bool FetchProjectFiles(const std::string& index_url, const std::string& project,
                       std::vector<IndexFile>* out, std::string* err);
bool FetchProjectFiles(const std::string& index_url, const std::string& project,
                       const SimpleIndexOptions& options, std::vector<IndexFile>* out,
                       std::string* err, HttpClient* client = nullptr);

// Parsers, exposed for tests. `page_url` resolves relative links.
bool ParseSimpleJson(const std::string& text, const std::string& page_url,
                     std::vector<IndexFile>* out, std::string* err);
bool ParseSimpleHtml(const std::string& text, const std::string& page_url,
                     std::vector<IndexFile>* out, std::string* err);

// The projects (normalized names) an index's root page lists: PEP 691 JSON ("projects", each
// with a "name") when `content_type` says JSON, otherwise every anchor of the PEP 503 HTML page
// (its text, or the last component of its href). False when a JSON page does not parse.
bool ParseSimpleRoot(const std::string& text, const std::string& content_type,
                     std::set<std::string>* projects);

// The files of a project's JSON release listing, `{"releases": {"<version>": [{"filename": ...,
// "url": ...}, ...]}}` (Warehouse's and pypiserver's JSON API; pypiserver gives the url only: the
// name is its last path component, unescaped), as name -> url (as written, "" when absent). No
// hashes: pypiserver answers it without hashing any file, unlike its simple page. False when the
// text is not such a document.
bool ParseReleaseFiles(const std::string& text, std::map<std::string, std::string>* files);

// The Accept header of PEP 691 content negotiation.
extern const char kSimpleAccept[];

// Finds `filename` in `files`; nullptr when absent.
const IndexFile* FindIndexFile(const std::vector<IndexFile>& files, const std::string& filename);
