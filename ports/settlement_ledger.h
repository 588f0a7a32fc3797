#pragma once
// SettlementLedger: the persistent memory of settlement discovery. Every settlement report seen
// through getReports is recorded once; each one is claimed and processed at most once, across runs,
// crashes and concurrent workers.
//
// States: kSeen (listed, not yet processed) → kClaimed (a worker is fetching it) → kProcessed
// (archived and handed on, journals ready) or kHeld (archived and handed on, but the settlement is
// held: its journals must not be posted until a person resolves it). A failed attempt goes back to
// kSeen with its error; an attempt that fails the same way `quarantine_after` times in a row goes
// to kQuarantined (a poison document: never retried on its own). kHeld and kQuarantined leave only
// through Reprocess (someone fixed the rules or the code).
//
// Claims name their owner (ClaimOwner: host, pid and the process's start time, so that a reused
// pid is not mistaken for the owner) and carry a lease the owner renews while it works. A claim is
// taken over when its lease lapsed or when the caller's `owner_gone` says its owner is dead; a
// takeover counts as a failed attempt ("the worker stopped"), so a document that kills every
// worker that reads it is quarantined too.
// Entries are scoped: one ledger instance serves one (selling partner, region) scope.
// Thread safety: implementations allow concurrent use from many threads and processes.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/time/civil.h"

namespace fbaflow {

enum class SettlementState : unsigned char { kSeen, kClaimed, kProcessed, kHeld, kQuarantined };

// "seen", "claimed", "processed", "held", "quarantined".
std::string_view SettlementStateName(SettlementState state);

struct SettlementLedgerEntry {
  std::string report_id;
  std::string document_id;
  Timestamp created_time;
  std::optional<Timestamp> data_start;
  std::optional<Timestamp> data_end;
  std::string marketplaces;  // the report's marketplace ids, comma-joined ("" when none given)
  SettlementState state = SettlementState::kSeen;
  std::string archive_location;  // set once processed
  std::optional<Timestamp> processed_at;
  std::string last_error;   // the latest failed attempt, if any
  int attempts = 0;         // claims taken, ever
  int failures = 0;         // failed attempts in a row with the same error
  std::string hold;         // why a kHeld settlement is held
  std::string claim_owner;  // ClaimOwner::ToString() of a kClaimed entry
  std::optional<Timestamp> claim_expires;
};

// Who holds a claim. Text form "host pid start" (start: the process's start time or boot-relative
// tick, anything that differs between two processes that had the same pid).
struct ClaimOwner {
  std::string host;
  int64_t pid = 0;
  std::string start;

  std::string ToString() const;
  // Parses ToString()'s form; nullopt for anything else (an owner written by an older version).
  static std::optional<ClaimOwner> Parse(std::string_view text);
  friend bool operator==(const ClaimOwner&, const ClaimOwner&) = default;
};

struct ClaimRequest {
  ClaimOwner owner;
  Timestamp now;
  int lease_seconds = 600;
  // Whether the owner of a live claim is known to be dead (e.g. a process of this host that no
  // longer runs). Empty: only lapsed leases are taken over.
  std::function<bool(std::string_view owner)> owner_gone;
  int quarantine_after = 3;  // a takeover that makes this many failures quarantines instead
};

enum class ClaimResult : unsigned char {
  kClaimed,         // the caller owns it now
  kNotClaimable,    // processed, held or quarantined
  kBusy,            // another worker's claim is live
  kQuarantinedNow,  // taking over a dead worker's claim made it quarantined
};

class SettlementLedger {
 public:
  virtual ~SettlementLedger() = default;

  // Every entry of this scope, oldest created first.
  virtual Result<std::vector<SettlementLedgerEntry>> All() = 0;

  // Records a listed report. An existing entry keeps its state; missing fields (document id,
  // period) are filled in.
  virtual Status RecordSeen(const SettlementLedgerEntry& entry) = 0;

  // Claims a seen report, or a claimed one whose lease lapsed or whose owner is gone (see the
  // class comment).
  virtual Result<ClaimResult> TryClaim(std::string_view report_id, const ClaimRequest& request) = 0;

  // Extends the lease of a claim `owner` holds. kFailedPrecondition when it no longer does.
  virtual Status RenewClaim(std::string_view report_id, const ClaimOwner& owner, Timestamp now,
                            int lease_seconds) = 0;

  // Marks a claimed report processed, or held when `hold` is not empty (the reasons).
  // kFailedPrecondition when it is not claimed.
  virtual Status MarkProcessed(std::string_view report_id, std::string_view archive_location,
                               Timestamp processed_at, std::string_view hold) = 0;

  // Returns a claimed report to kSeen with the error that stopped it. When `counts` is true the
  // failure counts towards quarantine (a transient one, such as a network outage, does not): the
  // count grows when `error` equals the previous one and restarts at 1 otherwise, and reaching
  // `quarantine_after` leaves the report kQuarantined. Returns the state it is left in.
  virtual Result<SettlementState> MarkFailed(std::string_view report_id, std::string_view error,
                                             bool counts, int quarantine_after) = 0;

  // Claims a processed, held or quarantined report for another run over its archived document
  // (the failure count is reset). kNotFound for an unknown report; kBusy when a live worker holds
  // it; kNotClaimable for a report never processed (fetch downloads it).
  virtual Result<ClaimResult> ClaimForReprocess(std::string_view report_id,
                                                const ClaimRequest& request) = 0;

  // A named cursor of this scope (e.g. the createdTime of the newest report listed).
  virtual Result<std::optional<Timestamp>> GetCursor(std::string_view name) = 0;
  virtual Status SetCursor(std::string_view name, Timestamp value) = 0;
};

}  // namespace fbaflow
