#include "tests/integration/sim_time_clock.h"

#include <thread>

namespace fbaflow::testing {

Clock::MonoTime SimTimeClock::MonotonicNow() {
  return MonoTime(std::chrono::milliseconds(sim_.Now()));
}

Clock::WallTime SimTimeClock::WallNow() { return WallTime(std::chrono::milliseconds(sim_.Now())); }

void SimTimeClock::SleepFor(Duration duration) {
  if (duration.count() <= 0) return;
  slept_ns_ += duration.count();
  if (sleep_ == Sleep::kAdvanceSimTime) {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(duration);
    sim_.Advance(ms.count());
    return;
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(
      std::chrono::duration<double>(duration).count() / sim_.Scale()));
}

Clock::Duration SimTimeClock::TotalSlept() const { return Duration(slept_ns_.load()); }

}  // namespace fbaflow::testing
