#include "spec/secret_policy.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "core/cpu_features.h"
#include "core/path_glob.h"
#include "core/string_util.h"

namespace {

// Matched against the lower-cased file name. The union of what build and check used to list.
// (Views: no strlen per name and pattern.)
constexpr std::string_view kSecretNames[] = {
    ".env",
    ".env.*",
    "*.env",
    "*.pem",
    "*.key",
    "id_rsa*",
    "id_dsa*",
    "id_ecdsa*",
    "id_ed25519*",
    ".pypirc",
    ".netrc",
    "_netrc",
    ".npmrc",
    "*.p12",
    "*.pfx",
    ".credentials",
    "credentials.json",
    "service-account.json",
    ".git-credentials",
    ".htpasswd",
    "*.ppk",
    "*.jks",
    "*.keystore",
    "client_secret*.json",
    "secrets.toml",
    "secrets.yaml",
    "secrets.yml",
    "secrets.json",
    ".dockercfg",
};
// Templates meant to be copied, never credentials themselves.
constexpr std::string_view kTemplateSuffixes[] = {".example", ".sample", ".template", ".dist"};

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsBase64(char c) { return IsAlnum(c) || c == '+' || c == '/' || c == '='; }
bool IsUrlSafe(char c) { return IsAlnum(c) || c == '_' || c == '-'; }

int LineAt(std::string_view text, size_t pos) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
}

// Length of the run of characters accepted by `ok` starting at `pos`.
template <typename Pred>
size_t RunLength(std::string_view text, size_t pos, Pred ok) {
  size_t n = 0;
  while (pos + n < text.size() && ok(text[pos + n])) ++n;
  return n;
}

// Too uniform to be random (ghp_xxxx..., AAAA..., a counted-up ghp_1234567890abcdef...): a
// documentation placeholder.
bool LooksRandom(std::string_view body) {
  bool seen[256] = {};
  int distinct = 0;
  for (unsigned char c : body) distinct += seen[c] ? 0 : (seen[c] = true, 1);
  if (distinct < 10) return false;
  // GitHub's REST documentation writes this body after every token prefix in its examples
  // (its OpenAPI description, which projects ship as test data).
  if (body.substr(0, 36) == "16C7e42F292c6912E7710c838347Ae178B4a") return false;
  std::string lower = ToLower(std::string(body));
  for (const char* w : {"example", "xxxx", "your", "token", "fake", "dummy", "123456", "abcdef"})
    if (lower.find(w) != std::string::npos) return false;
  return true;
}

// A private key under a test/example/docs directory, or named like one, is a fixture
// (tests/certs/, dummyserver/certs/, examples/, docs/, testdata/; test_key.pem, sample.key).
bool IsFixturePath(const std::string& rel_path) {
  static const char* const kWords[] = {"test",   "dummy", "fixture", "example",
                                       "sample", "fake",  "snakeoil"};
  std::vector<std::string> parts = Split(ToLower(rel_path), '/');
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    // Whole directory names only for these: "flat_demo/" is a package, "demo/" is not.
    if (i + 1 < parts.size() && (p == "doc" || p == "docs" || p == "demo" || p == "demos"))
      return true;
    for (const char* w : kWords)
      if (p.find(w) != std::string::npos) return true;
  }
  return false;
}

// A library `auditwheel repair` or pyrelease's vendoring copied from the build machine into the
// wheel's `<dist>.libs/`: a system package's file, not the project's. Crypto libraries carry
// self-test keys there (libgnutls' GOST and FIPS vectors), published with the library.
bool IsVendoredLibrary(const std::string& rel_path) {
  size_t slash = rel_path.find('/');
  return slash != std::string::npos && EndsWith(rel_path.substr(0, slash), ".libs") &&
         rel_path.find('/', slash + 1) == std::string::npos;
}

// Every anchor a credential starts with. Their first two bytes are rare as a pair in source text
// ("gh", "xo", "AK", "--", ...), so one pass testing each byte pair against a table finds all
// of them, where one search per anchor stopped at every 'p', 'g' or 'A', thirteen times.
constexpr std::string_view kAnchors[] = {"pypi-AgE", "ghp_",        "gho_",       "ghu_",  "ghs_",
                                         "ghr_",     "github_pat_", "glpat-",     "xoxb-", "xoxp-",
                                         "AKIA",     "ASIA",        "-----BEGIN "};
constexpr size_t kAnchorCount = sizeof kAnchors / sizeof kAnchors[0];

