#include "publish/http_client.h"

#include <curl/curl.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <mutex>

#include "core/interrupt.h"
#include "core/string_util.h"
#include "core/url.h"
#include "core/version.h"
#include "publish/curl_loader.h"

namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

using CurlPtr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

struct TransferState {
  HttpResult* result;
  size_t max_body;
  bool body_too_large = false;
  const std::function<void(long long, long long)>* progress;
  const std::function<void(const char*, size_t)>* on_body;
};

size_t OnBody(char* data, size_t size, size_t nmemb, void* arg) {
  auto* state = static_cast<TransferState*>(arg);
  size_t n = size * nmemb;
  if (*state->on_body) {
    (*state->on_body)(data, n);
    return n;
  }
  if (state->result->body.size() + n > state->max_body) {
    state->body_too_large = true;
    return 0;
  }
  state->result->body.append(data, n);
  return n;
}

// Headers of every response arrive here (redirects, 100 Continue): a status line starts afresh.
size_t OnHeader(char* data, size_t size, size_t nmemb, void* arg) {
  auto* state = static_cast<TransferState*>(arg);
  size_t n = size * nmemb;
  std::string line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (StartsWith(line, "HTTP/")) {
    state->result->headers.clear();
    state->result->body.clear();
    // "HTTP/1.1 403 Forbidden message" -> reason "Forbidden message"
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string::npos ? std::string::npos : line.find(' ', sp1 + 1);
    state->result->http_version =
        line.substr(5, sp1 == std::string::npos ? std::string::npos : sp1 - 5);
    state->result->reason = sp2 == std::string::npos ? "" : Trim(line.substr(sp2 + 1));
  } else {
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      state->result->headers.emplace_back(Trim(line.substr(0, colon)),
                                          Trim(line.substr(colon + 1)));
    }
  }
  return n;
}

int OnProgress(void* arg, curl_off_t, curl_off_t, curl_off_t ultotal, curl_off_t ulnow) {
  auto* state = static_cast<TransferState*>(arg);
  state->result->bytes_uploaded = ulnow;
  if (state->progress && *state->progress && ultotal > 0) (*state->progress)(ulnow, ultotal);
  // Ctrl-C or SIGTERM recorded (upload's DeferInterrupts scope): abort the transfer (called about
  // once a second even while nothing moves).
  return PendingInterrupt() ? 1 : 0;
}

}  // namespace

std::string HttpResult::Header(const std::string& name) const {
  std::string lower = ToLower(name);
  for (const auto& h : headers) {
    if (ToLower(h.first) == lower) return h.second;
  }
  return "";
}

std::string HttpResult::Describe() const {
  if (!transport_ok) return error + " (curl error " + std::to_string(curl_code) + ")";
  std::string out = "HTTP " + std::to_string(status);
  if (!reason.empty()) out += " " + reason;
  return MaskSecrets(out);
}

double RetryPolicy::DelayBeforeRetry(int retry) const {
  if (retry < 1) return 0;
  double d = initial_delay_s * std::pow(multiplier, retry - 1);
  return d > max_delay_s ? max_delay_s : d;
}

bool RetryPolicy::IsRetryable(const HttpResult& r) {
  if (r.transport_ok)
    return r.status == 408 || r.status == 429 || (r.status >= 500 && r.status <= 599);
  switch (r.curl_code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_WEIRD_SERVER_REPLY:
      return true;
    case CURLE_UNSUPPORTED_PROTOCOL:
      // "Received HTTP/0.9 when not allowed": junk where a status line belongs, not a bad URL
      // scheme.
      return r.error.find("HTTP/0.9") != std::string::npos;
    default:
      return false;
  }
}

std::string UserAgent() {
  return std::string("pyrelease/") + PYRELEASE_VERSION + " libcurl/" +
         curl_version_info(CURLVERSION_NOW)->version;
}

struct HttpClient::Impl {
  CurlPtr curl{nullptr, &curl_easy_cleanup};
};

HttpClient::HttpClient() : impl_(new Impl) {
  GlobalInit();
  impl_->curl.reset(curl_easy_init());
}
HttpClient::~HttpClient() = default;

