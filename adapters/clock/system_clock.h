#pragma once
// SystemClock: the Clock port on the operating system's clocks (steady_clock for monotonic time,
// system_clock for wall time, this_thread::sleep_for to wait).
// Thread safety: stateless; safe from any thread.

#include "ports/clock.h"

namespace fbaflow {

class SystemClock final : public Clock {
 public:
  MonoTime MonotonicNow() override;
  WallTime WallNow() override;
  void SleepFor(Duration duration) override;
};

}  // namespace fbaflow
