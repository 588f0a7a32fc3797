#pragma once
// SettlementLedger: the persistent memory of settlement discovery. Every settlement report seen
// through getReports is recorded once; each one is claimed and processed at most once, across runs,
// crashes and concurrent workers.
//
// States: kSeen (listed, not yet processed) → kClaimed (a worker is fetching it; the claim expires
// so a crashed worker does not block it forever) → kProcessed (archived and handed on; final).
// A failed attempt goes back to kSeen with its error recorded.
// Entries are scoped: one ledger instance serves one (selling partner, region) scope.
// Thread safety: implementations allow concurrent use from many threads and processes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/time/civil.h"

namespace fbaflow {

enum class SettlementState : unsigned char { kSeen, kClaimed, kProcessed };

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
  std::string last_error;  // the latest failed attempt, if any
  int attempts = 0;
};

class SettlementLedger {
 public:
  virtual ~SettlementLedger() = default;

  // Every entry of this scope, oldest created first.
  virtual Result<std::vector<SettlementLedgerEntry>> All() = 0;

  // Records a listed report. An existing entry keeps its state; missing fields (document id,
  // period) are filled in.
  virtual Status RecordSeen(const SettlementLedgerEntry& entry) = 0;

  // Claims a seen (or an expired claimed) report for processing. True when this caller owns it
  // now; false when it is processed already or another worker's claim is still live.
  virtual Result<bool> TryClaim(std::string_view report_id, Timestamp now, int lease_seconds) = 0;

  // Marks a claimed report processed. kFailedPrecondition when it is not claimed.
  virtual Status MarkProcessed(std::string_view report_id, std::string_view archive_location,
                               Timestamp processed_at) = 0;

  // Returns a claimed report to kSeen with the error that stopped it.
  virtual Status MarkFailed(std::string_view report_id, std::string_view error) = 0;

  // A named cursor of this scope (e.g. the createdTime of the newest report listed).
  virtual Result<std::optional<Timestamp>> GetCursor(std::string_view name) = 0;
  virtual Status SetCursor(std::string_view name, Timestamp value) = 0;
};

}  // namespace fbaflow
