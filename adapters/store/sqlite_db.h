#pragma once
// The small SQLite toolkit the stores share (SqliteSettlementLedger, SqliteOrderStore): opening a
// database file the way fbaflow wants it, statements that finalise themselves, IMMEDIATE
// transactions that roll back unless committed, and one mapping of SQLite's result codes onto
// Status codes. sqlite3.h stays in the .cc files.
// Thread safety: none here; the stores lock around their connection.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace fbaflow {

// What a failed SQLite call means for the caller: busy, locked, I/O, full disk, cannot open →
// kUnavailable (retry later); corrupt or not a database → kDataLoss; anything else (a constraint
// the code should have kept, a bad statement) kInternal. The message is `context: ` plus
// SQLite's own.
Status SqliteError(sqlite3* db, std::string_view context);
// The same from a result code alone (when there is no connection to ask).
Status SqliteError(int rc, std::string_view context);

struct SqliteCloser {
  void operator()(sqlite3* db) const;
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

struct SqliteOpenOptions {
  // "FULL" syncs every commit (the ledger: few writes, each a claim); "NORMAL" syncs at WAL
  // checkpoints, which in WAL mode still survives any process crash and loses at most the last
  // commits on power loss (the order store: thousands of orders a second).
  const char* synchronous = "FULL";
  int busy_timeout_ms = 10'000;
};

// Opens (creating the file and its folder when missing) `path` in WAL mode with foreign keys on
// and the busy timeout set. Errors name the path.
Result<SqliteHandle> OpenSqlite(const std::filesystem::path& path,
                                const SqliteOpenOptions& options);

// Runs `sql` (one or more statements, no results).
Status SqliteExec(sqlite3* db, const char* sql, std::string_view context);

// A prepared statement, finalised on destruction. A statement kept for reuse is Reset() before
// each use; `SqliteStmt::Use` does that and resets again when its scope ends, so a cached
// statement never keeps a read snapshot open after it has been read.
class SqliteStmt {
 public:
  SqliteStmt() = default;
  SqliteStmt(sqlite3* db, std::string_view sql);
  ~SqliteStmt();
  SqliteStmt(SqliteStmt&& other) noexcept;
  SqliteStmt& operator=(SqliteStmt&& other) noexcept;
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  Status Prepared(std::string_view context) const;
  void Reset();  // forgets the last run and every binding

  void Bind(int i, std::string_view text);
  void Bind(int i, int64_t value);
  void BindNull(int i);
  // SQLITE_ROW, SQLITE_DONE, or an error code.
  int Step();

  bool IsNull(int col) const;
  std::string Text(int col) const;
  int64_t Int(int col) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = 0;
};

// Scope of one use of a cached statement: reset on entry and on exit.
class SqliteUse {
 public:
  explicit SqliteUse(SqliteStmt& stmt) : stmt_(stmt) { stmt_.Reset(); }
  ~SqliteUse() { stmt_.Reset(); }
  SqliteUse(const SqliteUse&) = delete;
  SqliteUse& operator=(const SqliteUse&) = delete;
  SqliteStmt* operator->() { return &stmt_; }
  SqliteStmt& operator*() { return stmt_; }

 private:
  SqliteStmt& stmt_;
};

// BEGIN IMMEDIATE … COMMIT; rolled back unless Commit() succeeded. Taking the write lock at BEGIN
// means a transaction that reads then writes never fails half-way with SQLITE_BUSY. A database
// another connection holds is waited for up to the busy timeout (SQLite's busy handler, then a
// retry of our own for the busy results SQLite returns without waiting); still busy is
// kUnavailable.
class SqliteTransaction {
 public:
  SqliteTransaction(sqlite3* db, std::string_view context, int busy_timeout_ms = 10'000);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  Status Begun() const { return begun_; }
  Status Commit();

 private:
  sqlite3* db_;
  std::string context_;
  Status begun_;
  bool done_ = false;
};

// One consistent snapshot for several reads (an order and its lines): a deferred transaction,
// ended when the object goes. In WAL mode it never waits for a writer.
class SqliteReadSnapshot {
 public:
  explicit SqliteReadSnapshot(sqlite3* db);
  ~SqliteReadSnapshot();
  SqliteReadSnapshot(const SqliteReadSnapshot&) = delete;
  SqliteReadSnapshot& operator=(const SqliteReadSnapshot&) = delete;

 private:
  sqlite3* db_;
  bool begun_;
};

}  // namespace fbaflow