bool HttpClient::Perform(const HttpRequest& req, HttpResult* result) {
  *result = HttpResult();
  CURL* c = impl_->curl.get();
  if (!c) {
    result->error = "cannot initialize libcurl";
    result->curl_code = CURLE_FAILED_INIT;
    return false;
  }
  curl_easy_reset(c);
  char errbuf[CURL_ERROR_SIZE] = {0};
  TransferState state{result, req.max_body_bytes, false, &req.on_upload_progress, &req.on_body};

  CurlSetopt<CURLOPT_URL>(c, req.url.c_str());
  CurlSetopt<CURLOPT_ERRORBUFFER>(c, errbuf);
  CurlSetopt<CURLOPT_NOSIGNAL>(c, 1L);
  CurlSetopt<CURLOPT_USERAGENT>(c, UserAgent().c_str());
  CurlSetopt<CURLOPT_PROTOCOLS_STR>(c, "http,https");
  CurlSetopt<CURLOPT_REDIR_PROTOCOLS_STR>(c, "http,https");
  // HTTP/2 over TLS when the server offers it (ALPN), HTTP/1.1 otherwise.
  CurlSetopt<CURLOPT_HTTP_VERSION>(c, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  CurlSetopt<CURLOPT_ACCEPT_ENCODING>(c, "");
  CurlSetopt<CURLOPT_CONNECTTIMEOUT>(c, req.connect_timeout_s);
  CurlSetopt<CURLOPT_LOW_SPEED_LIMIT>(c, 1L);
  CurlSetopt<CURLOPT_LOW_SPEED_TIME>(c, req.stall_timeout_s);
  CurlSetopt<CURLOPT_WRITEFUNCTION>(c, &OnBody);
  // A body read back whole (a file hashed as it arrives): 512 KiB per read, not libcurl's 16 KiB,
  // so a 95 MiB file takes ~200 receive calls and hash updates instead of ~6,000.
  if (req.on_body) CurlSetopt<CURLOPT_BUFFERSIZE>(c, 512L << 10);
  CurlSetopt<CURLOPT_WRITEDATA>(c, &state);
  CurlSetopt<CURLOPT_HEADERFUNCTION>(c, &OnHeader);
  CurlSetopt<CURLOPT_HEADERDATA>(c, &state);
  CurlSetopt<CURLOPT_NOPROGRESS>(c, 0L);
  CurlSetopt<CURLOPT_XFERINFOFUNCTION>(c, &OnProgress);
  CurlSetopt<CURLOPT_XFERINFODATA>(c, &state);

  // TLS: verification stays on unless explicitly disabled.
  CurlSetopt<CURLOPT_SSL_VERIFYPEER>(c, req.tls.verify ? 1L : 0L);
  CurlSetopt<CURLOPT_SSL_VERIFYHOST>(c, req.tls.verify ? 2L : 0L);
  if (!req.tls.ca_cert.empty()) CurlSetopt<CURLOPT_CAINFO>(c, req.tls.ca_cert.c_str());
  if (!req.tls.client_cert.empty()) {
    CurlSetopt<CURLOPT_SSLCERT>(c, req.tls.client_cert.c_str());
    CurlSetopt<CURLOPT_SSLKEY>(c, req.tls.client_cert.c_str());
  }

  if (req.follow_redirects) {
    CurlSetopt<CURLOPT_FOLLOWLOCATION>(c, 1L);
    CurlSetopt<CURLOPT_MAXREDIRS>(c, 10L);
    // Credentials are never sent to another host a redirect points at.
    CurlSetopt<CURLOPT_UNRESTRICTED_AUTH>(c, 0L);
  }
  if (!req.username.empty() || !req.password.empty()) {
    RegisterBasicCredentials(req.username,
                             req.password);  // the header libcurl builds, if echoed back
    CurlSetopt<CURLOPT_HTTPAUTH>(c, CURLAUTH_BASIC);
    CurlSetopt<CURLOPT_USERNAME>(c, req.username.c_str());
    CurlSetopt<CURLOPT_PASSWORD>(c, req.password.Reveal().c_str());
  }

  SlistPtr headers;
  curl_slist* list = nullptr;
  for (const auto& h : req.headers) list = curl_slist_append(list, h.c_str());
  // No "Expect: 100-continue" (twine sends none; some servers stall on it).
  if (req.method == "POST") list = curl_slist_append(list, "Expect:");
  headers.reset(list);
  if (list) CurlSetopt<CURLOPT_HTTPHEADER>(c, list);

  CurlMimeBody body;
  if (req.method == "POST") {
    if (req.form) {
      std::string err;
      if (!body.Build(c, *req.form, &err)) {
        result->error = err;
        result->curl_code = CURLE_READ_ERROR;
        return false;
      }
      CurlSetopt<CURLOPT_MIMEPOST>(c, static_cast<curl_mime*>(body.mime()));
    } else {
      CurlSetopt<CURLOPT_POSTFIELDSIZE_LARGE>(c, static_cast<curl_off_t>(req.body.size()));
      CurlSetopt<CURLOPT_POSTFIELDS>(c, req.body.c_str());
    }
  } else if (req.method != "GET") {
    CurlSetopt<CURLOPT_CUSTOMREQUEST>(c, req.method.c_str());
  }

  CURLcode rc = curl_easy_perform(c);
  char* effective = nullptr;
  CurlGetinfo<CURLINFO_EFFECTIVE_URL>(c, &effective);
  if (effective) result->effective_url = effective;
  CurlGetinfo<CURLINFO_RESPONSE_CODE>(c, &result->status);
  curl_off_t uploaded = 0;
  if (CurlGetinfo<CURLINFO_SIZE_UPLOAD_T>(c, &uploaded) == CURLE_OK &&
      uploaded > result->bytes_uploaded) {
    result->bytes_uploaded = uploaded;
  }
  if (rc != CURLE_OK) {
    result->curl_code = rc;
    std::string text = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    if (state.body_too_large) text = "the response is larger than " + HumanSize(req.max_body_bytes);
    if (!body.read_error().empty()) text = body.read_error();
    result->error = MaskSecrets(text);
    return false;
  }
  result->transport_ok = true;
  return true;
}

bool HttpClient::PerformWithRetry(
    const HttpRequest& req, const RetryPolicy& policy, HttpResult* result,
    const std::function<void(int, double, const HttpResult&)>& on_retry,
    const std::function<bool(const HttpResult&)>& settled) {
  for (int attempt = 0;; ++attempt) {
    Perform(req, result);
    bool success = result->transport_ok && !RetryPolicy::IsRetryable(*result);
    if (success || attempt >= policy.max_retries || !RetryPolicy::IsRetryable(*result) ||
        PendingInterrupt()) {
      return result->transport_ok;
    }
    if (settled && settled(*result)) return result->transport_ok;
    double delay = policy.DelayBeforeRetry(attempt + 1);
    std::string retry_after = result->Header("Retry-After");
    if (!retry_after.empty() && (result->status == 429 || result->status == 503)) {
      char* end = nullptr;
      double seconds = std::strtod(retry_after.c_str(), &end);
      if (end && *end == '\0' && seconds > delay)
        delay = seconds < policy.max_delay_s ? seconds : policy.max_delay_s;
    }
    if (on_retry) on_retry(attempt + 1, delay, *result);
    if (!SleepUnlessInterrupted(delay)) return result->transport_ok;
  }
}
