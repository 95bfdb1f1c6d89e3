#include "core/secret.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <set>
#include <vector>

#include "core/hash.h"
#include "core/url.h"

namespace {

std::mutex g_mutex;
// Every secret value this process has held. Values shorter than 4 bytes are not registered:
// masking them would mangle ordinary text, and no real token is that short.
std::set<std::string>& Registry() {
  static std::set<std::string>* registry = new std::set<std::string>();
  return *registry;
}

// Base64 forms of every registered value, derived once (MaskSecrets runs per message).
std::set<std::string>& Encoded() {
  static std::set<std::string>* encoded = new std::set<std::string>();
  return *encoded;
}

void AddEncodings(const std::string& value) {
  std::string standard = Base64(value);
  std::string unpadded = standard.substr(0, standard.find_last_not_of('=') + 1);
  Encoded().insert(standard);
  Encoded().insert(unpadded);
  for (std::string form : {standard, unpadded}) {
    for (char& c : form) c = c == '+' ? '-' : c == '/' ? '_' : c;
    Encoded().insert(form);
  }
}

void Register(const std::string& value) {
  if (value.size() < 4) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  if (Registry().insert(value).second) AddEncodings(value);
}

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '-' || c == '_' || c == '=';
}

// "Basic dXNlcjp0b2tlbg==" / "Bearer <token>" -> "Basic <hidden>": a header echoed back, even
// truncated or built from credentials this process never saw.
void MaskAuthSchemes(std::string* text) {
  for (const char* scheme : {"Basic ", "Bearer ", "basic ", "bearer "}) {
    size_t pos = 0;
    size_t n = std::char_traits<char>::length(scheme);
    while ((pos = text->find(scheme, pos)) != std::string::npos) {
      size_t start = pos + n, end = start;
      bool upper = false, lower = false, other = false;
      while (end < text->size() && IsBase64Char((*text)[end])) {
        char c = (*text)[end++];
        upper |= c >= 'A' && c <= 'Z';
        lower |= c >= 'a' && c <= 'z';
        other |= (c >= '0' && c <= '9') || c == '=' || c == '+' || c == '/' || c == '-' || c == '_';
      }
      // Credentials mix cases and digits; "Basic authentication" is prose.
      if (end - start >= 12 && upper && lower && other) {
        text->replace(start, end - start, "<hidden>");
        end = start + 8;
      }
      pos = end;
    }
  }
}

void ReplaceAll(std::string* text, const std::string& needle, const std::string& with) {
  if (needle.empty()) return;
  size_t pos = 0;
  while ((pos = text->find(needle, pos)) != std::string::npos) {
    text->replace(pos, needle.size(), with);
    pos += with.size();
  }
}

}  // namespace

Secret::Secret(std::string value) : value_(std::move(value)) { Register(value_); }
Secret::~Secret() { Wipe(); }
Secret::Secret(const Secret& other) : value_(other.value_) {}
Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    Wipe();
    value_ = other.value_;
  }
  return *this;
}
Secret::Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { other.Wipe(); }
Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    Wipe();
    value_ = std::move(other.value_);
    other.Wipe();
  }
  return *this;
}

void Secret::Wipe() {
  if (!value_.empty()) explicit_bzero(&value_[0], value_.size());
  value_.clear();
}

void RegisterBasicCredentials(const std::string& username, const Secret& password) {
  if (password.Reveal().size() < 4) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  AddEncodings(username + ":" + password.Reveal());
}

std::string MaskSecrets(std::string text) {
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    // Longest first: a padded form before its unpadded prefix.
    std::vector<std::string> encoded(Encoded().begin(), Encoded().end());
    std::sort(encoded.begin(), encoded.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const std::string& e : encoded) ReplaceAll(&text, e, "<hidden>");
    for (const std::string& s : Registry()) {
      ReplaceAll(&text, s, "<hidden>");
      std::string encoded = PercentEncode(s);
      if (encoded != s) ReplaceAll(&text, encoded, "<hidden>");
    }
  }
  MaskAuthSchemes(&text);
  // scheme://user:password@host -> scheme://user:<hidden>@host
  size_t pos = 0;
  while ((pos = text.find("://", pos)) != std::string::npos) {
    size_t start = pos + 3;
    size_t end = text.find_first_of("/ \t\r\n\"'<>", start);
    if (end == std::string::npos) end = text.size();
    size_t at = text.rfind('@', end);
    if (at != std::string::npos && at > start) {
      size_t colon = text.find(':', start);
      if (colon != std::string::npos && colon < at &&
          text.compare(colon + 1, at - colon - 1, "<hidden>") != 0) {
        text.replace(colon + 1, at - colon - 1, "<hidden>");
      }
    }
    pos = start;
  }
  return text;
}
