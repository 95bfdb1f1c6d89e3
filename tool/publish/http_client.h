// HTTP through libcurl: one RAII easy handle per client (as mamba's CURLHandle), requests described
// by value and answered by value ({status, reason, headers, body, error}), TLS options, and the
// retry policy (exponential backoff on connection errors, timeouts, 408/429/5xx) that GETs and
// uploads use. Proxies come from libcurl's own environment variables (http_proxy, HTTPS_PROXY,
// NO_PROXY, ...).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/secret.h"
#include "publish/multipart.h"

struct TlsOptions {
  std::string ca_cert;      // a CA bundle (PEM) to verify servers with; "" = the system's
  std::string client_cert;  // a PEM holding the client certificate and its key; "" = none
  bool verify = true;       // verification is on unless a caller turns it off explicitly
};

struct HttpRequest {
  std::string method = "GET";  // "GET" or "POST"
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string username;
  Secret password;                // Basic auth when username or password is set
  bool follow_redirects = false;  // GETs of index pages follow; uploads never do
  long connect_timeout_s = 10;
  // A transfer slower than 1 byte/s for this long is a timeout (no total limit: big uploads).
  long stall_timeout_s = 60;
  TlsOptions tls;
  const MultipartForm* form = nullptr;  // POST body (streamed from disk)
  // A POST body sent as is when there is no form (e.g. JSON; give the Content-Type in headers).
  // It may hold a credential (an OIDC token): register that as a Secret so errors mask it.
  std::string body;
  // Upload progress: (bytes sent, bytes to send) several times a second.
  std::function<void(long long, long long)> on_upload_progress;
  size_t max_body_bytes = 64u << 20;  // responses larger than this fail (index pages, error pages)
  // When set, the response body goes here piece by piece instead of into HttpResult::body (no size
  // limit): a file read back and hashed as it arrives.
  std::function<void(const char*, size_t)> on_body;
};

struct HttpResult {
  bool transport_ok = false;  // a complete HTTP response arrived
  int curl_code = 0;          // CURLcode, 0 when transport_ok
  std::string error;         // the transport error (curl's text, secrets masked) when !transport_ok
  long status = 0;           // HTTP status of the last response
  std::string reason;        // its reason phrase (HTTP/1.x only; HTTP/2 has none)
  std::string http_version;  // "1.1", "2"
  std::vector<std::pair<std::string, std::string>> headers;  // of the last response
  std::string body;
  std::string effective_url;  // after redirects (GET)
  long long bytes_uploaded = 0;

  // The first value of a header (case-insensitive), or "".
  std::string Header(const std::string& name) const;
  // "HTTP 403 Forbidden" / "connection refused (curl error 7)": for messages.
  std::string Describe() const;
};

struct RetryPolicy {
  int max_retries = 3;           // retries after the first attempt
  double initial_delay_s = 1.0;  // delay before the first retry
  double multiplier = 2.0;
  double max_delay_s = 30.0;

  // The delay before retry number `retry` (1-based): initial * multiplier^(retry-1), capped.
  double DelayBeforeRetry(int retry) const;
  // Connection errors, timeouts, resets, garbled answers (a connection cut mid-response, HTTP/0.9
  // junk), and 408/429/5xx are worth another try; a 4xx, a TLS verification failure or a local read
  // error is not.
  static bool IsRetryable(const HttpResult& result);
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // One attempt. Returns result->transport_ok.
  bool Perform(const HttpRequest& request, HttpResult* result);

  // Attempts until success, a non-retryable answer, or the policy runs out; sleeps between
  // attempts. `on_retry(retry_number, delay_s, failed_result)` is called before each sleep.
  // A Retry-After header (seconds) on 429/503 lengthens the delay up to the policy's max.
  // `settled(failed_result)`, asked before each retry, stops the retries when it returns true (an
  // upload whose answer was lost but whose file is on the index must not be sent again).
  bool PerformWithRetry(
      const HttpRequest& request, const RetryPolicy& policy, HttpResult* result,
      const std::function<void(int, double, const HttpResult&)>& on_retry = nullptr,
      const std::function<bool(const HttpResult&)>& settled = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "pyrelease/<version> libcurl/<version>".
std::string UserAgent();
