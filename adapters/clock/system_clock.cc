#include "adapters/clock/system_clock.h"

#include <thread>

namespace fbaflow {

Clock::MonoTime SystemClock::MonotonicNow() { return std::chrono::steady_clock::now(); }

Clock::WallTime SystemClock::WallNow() { return std::chrono::system_clock::now(); }

void SystemClock::SleepFor(Duration duration) {
  if (duration.count() > 0) std::this_thread::sleep_for(duration);
}

}  // namespace fbaflow
