#pragma once
// SimTimeClock: the Clock port on an emulator's manual simulated clock (sim/amazon/sim_clock.h),
// so the connector and the emulator agree on what time it is: access tokens, page tokens, report
// processing and token buckets expire and refill on one time line.
//
// Monotonic and wall time are the simulated instant. SleepFor moves the simulated clock forward
// by the duration (rounded up to the emulator's millisecond, so a token the client waited for is
// there when it asks) and returns at once: a test of hours of rate-limited paging takes
// milliseconds, and every run is the same.
// Thread safety: as the SimClock; concurrent sleepers each advance the shared time.

#include "ports/clock.h"
#include "sim/amazon/sim_clock.h"

namespace fbaflow::testing {

class SimTimeClock final : public Clock {
 public:
  // `sim` must outlive the clock.
  explicit SimTimeClock(sim::SimClock& sim) : sim_(sim) {}

  MonoTime MonotonicNow() override;
  WallTime WallNow() override;
  void SleepFor(Duration duration) override;

 private:
  sim::SimClock& sim_;
};

}  // namespace fbaflow::testing