struct AnchorPairs {
  unsigned char table[1 << 16] = {};
  AnchorPairs() {
    for (std::string_view a : kAnchors) table[Index(a[0], a[1])] = 1;
  }
  static size_t Index(char a, char b) {
    return static_cast<size_t>(static_cast<unsigned char>(a)) << 8 | static_cast<unsigned char>(b);
  }
};

// The vector search (x86-64 with AVX2) gives each distinct anchor pair one bit of a byte. The bits
// a byte can start are the AND of a table indexed by its low nibble and one indexed by its high
// nibble; pair k's bit is set only at its own first byte's two nibbles, so the AND is exact (no
// other byte gets it), and the same holds for the second byte. 32 positions cost ~14 instructions.
struct NibbleTables {
  // Each table twice: vpshufb looks up within each 16-byte half of a 32-byte register.
  unsigned char first_low[32] = {}, first_high[32] = {}, second_low[32] = {}, second_high[32] = {};
  int pairs = 0;
};

constexpr NibbleTables MakeNibbleTables() {
  NibbleTables t;
  char first[kAnchorCount] = {}, second[kAnchorCount] = {};
  for (std::string_view a : kAnchors) {
    int k = 0;
    while (k < t.pairs && !(first[k] == a[0] && second[k] == a[1])) ++k;
    if (k < t.pairs) continue;  // a pair already given a bit ("gh" starts five anchors)
    first[k] = a[0];
    second[k] = a[1];
    ++t.pairs;
    if (k >= 8) continue;  // rejected by the static_assert below
    auto bit = static_cast<unsigned char>(1u << k);
    auto u0 = static_cast<unsigned char>(a[0]), u1 = static_cast<unsigned char>(a[1]);
    for (int half : {0, 16}) {
      t.first_low[half + (u0 & 15)] |= bit;
      t.first_high[half + (u0 >> 4)] |= bit;
      t.second_low[half + (u1 & 15)] |= bit;
      t.second_high[half + (u1 >> 4)] |= bit;
    }
  }
  return t;
}
constexpr NibbleTables kNibbles = MakeNibbleTables();
static_assert(kNibbles.pairs <= 8, "the anchors' first byte pairs must fit the 8 bits of a byte");

#if defined(__x86_64__)
__attribute__((target("avx2"))) __m256i Load(const unsigned char* table) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(table));
}

bool HasAvx2() {
  static const bool has = CpuHasAvx2();
  return has;
}
#endif

struct Scan {
  std::string_view text;
  const std::string& path;
  std::vector<CredentialHit> hits;
  std::vector<size_t> found[kAnchorCount];  // word-start positions of each anchor

  void Hit(size_t pos, const char* kind, bool fatal = true) {
    hits.push_back(CredentialHit{LineAt(text, pos), kind, fatal});
  }

  // One pass over the text for every anchor (no allocation unless one occurs): the vector search
  // finds the anchor pairs 32 positions at a time, the table takes the rest.
  void FindAnchors() {
    static const AnchorPairs pairs;
    const char* p = text.data();
    size_t n = text.size();
    size_t pos = 0;
#if defined(__x86_64__)
    if (HasAvx2()) pos = FindAnchorsAvx2();
#endif
    for (; pos + 1 < n; ++pos) {
      if (pairs.table[AnchorPairs::Index(p[pos], p[pos + 1])]) AnchorAt(pos);
    }
  }

#if defined(__x86_64__)
  // Every start position below the returned one, in blocks of 32 (a block reads 33 bytes).
  __attribute__((target("avx2"))) size_t FindAnchorsAvx2() {
    const __m256i first_low = Load(kNibbles.first_low);
    const __m256i first_high = Load(kNibbles.first_high);
    const __m256i second_low = Load(kNibbles.second_low);
    const __m256i second_high = Load(kNibbles.second_high);
    const __m256i nibble = _mm256_set1_epi8(0x0f);
    const char* p = text.data();
    size_t pos = 0;
    for (; pos + 33 <= text.size(); pos += 32) {
      __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + pos));
      __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + pos + 1));
      __m256i starts = _mm256_and_si256(
          _mm256_shuffle_epi8(first_low, _mm256_and_si256(a, nibble)),
          _mm256_shuffle_epi8(first_high, _mm256_and_si256(_mm256_srli_epi16(a, 4), nibble)));
      __m256i follows = _mm256_and_si256(
          _mm256_shuffle_epi8(second_low, _mm256_and_si256(b, nibble)),
          _mm256_shuffle_epi8(second_high, _mm256_and_si256(_mm256_srli_epi16(b, 4), nibble)));
      __m256i both = _mm256_and_si256(starts, follows);
      if (_mm256_testz_si256(both, both)) continue;
      auto none = static_cast<uint32_t>(
          _mm256_movemask_epi8(_mm256_cmpeq_epi8(both, _mm256_setzero_si256())));
      for (uint32_t m = ~none; m != 0; m &= m - 1) AnchorAt(pos + Lowest(m));
    }
    return pos;
  }
