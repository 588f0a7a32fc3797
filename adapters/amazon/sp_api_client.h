#pragma once
// SpApiClient: one SP-API call, done right. Builds the URL from the operation's catalogue entry,
// waits for the operation's rate-limit token, attaches the Login with Amazon token (grantless
// where the catalogue says so), sends, and retries by error class within a deadline:
//   429           the bucket is emptied and slowed (RateLimiter), then a jittered backoff, retry
//   500/502/503/504, timeouts and connection failures: jittered exponential backoff, retry
//   401/403       the access token is refreshed once and the call retried once; then
//                 kUnauthenticated (401) or kPermissionDenied (403)
//   400, 404, 409, 413, 415, other 4xx: not retried (kInvalidArgument, kNotFound,
//                 kFailedPrecondition), with Amazon's error code, message and x-amzn-RequestId
// A call that runs out of deadline or attempts returns the last error's code (kResourceExhausted
// for throttling) so the engine can schedule it again later.
// Every non-2xx is logged with its x-amzn-RequestId; no credential is ever logged or put in a
// message (responses are scrubbed of the secrets before they are quoted).
// Thread safety: Call may be used from any number of threads.

#include <chrono>
#include <mutex>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "adapters/amazon/exact_json.h"
#include "adapters/amazon/lwa_client.h"
#include "adapters/amazon/rate_limiter.h"
#include "core/amazon/operation_catalog.h"
#include "ports/clock.h"
#include "ports/http.h"

namespace fbaflow::amazon {

struct SpApiOptions {
  std::string selling_partner;  // names the rate-limit buckets and log lines (seller id or label)
  std::string region = "na";    // "na", "eu", "fe": part of the bucket key
  std::string endpoint;         // "https://sellingpartnerapi-eu.amazon.com" or the emulator's URL
  std::string user_agent = "fbaflow/0.1.0 (Language=C++20)";
  std::chrono::milliseconds call_deadline{15 * 60 * 1000};  // per call, waits included
  int max_attempts = 10;
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_cap{60'000};
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{60'000};
  uint64_t jitter_seed = 0;  // 0: seeded from the OS
};

// One request: the operation, its path parameters in order of appearance, query parameters
// (already joined for arrays), and a JSON body when the operation takes one.
struct ApiCall {
  const OperationSpec* op = nullptr;
  std::vector<std::pair<std::string, std::string>> path;
  std::vector<std::pair<std::string, std::string>> query;
  std::string body;
};

struct ApiResponse {
  int status = 0;
  HttpHeaders headers;
  Json json;  // null for an empty body
  std::string request_id;
};

// The last error Amazon answered with, for callers that react to a specific one (an expired
// page token).
struct ApiError {
  int http_status = 0;
  std::string code;
  std::string message;
  std::string request_id;
};

class SpApiClient {
 public:
  SpApiClient(SpApiOptions options, LwaClient& lwa, RateLimiter& limiter, Http& http, Clock& clock);

  Result<ApiResponse> Call(const ApiCall& call, ApiError* error = nullptr);

  const SpApiOptions& Options() const { return options_; }
  LwaClient& Lwa() { return lwa_; }
  Http& Transport() { return http_; }
  Clock& GetClock() { return clock_; }

  // A uniform number in [0, 1) for jitter (shared generator, locked).
  double Jitter();

 private:
  std::string BuildUrl(const ApiCall& call) const;
  Status ErrorStatus(const ApiCall& call, int status, const ApiError& error,
                     const Secret& access_token) const;
  BucketKey Key(const OperationSpec& op) const;

  SpApiOptions options_;
  LwaClient& lwa_;
  RateLimiter& limiter_;
  Http& http_;
  Clock& clock_;
  std::mutex rng_mu_;
  std::mt19937_64 rng_;
};

// Query helpers: arrays are comma-joined, each element percent-encoded.
std::string JoinCsv(const std::vector<std::string>& values);

}  // namespace fbaflow::amazon
