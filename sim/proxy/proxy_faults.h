#pragma once
// The fault proxy's `--faults SPEC`: which requests `fbaflow-sim proxy` answers badly, and how.
//
// SPEC is a list of rules separated by ';'. A rule is a comma-separated term list read by
// sim/fault_terms.h (the Amazon emulator's reader): one fault, at most one trigger, any filters.
//   fault    status=CODE           answer CODE (429 or 5xx) without contacting the backend
//            reset                 close the connection with a TCP reset, not forwarded
//            slow=DUR              forward, then hold the backend's answer for DUR
//            drop-after-commit     forward, wait for the backend's whole answer, then close the
//                                  connection without answering (the backend has committed)
//            hang-after-commit=DUR the same, but hold the connection silent for DUR first
//   trigger  p=P                   with probability P (the default is every matching request)
//            every=N               the Nth, 2Nth, ... matching request
//            first=N               the first N matching requests
//   filters  path=PREFIX           the request's path starts with PREFIX
//            method=NAME           the request's method is NAME (any case)
//            body=TEXT             the request's body contains TEXT (a JSON-RPC method name)
// e.g. "drop-after-commit,body=model.account.move.create,first=1; status=503,p=0.1"
// DUR is a duration as in the emulator (500ms, 2s, 1m; a bare number is seconds).
//
// A request meets the rules in order; the first rule whose filters match and whose trigger fires
// applies, and the request goes on untouched when none does. A rule counts (every, first) and
// rolls its dice (p) only for the requests that reach it: those its filters match and no earlier
// rule took. With the same seed and the same requests in the same order, the same requests fail.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "sim/seeded_random.h"

namespace fbaflow::sim {

enum class ProxyFaultKind { kStatus, kReset, kSlow, kDropAfterCommit, kHangAfterCommit };

// "status", "reset", "slow", "drop-after-commit", "hang-after-commit".
std::string_view ProxyFaultKindName(ProxyFaultKind kind);

struct ProxyFaultRule {
  ProxyFaultKind kind = ProxyFaultKind::kStatus;
  int status = 0;        // kStatus
  int64_t delay_ms = 0;  // kSlow, kHangAfterCommit
  // The trigger: `every` or `first` when non-zero, else `probability`.
  double probability = 1.0;
  uint64_t every = 0;
  uint64_t first = 0;
  // The filters; empty matches everything.
  std::string path_prefix;
  std::string method;  // upper case
  std::string body_contains;

  bool Matches(std::string_view method, std::string_view path, std::string_view body) const;
  // The canonical text of the rule ("status=503,p=0.1,path=/db/").
  std::string ToString() const;
};

struct ProxyFaults {
  std::vector<ProxyFaultRule> rules;
  std::string ToString() const;  // rules joined by "; "; "" for none
};

// Parses SPEC; an empty SPEC is no faults. Errors are kInvalidArgument quoting the offending term
// (or rule, when a term is missing or one too many).
Result<ProxyFaults> ParseProxyFaults(std::string_view spec);

// Decides which rule, if any, applies to each request, following the order and counting rules
// above. Thread-safe: requests are decided one at a time, in the order Decide is called.
class ProxyFaultPlan {
 public:
  ProxyFaultPlan(ProxyFaults faults, uint64_t seed);

  // The rule to apply, or nullptr to forward the request untouched. The pointer lives as long as
  // the plan.
  const ProxyFaultRule* Decide(std::string_view method, std::string_view path,
                               std::string_view body);

 private:
  std::mutex mu_;
  const ProxyFaults faults_;
  std::vector<uint64_t> reached_;   // per rule: requests that reached it
  std::vector<SeededRandom> dice_;  // per rule: its draws do not depend on the others' rolls
};

// The SPEC grammar as `fbaflow-sim proxy --help` prints it (the one text of it; the parser's
// error messages list the same terms).
std::string_view ProxyFaultsHelp();

}  // namespace fbaflow::sim