#endif

  static size_t Lowest(uint32_t mask) { return static_cast<size_t>(__builtin_ctz(mask)); }

  // `pos` holds an anchor pair: records the anchors that start a word there.
  void AnchorAt(size_t pos) {
    if (pos > 0 && (IsAlnum(text[pos - 1]) || text[pos - 1] == '_')) return;  // not a word start
    for (size_t k = 0; k < kAnchorCount; ++k) {
      // (the pair first: most pairs start one anchor, and a compare call per anchor adds up)
      if (kAnchors[k][0] == text[pos] && kAnchors[k][1] == text[pos + 1] &&
          text.compare(pos, kAnchors[k].size(), kAnchors[k]) == 0)
        found[k].push_back(pos);
    }
  }

  // Every occurrence of `anchor` that starts a word.
  template <typename F>
  void ForEach(std::string_view anchor, F f) {
    for (size_t k = 0; k < kAnchorCount; ++k) {
      if (kAnchors[k] != anchor) continue;
      for (size_t pos : found[k]) f(pos);
      return;
    }
    // An anchor missing from kAnchors: searched on its own (slower, never wrong).
    for (size_t pos = text.find(anchor); pos != std::string_view::npos;
         pos = text.find(anchor, pos + 1)) {
      if (pos > 0 && (IsAlnum(text[pos - 1]) || text[pos - 1] == '_')) continue;
      f(pos);
    }
  }

  // `prefix` followed by at least `min` characters accepted by `ok`, random-looking.
  template <typename Pred>
  void Token(std::string_view prefix, size_t min, Pred ok, const char* kind) {
    ForEach(prefix, [&](size_t pos) {
      size_t n = RunLength(text, pos + prefix.size(), ok);
      if (n >= min && LooksRandom(text.substr(pos + prefix.size(), n))) Hit(pos, kind);
    });
  }

  void IndexTokens() {
    // A PyPI-style macaroon: "pypi-" + base64url of a binary macaroon, which starts "AgE".
    Token("pypi-AgE", 50, IsUrlSafe, "PyPI API token");
  }

  void ForgeTokens() {
    for (const char* p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"})
      Token(p, 36, IsAlnum, "GitHub token");
    Token(
        "github_pat_", 70, [](char c) { return IsAlnum(c) || c == '_'; }, "GitHub token");
    Token("glpat-", 20, IsUrlSafe, "GitLab token");
    Token("xoxb-", 30, IsUrlSafe, "Slack token");
    Token("xoxp-", 30, IsUrlSafe, "Slack token");
  }

  // An AWS access key id counts only with a 40-character secret key within three lines of it.
  void CloudKeys() {
    for (const char* prefix : {"AKIA", "ASIA"}) {
      ForEach(prefix, [&](size_t pos) {
        size_t n = RunLength(
            text, pos + 4, [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
        if (n != 16 || !LooksRandom(text.substr(pos, 20))) return;
        // The window: three lines before the key id to three lines after it.
        size_t from = pos, to = pos;
        for (int i = 0; i < 4 && from > 0; ++i) {
          size_t nl = text.rfind('\n', from - 1);
          from = nl == std::string_view::npos ? 0 : nl;
        }
        for (int i = 0; i < 4 && to < text.size(); ++i) {
          size_t nl = text.find('\n', to + 1);
          to = nl == std::string_view::npos ? text.size() : nl;
        }
        std::string_view window = text.substr(from, to - from);
        for (size_t i = 0; i < window.size(); ++i) {
          if (!IsBase64(window[i]) || (i > 0 && IsBase64(window[i - 1]))) continue;
          size_t len =
              RunLength(window, i, [](char c) { return IsAlnum(c) || c == '+' || c == '/'; });
          std::string_view cand = window.substr(i, len);
          bool lower = false, upper = false, digit = false;
          for (char c : cand)
            lower |= c >= 'a' && c <= 'z', upper |= c >= 'A' && c <= 'Z',
                digit |= c >= '0' && c <= '9';
          if (len == 40 && lower && upper && digit && LooksRandom(cand)) {
            Hit(pos, "AWS access key with its secret key");
            return;
          }
          i += len;
        }
      });
    }
  }

  // "-----BEGIN ... PRIVATE KEY-----" followed, before its END marker, by a real base64 body.
  // Source code that only names the marker (a constant, a regex) has no body.
  void PrivateKeys() {
    ForEach("-----BEGIN ", [&](size_t pos) {
      size_t marker_end = text.find("-----", pos + 11);
      if (marker_end == std::string_view::npos || marker_end - pos > 60) return;
      std::string_view label = text.substr(pos + 11, marker_end - pos - 11);
      if (label.find("PRIVATE KEY") == std::string_view::npos) return;
      size_t body_start = marker_end + 5;
      size_t end = text.find("-----END ", body_start);
      if (end == std::string_view::npos || end - body_start > (64 << 10)) return;
      std::string_view body = text.substr(body_start, end - body_start);
      // A key is one printable text: in a compiled file the marker strings of a TLS library
      // (libgnutls names every PEM label) are separated by NULs and other binary bytes.
      for (char c : body) {
        auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u >= 0x7f) return;
      }
      size_t b64 = 0, other = 0;
      size_t line_start = 0;
      while (line_start < body.size()) {
        size_t nl = body.find('\n', line_start);
        if (nl == std::string_view::npos) nl = body.size();
        std::string_view line = body.substr(line_start, nl - line_start);
        line_start = nl + 1;
        // PEM headers of encrypted keys and PGP armor.
        if (line.find(": ") != std::string_view::npos && line.size() < 100) continue;
        for (size_t i = 0; i < line.size(); ++i) {
          char c = line[i];
          if (c == '\\' && i + 1 < line.size() && (line[i + 1] == 'n' || line[i + 1] == 'r')) {
            ++i;  // an escaped newline in a string literal
          } else if (IsBase64(c)) {
            ++b64;
          } else if (c != ' ' && c != '\t' && c != '\r' && c != '"' && c != '\'') {
            ++other;
          }
        }
      }
      if (b64 >= 60 && other * 10 <= b64 && LooksRandom(body)) {
        Hit(pos, "private key block", !IsFixturePath(path) && !IsVendoredLibrary(path));
      }
    });
  }

  // key = value / key value pairs of the credential files whose format we know.
  void ConfigPasswords() {
    std::string name = ToLower(BaseName(path));
    bool pypirc = name == ".pypirc" || EndsWith(name, ".pypirc");
    bool netrc = name == ".netrc" || name == "_netrc";
    bool npmrc = name == ".npmrc";
    bool gitcred = name == ".git-credentials";
    if (!pypirc && !netrc && !npmrc && !gitcred) return;
    size_t line_start = 0;
    while (line_start < text.size()) {
      size_t nl = text.find('\n', line_start);
      if (nl == std::string_view::npos) nl = text.size();
      std::string line(text.substr(line_start, nl - line_start));
      size_t at = line_start;
      line_start = nl + 1;
      std::string t = Trim(line);
      if (t.empty() || t[0] == '#' || t[0] == ';') continue;
      if (pypirc || npmrc) {
        size_t eq = t.find_first_of(pypirc ? "=:" : "=");
        if (eq == std::string::npos) continue;
        std::string key = ToLower(Trim(t.substr(0, eq)));
        std::string value = Trim(t.substr(eq + 1));
        bool is_pw = pypirc ? key == "password"
                            : EndsWith(key, "_authtoken") || EndsWith(key, "_auth") ||
                                  EndsWith(key, "_password");
        if (is_pw && !IsPlaceholderValue(value))
          Hit(at, pypirc ? ".pypirc password" : ".npmrc auth token");
      } else if (netrc) {
        std::vector<std::string> words;
        for (const std::string& w : Split(t, ' '))
          if (!Trim(w).empty()) words.push_back(Trim(w));
        for (size_t i = 0; i + 1 < words.size(); ++i) {
          if (words[i] == "password" && !IsPlaceholderValue(words[i + 1])) {
            Hit(at, ".netrc password");
            break;
          }
        }
      } else {
        // https://user:password@host
        size_t scheme = t.find("://"), atsign = t.rfind('@');
        if (scheme == std::string::npos || atsign == std::string::npos || atsign < scheme) continue;
        std::string userinfo = t.substr(scheme + 3, atsign - scheme - 3);
        size_t colon = userinfo.find(':');
        if (colon != std::string::npos && !IsPlaceholderValue(userinfo.substr(colon + 1)))
          Hit(at, ".git-credentials password");
      }
    }
  }
};

// Whether `name` has the literal text a '*'-only pattern starts and ends with (before its first
// and after its last '*'): a name without it cannot match, and `check` asks for every member of
// a wheel (10,000 names x 29 patterns) whether it looks like a secret. Other patterns: true.
bool MayMatch(std::string_view pattern, std::string_view name) {
  if (pattern.find_first_of("?[\\") != std::string_view::npos) return true;
  size_t first = pattern.find('*');
  if (first == std::string_view::npos) return pattern == name;
  std::string_view head = pattern.substr(0, first), tail = pattern.substr(pattern.rfind('*') + 1);
  return name.size() >= head.size() + tail.size() && StartsWith(name, head) && EndsWith(name, tail);
}

}  // namespace

