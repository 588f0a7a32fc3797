#pragma once
// AmazonConnection: everything one selling partner's SP-API access needs, built from settings and
// owned together (LWA client, SP-API client, the AmazonApi implementation). The Http transport,
// the Clock and the RateLimiter are passed in and shared: one RateLimiter per process keeps every
// flow of a seller under the same limits.
// Thread safety: Api() may be used from any number of threads.

#include <memory>
#include <string>

#include "adapters/amazon/lwa_client.h"
#include "adapters/amazon/rate_limiter.h"
#include "adapters/amazon/sp_api_amazon.h"
#include "adapters/amazon/sp_api_client.h"

namespace fbaflow::amazon {

struct ConnectionSettings {
  std::string selling_partner;  // bucket and log label: the seller id, or "default"
  std::string region = "na";
  std::string endpoint;      // resolved SP-API base URL
  std::string lwa_endpoint;  // resolved token URL
  LwaCredentials credentials;
  std::chrono::seconds call_deadline{900};
  // The emulator's time scale (1 against Amazon): token lifetimes are in its seconds. The
  // RateLimiter, shared and passed in, takes the same value for the rate limits.
  double rate_scale = 1.0;
};

class AmazonConnection {
 public:
  AmazonConnection(ConnectionSettings settings, Http& http, Clock& clock, RateLimiter& limiter);

  AmazonApi& Api() { return api_; }
  SpApiClient& Client() { return client_; }

 private:
  static LwaOptions MakeLwaOptions(const ConnectionSettings& settings);
  static SpApiOptions MakeApiOptions(const ConnectionSettings& settings);

  LwaClient lwa_;
  SpApiClient client_;
  SpApiAmazon api_;
};

}  // namespace fbaflow::amazon
