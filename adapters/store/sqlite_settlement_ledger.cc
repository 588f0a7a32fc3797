#include "adapters/store/sqlite_settlement_ledger.h"

#include <sqlite3.h>

namespace fbaflow {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS amazon_settlement_reports (
  scope            TEXT    NOT NULL,
  report_id        TEXT    NOT NULL,
  document_id      TEXT    NOT NULL DEFAULT '',
  created_time     INTEGER NOT NULL,
  data_start       INTEGER,
  data_end         INTEGER,
  marketplaces     TEXT    NOT NULL DEFAULT '',
  state            TEXT    NOT NULL DEFAULT 'seen' CHECK (state IN ('seen', 'claimed', 'processed')),
  claim_expires    INTEGER,
  archive_location TEXT    NOT NULL DEFAULT '',
  processed_at     INTEGER,
  last_error       TEXT    NOT NULL DEFAULT '',
  attempts         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, report_id)
);
CREATE TABLE IF NOT EXISTS amazon_cursors (
  scope TEXT    NOT NULL,
  name  TEXT    NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (scope, name)
);
)sql";

Status SqlError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  std::string message = "settlement ledger: " + std::string(what) + ": " + sqlite3_errmsg(db);
  const int primary = code & 0xFF;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR ||
      primary == SQLITE_FULL || primary == SQLITE_CANTOPEN) {
    return Unavailable(std::move(message));
  }
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return DataLoss(std::move(message));
  return Internal(std::move(message));
}

// A prepared statement, finalised on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Status Prepared() const { return rc_ == SQLITE_OK ? OkStatus() : SqlError(db_, "prepare"); }
  void Bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void Bind(int i, int64_t value) { sqlite3_bind_int64(stmt_, i, value); }
  void Bind(int i, const std::optional<Timestamp>& t) {
    if (t) {
      sqlite3_bind_int64(stmt_, i, t->utc_seconds);
    } else {
      sqlite3_bind_null(stmt_, i);
    }
  }
  // SQLITE_ROW, SQLITE_DONE, or an error code.
  int Step() { return sqlite3_step(stmt_); }

  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p));
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<Timestamp> OptTime(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return Timestamp{sqlite3_column_int64(stmt_, col), 0};
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

SettlementState StateFromText(const std::string& s) {
  if (s == "claimed") return SettlementState::kClaimed;
  if (s == "processed") return SettlementState::kProcessed;
  return SettlementState::kSeen;
}

}  // namespace

Result<std::unique_ptr<SqliteSettlementLedger>> SqliteSettlementLedger::Open(
    const std::filesystem::path& path, std::string scope) {
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
  }
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status s = Unavailable("cannot open settlement ledger " + path.string() + ": " +
                           (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close(db);
    return s;
  }
  sqlite3_busy_timeout(db, 10'000);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL;", "PRAGMA synchronous=FULL;", "PRAGMA foreign_keys=ON;"}) {
    if (sqlite3_exec(db, pragma, nullptr, nullptr, nullptr) != SQLITE_OK) {
      Status s = SqlError(db, pragma);
      sqlite3_close(db);
      return s;
    }
  }
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    Status s = SqlError(db, "create schema");
    sqlite3_close(db);
    return s;
  }
  return std::unique_ptr<SqliteSettlementLedger>(new SqliteSettlementLedger(db, std::move(scope)));
}

SqliteSettlementLedger::~SqliteSettlementLedger() { sqlite3_close(db_); }

Result<std::vector<SettlementLedgerEntry>> SqliteSettlementLedger::All() {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt q(db_,
         "SELECT report_id, document_id, created_time, data_start, data_end, marketplaces, state, "
         "archive_location, processed_at, last_error, attempts FROM amazon_settlement_reports "
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
    e.data_start = q.OptTime(3);
    e.data_end = q.OptTime(4);
    e.marketplaces = q.Text(5);
    e.state = StateFromText(q.Text(6));
    e.archive_location = q.Text(7);
    e.processed_at = q.OptTime(8);
    e.last_error = q.Text(9);
    e.attempts = static_cast<int>(q.Int(10));
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
  q.Bind(5, entry.data_start);
  q.Bind(6, entry.data_end);
  q.Bind(7, entry.marketplaces);
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "record report " + entry.report_id);
  return OkStatus();
}

Result<bool> SqliteSettlementLedger::TryClaim(std::string_view report_id, Timestamp now,
                                              int lease_seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt q(db_,
         "UPDATE amazon_settlement_reports SET state = 'claimed', claim_expires = ?3, "
         "attempts = attempts + 1 WHERE scope = ?1 AND report_id = ?2 AND "
         "(state = 'seen' OR (state = 'claimed' AND claim_expires <= ?4))");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  q.Bind(2, report_id);
  q.Bind(3, now.utc_seconds + lease_seconds);
  q.Bind(4, now.utc_seconds);
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "claim report " + std::string(report_id));
  return sqlite3_changes(db_) == 1;
}

Status SqliteSettlementLedger::MarkProcessed(std::string_view report_id,
                                             std::string_view archive_location,
                                             Timestamp processed_at) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt q(db_,
         "UPDATE amazon_settlement_reports SET state = 'processed', claim_expires = NULL, "
         "archive_location = ?3, processed_at = ?4, last_error = '' "
         "WHERE scope = ?1 AND report_id = ?2 AND state = 'claimed'");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  q.Bind(2, report_id);
  q.Bind(3, archive_location);
  q.Bind(4, processed_at.utc_seconds);
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "mark report processed");
  if (sqlite3_changes(db_) != 1) {
    return FailedPrecondition("settlement report " + std::string(report_id) +
                              " is not claimed, so it cannot be marked processed");
  }
  return OkStatus();
}

Status SqliteSettlementLedger::MarkFailed(std::string_view report_id, std::string_view error) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt q(db_,
         "UPDATE amazon_settlement_reports SET state = 'seen', claim_expires = NULL, "
         "last_error = ?3 WHERE scope = ?1 AND report_id = ?2 AND state = 'claimed'");
  RETURN_IF_ERROR(q.Prepared());
  q.Bind(1, scope_);
  q.Bind(2, report_id);
  q.Bind(3, error);
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "mark report failed");
  return OkStatus();
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