bool LooksLikeSecret(const std::string& rel_path, std::string* why) {
  std::string name = ToLower(BaseName(rel_path));
  for (std::string_view suffix : kTemplateSuffixes) {
    if (EndsWith(name, suffix)) return false;
  }
  for (std::string_view pattern : kSecretNames) {
    if (MayMatch(pattern, name) && WildMatch(pattern, name)) {
      *why = pattern;
      return true;
    }
  }
  return false;
}

bool IsPlaceholderValue(const std::string& value) {
  std::string v = ToLower(Trim(value));
  if (v.size() >= 2 && (v[0] == '"' || v[0] == '\'') && v.back() == v[0])
    v = v.substr(1, v.size() - 2);
  if (v.empty() || v[0] == '$' || v[0] == '<' || v.find("{{") != std::string::npos ||
      v.find("%(") != std::string::npos || v.find("***") != std::string::npos || v == "...")
    return true;
  for (const char* w :
       {"example", "changeme", "change-me", "change_me", "xxx", "password", "passwd", "secret",
        "token", "dummy", "fake", "test", "placeholder", "redacted"}) {
    if (v.find(w) != std::string::npos) return true;
  }
  return false;
}

bool LooksBinary(const char* data, size_t size) {
  return std::memchr(data, '\0', std::min<size_t>(size, 8192)) != nullptr;
}

