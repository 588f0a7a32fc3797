#include "adapters/store/sqlite_db.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>
#include <utility>

namespace fbaflow {

namespace {

Status FromCode(int rc, std::string message) {
  const int primary = rc & 0xFF;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR ||
      primary == SQLITE_FULL || primary == SQLITE_CANTOPEN || primary == SQLITE_PROTOCOL) {
    return Unavailable(std::move(message));
  }
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return DataLoss(std::move(message));
  return Internal(std::move(message));
}

bool IsBusy(int rc) { return (rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED; }

}  // namespace

Status SqliteError(sqlite3* db, std::string_view context) {
  return FromCode(sqlite3_extended_errcode(db), std::string(context) + ": " + sqlite3_errmsg(db));
}

Status SqliteError(int rc, std::string_view context) {
  return FromCode(rc, std::string(context) + ": " + sqlite3_errstr(rc));
}

void SqliteCloser::operator()(sqlite3* db) const { sqlite3_close(db); }

Result<SqliteHandle> OpenSqlite(const std::filesystem::path& path,
                                const SqliteOpenOptions& options) {
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    // SQLite would only say "unable to open database file": say which folder and why.
    if (ec) {
      return Unavailable("cannot open " + path.string() + ": cannot create its folder " +
                         path.parent_path().string() + ": " + ec.message());
    }
  }
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) {
    return Unavailable("cannot open " + path.string() + ": " +
                       (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
  sqlite3_extended_result_codes(db.get(), 1);
  const std::string pragmas = std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") +
                              options.synchronous + "; PRAGMA foreign_keys=ON;";
  // Switching a new file to WAL takes a lock another opener may hold for a moment; SQLite can
  // report that without waiting.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busy_timeout_ms);
  int prc;
  while (IsBusy(prc = sqlite3_exec(db.get(), pragmas.c_str(), nullptr, nullptr, nullptr)) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (prc != SQLITE_OK) return SqliteError(db.get(), path.string() + ": set up the connection");
  return db;
}

Status SqliteExec(sqlite3* db, const char* sql, std::string_view context) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteError(db, context);
  }
  return OkStatus();
}

SqliteStmt::SqliteStmt(sqlite3* db, std::string_view sql) : db_(db) {
  rc_ = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt_, nullptr);
}

SqliteStmt::~SqliteStmt() { sqlite3_finalize(stmt_); }

SqliteStmt::SqliteStmt(SqliteStmt&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), rc_(other.rc_) {}

SqliteStmt& SqliteStmt::operator=(SqliteStmt&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    rc_ = other.rc_;
  }
  return *this;
}

Status SqliteStmt::Prepared(std::string_view context) const {
  if (db_ == nullptr) return Internal(std::string(context) + ": statement never prepared");
  return rc_ == SQLITE_OK ? OkStatus() : SqliteError(db_, std::string(context) + ": prepare");
}

void SqliteStmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void SqliteStmt::Bind(int i, std::string_view text) {
  sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void SqliteStmt::Bind(int i, int64_t value) { sqlite3_bind_int64(stmt_, i, value); }

void SqliteStmt::BindNull(int i) { sqlite3_bind_null(stmt_, i); }

int SqliteStmt::Step() { return sqlite3_step(stmt_); }

bool SqliteStmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::string SqliteStmt::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

int64_t SqliteStmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

SqliteTransaction::SqliteTransaction(sqlite3* db, std::string_view context, int busy_timeout_ms)
    : db_(db), context_(context) {
  // SQLite's busy handler waits out a writer; some busy results (a WAL being recovered) come back
  // at once, so they are retried here until the same timeout has passed.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  int rc;
  while (IsBusy(rc = sqlite3_exec(db_, "BEGIN IMMEDIATE;", nullptr, nullptr, nullptr)) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (rc != SQLITE_OK) {
    begun_ = SqliteError(db_, context_ + ": begin");
    done_ = true;
  }
}

SqliteTransaction::~SqliteTransaction() {
  if (!done_) sqlite3_exec(db_, "ROLLBACK;", nullptr, nullptr, nullptr);
}

Status SqliteTransaction::Commit() {
  if (!begun_.Ok()) return begun_;
  if (sqlite3_exec(db_, "COMMIT;", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteError(db_, context_ + ": commit");
  }
  done_ = true;
  return OkStatus();
}

SqliteReadSnapshot::SqliteReadSnapshot(sqlite3* db)
    : db_(db),
      begun_(sqlite3_exec(db, "BEGIN DEFERRED;", nullptr, nullptr, nullptr) == SQLITE_OK) {}

SqliteReadSnapshot::~SqliteReadSnapshot() {
  if (begun_) sqlite3_exec(db_, "COMMIT;", nullptr, nullptr, nullptr);
}

}  // namespace fbaflow
