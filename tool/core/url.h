// The small part of RFC 3986 the index clients need: split a URL, resolve a reference against a
// base (links in simple-index pages are relative), and map file: URLs to paths and back.
#pragma once

#include <string>

struct Url {
  std::string scheme;    // lower case, without ':' ("https", "file")
  std::string userinfo;  // "user:password" as written (percent-encoded), without '@'
  std::string host;      // with the port, as written: "127.0.0.1:8080"
  std::string path;      // "/simple/pkg/"
  std::string query;     // without '?'
  std::string fragment;  // without '#'
  bool has_authority = false;
  bool has_query = false;
  bool has_fragment = false;
};

// Splits a URL (or a relative reference: scheme and authority empty). Never fails.
Url ParseUrl(const std::string& text);
std::string FormatUrl(const Url& url);
// RFC 3986 §5.2 reference resolution ("../../packages/a.whl" against a page URL).
std::string ResolveUrl(const std::string& base, const std::string& reference);
// The URL without userinfo, query and fragment: what messages show.
std::string UrlForDisplay(const std::string& url);

std::string PercentDecode(const std::string& text);
// Encodes everything but RFC 3986 unreserved characters and the characters in `keep`.
std::string PercentEncode(const std::string& text, const char* keep = "");
// Encodes everything but unreserved characters and "/+!" (for file names in index URLs).
std::string PercentEncodePath(const std::string& path);

bool IsFileUrl(const std::string& text);
// "file:///a/b" -> "/a/b" (percent-decoded); "file://localhost/a" too.
std::string FileUrlToPath(const std::string& url);
// An absolute path -> "file:///a/b" (percent-encoded).
std::string PathToFileUrl(const std::string& absolute_path);
// Ensures the URL's path ends with '/'.
std::string WithTrailingSlash(const std::string& url);
