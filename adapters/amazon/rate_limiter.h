#pragma once
// RateLimiter: the token buckets of every (selling partner, region, operation) in this process,
// shared by all flows and threads, so a seller's inventory sync and order sync together stay
// under Amazon's limits. Each bucket starts from the operation's published usage plan
// (core/amazon/operation_catalog.h) and adapts (core/amazon/token_bucket.h).
//
// `rate_scale` multiplies every published rate, and every rate Amazon announces in an
// x-amzn-RateLimit-Limit header: 1 against Amazon; the emulator's --time-scale when testing
// against a time-scaled emulator (whose headers give the rate per simulated second).
// Thread safety: every method may be called concurrently. Waiting happens outside the lock, on
// the Clock, and waiters are served in reservation order.

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/amazon/operation_catalog.h"
#include "core/amazon/token_bucket.h"
#include "core/base/status.h"
#include "ports/clock.h"

namespace fbaflow::amazon {

struct BucketKey {
  std::string selling_partner;
  std::string region;
  std::string operation;  // "model/operationId"

  friend auto operator<=>(const BucketKey&, const BucketKey&) = default;
};

struct BucketSnapshot {
  double rate = 0;
  double ceiling = 0;
  double burst = 0;
  double tokens = 0;
  int throttles = 0;
};

class RateLimiter {
 public:
  explicit RateLimiter(Clock& clock, double rate_scale = 1.0, BucketTuning tuning = {});

  // Waits for a token of the operation's bucket. kResourceExhausted, without waiting, when the
  // token would come later than `max_wait` from now.
  Status Acquire(const BucketKey& key, const OperationSpec& op, Clock::Duration max_wait);

  void OnThrottled(const BucketKey& key, const OperationSpec& op);
  // A 2xx; `header_rate` is x-amzn-RateLimit-Limit when it was sent (per Amazon second: it is
  // multiplied by rate_scale like the published rates).
  void OnSuccess(const BucketKey& key, const OperationSpec& op, std::optional<double> header_rate);

  BucketSnapshot Snapshot(const BucketKey& key, const OperationSpec& op);

 private:
  double Now();
  TokenBucket& BucketLocked(const BucketKey& key, const OperationSpec& op);

  Clock& clock_;
  const double rate_scale_;
  const BucketTuning tuning_;
  const Clock::MonoTime origin_;
  std::mutex mu_;
  std::map<BucketKey, TokenBucket> buckets_;
};

// Parses an x-amzn-RateLimit-Limit value ("0.0167", "2.0"); nullopt when it is not a positive
// number.
std::optional<double> ParseRateLimitHeader(std::string_view value);

}  // namespace fbaflow::amazon
