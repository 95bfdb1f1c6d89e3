#include "project/secret_files.h"

#include <gtest/gtest.h>

#include "selection_test_util.h"

TEST(SecretFiles, RecognizesCommonCredentialFiles) {
  std::string why;
  for (const char* f :
       {".env", "config/.env.production", "deploy/server.pem", "tls.key", "home/id_rsa",
        "id_ed25519.pub", "id_ecdsa", ".pypirc", ".netrc", "cert.p12", "cert.pfx", ".credentials",
        "gcp/credentials.json", ".git-credentials", "client_secret_123.json", "prod.env",
        // every other pattern, each at the edges of its '*' (empty and not)
        "id_rsa", "a/id_dsa", ".env.", "x.ppk", "a.jks", "b.keystore", "client_secret.json",
        "service-account.json", "secrets.toml", "secrets.yaml", "secrets.yml", "secrets.json",
        ".dockercfg", ".htpasswd", ".npmrc", "_netrc", ".env.local", "SERVER.PEM"}) {
    EXPECT_TRUE(LooksLikeSecret(f, &why)) << f;
  }
  EXPECT_TRUE(LooksLikeSecret("a/b/.pypirc", &why));
  EXPECT_EQ(why, ".pypirc");
}

TEST(SecretFiles, LeavesOrdinaryFilesAlone) {
  std::string why;
  for (const char* f :
       {"pkg/__init__.py", "README.md", "environment.yml", "keys.py", "pkg/keyboard.json",
        "docs/env.md", "LICENSE", "pkg/py.typed", "a.pem.bak", "xid_rsa", "client_secret.yaml",
        "my.netrc", ".env.example", "pem", "key", "secrets.tomlx", ".envrc"}) {
    EXPECT_FALSE(LooksLikeSecret(f, &why)) << f;
  }
}

TEST(SecretFiles, AllowListByPathGlobDirectoryOrName) {
  EXPECT_TRUE(SecretIsAllowed("tests/certs/test.pem", {"tests/certs/*.pem"}));
  EXPECT_TRUE(SecretIsAllowed("tests/certs/test.pem", {"tests/certs"}));
  EXPECT_TRUE(SecretIsAllowed("tests/certs/test.pem", {"test.pem"}));
  EXPECT_TRUE(SecretIsAllowed(".env", {".env"}));
  EXPECT_FALSE(SecretIsAllowed("deploy/.env", {"tests/**"}));
  EXPECT_FALSE(SecretIsAllowed("deploy/server.pem", {"tests/certs/*.pem"}));
  EXPECT_FALSE(SecretIsAllowed(".env", {}));
}

namespace {

std::string Noise(size_t n) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  uint32_t x = 88172645u;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    out += kAlphabet[x % 62];
  }
  return out;
}

}  // namespace

TEST(SecretFiles, ScanOfShippedFilesNamesFileAndLineAndOnlyTheArchivesBuilt) {
  TempProject tmp;
  tmp.Write("pkg/__init__.py", "# ok\n");
  tmp.Write("pkg/settings.py",
            "DEBUG = False\nTOKEN = 'gh" + std::string("p_") + Noise(36) + "'\n");
  tmp.Write("tests/conftest.py",
            "PASSWORD = 'x'\nKEY = 'gl" + std::string("pat-") + Noise(20) + "'\n");
  tmp.Write("pkg/big.bin", std::string(3000, '\0'));
  FileSelection sel;
  sel.sdist = {{tmp.dir() + "/pkg/__init__.py", "pkg/__init__.py"},
               {tmp.dir() + "/pkg/settings.py", "pkg/settings.py"},
               {tmp.dir() + "/tests/conftest.py", "tests/conftest.py"},
               {tmp.dir() + "/pkg/big.bin", "pkg/big.bin"}};
  sel.wheel = {sel.sdist[0], sel.sdist[1], sel.sdist[3]};
  ScanLimits limits;
  limits.max_binary_bytes = 1024;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(ScanShippedFiles(tmp.dir(), sel, true, true, &diags, limits));
  int errors = 0;
  bool noted = false;
  for (const Diagnostic& d : diags) {
    if (d.severity == Severity::kError) {
      ++errors;
      EXPECT_EQ(d.line, 2) << d.path;
      // Never the credential itself.
      EXPECT_EQ(d.message.find(Noise(20)), std::string::npos);
    }
    if (d.severity == Severity::kNote) noted = d.message.find("pkg/big.bin") != std::string::npos;
  }
  EXPECT_EQ(errors, 2);  // settings.py once although it is in both archives, and conftest.py
  EXPECT_TRUE(noted) << Messages(diags);

  // The wheel alone: the sdist-only test file is not judged.
  diags.clear();
  EXPECT_FALSE(ScanShippedFiles(tmp.dir(), sel, false, true, &diags, limits));
  ASSERT_GE(diags.size(), 1u);
  EXPECT_EQ(diags[0].path, tmp.dir() + "/pkg/settings.py");
  sel.wheel = {sel.sdist[0]};
  diags.clear();
  EXPECT_TRUE(ScanShippedFiles(tmp.dir(), sel, false, true, &diags, limits)) << Messages(diags);
}

