#pragma once
// Token buckets as the SP-API applies them: one bucket per (selling partner, operation), `burst`
// tokens deep, refilled at `rate` tokens per simulated second. A request takes one token or is
// throttled (HTTP 429). The rates come from core/amazon/operation_catalog (Amazon's published
// usage plans); the emulator's clock is simulated, so `--time-scale 60` refills them 60 times
// faster in real time.
// Thread safety: thread-compatible (the emulator serialises calls under its own lock).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "core/amazon/operation_catalog.h"
#include "sim/amazon/sim_clock.h"

namespace fbaflow::sim {

class TokenBucket {
 public:
  // Starts full, as a fresh usage plan does.
  TokenBucket(double rate_per_second, double burst, SimMillis now);

  // Refills for the time elapsed since the last call, then takes one token when there is one.
  bool TryTake(SimMillis now);
  // Tokens available at `now` (after refill); does not change the bucket.
  double Available(SimMillis now) const;
  // Milliseconds from `now` until one token is available (0 when one is).
  SimMillis MillisUntilToken(SimMillis now) const;

  double Rate() const { return rate_; }
  double Burst() const { return burst_; }

 private:
  double rate_;
  double burst_;
  double tokens_;
  SimMillis last_;
};

class RateLimiter {
 public:
  // `rate_factor` scales every published rate (a fault: Amazon's effective limits are often
  // lower than documented). Bursts are not scaled.
  explicit RateLimiter(double rate_factor = 1.0) : rate_factor_(rate_factor) {}

  // Takes a token from `caller`'s bucket for `op` (created full on first use). False: throttle.
  bool TryAcquire(std::string_view caller, const amazon::OperationSpec& op, SimMillis now);

  // The rate the emulator enforces for `op` (what x-amzn-RateLimit-Limit reports).
  double EffectiveRate(const amazon::OperationSpec& op) const { return op.rate * rate_factor_; }

  // The bucket, or nullptr before the first request.
  const TokenBucket* Find(std::string_view caller, std::string_view operation_id) const;

 private:
  double rate_factor_;
  std::map<std::pair<std::string, std::string>, TokenBucket, std::less<>> buckets_;
};

// "0.0056", "2.0": the rate as the x-amzn-RateLimit-Limit header writes it.
std::string FormatRateHeader(double rate);

}  // namespace fbaflow::sim
