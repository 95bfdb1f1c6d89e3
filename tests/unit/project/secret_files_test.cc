#include "project/secret_files.h"

#include <gtest/gtest.h>

TEST(SecretFiles, RecognizesCommonCredentialFiles) {
  std::string why;
  for (const char* f : {".env", "config/.env.production", "deploy/server.pem", "tls.key",
                        "home/id_rsa", "id_ed25519.pub", "id_ecdsa", ".pypirc", ".netrc",
                        "cert.p12", "cert.pfx", ".credentials", "gcp/credentials.json",
                        ".git-credentials", "client_secret_123.json", "prod.env"}) {
    EXPECT_TRUE(LooksLikeSecret(f, &why)) << f;
  }
  EXPECT_TRUE(LooksLikeSecret("a/b/.pypirc", &why));
  EXPECT_EQ(why, ".pypirc");
}

TEST(SecretFiles, LeavesOrdinaryFilesAlone) {
  std::string why;
  for (const char* f : {"pkg/__init__.py", "README.md", "environment.yml", "keys.py",
                        "pkg/keyboard.json", "docs/env.md", "LICENSE", "pkg/py.typed"}) {
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
