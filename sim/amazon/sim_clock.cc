#include "sim/amazon/sim_clock.h"

namespace fbaflow::sim {

ScaledClock::ScaledClock(SimMillis start, double scale)
    : start_(start), scale_(scale > 0 ? scale : 1.0), origin_(std::chrono::steady_clock::now()) {}

SimMillis ScaledClock::Now() const {
  const auto real = std::chrono::steady_clock::now() - origin_;
  const double real_ms = std::chrono::duration<double, std::milli>(real).count();
  return start_ + static_cast<SimMillis>(real_ms * scale_) + offset_.load();
}

void ScaledClock::Advance(SimMillis ms) {
  if (ms > 0) offset_ += ms;
}

}  // namespace fbaflow::sim
