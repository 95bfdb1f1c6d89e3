#include "spec/secret_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

// Random-looking characters from a fixed seed. Tokens are assembled at run time so that this file
// itself never looks like it holds one.
std::string Noise(size_t n, const char* alphabet =
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") {
  std::string out;
  size_t len = std::char_traits<char>::length(alphabet);
  uint32_t x = 2463534242u;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    out += alphabet[x % len];
  }
  return out;
}

std::vector<CredentialHit> Scan(const std::string& path, const std::string& text) {
  return ScanForCredentials(path, text.data(), text.size());
}

std::string Base64Body(size_t lines) {
  std::string body;
  for (size_t i = 0; i < lines; ++i)
    body += Noise(64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                .substr(0, 64 - i % 7) +
            "\n";
  return body;
}

const std::string kBegin = std::string("-----BEGIN ") + "RSA PRIVATE KEY-----";
const std::string kEnd = std::string("-----END ") + "RSA PRIVATE KEY-----";

}  // namespace

TEST(SecretPolicy, NamesOfBothFormerListsAreOneList) {
  std::string why;
  // From build's old list (*.pem, *.key) and check's (.npmrc, service-account.json), any case.
  for (const char* f : {"deploy/server.pem", "tls.key", ".npmrc", "gcp/service-account.json",
                        "ID_RSA", ".env.production", "prod.env", ".htpasswd"}) {
    EXPECT_TRUE(LooksLikeSecret(f, &why)) << f;
  }
  for (const char* f :
       {".env.example", "config/.env.sample", ".env.template", "pkg/keys.py", "environment.yml"}) {
    EXPECT_FALSE(LooksLikeSecret(f, &why)) << f;
  }
}

TEST(SecretPolicy, IndexAndForgeTokensAreFoundWithTheirLine) {
  std::string pypi =
      "pypi-AgE" + Noise(120, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
  auto hits = Scan("pkg/settings.py", "import os\n\nTOKEN = '" + pypi + "'\n");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].line, 3);
  EXPECT_EQ(hits[0].kind, "PyPI API token");
  EXPECT_TRUE(hits[0].fatal);

  hits = Scan("ci.yml", "a\nb\nc\n  token: ghp_" + Noise(36) + "\n");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].line, 4);
  EXPECT_EQ(hits[0].kind, "GitHub token");
  EXPECT_EQ(Scan("x", "github_pat_" + Noise(82)).size(), 1u);
  EXPECT_EQ(Scan("x", "GITLAB=glpat-" + Noise(20)).size(), 1u);
}

TEST(SecretPolicy, PlaceholdersAndShortPrefixesAreNotTokens) {
  EXPECT_TRUE(Scan("README.md", "Set TWINE_PASSWORD to your pypi-AgE... token\n").empty());
  EXPECT_TRUE(Scan("README.md", "token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n").empty());
  EXPECT_TRUE(Scan("docs/ci.md", "GITHUB_TOKEN=ghp_" + std::string(36, 'A') + "\n").empty());
  // A counted-up example token (openapi-spec-validator 0.9.0's tests/bench/specs/github.yaml).
  EXPECT_TRUE(
      Scan("specs/github.yaml", "  - ghp_1234567890abcdef1234567890abcdef12345678\n").empty());
  // The example token of GitHub's REST documentation (the same file).
  EXPECT_TRUE(
      Scan("specs/github.yaml", "token: ghs_16C7e42F292c6912E7710c838347Ae178B4a\n").empty());
  EXPECT_TRUE(Scan("a.py", "prefix = 'ghp_'\nif s.startswith('glpat-'): pass\n").empty());
  // A word that merely contains the prefix.
  EXPECT_TRUE(Scan("a.py", "xghp_" + Noise(36) + "\n").empty());
}

