#pragma once
// TokenBucket: the client's model of one SP-API usage plan (rate per second, burst), adapted to
// what Amazon actually grants.
//
// Amazon meters each operation per (application, selling partner) with a token bucket: `burst`
// tokens at most, refilled at `rate` per second, one token per call. The client keeps a bucket of
// its own so it waits instead of provoking 429s:
//   - it starts full at the published rate (core/amazon/operation_catalog.h);
//   - Reserve() hands out tokens in order; when none is left it still reserves the next one and
//     says how long to wait for it, so concurrent callers queue instead of stampeding;
//   - a 429 (which carries no rate header) empties the bucket and lowers the rate
//     multiplicatively, to no less than a floor;
//   - each success after that raises the rate additively, a small step of the ceiling, so the rate
//     recovers slowly (AIMD, as TCP does);
//   - an x-amzn-RateLimit-Limit header on a 2xx is the rate Amazon applies: it becomes the
//     ceiling (higher or lower than published), and the current rate when not recovering.
//   - Amazon's bucket starts refilling when the first request *arrives*, which is later than the
//     client reserved its token (by the request's transit, and the login the first call waits
//     for). A client whose model ran from the reservation would be ahead of Amazon by that much
//     and, sending each paced request the instant its model has a token, be throttled by a hair.
//     So the first answer (Anchor) restarts the refill from the time it came back: the model is
//     then behind Amazon's by at most one transit, and paced requests find their token there.
// Time is passed in as seconds on any monotonic scale, so the arithmetic is pure and testable.
// Thread safety: none; the adapter guards each bucket with a mutex.

namespace fbaflow::amazon {

struct BucketTuning {
  double decrease_factor = 0.5;        // rate *= this on a 429
  double floor_fraction = 1.0 / 64.0;  // the rate never drops below ceiling × this
  double recovery_step = 0.05;         // rate += ceiling × this per success while recovering
};

struct Reservation {
  bool granted = false;     // a token is reserved for this caller
  double wait_seconds = 0;  // how long to wait before using it (or, when refused, would have)
};

class TokenBucket {
 public:
  // A full bucket. `rate` > 0 tokens per second, `burst` >= 1.
  TokenBucket(double rate, double burst, double now, BucketTuning tuning = {});

  // Reserves the next token. Granted with wait 0 when a token is there now, or with the wait until
  // it will be; refused (nothing reserved) when that wait exceeds `max_wait`.
  Reservation Reserve(double now, double max_wait);

  // Gives back a reserved token that was not used (the caller's deadline passed while waiting).
  void Cancel(double now);

  // A 429 answered a call made with a token from this bucket.
  void OnThrottled(double now);
  // A call succeeded.
  void OnSuccess(double now);
  // The first answer to a call made with this bucket's tokens came back at `now`: refill time
  // before it is not counted (see the class comment). Only the first call has an effect.
  void Anchor(double now);
  // A 2xx carried x-amzn-RateLimit-Limit: `rate` (ignored unless positive and finite).
  void AdoptRateHeader(double rate, double now);

  double Tokens(double now);  // may be negative: tokens reserved ahead of time
  double Rate() const { return rate_; }
  double Ceiling() const { return ceiling_; }
  double Burst() const { return burst_; }
  bool Recovering() const { return rate_ < ceiling_; }
  int ThrottleCount() const { return throttles_; }

 private:
  void Refill(double now);

  BucketTuning tuning_;
  double ceiling_;
  double rate_;
  double burst_;
  double tokens_;
  double last_;
  int throttles_ = 0;
  bool anchored_ = false;
};

// Exponential backoff with jitter: base × 2^attempt, capped at `cap`, then scaled into
// [half, whole] of that by `unit_random` in [0, 1) ("equal jitter": never zero, never in
// lockstep). attempt 0 is the first retry.
double BackoffSeconds(int attempt, double base, double cap, double unit_random);

}  // namespace fbaflow::amazon
