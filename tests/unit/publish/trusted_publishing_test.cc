#include "publish/trusted_publishing.h"

#include <gtest/gtest.h>

namespace {

Environment Env(std::map<std::string, std::string> vars) {
  Environment e;
  e.vars = std::move(vars);
  return e;
}

TEST(TrustedPublishing, FindsTheCiIdentity) {
  TrustedPublishingOptions o;
  EXPECT_EQ(CiIdentityName(Env({}), o), "");
  EXPECT_EQ(
      CiIdentityName(
          Env({{"ACTIONS_ID_TOKEN_REQUEST_URL", "u"}, {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "t"}}), o),
      "GitHub Actions");
  // Only the URL: not usable.
  EXPECT_EQ(CiIdentityName(Env({{"ACTIONS_ID_TOKEN_REQUEST_URL", "u"}}), o), "");
  EXPECT_EQ(CiIdentityName(Env({{"PYPI_ID_TOKEN", "jwt"}}), o), "GitLab CI");
  o.id_token_variable = "TESTPYPI_ID_TOKEN";
  EXPECT_EQ(CiIdentityName(Env({{"PYPI_ID_TOKEN", "jwt"}}), o), "");
  EXPECT_EQ(CiIdentityName(Env({{"TESTPYPI_ID_TOKEN", "jwt"}}), o), "GitLab CI");
}

TEST(TrustedPublishing, SaysWhatTheJobLacks) {
  TrustedPublishingOptions o;
  EXPECT_NE(MissingIdentityAdvice(Env({{"GITHUB_ACTIONS", "true"}}), o)
                .find("permissions: id-token: write"),
            std::string::npos);
  EXPECT_NE(MissingIdentityAdvice(Env({{"GITLAB_CI", "true"}}), o).find("id_tokens: PYPI_ID_TOKEN"),
            std::string::npos);
  // Gitea's runner sets GITHUB_ACTIONS too, but has no token service.
  std::string gitea =
      MissingIdentityAdvice(Env({{"GITHUB_ACTIONS", "true"}, {"GITEA_ACTIONS", "true"}}), o);
  EXPECT_NE(gitea.find("Gitea/Forgejo"), std::string::npos) << gitea;
  EXPECT_EQ(MissingIdentityAdvice(Env({{"PYPI_ID_TOKEN", "jwt"}}), o), "");
}

TEST(TrustedPublishing, IndexBaseIsTheUploadUrlsOrigin) {
  EXPECT_EQ(OidcIndexBase("https://upload.example.org/legacy/"), "https://upload.example.org");
  EXPECT_EQ(OidcIndexBase("http://127.0.0.1:8080/legacy/"), "http://127.0.0.1:8080");
}

TEST(TrustedPublishing, ParsesModes) {
  TrustedPublishingMode m;
  EXPECT_TRUE(ParseTrustedPublishingMode("always", &m));
  EXPECT_EQ(m, TrustedPublishingMode::kAlways);
  EXPECT_TRUE(ParseTrustedPublishingMode("never", &m));
  EXPECT_EQ(m, TrustedPublishingMode::kNever);
  EXPECT_FALSE(ParseTrustedPublishingMode("yes", &m));
}

TEST(TrustedPublishing, NoIdentityFailsBeforeAnyRequest) {
  Secret token;
  std::string err;
  EXPECT_FALSE(MintUploadToken("http://127.0.0.1:9/legacy/", Env({{"GITHUB_ACTIONS", "true"}}), {},
                               &token, &err));
  EXPECT_NE(err.find("id-token: write"), std::string::npos) << err;
  EXPECT_TRUE(token.empty());
}

}  // namespace
