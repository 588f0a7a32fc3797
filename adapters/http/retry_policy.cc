#include "adapters/http/retry_policy.h"

#include <algorithm>
#include <charconv>

#include "core/amazon/token_bucket.h"

namespace fbaflow {

StatusCode HttpStatusCode(int status) {
  if (status >= 200 && status < 300) return StatusCode::kOk;
  switch (status) {
    case 429:
      return StatusCode::kResourceExhausted;
    case 408:
    case 500:
    case 502:
    case 503:
    case 504:
      return StatusCode::kUnavailable;
    case 401:
      return StatusCode::kUnauthenticated;
    case 403:
      return StatusCode::kPermissionDenied;
    case 404:
      return StatusCode::kNotFound;
    case 409:
      return StatusCode::kFailedPrecondition;
    default:
      return StatusCode::kInvalidArgument;
  }
}

Status HttpError(int status, std::string message) {
  const StatusCode code = HttpStatusCode(status);
  return Status(code == StatusCode::kOk ? StatusCode::kInternal : code, std::move(message));
}

namespace {

// "Wed, 21 Oct 2026 07:28:00 GMT" (RFC 9110 IMF-fixdate) as UTC seconds.
std::optional<int64_t> ImfFixdate(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  auto number = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + n, v);
    if (ec != std::errc() || end != text.data() + at + n) return std::nullopt;
    return v;
  };
  const auto day = number(5, 2);
  const auto year = number(12, 4);
  const auto hour = number(17, 2);
  const auto minute = number(20, 2);
  const auto second = number(23, 2);
  int month = 0;
  for (int m = 0; m < 12; ++m) {
    if (text.substr(8, 3) == kMonths[m]) month = m + 1;
  }
  if (!day || !year || !hour || !minute || !second || month == 0) return std::nullopt;
  const CivilDate date{*year, month, *day};
  if (!date.IsValid() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  return MakeTimestamp(date, *hour, *minute, *second, 0).utc_seconds;
}

}  // namespace

std::optional<std::chrono::seconds> RetryAfter(const HttpHeaders& headers, Timestamp now) {
  const auto value = headers.Get("Retry-After");
  if (!value) return std::nullopt;
  std::string_view text = *value;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) {
    return std::chrono::seconds(std::max<int64_t>(seconds, 0));
  }
  const auto at = ImfFixdate(text);
  if (!at) return std::nullopt;
  return std::chrono::seconds(std::max<int64_t>(*at - now.utc_seconds, 0));
}

RetrySchedule::RetrySchedule(Clock& clock, Clock::MonoTime deadline, RetryPolicy policy,
                             std::function<double()> jitter)
    : clock_(clock), deadline_(deadline), policy_(policy), jitter_(std::move(jitter)) {}

bool RetrySchedule::Begin() {
  if (attempts_ >= policy_.max_attempts || Remaining() <= Clock::Duration::zero()) return false;
  ++attempts_;
  return true;
}

Clock::Duration RetrySchedule::Remaining() const {
  return std::max(deadline_ - clock_.MonotonicNow(), Clock::Duration::zero());
}

std::chrono::milliseconds RetrySchedule::TimeoutFor(std::chrono::milliseconds cap) const {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(Remaining());
  return std::max(std::min(cap, left), std::chrono::milliseconds(1));
}

std::chrono::milliseconds RetrySchedule::TotalTimeout() const {
  return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(Remaining()),
                  std::chrono::milliseconds(1));
}

bool RetrySchedule::WaitToRetry(const Status& status,
                                std::optional<std::chrono::seconds> retry_after) {
  if (!status.IsRetryable() || attempts_ >= policy_.max_attempts) return false;
  Clock::Duration wait;
  if (retry_after) {
    wait = *retry_after;
  } else {
    const double seconds = amazon::BackoffSeconds(
        waits_, std::chrono::duration<double>(policy_.backoff_base).count(),
        std::chrono::duration<double>(policy_.backoff_cap).count(), jitter_ ? jitter_() : 1.0);
    wait = std::chrono::duration_cast<Clock::Duration>(std::chrono::duration<double>(seconds));
  }
  if (wait >= Remaining()) return false;
  ++waits_;
  clock_.SleepFor(wait);
  return true;
}

}  // namespace fbaflow
