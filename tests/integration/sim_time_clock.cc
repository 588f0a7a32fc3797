#include "tests/integration/sim_time_clock.h"

namespace fbaflow::testing {

Clock::MonoTime SimTimeClock::MonotonicNow() {
  return MonoTime(std::chrono::milliseconds(sim_.Now()));
}

Clock::WallTime SimTimeClock::WallNow() { return WallTime(std::chrono::milliseconds(sim_.Now())); }

void SimTimeClock::SleepFor(Duration duration) {
  if (duration.count() <= 0) return;
  sim_.Advance(std::chrono::ceil<std::chrono::milliseconds>(duration).count());
}

}  // namespace fbaflow::testing