TEST(SecretPolicy, AwsKeyIdNeedsItsSecretNearby) {
  std::string id = "AKIA" + Noise(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
  std::string secret =
      Noise(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
  EXPECT_TRUE(Scan("a.py", "KEY_ID = '" + id + "'\n").empty());
  auto hits = Scan(
      "a.py", "x = 1\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].line, 2);
  // AWS's documented example pair is a placeholder.
  EXPECT_TRUE(
      Scan("docs/aws.md", "AKIAIOSFODNN7EXAMPLE\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
          .empty());
}

TEST(SecretPolicy, PemMarkerAloneIsNotAKey) {
  // The marker as a constant in source code (paramiko, cryptography, asyncssh do this).
  std::string src = "BEGIN = b\"" + std::string("-----BEGIN ") +
                    "OPENSSH PRIVATE KEY-----\"\nEND = b\"" + "-----END " +
                    "OPENSSH PRIVATE KEY-----\"\n";
  EXPECT_TRUE(Scan("pkg/keys.py", src).empty());
  EXPECT_TRUE(Scan("pkg/keys.py", kBegin + "\n").empty());
  EXPECT_TRUE(Scan("README.md", kBegin + "\n...\n" + kEnd + "\n").empty());
  // A certificate is public.
  EXPECT_TRUE(Scan("ca.pem",
                   "-----BEGIN CERTIFICATE-----\n" + Base64Body(10) + "-----END CERTIFICATE-----\n")
                  .empty());
}

// A TLS library's read-only data names every PEM label between other strings (the self-wheel's
// vendored libgnutls): a "body" holding NULs and binary bytes is not a key, whatever it looks like.
TEST(SecretPolicy, PemLabelsInACompiledFileAreNotAKey) {
  std::string rodata = kBegin + std::string(1, '\0') + Base64Body(12) + std::string(1, '\0') +
                       "\x01\x7f" + kEnd + std::string(1, '\0');
  EXPECT_TRUE(Scan("pkg.libs/libtls-1a2b3c4d.so.30", rodata).empty());
}

TEST(SecretPolicy, PrivateKeyWithARealBodyIsFatalOutsideFixtures) {
  std::string key = "\n" + kBegin + "\n" + Base64Body(12) + kEnd + "\n";
  auto hits = Scan("pkg/deploy_key", key);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].line, 2);
  EXPECT_TRUE(hits[0].fatal);
  // Embedded in a string literal with escaped newlines.
  std::string literal =
      "KEY = \"" + kBegin + "\\n" + Base64Body(6).substr(0, 300) + "\\n" + kEnd + "\"\n";
  for (char& c : literal)
    if (c == '\n' && &c != &literal.back()) c = ' ';
  EXPECT_EQ(Scan("pkg/conf.py", literal).size(), 1u);
  // Under tests/ (or named like a sample) it is a fixture: reported, not fatal.
  hits = Scan("tests/certs/server.key", key);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_FALSE(hits[0].fatal);
  EXPECT_FALSE(Scan("pkg/test_key.pem", key)[0].fatal);
  // In a library vendoring copied from a system package (libgnutls' self-test keys): reported, not
  // fatal; the same file anywhere else in the wheel is.
  EXPECT_FALSE(Scan("pyrelease.libs/libgnutls-3a3db153.so.30", key)[0].fatal);
  EXPECT_TRUE(Scan("pyrelease.libs/sub/libx.so", key)[0].fatal);
  EXPECT_TRUE(Scan("pyrelease/libgnutls.so.30", key)[0].fatal);
}

TEST(SecretPolicy, ConfigFilePasswordsUnlessPlaceholders) {
  std::string live = Noise(16);
  auto hits = Scan(
      ".pypirc", "[distutils]\nindex-servers = x\n\n[x]\nusername = me\npassword = " + live + "\n");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].line, 6);
  EXPECT_EQ(hits[0].kind, ".pypirc password");
  for (const char* pw :
       {"", "<your password>", "${PYPI_TOKEN}", "changeme", "xxx", "secret", "example123", "$PW"}) {
    EXPECT_TRUE(Scan(".pypirc", std::string("[x]\npassword = ") + pw + "\n").empty()) << pw;
  }
  EXPECT_EQ(Scan("tests/.netrc", "machine host login me password " + live + "\n").size(), 1u);
  EXPECT_TRUE(
      Scan("tests/.netrc", "machine example.invalid login user password example\n").empty());
  EXPECT_TRUE(Scan(".npmrc", "package-lock=true\n").empty());
  EXPECT_EQ(Scan(".npmrc", "//registry.invalid/:_authToken=" + live + "\n").size(), 1u);
  // The same lines in an ordinary file are not judged.
  EXPECT_TRUE(Scan("docs/upload.md", "password = " + live + "\n").empty());
}

TEST(SecretPolicy, StreamedScannerSkipsLargeBinariesAndSaysSo) {
  ScanLimits limits;
  limits.max_binary_bytes = 1024;
  CredentialScanner big("lib.so", limits);
  std::string chunk(800, '\0');
  big.Feed(chunk.data(), chunk.size());
  big.Feed(chunk.data(), chunk.size());
  bool skipped = false;
  EXPECT_TRUE(big.Finish(&skipped).empty());
  EXPECT_TRUE(skipped);

  CredentialScanner text("a.py", limits);
  std::string token = "x = 'ghp_" + Noise(36) + "'\n";
  std::string head = std::string(2000, '#') + "\n";
  text.Feed(head.data(), head.size());  // text files have the larger limit
  text.Feed(token.data(), 5);
  text.Feed(token.data() + 5, token.size() - 5);  // a token split across blocks
  auto hits = text.Finish(&skipped);
  EXPECT_FALSE(skipped);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].line, 2);
}

