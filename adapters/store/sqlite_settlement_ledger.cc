#include "adapters/store/sqlite_settlement_ledger.h"

#include <sqlite3.h>

#include "adapters/store/sqlite_db.h"

namespace fbaflow {

namespace {

// Version 2 of the reports table: held and quarantined states, claim owners, failure counts.
// A version-1 table (states seen/claimed/processed only) is copied into it on open.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS amazon_settlement_reports (
  scope            TEXT    NOT NULL,
  report_id        TEXT    NOT NULL,
  document_id      TEXT    NOT NULL DEFAULT '',
  created_time     INTEGER NOT NULL,
  data_start       INTEGER,
  data_end         INTEGER,
  marketplaces     TEXT    NOT NULL DEFAULT '',
  state            TEXT    NOT NULL DEFAULT 'seen'
                   CHECK (state IN ('seen', 'claimed', 'processed', 'held', 'quarantined')),
  claim_expires    INTEGER,
  archive_location TEXT    NOT NULL DEFAULT '',
  processed_at     INTEGER,
  last_error       TEXT    NOT NULL DEFAULT '',
  attempts         INTEGER NOT NULL DEFAULT 0,
  failures         INTEGER NOT NULL DEFAULT 0,
  hold             TEXT    NOT NULL DEFAULT '',
  claim_owner      TEXT    NOT NULL DEFAULT '',
  failing_error    TEXT    NOT NULL DEFAULT '',  -- the error `failures` counts
  PRIMARY KEY (scope, report_id)
);
CREATE TABLE IF NOT EXISTS amazon_cursors (
  scope TEXT    NOT NULL,
  name  TEXT    NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (scope, name)
);
)sql";

constexpr const char* kMigrateFromV1 = R"sql(
ALTER TABLE amazon_settlement_reports RENAME TO amazon_settlement_reports_v1;
)sql";

constexpr const char* kCopyFromV1 = R"sql(
INSERT INTO amazon_settlement_reports (scope, report_id, document_id, created_time, data_start,
  data_end, marketplaces, state, claim_expires, archive_location, processed_at, last_error,
  attempts)
SELECT scope, report_id, document_id, created_time, data_start, data_end, marketplaces, state,
  claim_expires, archive_location, processed_at, last_error, attempts
FROM amazon_settlement_reports_v1;
DROP TABLE amazon_settlement_reports_v1;
)sql";

// What a takeover of a dead or silent worker's claim records as the attempt's error; always the
// same text, so that a document that kills every worker counts as failing the same way.
constexpr std::string_view kWorkerStopped =
    "the worker processing it stopped before finishing (killed, crashed or lost)";

Status SqlError(sqlite3* db, std::string_view what) {
  return SqliteError(db, "settlement ledger: " + std::string(what));
}

// The ledger keeps instants as UTC seconds; NULL when absent.
void BindTime(SqliteStmt& q, int i, const std::optional<Timestamp>& t) {
  if (t) {
    q.Bind(i, t->utc_seconds);
  } else {
    q.BindNull(i);
  }
}

std::optional<Timestamp> OptTime(const SqliteStmt& q, int col) {
  if (q.IsNull(col)) return std::nullopt;
  return Timestamp{q.Int(col), 0};
}

// A one-off statement of the ledger.
class Stmt : public SqliteStmt {
 public:
  Stmt(sqlite3* db, const char* sql) : SqliteStmt(db, sql) {}
  Status Prepared() const { return SqliteStmt::Prepared("settlement ledger"); }
};

SettlementState StateFromText(const std::string& s) {
  for (SettlementState state : {SettlementState::kClaimed, SettlementState::kProcessed,
                                SettlementState::kHeld, SettlementState::kQuarantined}) {
    if (s == SettlementStateName(state)) return state;
  }
  return SettlementState::kSeen;
}

class Transaction : public SqliteTransaction {
 public:
  explicit Transaction(sqlite3* db) : SqliteTransaction(db, "settlement ledger") {}
};

Result<bool> HasColumn(sqlite3* db, const char* table, std::string_view column) {
  Stmt q(db, (std::string("PRAGMA table_info(") + table + ")").c_str());
  RETURN_IF_ERROR(q.Prepared());
  int rc;
  bool found = false;
  while ((rc = q.Step()) == SQLITE_ROW) found = found || q.Text(1) == column;
  if (rc != SQLITE_DONE) return SqlError(db, "read table info");
  return found;
}

