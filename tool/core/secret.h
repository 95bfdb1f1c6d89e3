// A secret (password, API token) that never prints itself: streaming or formatting a Secret gives
// "<hidden>" (or "<empty>"), as twine's logs do. Every Secret's value is also registered for
// MaskSecrets(), the last line of defence for text that came from elsewhere (a server's error
// message, a curl error, a URL) before it is printed.
#pragma once

#include <ostream>
#include <string>

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value);
  ~Secret();
  Secret(const Secret& other);
  Secret& operator=(const Secret& other);
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;

  bool empty() const { return value_.empty(); }
  // The real value, for the one place that needs it (libcurl's CURLOPT_PASSWORD).
  const std::string& Reveal() const { return value_; }
  // "<hidden>" or "<empty>": what logs and messages show.
  std::string Masked() const { return value_.empty() ? "<empty>" : "<hidden>"; }

 private:
  void Wipe();
  std::string value_;
};

inline std::ostream& operator<<(std::ostream& out, const Secret& s) { return out << s.Masked(); }

// Basic credentials built from a secret (what libcurl sends as "Authorization: Basic <base64 of
// user:password>") are registered too, so a server echoing the header back is masked.
void RegisterBasicCredentials(const std::string& username, const Secret& password);

// Replaces every occurrence of every secret seen by this process with "<hidden>", in every encoding
// the tool itself produces: raw, URL-encoded, base64 (standard and URL-safe, padded or not) of the
// secret and of each registered "user:secret". Also blanks the password in any
// "scheme://user:password@host" and the credentials after "Basic " or "Bearer " in `text`.
std::string MaskSecrets(std::string text);
