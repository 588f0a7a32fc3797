#pragma once
// SqliteSettlementLedger: the SettlementLedger port in one SQLite file (WAL mode, synchronous
// FULL, busy timeout), shared safely by threads (one connection behind a mutex) and by processes
// (SQLite's locking). Claims are read-decide-update in one IMMEDIATE transaction, so two workers
// can never both own a report. Tables: amazon_settlement_reports, amazon_cursors (created on open
// when missing; a ledger of the first version, without held and quarantined states, is migrated).
// Errors: kUnavailable when the database is locked beyond the busy timeout or the disk fails;
// kDataLoss when the file is not a usable database.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "adapters/store/sqlite_db.h"
#include "ports/settlement_ledger.h"

namespace fbaflow {

class SqliteSettlementLedger final : public SettlementLedger {
 public:
  // Opens (creating when missing) the database at `path`; entries are confined to `scope`
  // (e.g. "A3SELLERID/eu").
  static Result<std::unique_ptr<SqliteSettlementLedger>> Open(const std::filesystem::path& path,
                                                              std::string scope);
  ~SqliteSettlementLedger() override;

  Result<std::vector<SettlementLedgerEntry>> All() override;
  Status RecordSeen(const SettlementLedgerEntry& entry) override;
  Result<ClaimResult> TryClaim(std::string_view report_id, const ClaimRequest& request) override;
  Status RenewClaim(std::string_view report_id, const ClaimOwner& owner, Timestamp now,
                    int lease_seconds) override;
  Status MarkProcessed(std::string_view report_id, std::string_view archive_location,
                       Timestamp processed_at, std::string_view hold) override;
  Result<SettlementState> MarkFailed(std::string_view report_id, std::string_view error,
                                     bool counts, int quarantine_after) override;
  Result<ClaimResult> ClaimForReprocess(std::string_view report_id,
                                        const ClaimRequest& request) override;
  Result<std::optional<Timestamp>> GetCursor(std::string_view name) override;
  Status SetCursor(std::string_view name, Timestamp value) override;

 private:
  SqliteSettlementLedger(SqliteHandle db, std::string scope)
      : handle_(std::move(db)), db_(handle_.get()), scope_(std::move(scope)) {}
  // One transaction: read the entry, decide, update (see SettlementLedger::TryClaim).
  Result<ClaimResult> Claim(std::string_view report_id, const ClaimRequest& request,
                            bool reprocess);

  std::mutex mu_;
  SqliteHandle handle_;
  sqlite3* db_;
  std::string scope_;
};

}  // namespace fbaflow
