#pragma once
// SimTimeClock: the Clock port on an emulator's simulated time (sim/amazon/sim_clock.h), so the
// connector and the emulator agree on what time it is: access tokens, page tokens, report
// processing and token buckets expire and refill on one time line.
//
// Monotonic and wall time are the simulated instant. SleepFor either moves a manual simulated
// clock forward by the duration (rounded up to the emulator's millisecond, so a token the client
// waited for is there when it asks) and returns at once, or, on a scaled clock, sleeps the real
// time that lasts that long in simulated time. A test of hours of rate-limited paging then takes
// milliseconds, deterministically.
// Thread safety: as the SimClock; sleepers on a manual clock each advance the shared time.

#include <atomic>
#include <cstdint>

#include "ports/clock.h"
#include "sim/amazon/sim_clock.h"

namespace fbaflow::testing {

class SimTimeClock final : public Clock {
 public:
  enum class Sleep : unsigned char { kAdvanceSimTime, kRealTime };

  // `sim` must outlive the clock.
  SimTimeClock(sim::SimClock& sim, Sleep sleep) : sim_(sim), sleep_(sleep) {}

  MonoTime MonotonicNow() override;
  WallTime WallNow() override;
  void SleepFor(Duration duration) override;

  // Everything slept so far (simulated time).
  Duration TotalSlept() const;

 private:
  sim::SimClock& sim_;
  const Sleep sleep_;
  std::atomic<int64_t> slept_ns_{0};
};

}  // namespace fbaflow::testing
