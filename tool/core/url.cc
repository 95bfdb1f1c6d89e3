#include "core/url.h"

#include <cstring>
#include <vector>

#include "core/string_util.h"

Url ParseUrl(const std::string& text) {
  Url u;
  std::string rest = text;
  size_t hash = rest.find('#');
  if (hash != std::string::npos) {
    u.fragment = rest.substr(hash + 1);
    u.has_fragment = true;
    rest.resize(hash);
  }
  size_t q = rest.find('?');
  if (q != std::string::npos) {
    u.query = rest.substr(q + 1);
    u.has_query = true;
    rest.resize(q);
  }
  // A scheme is letters/digits/+-. before the first ':' that comes before any '/'.
  size_t colon = rest.find(':');
  size_t slash = rest.find('/');
  if (colon != std::string::npos && colon > 0 && (slash == std::string::npos || colon < slash)) {
    bool valid = true;
    for (size_t i = 0; i < colon; ++i) {
      char c = rest[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
      if (!ok) valid = false;
    }
    if (valid) {
      u.scheme = ToLower(rest.substr(0, colon));
      rest = rest.substr(colon + 1);
    }
  }
  if (StartsWith(rest, "//")) {
    u.has_authority = true;
    size_t end = rest.find('/', 2);
    std::string authority = rest.substr(2, end == std::string::npos ? std::string::npos : end - 2);
    rest = end == std::string::npos ? "" : rest.substr(end);
    size_t at = authority.rfind('@');
    if (at != std::string::npos) {
      u.userinfo = authority.substr(0, at);
      authority = authority.substr(at + 1);
    }
    u.host = authority;
  }
  u.path = rest;
  return u;
}

std::string FormatUrl(const Url& u) {
  std::string out;
  if (!u.scheme.empty()) out += u.scheme + ":";
  if (u.has_authority) {
    out += "//";
    if (!u.userinfo.empty()) out += u.userinfo + "@";
    out += u.host;
  }
  out += u.path;
  if (u.has_query) out += "?" + u.query;
  if (u.has_fragment) out += "#" + u.fragment;
  return out;
}

namespace {

// RFC 3986 §5.2.4.
std::string RemoveDotSegments(const std::string& path) {
  std::vector<std::string> out;
  std::vector<std::string> segments = Split(path, '/');
  bool absolute = StartsWith(path, "/");
  for (size_t i = absolute ? 1 : 0; i < segments.size(); ++i) {
    const std::string& s = segments[i];
    bool last = i + 1 == segments.size();
    if (s == ".") {
      if (last) out.emplace_back("");
    } else if (s == "..") {
      if (!out.empty()) out.pop_back();
      if (last) out.emplace_back("");
    } else {
      out.push_back(s);
    }
  }
  return (absolute ? "/" : "") + Join(out, "/");
}

std::string MergePaths(const Url& base, const std::string& ref_path) {
  if (base.has_authority && base.path.empty()) return "/" + ref_path;
  size_t slash = base.path.rfind('/');
  if (slash == std::string::npos) return ref_path;
  return base.path.substr(0, slash + 1) + ref_path;
}

}  // namespace

std::string ResolveUrl(const std::string& base_text, const std::string& ref_text) {
  Url base = ParseUrl(base_text);
  Url ref = ParseUrl(ref_text);
  Url t;
  if (!ref.scheme.empty()) {
    t = ref;
    t.path = RemoveDotSegments(ref.path);
  } else {
    if (ref.has_authority) {
      t = ref;
      t.path = RemoveDotSegments(ref.path);
    } else {
      if (ref.path.empty()) {
        t.path = base.path;
        t.query = ref.has_query ? ref.query : base.query;
        t.has_query = ref.has_query || base.has_query;
      } else {
        t.path = StartsWith(ref.path, "/") ? RemoveDotSegments(ref.path)
                                           : RemoveDotSegments(MergePaths(base, ref.path));
        t.query = ref.query;
        t.has_query = ref.has_query;
      }
      t.userinfo = base.userinfo;
      t.host = base.host;
      t.has_authority = base.has_authority;
    }
    t.scheme = base.scheme;
  }
  t.fragment = ref.fragment;
  t.has_fragment = ref.has_fragment;
  return FormatUrl(t);
}

std::string UrlForDisplay(const std::string& text) {
  Url u = ParseUrl(text);
  u.userinfo.clear();
  u.has_query = false;
  u.has_fragment = false;
  return FormatUrl(u);
}

std::string PercentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string PercentEncode(const std::string& text, const char* keep) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (c && std::strchr(keep, c))) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string PercentEncodePath(const std::string& path) { return PercentEncode(path, "/+!"); }

bool IsFileUrl(const std::string& text) { return ToLower(text.substr(0, 5)) == "file:"; }

std::string FileUrlToPath(const std::string& url) {
  Url u = ParseUrl(url);
  return PercentDecode(u.path);
}

std::string PathToFileUrl(const std::string& absolute_path) {
  return "file://" + PercentEncodePath(absolute_path);
}

std::string WithTrailingSlash(const std::string& text) {
  Url u = ParseUrl(text);
  if (!EndsWith(u.path, "/")) u.path += "/";
  return FormatUrl(u);
}
