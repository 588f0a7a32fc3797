#pragma once
// Fault injection for the Amazon emulator: the `--faults SPEC` grammar and its parsed form.
//
// SPEC is a comma-separated list of key=value (docs/emulator.md has the full table):
//   5xx=P           probability a request answers 500/503 (after auth and throttling)
//   timeout=P       probability a request hangs for `hang` (real time) and then answers 504
//   hang=DUR        how long a timed-out request hangs (real time; default 10s)
//   storm=ON/PERIOD 429 storms: every PERIOD of simulated time, ON of it answers 429 to everything
//   rate_factor=F   every operation's rate is multiplied by F (0 < F <= 1: limits below the docs)
//   fatal=P         probability a requested report ends FATAL
//   cancelled=P     probability a requested report ends CANCELLED
//   token_expire=P  probability a pagination token is found expired when it is used
//   token_repeat=P  probability a follow-up page is served again with the same token (once per
//   token) token_ttl=DUR   lifetime of every pagination token (default: inventory 30s, others 1h)
//   gzip=P          probability a report document is gzip-compressed
//   cp1252=P        probability a report document is windows-1252 (else UTF-8)
//   charset_label=L charset label written for windows-1252 documents (default windows-1252;
//                   Amazon's S3 has been seen writing Cp1252)
//   notify_late=P   probability a notification is delivered `notify_delay` late
//   notify_delay=DUR how late a late notification is (simulated time; default 10m)
//   notify_lost=P   probability a notification is never delivered
//   seed=N          seed of the fault dice (default: the emulator's --seed)
// The terms are read by sim/fault_terms.h, shared with `fbaflow-sim proxy`.
// P is a probability in [0, 1]; DUR is a number with a unit: ms, s, m, h, d (a bare number is
// seconds). Unknown keys, repeated keys and out-of-range values are errors.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "sim/amazon/sim_clock.h"
#include "sim/fault_terms.h"  // ParseDuration, shared with the fault proxy

namespace fbaflow::sim {

struct FaultSpec {
  double server_error = 0;  // 5xx
  double timeout = 0;
  int64_t hang_real_ms = 10'000;
  SimMillis storm_on = 0;
  SimMillis storm_period = 0;
  double rate_factor = 1.0;
  double fatal = 0;
  double cancelled = 0;
  double token_expire = 0;
  double token_repeat = 0;
  SimMillis token_ttl = 0;  // 0: each API's own default
  double gzip = 0;
  double cp1252 = 0;
  std::string charset_label = "windows-1252";
  double notify_late = 0;
  SimMillis notify_delay = 10 * kMinute;
  double notify_lost = 0;
  std::optional<uint64_t> seed;

  // True when simulated time `since_start` (ms since the emulator started) falls in a storm.
  bool InStorm(SimMillis since_start) const;
  // The canonical SPEC text of the non-default settings ("" when there are none).
  std::string ToString() const;
};

// Parses SPEC; an empty SPEC is no faults. Errors are kInvalidArgument naming the key.
Result<FaultSpec> ParseFaultSpec(std::string_view spec);

}  // namespace fbaflow::sim
