#include "publish/trusted_publishing.h"

#include <nlohmann/json.hpp>

#include "core/string_util.h"
#include "core/url.h"

namespace {

const char kDefaultGitLabVariable[] = "PYPI_ID_TOKEN";

std::string GitLabVariable(const TrustedPublishingOptions& options) {
  return options.id_token_variable.empty() ? kDefaultGitLabVariable : options.id_token_variable;
}

bool OnGitHubActions(const Environment& env) {
  // Gitea and Forgejo runners set GITHUB_ACTIONS too, but have no OIDC token service.
  return env.Get("GITHUB_ACTIONS") == "true" && env.Get("GITEA_ACTIONS").empty() &&
         env.Get("FORGEJO_ACTIONS").empty();
}

// A JSON object from a response body, or a discarded value.
nlohmann::json JsonBody(const HttpResult& r) {
  return nlohmann::json::parse(r.body, nullptr, false);
}

std::string StringField(const nlohmann::json& doc, const char* key) {
  return doc.is_object() && doc.contains(key) && doc[key].is_string() ? doc[key].get<std::string>()
                                                                      : "";
}

// "Token request failed: * `invalid-publisher`: valid token, but no corresponding publisher (...)".
std::string IndexErrorText(const HttpResult& r) {
  nlohmann::json doc = JsonBody(r);
  std::string text = StringField(doc, "message");
  if (doc.is_object() && doc.contains("errors") && doc["errors"].is_array()) {
    for (const auto& e : doc["errors"]) {
      text += "\n  * `" + StringField(e, "code") + "`: " + StringField(e, "description");
    }
  }
  if (text.empty()) text = Trim(r.body.empty() ? r.reason : r.body).substr(0, 400);
  return MaskSecrets(text);
}

bool Fetch(const HttpRequest& req, const TrustedPublishingOptions& options, HttpResult* res,
           std::string* err) {
  HttpClient client;
  client.PerformWithRetry(req, options.retry, res);
  if (!res->transport_ok) {
    *err = UrlForDisplay(req.url) + ": " + res->error;
    return false;
  }
  return true;
}

bool GetAudience(const std::string& base, const TrustedPublishingOptions& options,
                 std::string* audience, std::string* err) {
  HttpRequest req;
  req.url = base + "/_/oidc/audience";
  req.tls = options.tls;
  req.headers = {"Accept: application/json"};
  HttpResult res;
  if (!Fetch(req, options, &res, err)) {
    *err = "trusted publishing: cannot ask the index for its OIDC audience: " + *err;
    return false;
  }
  if (res.status == 403) {
    *err = "trusted publishing is disabled on " + UrlForDisplay(base) + " (" + req.url + ": " +
           res.Describe() + ": " + IndexErrorText(res) +
           "); use an API token (TWINE_PASSWORD) instead";
    return false;
  }
  if (res.status == 404) {
    *err = UrlForDisplay(base) + " does not offer trusted publishing (" + req.url +
           " answered 404); use an API token (TWINE_PASSWORD), or pass --trusted-publishing-url "
           "with the index's "
           "address if its upload URL is on another host";
    return false;
  }
  *audience = StringField(JsonBody(res), "audience");
  if (res.status != 200 || audience->empty()) {
    *err = "trusted publishing: " + req.url + " answered " + res.Describe() +
           " without an \"audience\": " + IndexErrorText(res);
    return false;
  }
  return true;
}

bool GitHubToken(const Environment& env, const std::string& audience,
                 const TrustedPublishingOptions& options, Secret* jwt, std::string* err) {
  std::string url = env.Get("ACTIONS_ID_TOKEN_REQUEST_URL");
  Secret bearer(env.Get("ACTIONS_ID_TOKEN_REQUEST_TOKEN"));
  HttpRequest req;
  req.url = url + (url.find('?') == std::string::npos ? "?" : "&") +
            "audience=" + PercentEncode(audience);
  req.tls = options.tls;
  req.headers = {"Accept: application/json", "Authorization: bearer " + bearer.Reveal()};
  HttpResult res;
  if (!Fetch(req, options, &res, err)) {
    *err = "trusted publishing: cannot get the GitHub Actions OIDC token: " + *err;
    return false;
  }
  std::string value = StringField(JsonBody(res), "value");
  if (res.status != 200 || value.empty()) {
    *err =
        "trusted publishing: the GitHub Actions OIDC token request answered " + res.Describe() +
        (value.empty() && res.status == 200 ? " without a \"value\"" : ": " + IndexErrorText(res));
    return false;
  }
  *jwt = Secret(value);
  return true;
}

bool Mint(const std::string& base, const Secret& jwt, const TrustedPublishingOptions& options,
          Secret* token, std::string* err) {
  HttpRequest req;
  req.method = "POST";
  req.url = base + "/_/oidc/mint-token";
  req.tls = options.tls;
  req.headers = {"Content-Type: application/json", "Accept: application/json"};
  req.body = nlohmann::json{{"token", jwt.Reveal()}}.dump();
  HttpResult res;
  // One attempt: an index may refuse a token it has seen once (`invalid-reuse-token`).
  TrustedPublishingOptions once = options;
  once.retry.max_retries = 0;
  if (!Fetch(req, once, &res, err)) {
    *err = "trusted publishing: cannot reach the index's token exchange: " + *err;
    return false;
  }
  nlohmann::json doc = JsonBody(res);
  std::string minted = StringField(doc, "token");
  bool success = doc.is_object() && doc.contains("success") && doc["success"] == true;
  if (res.status != 200 || !success || minted.empty()) {
    *err = "trusted publishing: the index refused the token exchange (" + req.url + ": " +
           res.Describe() + "):\n  " + IndexErrorText(res) +
           "\nCheck the trusted publisher configured for this project on the index (repository, "
           "workflow file, "
           "environment) against this job.";
    return false;
  }
  *token = Secret(minted);
  return true;
}

}  // namespace