std::vector<CredentialHit> ScanForCredentials(const std::string& rel_path, const char* data,
                                              size_t size) {
  Scan scan{std::string_view(data, size), rel_path, {}, {}};
  scan.FindAnchors();
  scan.IndexTokens();
  scan.ForgeTokens();
  scan.CloudKeys();
  scan.PrivateKeys();
  scan.ConfigPasswords();
  std::sort(scan.hits.begin(), scan.hits.end(),
            [](const CredentialHit& a, const CredentialHit& b) { return a.line < b.line; });
  return scan.hits;
}

namespace {
uint64_t SizeLimit(const ScanLimits& limits, bool binary) {
  return binary ? limits.max_binary_bytes : limits.max_text_bytes;
}
}  // namespace

std::vector<CredentialHit> ScanWithinLimits(const std::string& rel_path, const char* data,
                                            size_t size, bool* skipped, ScanLimits limits) {
  // Whether the file is binary matters only for a size between the two limits (a search for a
  // NUL in the first 8 KiB of every file cost a medium build more than the anchors' own pass).
  bool too_big = size > std::min(limits.max_text_bytes, limits.max_binary_bytes) &&
                 size > SizeLimit(limits, LooksBinary(data, size));
  if (skipped) *skipped = too_big;
  if (too_big) return {};
  return ScanForCredentials(rel_path, data, size);
}

void CredentialScanner::Feed(const void* data, size_t size) {
  if (skipped_) return;
  const char* p = static_cast<const char*>(data);
  if (first_) {
    binary_ = LooksBinary(p, size);
    first_ = false;
  }
  if (buf_.size() + size > SizeLimit(limits_, binary_)) {
    skipped_ = true;
    std::string().swap(buf_);
    return;
  }
  buf_.append(p, size);
}

std::vector<CredentialHit> CredentialScanner::Finish(bool* skipped) {
  if (skipped) *skipped = skipped_;
  if (skipped_) return {};
  std::vector<CredentialHit> hits = ScanForCredentials(path_, buf_.data(), buf_.size());
  std::string().swap(buf_);
  return hits;
}
