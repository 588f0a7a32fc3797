#include "sim/amazon/token_bucket.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace fbaflow::sim {

TokenBucket::TokenBucket(double rate_per_second, double burst, SimMillis now)
    : rate_(rate_per_second), burst_(burst), tokens_(burst), last_(now) {}

double TokenBucket::Available(SimMillis now) const {
  const double elapsed_s = static_cast<double>(std::max<SimMillis>(0, now - last_)) / 1000.0;
  return std::min(burst_, tokens_ + elapsed_s * rate_);
}

bool TokenBucket::TryTake(SimMillis now) {
  tokens_ = Available(now);
  last_ = std::max(last_, now);
  // A small tolerance so that a client waiting exactly 1/rate is not refused by rounding.
  if (tokens_ + 1e-9 < 1.0) return false;
  tokens_ = std::max(0.0, tokens_ - 1.0);
  return true;
}

SimMillis TokenBucket::MillisUntilToken(SimMillis now) const {
  const double missing = 1.0 - Available(now);
  if (missing <= 0 || rate_ <= 0) return 0;
  return static_cast<SimMillis>(std::ceil(missing / rate_ * 1000.0));
}

bool RateLimiter::TryAcquire(std::string_view caller, const amazon::OperationSpec& op,
                             SimMillis now) {
  auto key = std::make_pair(std::string(caller), std::string(op.operation_id));
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    it = buckets_.emplace(std::move(key), TokenBucket(EffectiveRate(op), op.burst, now)).first;
  }
  return it->second.TryTake(now);
}

const TokenBucket* RateLimiter::Find(std::string_view caller, std::string_view operation_id) const {
  auto it = buckets_.find(std::make_pair(std::string(caller), std::string(operation_id)));
  return it == buckets_.end() ? nullptr : &it->second;
}

std::string FormatRateHeader(double rate) {
  char buf[32];
  if (std::floor(rate) == rate) {
    std::snprintf(buf, sizeof buf, "%.1f", rate);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", rate);
  }
  return buf;
}

}  // namespace fbaflow::sim
