#include "core/secret.h"

#include <openssl/crypto.h>

#include <mutex>
#include <set>

#include "core/url.h"

namespace {

std::mutex g_mutex;
// Every secret value this process has held. Values shorter than 4 bytes are not registered:
// masking them would mangle ordinary text, and no real token is that short.
std::set<std::string>& Registry() {
  static std::set<std::string>* registry = new std::set<std::string>();
  return *registry;
}

void Register(const std::string& value) {
  if (value.size() < 4) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  Registry().insert(value);
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
  if (!value_.empty()) OPENSSL_cleanse(&value_[0], value_.size());
  value_.clear();
}

std::string MaskSecrets(std::string text) {
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    for (const std::string& s : Registry()) {
      ReplaceAll(&text, s, "<hidden>");
      std::string encoded = PercentEncode(s);
      if (encoded != s) ReplaceAll(&text, encoded, "<hidden>");
    }
  }
  // scheme://user:password@host -> scheme://user:<hidden>@host
  size_t pos = 0;
  while ((pos = text.find("://", pos)) != std::string::npos) {
    size_t start = pos + 3;
    size_t end = text.find_first_of("/ \t\r\n\"'<>", start);
    if (end == std::string::npos) end = text.size();
    size_t at = text.rfind('@', end);
    if (at != std::string::npos && at > start) {
      size_t colon = text.find(':', start);
      if (colon != std::string::npos && colon < at && text.compare(colon + 1, at - colon - 1, "<hidden>") != 0) {
        text.replace(colon + 1, at - colon - 1, "<hidden>");
      }
    }
    pos = start;
  }
  return text;
}
