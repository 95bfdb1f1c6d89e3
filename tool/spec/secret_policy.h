// The one secret policy, shared by `build` (project/secret_files) and `check` (check_rules).
//
// Two kinds of evidence, judged differently:
// - a file NAME that looks like a credential (.env, *.pem, id_rsa, .pypirc, .npmrc, key stores...)
//   is only a hint: real projects ship test certificates, .htpasswd fixtures and CA bundles.
//   `build` ships it with a warning when git tracks it (the repository already publishes it) and
//   refuses it otherwise; `check` reports it as a warning.
// - CONTENT that is a live credential (an index or forge token, a cloud access key with its secret,
//   a private key block with a real body, a .pypirc/.netrc/.npmrc password that is not an obvious
//   example) is refused by both, wherever it is, naming file:line. A PEM marker alone (a constant
//   in source code) is not a key; a private key under a test/example directory is a fixture
//   (warning).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

// True when `rel_path`'s file name (case-insensitively) matches a secret-looking name; `why` gets
// the pattern.
bool LooksLikeSecret(const std::string& rel_path, std::string* why);

struct CredentialHit {
  int line = 0;       // 1-based
  std::string kind;   // "PyPI API token", "GitHub token", "private key block", ...
  bool fatal = true;  // false: a fixture (a private key under tests/, examples/, ...): a warning
};

// Limits of the content scan. Text files up to `max_text_bytes` are scanned whole; a file that
// holds NUL bytes in its first 8 KiB is binary and scanned only up to `max_binary_bytes` (tokens
// do hide in pickles and sqlite files, but a 200 MB shared library is not read twice).
struct ScanLimits {
  uint64_t max_text_bytes = 64ull << 20;
  uint64_t max_binary_bytes = 4ull << 20;
};

// True when `data` (of any size) looks binary: a NUL byte in its first 8 KiB.
bool LooksBinary(const char* data, size_t size);

// Scans one file's bytes for live credentials. `rel_path` decides the file-specific rules (.pypirc,
// .netrc, .npmrc, .git-credentials passwords) and whether a private key is a test fixture. One pass
// per anchor over bytes the caller already holds; no allocation unless something is found.
std::vector<CredentialHit> ScanForCredentials(const std::string& rel_path, const char* data,
                                              size_t size);

// Scans a file held whole (an inflated archive member) under `limits`, as CredentialScanner does,
// without copying it. `skipped` (optional) is set when the file was too large to scan.
std::vector<CredentialHit> ScanWithinLimits(const std::string& rel_path, const char* data,
                                            size_t size, bool* skipped,
                                            ScanLimits limits = ScanLimits());

// Collects a file streamed in blocks and scans it at the end (for archive members).
class CredentialScanner {
 public:
  explicit CredentialScanner(std::string rel_path, ScanLimits limits = ScanLimits())
      : path_(std::move(rel_path)), limits_(limits) {}
  void Feed(const void* data, size_t size);
  // The hits; `skipped` (optional) is set when the file was too large to scan.
  std::vector<CredentialHit> Finish(bool* skipped = nullptr);

 private:
  std::string path_;
  ScanLimits limits_;
  std::string buf_;
  bool first_ = true, binary_ = false, skipped_ = false;
};

// A value a human wrote as a placeholder: empty, "<...>", "${...}", "$VAR", "%(x)s", "{{...}}",
// "***", or containing example/changeme/xxx/password/secret/token/dummy/fake/test.
bool IsPlaceholderValue(const std::string& value);
