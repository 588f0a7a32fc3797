#include "core/amazon/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace fbaflow::amazon {

TokenBucket::TokenBucket(double rate, double burst, double now, BucketTuning tuning)
    : tuning_(tuning),
      ceiling_(rate > 0 ? rate : 1.0),
      rate_(ceiling_),
      burst_(burst >= 1 ? burst : 1.0),
      tokens_(burst_),
      last_(now) {}

void TokenBucket::Refill(double now) {
  // A clock that steps back (or two threads' readings taken out of order) must not drain tokens.
  if (now <= last_) return;
  tokens_ = std::min(burst_, tokens_ + (now - last_) * rate_);
  last_ = now;
}

double TokenBucket::Tokens(double now) {
  Refill(now);
  return tokens_;
}

Reservation TokenBucket::Reserve(double now, double max_wait) {
  Refill(now);
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return {true, 0.0};
  }
  const double wait = (1.0 - tokens_) / rate_;
  if (wait > max_wait) return {false, wait};
  tokens_ -= 1.0;
  return {true, wait};
}

void TokenBucket::Cancel(double now) {
  Refill(now);
  tokens_ = std::min(burst_, tokens_ + 1.0);
}

void TokenBucket::Anchor(double now) {
  if (anchored_) return;
  anchored_ = true;
  if (now > last_) last_ = now;
}

void TokenBucket::OnThrottled(double now) {
  Refill(now);
  ++throttles_;
  // Amazon's bucket is empty even if ours thought otherwise; tokens already reserved by others
  // (a negative balance) stay owed.
  tokens_ = std::min(tokens_, 0.0);
  rate_ = std::max(rate_ * tuning_.decrease_factor, ceiling_ * tuning_.floor_fraction);
}

void TokenBucket::OnSuccess(double now) {
  if (rate_ >= ceiling_) return;
  Refill(now);
  rate_ = std::min(ceiling_, rate_ + ceiling_ * tuning_.recovery_step);
}

void TokenBucket::AdoptRateHeader(double rate, double now) {
  if (!(rate > 0) || !std::isfinite(rate)) return;
  Refill(now);
  const bool recovering = Recovering();
  ceiling_ = rate;
  if (!recovering || rate_ > ceiling_) rate_ = ceiling_;
}

double BackoffSeconds(int attempt, double base, double cap, double unit_random) {
  const int exponent = std::clamp(attempt, 0, 30);
  const double whole = std::min(cap, base * std::ldexp(1.0, exponent));
  const double u = std::clamp(unit_random, 0.0, 1.0);
  return whole * (0.5 + 0.5 * u);
}

}  // namespace fbaflow::amazon