Status CreateOrMigrateSchema(sqlite3* db) {
  Transaction tx(db);
  RETURN_IF_ERROR(tx.Begun());
  ASSIGN_OR_RETURN(bool has_table, HasColumn(db, "amazon_settlement_reports", "report_id"));
  ASSIGN_OR_RETURN(bool current, HasColumn(db, "amazon_settlement_reports", "claim_owner"));
  const bool migrate = has_table && !current;
  if (migrate && sqlite3_exec(db, kMigrateFromV1, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqlError(db, "migrate the settlement ledger");
  }
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqlError(db, "create schema");
  }
  if (migrate && sqlite3_exec(db, kCopyFromV1, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqlError(db, "migrate the settlement ledger");
  }
  return tx.Commit();
}

struct ClaimRow {
  SettlementState state = SettlementState::kSeen;
  std::string owner;
  std::optional<Timestamp> expires;
  int failures = 0;
  std::string failing_error;  // what `failures` counts (a transient error in between is not it)
};

Result<std::optional<ClaimRow>> ReadClaimRow(sqlite3* db, const std::string& scope,
                                             std::string_view report_id) {
  Stmt q(db,
         "SELECT state, claim_owner, claim_expires, failures, failing_error "
         "FROM amazon_settlement_reports WHERE scope = ?1 AND report_id = ?2");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope);
  q.Bind(2, report_id);
  const int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<ClaimRow>();
  if (rc != SQLITE_ROW) return SqlError(db, "read report " + std::string(report_id));
  ClaimRow row;
  row.state = StateFromText(q.Text(0));
  row.owner = q.Text(1);
  row.expires = OptTime(q, 2);
  row.failures = static_cast<int>(q.Int(3));
  row.failing_error = q.Text(4);
  return std::optional<ClaimRow>(std::move(row));
}

// A claim nobody works on any more: its lease lapsed, or its owner is known to be gone.
bool Abandoned(const ClaimRow& row, const ClaimRequest& request) {
  if (!row.expires || row.expires->utc_seconds <= request.now.utc_seconds) return true;
  return request.owner_gone && !row.owner.empty() && request.owner_gone(row.owner);
}

int FailuresAfter(const ClaimRow& row, std::string_view error) {
  return row.failing_error == error ? row.failures + 1 : 1;
}

}  // namespace

Result<std::unique_ptr<SqliteSettlementLedger>> SqliteSettlementLedger::Open(
    const std::filesystem::path& path, std::string scope) {
  SqliteOpenOptions options;
  options.synchronous = "FULL";
  ASSIGN_OR_RETURN(SqliteHandle db, OpenSqlite(path, options));
  RETURN_IF_ERROR(CreateOrMigrateSchema(db.get()));
  return std::unique_ptr<SqliteSettlementLedger>(
      new SqliteSettlementLedger(std::move(db), std::move(scope)));
}

SqliteSettlementLedger::~SqliteSettlementLedger() = default;

Result<std::vector<SettlementLedgerEntry>> SqliteSettlementLedger::All() {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt q(db_,
         "SELECT report_id, document_id, created_time, data_start, data_end, marketplaces, state, "
         "archive_location, processed_at, last_error, attempts, failures, hold, claim_owner, "
         "claim_expires FROM amazon_settlement_reports "
         "WHERE scope = ?1 ORDER BY created_time, report_id");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  std::vector<SettlementLedgerEntry> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    SettlementLedgerEntry e;
    e.report_id = q.Text(0);
    e.document_id = q.Text(1);
    e.created_time = Timestamp{q.Int(2), 0};
    e.data_start = OptTime(q, 3);
    e.data_end = OptTime(q, 4);
    e.marketplaces = q.Text(5);
    e.state = StateFromText(q.Text(6));
    e.archive_location = q.Text(7);
    e.processed_at = OptTime(q, 8);
    e.last_error = q.Text(9);
    e.attempts = static_cast<int>(q.Int(10));
    e.failures = static_cast<int>(q.Int(11));
    e.hold = q.Text(12);
    e.claim_owner = q.Text(13);
    e.claim_expires = OptTime(q, 14);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "read entries");
  return out;
}

