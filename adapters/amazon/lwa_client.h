#pragma once
// LwaClient: Login with Amazon access tokens for one application and one selling partner.
//
// Two kinds of token:
//   kSeller     refresh-token grant (grant_type=refresh_token) for operations the selling partner
//               authorised;
//   kGrantless  client-credentials grant (grant_type=client_credentials,
//               scope=sellingpartnerapi::notifications) for grantless operations.
// Tokens are cached until `refresh_margin` before they expire (Amazon issues them for an hour).
// Invalidate() drops a token the API refused (a 401/403), so the next AccessToken() fetches a new
// one; it is a no-op when the cache already holds a newer token, so concurrent callers that saw the
// same 401 refresh once, not once each.
// Errors: kUnauthenticated when Login with Amazon refuses the credentials (OAuth2 error
// "invalid_grant", "invalid_client", "unauthorized_client", …; the message carries the error
// code and description, never a credential); kFailedPrecondition when a credential the grant
// needs is missing; kUnavailable / kDeadlineExceeded when the endpoint failed transiently (after
// a few retries, within the deadline; HTTP statuses are classified by adapters/http/retry_policy).
// Thread safety: safe from any number of threads; one fetch at a time per token kind.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "core/base/status.h"
#include "core/security/secret.h"
#include "ports/clock.h"
#include "ports/http.h"

namespace fbaflow::amazon {

struct LwaCredentials {
  std::string client_id;
  Secret client_secret;
  Secret refresh_token;  // may be empty when only grantless operations are used
};

enum class TokenKind : unsigned char { kSeller, kGrantless };

struct LwaOptions {
  std::string token_url = "https://api.amazon.com/auth/o2/token";
  std::chrono::seconds refresh_margin{300};  // refresh this long before expiry
  int max_attempts = 4;                      // for transient failures of the endpoint
  std::chrono::milliseconds backoff{500};    // first retry wait, doubled each time
  // How long one token request may take, retries and waits included, when the caller gives no
  // deadline of its own (an SP-API call passes its own).
  std::chrono::milliseconds call_deadline{15 * 60 * 1000};
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};
  // Seconds of the token endpoint's clock per second of ours: 1 against Amazon; an emulator's
  // time scale (Settings' rate_scale), whose tokens live 3600 simulated seconds. expires_in and
  // refresh_margin are in the endpoint's seconds.
  double time_scale = 1.0;
};

struct AccessToken {
  Secret token;
  Clock::MonoTime expires_at;       // when Amazon said it expires, on our clock
  std::chrono::seconds expires_in;  // as issued (the endpoint's seconds)
};

class LwaClient {
 public:
  LwaClient(LwaOptions options, LwaCredentials credentials, Http& http, Clock& clock);

  // A valid token of this kind, fetched or from the cache, by `deadline` (default: now +
  // call_deadline): kDeadlineExceeded when the endpoint does not answer in time.
  Result<AccessToken> Token(TokenKind kind, std::optional<Clock::MonoTime> deadline = {});
  // Drops `rejected` from the cache if it is still the cached token of this kind.
  void Invalidate(TokenKind kind, const Secret& rejected);

  // How many token requests reached the endpoint (for tests and metrics).
  int Fetches() const;

  const LwaCredentials& Credentials() const { return credentials_; }

 private:
  Result<AccessToken> Fetch(TokenKind kind, Clock::MonoTime deadline);
  Status Classify(const HttpResponse& response, TokenKind kind) const;
  // A span of the endpoint's seconds on our clock (see LwaOptions::time_scale).
  Clock::Duration OurTime(std::chrono::seconds endpoint_seconds) const;

  LwaOptions options_;
  LwaCredentials credentials_;
  Http& http_;
  Clock& clock_;

  mutable std::mutex mu_;
  std::mutex fetch_mu_[2];  // serialises fetches per kind
  std::optional<AccessToken> cache_[2];
  int fetches_ = 0;
};

}  // namespace fbaflow::amazon
