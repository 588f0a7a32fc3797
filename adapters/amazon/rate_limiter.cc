#include "adapters/amazon/rate_limiter.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cmath>

namespace fbaflow::amazon {

namespace {
constexpr double kSayWaitsFromSeconds = 5.0;
}  // namespace

RateLimiter::RateLimiter(Clock& clock, double rate_scale, BucketTuning tuning)
    : clock_(clock),
      rate_scale_(rate_scale > 0 ? rate_scale : 1.0),
      tuning_(tuning),
      origin_(clock.MonotonicNow()) {}

double RateLimiter::Now() {
  return std::chrono::duration<double>(clock_.MonotonicNow() - origin_).count();
}

TokenBucket& RateLimiter::BucketLocked(const BucketKey& key, const OperationSpec& op) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    it = buckets_
             .emplace(key, TokenBucket(op.rate * rate_scale_, static_cast<double>(op.burst), Now(),
                                       tuning_))
             .first;
  }
  return it->second;
}

Status RateLimiter::Acquire(const BucketKey& key, const OperationSpec& op,
                            Clock::Duration max_wait) {
  Reservation r;
  bool throttled = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    TokenBucket& bucket = BucketLocked(key, op);
    r = bucket.Reserve(Now(), std::chrono::duration<double>(max_wait).count());
    throttled = bucket.ThrottleCount() > 0;
  }
  if (!r.granted) {
    return ResourceExhausted(std::string(op.operation_id) +
                             ": the rate limit's next free slot is " +
                             std::to_string(static_cast<int64_t>(std::ceil(r.wait_seconds))) +
                             " s away, beyond the call's deadline");
  }
  if (r.wait_seconds > 0) {
    if (r.wait_seconds >= kSayWaitsFromSeconds) {
      // Long enough to look like a hang: say what the run waits for, at the default verbosity.
      spdlog::warn("waiting {:.0f} s for Amazon's rate limit of {} ({} for {})", r.wait_seconds,
                   op.operation_id, throttled ? "throttled earlier" : "published limit",
                   key.selling_partner);
    } else if (r.wait_seconds >= 1.0) {
      spdlog::debug("rate limit: {} for {} waits {:.1f} s for a token", op.operation_id,
                    key.selling_partner, r.wait_seconds);
    }
    clock_.SleepFor(
        std::chrono::duration_cast<Clock::Duration>(std::chrono::duration<double>(r.wait_seconds)));
  }
  return OkStatus();
}

void RateLimiter::OnThrottled(const BucketKey& key, const OperationSpec& op) {
  std::lock_guard<std::mutex> lock(mu_);
  TokenBucket& b = BucketLocked(key, op);
  b.Anchor(Now());
  b.OnThrottled(Now());
  spdlog::info(
      "rate limit: {} for {} throttled by Amazon; rate lowered to {:.4f}/s (published "
      "{:.4f}/s)",
      op.operation_id, key.selling_partner, b.Rate(), op.rate * rate_scale_);
}

void RateLimiter::OnSuccess(const BucketKey& key, const OperationSpec& op,
                            std::optional<double> header_rate) {
  std::lock_guard<std::mutex> lock(mu_);
  TokenBucket& b = BucketLocked(key, op);
  const double now = Now();
  b.Anchor(now);
  if (header_rate) {
    // The header is in Amazon's (or the emulator's simulated) seconds, like the published rates:
    // it is scaled the same way, or a time-scaled run would slow to the unscaled rate after its
    // first answer.
    const double before = b.Ceiling();
    b.AdoptRateHeader(*header_rate * rate_scale_, now);
    if (std::abs(before - b.Ceiling()) > 1e-9) {
      spdlog::info("rate limit: {} for {}: Amazon applies {:.4f}/s (was {:.4f}/s)", op.operation_id,
                   key.selling_partner, b.Ceiling(), before);
    }
  }
  b.OnSuccess(now);
}

BucketSnapshot RateLimiter::Snapshot(const BucketKey& key, const OperationSpec& op) {
  std::lock_guard<std::mutex> lock(mu_);
  TokenBucket& b = BucketLocked(key, op);
  return BucketSnapshot{b.Rate(), b.Ceiling(), b.Burst(), b.Tokens(Now()), b.ThrottleCount()};
}

std::optional<double> ParseRateLimitHeader(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  // A rate per second, not money: a double is the right type here.
  double rate = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), rate);
  if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
  if (!(rate > 0) || !std::isfinite(rate)) return std::nullopt;
  return rate;
}

}  // namespace fbaflow::amazon