Status SqliteSettlementLedger::RecordSeen(const SettlementLedgerEntry& entry) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt q(db_,
         "INSERT INTO amazon_settlement_reports (scope, report_id, document_id, created_time, "
         "data_start, data_end, marketplaces) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
         "ON CONFLICT (scope, report_id) DO UPDATE SET "
         "document_id = CASE WHEN document_id = '' THEN excluded.document_id ELSE document_id END, "
         "data_start = COALESCE(data_start, excluded.data_start), "
         "data_end = COALESCE(data_end, excluded.data_end), "
         "marketplaces = CASE WHEN marketplaces = '' THEN excluded.marketplaces "
         "ELSE marketplaces END");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  q.Bind(2, entry.report_id);
  q.Bind(3, entry.document_id);
  q.Bind(4, entry.created_time.utc_seconds);
  BindTime(q, 5, entry.data_start);
  BindTime(q, 6, entry.data_end);
  q.Bind(7, entry.marketplaces);
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "record report " + entry.report_id);
  return OkStatus();
}

Result<ClaimResult> SqliteSettlementLedger::Claim(std::string_view report_id,
                                                  const ClaimRequest& request, bool reprocess) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  RETURN_IF_ERROR(tx.Begun());
  ASSIGN_OR_RETURN(std::optional<ClaimRow> row, ReadClaimRow(db_, scope_, report_id));
  if (!row) {
    if (reprocess) {
      return NotFound("settlement report " + std::string(report_id) + " is not in the ledger");
    }
    return ClaimResult::kNotClaimable;
  }
  int failures = row->failures;
  std::string failing_error = row->failing_error;
  std::optional<std::string> last_error;
  switch (row->state) {
    case SettlementState::kSeen:
      if (reprocess) return ClaimResult::kNotClaimable;
      break;
    case SettlementState::kProcessed:
    case SettlementState::kHeld:
    case SettlementState::kQuarantined:
      if (!reprocess) return ClaimResult::kNotClaimable;
      failures = 0;
      failing_error.clear();
      break;
    case SettlementState::kClaimed:
      if (!Abandoned(*row, request)) return ClaimResult::kBusy;
      // The owner in the message differs between takeovers; the failure is the same.
      last_error = std::string(kWorkerStopped) + " (" + row->owner + ")";
      failures = reprocess ? 0 : FailuresAfter(*row, kWorkerStopped);
      failing_error = reprocess ? std::string() : std::string(kWorkerStopped);
      break;
  }
  const bool quarantine = failures >= request.quarantine_after && request.quarantine_after > 0;
  Stmt q(db_,
         "UPDATE amazon_settlement_reports SET state = ?3, claim_expires = ?4, claim_owner = ?5, "
         "attempts = attempts + ?6, failures = ?7, last_error = COALESCE(?8, last_error), "
         "failing_error = ?9 "
         "WHERE scope = ?1 AND report_id = ?2");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  q.Bind(2, report_id);
  q.Bind(3, SettlementStateName(quarantine ? SettlementState::kQuarantined
                                           : SettlementState::kClaimed));
  BindTime(q, 4,
           quarantine ? std::optional<Timestamp>()
                      : std::optional<Timestamp>(
                            Timestamp{request.now.utc_seconds + request.lease_seconds, 0}));
  q.Bind(5, quarantine ? std::string() : request.owner.ToString());
  q.Bind(6, int64_t{quarantine ? 0 : 1});
  q.Bind(7, int64_t{failures});
  if (last_error) {
    q.Bind(8, *last_error);
  } else {
    q.BindNull(8);  // keep the last error
  }
  q.Bind(9, failing_error);
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "claim report " + std::string(report_id));
  RETURN_IF_ERROR(tx.Commit());
  return quarantine ? ClaimResult::kQuarantinedNow : ClaimResult::kClaimed;
}

Result<ClaimResult> SqliteSettlementLedger::TryClaim(std::string_view report_id,
                                                     const ClaimRequest& request) {
  return Claim(report_id, request, /*reprocess=*/false);
}