bool ParseTrustedPublishingMode(const std::string& text, TrustedPublishingMode* out) {
  if (text == "auto")
    *out = TrustedPublishingMode::kAuto;
  else if (text == "always")
    *out = TrustedPublishingMode::kAlways;
  else if (text == "never")
    *out = TrustedPublishingMode::kNever;
  else
    return false;
  return true;
}

std::string CiIdentityName(const Environment& env, const TrustedPublishingOptions& options) {
  if (!env.Get("ACTIONS_ID_TOKEN_REQUEST_URL").empty() &&
      !env.Get("ACTIONS_ID_TOKEN_REQUEST_TOKEN").empty()) {
    return "GitHub Actions";
  }
  if (!env.Get(GitLabVariable(options)).empty()) return "GitLab CI";
  return "";
}

std::string MissingIdentityAdvice(const Environment& env, const TrustedPublishingOptions& options) {
  if (!CiIdentityName(env, options).empty()) return "";
  if (OnGitHubActions(env) || !env.Get("ACTIONS_ID_TOKEN_REQUEST_URL").empty()) {
    return "this GitHub Actions job has no OIDC token "
           "(ACTIONS_ID_TOKEN_REQUEST_URL/ACTIONS_ID_TOKEN_REQUEST_TOKEN "
           "are not set): give the job `permissions: id-token: write`";
  }
  if (env.Get("GITLAB_CI") == "true") {
    return "this GitLab CI job has no OIDC token in $" + GitLabVariable(options) +
           ": declare it in the job, `id_tokens: " + GitLabVariable(options) +
           ": aud: <the index's audience>` (or name your variable with --id-token-variable)";
  }
  if (!env.Get("GITEA_ACTIONS").empty() || !env.Get("FORGEJO_ACTIONS").empty()) {
    return "Gitea/Forgejo Actions offer no OIDC token to exchange: use an API token "
           "(TWINE_PASSWORD from a secret)";
  }
  return "no CI identity found (GitHub Actions with `permissions: id-token: write`, or GitLab CI "
         "with `id_tokens: " +
         GitLabVariable(options) + "`)";
}

std::string OidcIndexBase(const std::string& upload_url) {
  Url u = ParseUrl(upload_url);
  return u.scheme + "://" + u.host;
}

bool MintUploadToken(const std::string& upload_url, const Environment& env,
                     const TrustedPublishingOptions& options, Secret* token, std::string* err) {
  std::string identity = CiIdentityName(env, options);
  if (identity.empty()) {
    *err = "trusted publishing: " + MissingIdentityAdvice(env, options);
    return false;
  }
  std::string base = options.index_url.empty() ? OidcIndexBase(upload_url) : options.index_url;
  while (EndsWith(base, "/")) base.pop_back();
  std::string audience;
  if (!GetAudience(base, options, &audience, err)) return false;
  Secret jwt;
  if (identity == "GitHub Actions") {
    if (!GitHubToken(env, audience, options, &jwt, err)) return false;
  } else {
    jwt = Secret(env.Get(GitLabVariable(options)));
  }
  return Mint(base, jwt, options, token, err);
}