TEST(SecretFiles, ScanKeepsWhatItReadWithinTheBudgetForTheWriters) {
  TempProject tmp;
  tmp.Write("pkg/__init__.py", "# ok\n");
  tmp.Write("pkg/a.py", std::string(100, 'a'));
  tmp.Write("pkg/big.bin", std::string(3000, '\0'));
  FileSelection sel;
  sel.sdist = {{tmp.dir() + "/pkg/__init__.py", "pkg/__init__.py"},
               {tmp.dir() + "/pkg/a.py", "pkg/a.py"},
               {tmp.dir() + "/pkg/big.bin", "pkg/big.bin"},
               {tmp.dir() + "/pkg/_version.py", "pkg/_version.py"}};
  sel.sdist[3].generated = true;
  sel.sdist[3].bytes = std::make_shared<const std::string>("v = '1'\n");
  sel.wheel = {sel.sdist[0], sel.sdist[1], sel.sdist[2], sel.sdist[3]};
  ScanLimits limits;
  limits.max_binary_bytes = 1024;  // big.bin is past every limit: read only in part
  limits.max_text_bytes = 1024;
  ScannedContent kept;
  kept.budget = 104;  // __init__.py (5 bytes) fits, then a.py (100) does not
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(ScanShippedFiles(tmp.dir(), sel, true, true, &diags, limits, &kept))
      << Messages(diags);
  EXPECT_EQ(kept.kept, 5u);
  AttachScannedContent(&kept, &sel);
  for (const std::vector<SelectedFile>* list : {&sel.sdist, &sel.wheel}) {
    ASSERT_TRUE((*list)[0].bytes);
    EXPECT_EQ(*(*list)[0].bytes, "# ok\n");
    EXPECT_FALSE((*list)[1].bytes) << "past the budget: the writers read it";
    EXPECT_FALSE((*list)[2].bytes) << "read only in part";
    ASSERT_TRUE((*list)[3].bytes);  // generated: its own content, nothing the scan read
    EXPECT_EQ(*(*list)[3].bytes, "v = '1'\n");
  }
  EXPECT_EQ(sel.sdist[0].bytes, sel.wheel[0].bytes) << "one buffer for both archives";
  EXPECT_TRUE(kept.files.empty());

  // A budget that holds everything read whole keeps a.py too.
  ScannedContent all;
  diags.clear();
  ASSERT_TRUE(ScanShippedFiles(tmp.dir(), sel, true, true, &diags, limits, &all));
  EXPECT_EQ(all.kept, 105u);
  EXPECT_EQ(all.files.size(), 2u);
}

// The scan opens files by name in their directory (one directory open per run of files): a file
// that cannot be read is still named by its whole path, and the next directory's files are read.
TEST(SecretFiles, ScanAcrossDirectoriesNamesAnUnreadableFileByItsPath) {
  TempProject tmp;
  tmp.Write("a/x.py", "# ok\n");
  tmp.Write("b/c/settings.py", "TOKEN = 'gh" + std::string("p_") + Noise(36) + "'\n");
  tmp.Write("top.py", "# ok\n");
  FileSelection sel;
  sel.sdist = {{tmp.dir() + "/a/missing.py", "a/missing.py"},
               {tmp.dir() + "/a/x.py", "a/x.py"},
               {tmp.dir() + "/b/c/settings.py", "b/c/settings.py"},
               {tmp.dir() + "/top.py", "top.py"}};
  std::vector<Diagnostic> diags;
  ScannedContent kept;
  EXPECT_FALSE(ScanShippedFiles(tmp.dir(), sel, true, false, &diags, ScanLimits(), &kept));
  const std::string all = Messages(diags);
  EXPECT_NE(all.find(tmp.dir() + "/a/missing.py: cannot read: No such file or directory"),
            std::string::npos)
      << all;
  bool credential = false;
  for (const Diagnostic& d : diags)
    credential |= d.severity == Severity::kError && d.path == tmp.dir() + "/b/c/settings.py";
  EXPECT_TRUE(credential) << all;
  EXPECT_EQ(kept.files.size(), 3u);  // a/x.py, b/c/settings.py and top.py were read whole
}
