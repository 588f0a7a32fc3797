#pragma once
// Simulated time for the emulators. Everything the Amazon emulator does (orders arriving, reports
// finishing, tokens expiring, buckets refilling) runs on a SimClock, never on the wall clock, so
// that tests can drive time by hand and demos can run a day in minutes.
//
// Times are milliseconds since 1970-01-01T00:00:00Z (UTC).
// Thread safety: ScaledClock and ManualClock are safe to call from any thread.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace fbaflow::sim {

using SimMillis = int64_t;

inline constexpr SimMillis kSecond = 1000;
inline constexpr SimMillis kMinute = 60 * kSecond;
inline constexpr SimMillis kHour = 60 * kMinute;
inline constexpr SimMillis kDay = 24 * kHour;

class SimClock {
 public:
  virtual ~SimClock() = default;
  virtual SimMillis Now() const = 0;
  // How many simulated seconds pass per real second (1 for a manual clock).
  virtual double Scale() const = 0;
  // Jumps simulated time forward by `ms` (never backwards).
  virtual void Advance(SimMillis ms) = 0;
};

// Simulated time that starts at `start` and runs `scale` times faster than the machine's
// monotonic clock (scale 60: one real second is a simulated minute).
class ScaledClock final : public SimClock {
 public:
  ScaledClock(SimMillis start, double scale);
  SimMillis Now() const override;
  double Scale() const override { return scale_; }
  void Advance(SimMillis ms) override;

 private:
  SimMillis start_;
  double scale_;
  std::chrono::steady_clock::time_point origin_;
  std::atomic<SimMillis> offset_{0};
};

// Time that moves only when told to: for tests.
class ManualClock final : public SimClock {
 public:
  explicit ManualClock(SimMillis start) : now_(start) {}
  SimMillis Now() const override { return now_.load(); }
  double Scale() const override { return 1.0; }
  void Advance(SimMillis ms) override { now_ += ms > 0 ? ms : 0; }
  void Set(SimMillis now) { now_ = now; }

 private:
  std::atomic<SimMillis> now_;
};

}  // namespace fbaflow::sim
