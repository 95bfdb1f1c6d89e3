// Trusted publishing (OIDC): a CI job proves who it is with its forge's OIDC token and the index
// trades that for a short-lived upload token, so no long-lived API token is stored anywhere.
// The flow, as the index documents it (and pypa/gh-action-pypi-publish does it):
//   1. GET  <index>/_/oidc/audience            -> {"audience": "..."}
//   2. the CI's token for that audience: GitHub Actions GETs $ACTIONS_ID_TOKEN_REQUEST_URL
//      &audience=<aud> with "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" -> {"value":
//      jwt} (the job needs `permissions: id-token: write`); GitLab CI hands it over in a variable
//      the job declares under `id_tokens:` (PYPI_ID_TOKEN by default)
//   3. POST <index>/_/oidc/mint-token {"token": jwt} -> {"success": true, "token": "..."}, or
//      {"message": ..., "errors": [{"code", "description"}]}
//   4. upload as `__token__` with that token.
// Both tokens are Secrets from the moment they arrive.
#pragma once

#include <string>

#include "core/secret.h"
#include "publish/credentials.h"
#include "publish/http_client.h"

enum class TrustedPublishingMode {
  kAuto,    // when the CI offers an identity and no password is configured
  kAlways,  // required: fail when it cannot be done
  kNever,
};
bool ParseTrustedPublishingMode(const std::string& text, TrustedPublishingMode* out);

struct TrustedPublishingOptions {
  std::string index_url;          // where /_/oidc/ lives; "" = scheme://host of the upload URL
  std::string id_token_variable;  // GitLab: the variable holding the JWT; "" = PYPI_ID_TOKEN
  TlsOptions tls;
  RetryPolicy retry;
};

// "GitHub Actions", "GitLab CI" or "" when the environment offers no OIDC identity (on GitHub:
// both ACTIONS_ID_TOKEN_REQUEST_* variables; on GitLab: the id token variable).
std::string CiIdentityName(const Environment& env, const TrustedPublishingOptions& options);

// What to add to a CI job so that it gets an identity, when the environment is a CI job without one
// ("" otherwise or when not in CI): the reason trusted publishing cannot run here.
std::string MissingIdentityAdvice(const Environment& env, const TrustedPublishingOptions& options);

// "<scheme>://<host>" of an upload URL: where the index serves /_/oidc/ by default.
std::string OidcIndexBase(const std::string& upload_url);

// Runs steps 1-3 for an upload to `upload_url`. `err` says which step failed and, for a refused
// exchange, gives the index's own error text. Notes (e.g. the audience) go to `note` if set.
bool MintUploadToken(const std::string& upload_url, const Environment& env,
                     const TrustedPublishingOptions& options, Secret* token, std::string* err);