Result<ClaimResult> SqliteSettlementLedger::ClaimForReprocess(std::string_view report_id,
                                                              const ClaimRequest& request) {
  return Claim(report_id, request, /*reprocess=*/true);
}

Status SqliteSettlementLedger::RenewClaim(std::string_view report_id, const ClaimOwner& owner,
                                          Timestamp now, int lease_seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt q(db_,
         "UPDATE amazon_settlement_reports SET claim_expires = ?4 "
         "WHERE scope = ?1 AND report_id = ?2 AND state = 'claimed' AND claim_owner = ?3");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  q.Bind(2, report_id);
  q.Bind(3, owner.ToString());
  q.Bind(4, int64_t{now.utc_seconds + lease_seconds});
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "renew claim");
  if (sqlite3_changes(db_) != 1) {
    return FailedPrecondition("settlement report " + std::string(report_id) +
                              " is no longer claimed by " + owner.ToString());
  }
  return OkStatus();
}

Status SqliteSettlementLedger::MarkProcessed(std::string_view report_id,
                                             std::string_view archive_location,
                                             Timestamp processed_at, std::string_view hold) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt q(db_,
         "UPDATE amazon_settlement_reports SET state = ?5, claim_expires = NULL, "
         "claim_owner = '', archive_location = ?3, processed_at = ?4, last_error = '', "
         "failures = 0, failing_error = '', hold = ?6 WHERE scope = ?1 AND report_id = ?2 AND "
         "state = 'claimed'");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  q.Bind(2, report_id);
  q.Bind(3, archive_location);
  q.Bind(4, processed_at.utc_seconds);
  q.Bind(5,
         SettlementStateName(hold.empty() ? SettlementState::kProcessed : SettlementState::kHeld));
  q.Bind(6, hold);
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "mark report processed");
  if (sqlite3_changes(db_) != 1) {
    return FailedPrecondition("settlement report " + std::string(report_id) +
                              " is not claimed, so it cannot be marked processed");
  }
  return OkStatus();
}

Result<SettlementState> SqliteSettlementLedger::MarkFailed(std::string_view report_id,
                                                           std::string_view error, bool counts,
                                                           int quarantine_after) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  RETURN_IF_ERROR(tx.Begun());
  ASSIGN_OR_RETURN(std::optional<ClaimRow> row, ReadClaimRow(db_, scope_, report_id));
  if (!row || row->state != SettlementState::kClaimed) {
    return FailedPrecondition("settlement report " + std::string(report_id) +
                              " is not claimed, so it cannot be marked failed");
  }
  const int failures = counts ? FailuresAfter(*row, error) : row->failures;
  const SettlementState state = counts && quarantine_after > 0 && failures >= quarantine_after
                                    ? SettlementState::kQuarantined
                                    : SettlementState::kSeen;
  Stmt q(db_,
         "UPDATE amazon_settlement_reports SET state = ?3, claim_expires = NULL, "
         "claim_owner = '', last_error = ?4, failures = ?5, failing_error = ?6 "
         "WHERE scope = ?1 AND report_id = ?2 AND state = 'claimed'");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  q.Bind(2, report_id);
  q.Bind(3, SettlementStateName(state));
  q.Bind(4, error);
  q.Bind(5, int64_t{failures});
  q.Bind(6, counts ? error : std::string_view(row->failing_error));
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "mark report failed");
  RETURN_IF_ERROR(tx.Commit());
  return state;
}

Result<std::optional<Timestamp>> SqliteSettlementLedger::GetCursor(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt q(db_, "SELECT value FROM amazon_cursors WHERE scope = ?1 AND name = ?2");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  q.Bind(2, name);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<Timestamp>(Timestamp{q.Int(0), 0});
  if (rc == SQLITE_DONE) return std::optional<Timestamp>();
  return SqlError(db_, "read cursor");
}

Status SqliteSettlementLedger::SetCursor(std::string_view name, Timestamp value) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt q(db_,
         "INSERT INTO amazon_cursors (scope, name, value) VALUES (?1, ?2, ?3) "
         "ON CONFLICT (scope, name) DO UPDATE SET value = excluded.value");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  q.Bind(2, name);
  q.Bind(3, value.utc_seconds);
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "write cursor");
  return OkStatus();
}

}  // namespace fbaflow
