#include "ports/fake_clock.h"

namespace fbaflow {

FakeClock::FakeClock(int64_t wall_start_utc_seconds)
    : mono_(std::chrono::hours(1000)), wall_(std::chrono::seconds(wall_start_utc_seconds)) {}

Clock::MonoTime FakeClock::MonotonicNow() {
  std::lock_guard<std::mutex> lock(mu_);
  return mono_;
}

Clock::WallTime FakeClock::WallNow() {
  std::lock_guard<std::mutex> lock(mu_);
  return wall_;
}

void FakeClock::SleepFor(Duration duration) {
  std::lock_guard<std::mutex> lock(mu_);
  sleeps_.push_back(duration);
  if (duration.count() <= 0) return;
  mono_ += duration;
  wall_ += std::chrono::duration_cast<WallTime::duration>(duration);
}

void FakeClock::Advance(Duration duration) {
  std::lock_guard<std::mutex> lock(mu_);
  if (duration.count() <= 0) return;
  mono_ += duration;
  wall_ += std::chrono::duration_cast<WallTime::duration>(duration);
}

std::vector<Clock::Duration> FakeClock::Sleeps() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sleeps_;
}

Clock::Duration FakeClock::TotalSlept() const {
  std::lock_guard<std::mutex> lock(mu_);
  Duration total{0};
  for (const Duration& d : sleeps_) {
    if (d.count() > 0) total += d;
  }
  return total;
}

int FakeClock::SleepCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(sleeps_.size());
}

}  // namespace fbaflow
