#pragma once
// Clock: the only way fbaflow code outside main() reads time or waits. Production code gets the
// system clock (adapters/clock/system_clock.h); tests get FakeClock (ports/fake_clock.h), whose
// time moves only when a test advances it or when code sleeps on it.
// Thread safety: implementations must be safe to call from any thread.

#include <chrono>

#include "core/time/civil.h"

namespace fbaflow {

class Clock {
 public:
  using MonoTime = std::chrono::steady_clock::time_point;
  using WallTime = std::chrono::system_clock::time_point;
  using Duration = std::chrono::nanoseconds;

  virtual ~Clock() = default;

  // Monotonic time, for intervals, deadlines and token buckets. Never goes backwards.
  virtual MonoTime MonotonicNow() = 0;
  // Wall-clock time (UTC), for timestamps sent to Amazon and written to records.
  virtual WallTime WallNow() = 0;
  // Blocks the calling thread for `duration` (no-op when not positive).
  virtual void SleepFor(Duration duration) = 0;

  // WallNow() as a Timestamp (whole seconds, UTC offset 0).
  Timestamp WallTimestamp() {
    const auto since_epoch = WallNow().time_since_epoch();
    return Timestamp{std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count(), 0};
  }
};

}  // namespace fbaflow
