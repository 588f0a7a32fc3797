#pragma once
// The one rule for what an HTTP exchange means and whether, and when, to try it again. Every
// network step of the Amazon connector uses it: Login with Amazon, SP-API calls, report and feed
// document downloads, feed uploads.
//
//   2xx                          success
//   429                          kResourceExhausted: retried, after Retry-After when the server
//                                gives one, else a jittered exponential backoff
//   408, 500, 502, 503, 504      kUnavailable: retried with backoff
//   transport failures           the Http port's code (kDeadlineExceeded, kUnavailable: retried;
//                                the others not)
//   401                          kUnauthenticated  } not retried here; a caller holding a token
//   403                          kPermissionDenied } may refresh it once and try again
//   404                          kNotFound          never retried
//   409                          kFailedPrecondition
//   any other status             kInvalidArgument
// Nothing waits past the call's deadline: RetrySchedule refuses a wait that would end after it,
// and TimeoutFor() shortens each attempt's timeouts to the time left.
// Thread safety: HttpStatusCode and RetryAfter are pure; a RetrySchedule belongs to one call.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/base/status.h"
#include "ports/clock.h"
#include "ports/http.h"

namespace fbaflow {

// The Status code of an HTTP status (kOk for 2xx); see the table above.
StatusCode HttpStatusCode(int status);

// A Status for a non-2xx answer: the code of HttpStatusCode with `message`.
Status HttpError(int status, std::string message);

// Retry-After as a duration: delta-seconds ("120") or an HTTP date ("Wed, 21 Oct 2026 07:28:00
// GMT", measured from `now`). nullopt when absent or unreadable; never negative.
std::optional<std::chrono::seconds> RetryAfter(const HttpHeaders& headers, Timestamp now);

struct RetryPolicy {
  int max_attempts = 4;
  std::chrono::milliseconds backoff_base{500};  // first wait, doubled each retry, jittered
  std::chrono::milliseconds backoff_cap{60'000};
};

// One call's attempts against its deadline.
class RetrySchedule {
 public:
  // `jitter` returns a uniform number in [0, 1) (nullptr: no jitter, the full backoff).
  RetrySchedule(Clock& clock, Clock::MonoTime deadline, RetryPolicy policy,
                std::function<double()> jitter = nullptr);

  // Counts an attempt about to be made; false when the attempts or the deadline are used up.
  bool Begin();
  int Attempts() const { return attempts_; }

  Clock::Duration Remaining() const;
  // `cap`, shortened to the time left before the deadline (at least 1 ms).
  std::chrono::milliseconds TimeoutFor(std::chrono::milliseconds cap) const;
  // The time left, as a whole request's total timeout (HttpRequest::total_timeout; at least 1 ms).
  std::chrono::milliseconds TotalTimeout() const;

  // Whether `status` is worth another attempt, and if so waits first (the server's Retry-After
  // when given, else the backoff). False, without waiting, when it is not retryable or when
  // another attempt could not start before the deadline or the attempts are used up.
  bool WaitToRetry(const Status& status, std::optional<std::chrono::seconds> retry_after = {});

 private:
  Clock& clock_;
  Clock::MonoTime deadline_;
  RetryPolicy policy_;
  std::function<double()> jitter_;
  int attempts_ = 0;
  int waits_ = 0;
};

}  // namespace fbaflow
