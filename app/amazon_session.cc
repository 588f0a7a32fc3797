#include "app/amazon_session.h"

#include "adapters/amazon/connection.h"
#include "adapters/clock/system_clock.h"
#include "adapters/http/curl_http.h"

namespace fbaflow::app {

struct AmazonSession::Parts {
  explicit Parts(const AmazonSettings& s)
      : limiter(clock, s.rate_scale),
        connection(
            amazon::ConnectionSettings{
                s.seller_id.empty() ? "default" : s.seller_id,
                std::string(amazon::RegionCode(s.region)), s.endpoint, s.lwa_endpoint,
                amazon::LwaCredentials{s.client_id, s.client_secret, s.refresh_token},
                std::chrono::seconds(s.call_timeout_seconds), s.rate_scale},
            http, clock, limiter) {}

  CurlHttp http;
  SystemClock clock;
  amazon::RateLimiter limiter;
  amazon::AmazonConnection connection;
};

AmazonSession::AmazonSession(const AmazonSettings& settings)
    : parts_(std::make_unique<Parts>(settings)) {}
AmazonSession::~AmazonSession() = default;

amazon::AmazonApi& AmazonSession::Api() { return parts_->connection.Api(); }
Clock& AmazonSession::GetClock() { return parts_->clock; }
Http& AmazonSession::GetHttp() { return parts_->http; }

}  // namespace fbaflow::app