// The anchor search tests 32 or 16 positions at a time with vector compares and the last few
// with a table: a token is found wherever it starts relative to those blocks, up to a token that
// ends on the buffer's last byte, and never when glued to a word in the block before.
TEST(SecretPolicy, TokensAreFoundAtEveryOffsetOfTheSearchBlocks) {
  const std::string url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  const std::pair<std::string, const char*> tokens[] = {
      {"pypi-AgE" + Noise(60, url.c_str()), "PyPI API token"},
      {"gho_" + Noise(36), "GitHub token"},
      {"ghr_" + Noise(36), "GitHub token"},
      {"github_pat_" + Noise(72), "GitHub token"},
      {"glpat-" + Noise(20), "GitLab token"},
      {"xoxp-" + Noise(30), "Slack token"},
      {kBegin + "\n" + Base64Body(3) + kEnd, "private key block"},
  };
  for (const auto& [token, kind] : tokens) {
    for (size_t lead = 0; lead <= 70; ++lead) {
      std::string text = std::string(lead, '\n') + token;
      std::vector<char> exact(text.begin(), text.end());  // nothing readable past the end
      auto hits = ScanForCredentials("pkg/a.py", exact.data(), exact.size());
      ASSERT_EQ(hits.size(), 1u) << kind << " after " << lead;
      EXPECT_EQ(hits[0].kind, kind);
      EXPECT_EQ(hits[0].line, static_cast<int>(lead) + 1);
      if (lead == 0) continue;
      std::string glued = std::string(lead, 'x') + token;
      exact.assign(glued.begin(), glued.end());
      EXPECT_TRUE(ScanForCredentials("pkg/a.py", exact.data(), exact.size()).empty())
          << kind << " glued after " << lead;
    }
  }
  // Anchor pairs in the last bytes, where no token fits: nothing, and nothing read past the end.
  for (size_t lead = 0; lead <= 40; ++lead) {
    for (const char* tail : {"gh", "--", "AK", "py", "-", "g"}) {
      std::string text = std::string(lead, ' ') + tail;
      std::vector<char> exact(text.begin(), text.end());
      EXPECT_TRUE(ScanForCredentials("a.py", exact.data(), exact.size()).empty());
    }
  }
}

TEST(SecretPolicy, ATokenSplitAcrossTwoMembersIsNotFound) {
  const std::string line = "x = 'xoxb-" + Noise(40) + "'\n";
  bool skipped = true;
  ASSERT_EQ(ScanWithinLimits("pkg/one.py", line.data(), line.size(), &skipped).size(), 1u);
  EXPECT_FALSE(skipped);
  // Each cut leaves fewer than the 30 characters a Slack token needs after "xoxb-" in the first
  // member, and no anchor in the second.
  for (size_t cut : {6, 7, 8, 12, 30, 39}) {
    EXPECT_TRUE(ScanWithinLimits("pkg/one.py", line.data(), cut, &skipped).empty()) << cut;
    EXPECT_TRUE(
        ScanWithinLimits("pkg/two.py", line.data() + cut, line.size() - cut, &skipped).empty())
        << cut;
  }
}

TEST(SecretPolicy, WholeMemberScanKeepsTheStreamedScannersLimits) {
  ScanLimits limits;
  limits.max_binary_bytes = 1024;
  limits.max_text_bytes = 4096;
  const std::string token = " ghp_" + Noise(36) + "\n";
  const std::string inputs[] = {
      std::string(1, '\0') + token,                           // binary, within its limit: scanned
      std::string(1, '\0') + std::string(1100, 'a') + token,  // binary past its limit: skipped
      std::string(2000, '#') + token,                         // text past the binary limit: scanned
      std::string(5000, '#') + token,                         // text past its limit: skipped
  };
  const bool want_skipped[] = {false, true, false, true};
  for (size_t i = 0; i < 4; ++i) {
    const std::string& in = inputs[i];
    bool skipped = !want_skipped[i];
    auto whole = ScanWithinLimits("lib/x.bin", in.data(), in.size(), &skipped, limits);
    EXPECT_EQ(skipped, want_skipped[i]) << i;
    EXPECT_EQ(whole.size(), want_skipped[i] ? 0u : 1u) << i;
    CredentialScanner streamed("lib/x.bin", limits);
    streamed.Feed(in.data(), in.size());
    bool streamed_skipped = !skipped;
    auto hits = streamed.Finish(&streamed_skipped);
    EXPECT_EQ(streamed_skipped, skipped) << i;
    ASSERT_EQ(hits.size(), whole.size()) << i;
    if (!hits.empty()) {
      EXPECT_EQ(hits[0].line, whole[0].line);
    }
  }
}
