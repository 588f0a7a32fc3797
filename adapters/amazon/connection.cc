#include "adapters/amazon/connection.h"

namespace fbaflow::amazon {

LwaOptions AmazonConnection::MakeLwaOptions(const ConnectionSettings& settings) {
  LwaOptions options;
  options.token_url = settings.lwa_endpoint;
  options.time_scale = settings.rate_scale;
  options.call_deadline =
      std::chrono::duration_cast<std::chrono::milliseconds>(settings.call_deadline);
  return options;
}

SpApiOptions AmazonConnection::MakeApiOptions(const ConnectionSettings& settings) {
  SpApiOptions options;
  options.selling_partner = settings.selling_partner.empty() ? "default" : settings.selling_partner;
  options.region = settings.region;
  options.endpoint = settings.endpoint;
  options.call_deadline = settings.call_deadline;
  return options;
}

AmazonConnection::AmazonConnection(ConnectionSettings settings, Http& http, Clock& clock,
                                   RateLimiter& limiter)
    : lwa_(MakeLwaOptions(settings), std::move(settings.credentials), http, clock),
      client_(MakeApiOptions(settings), lwa_, limiter, http, clock),
      api_(client_) {}

}  // namespace fbaflow::amazon
