#include "publish/http_client.h"

#include <gtest/gtest.h>

TEST(RetryPolicy, ExponentialBackoffIsBounded) {
  RetryPolicy p;
  p.initial_delay_s = 0.5;
  p.multiplier = 2;
  p.max_delay_s = 3;
  EXPECT_DOUBLE_EQ(p.DelayBeforeRetry(1), 0.5);
  EXPECT_DOUBLE_EQ(p.DelayBeforeRetry(2), 1.0);
  EXPECT_DOUBLE_EQ(p.DelayBeforeRetry(3), 2.0);
  EXPECT_DOUBLE_EQ(p.DelayBeforeRetry(4), 3.0);  // capped
  EXPECT_DOUBLE_EQ(p.DelayBeforeRetry(10), 3.0);
}

TEST(RetryPolicy, RetriesTransientFailuresOnly) {
  HttpResult r;
  r.transport_ok = true;
  for (long s : {500L, 502L, 503L, 504L, 408L, 429L}) {
    r.status = s;
    EXPECT_TRUE(RetryPolicy::IsRetryable(r)) << s;
  }
  for (long s : {200L, 301L, 400L, 401L, 403L, 404L, 409L}) {
    r.status = s;
    EXPECT_FALSE(RetryPolicy::IsRetryable(r)) << s;
  }
  HttpResult refused;
  refused.curl_code = 7;  // CURLE_COULDNT_CONNECT
  EXPECT_TRUE(RetryPolicy::IsRetryable(refused));
  HttpResult bad_cert;
  bad_cert.curl_code = 60;  // CURLE_PEER_FAILED_VERIFICATION
  EXPECT_FALSE(RetryPolicy::IsRetryable(bad_cert));
}

TEST(HttpClient, ConnectionRefusedIsATransportErrorAfterRetries) {
  HttpClient client;
  HttpRequest req;
  req.url = "http://127.0.0.1:1/simple/";  // port 1: nothing listens
  RetryPolicy p;
  p.max_retries = 2;
  p.initial_delay_s = 0.01;
  int retries = 0;
  HttpResult res;
  EXPECT_FALSE(
      client.PerformWithRetry(req, p, &res, [&](int, double, const HttpResult&) { ++retries; }));
  EXPECT_EQ(retries, 2);
  EXPECT_FALSE(res.transport_ok);
  EXPECT_NE(res.Describe().find("curl error 7"), std::string::npos) << res.Describe();
}
