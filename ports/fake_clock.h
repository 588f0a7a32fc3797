#pragma once
// FakeClock: a Clock for tests. Time starts where the test says and moves only through Advance()
// or SleepFor(), which advances both the monotonic and the wall clock instead of blocking; so a
// test of a two-hour backoff runs in microseconds and can assert how long the code slept.
// Thread safety: every method locks; concurrent sleepers each advance the shared time.

#include <cstdint>
#include <mutex>
#include <vector>

#include "ports/clock.h"

namespace fbaflow {

class FakeClock final : public Clock {
 public:
  // Wall time starts at `wall_start` (UTC seconds since the epoch); monotonic time at an
  // arbitrary fixed origin.
  explicit FakeClock(int64_t wall_start_utc_seconds = 1767225600);  // 2026-01-01T00:00:00Z

  MonoTime MonotonicNow() override;
  WallTime WallNow() override;
  void SleepFor(Duration duration) override;

  void Advance(Duration duration);

  // Everything slept so far, in order.
  std::vector<Duration> Sleeps() const;
  Duration TotalSlept() const;
  int SleepCount() const;

 private:
  mutable std::mutex mu_;
  MonoTime mono_;
  WallTime wall_;
  std::vector<Duration> sleeps_;
};

}  // namespace fbaflow
