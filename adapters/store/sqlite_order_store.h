#pragma once
// SqliteOrderStore: the OrderStore port in one SQLite file (the embedded default; the composition
// root puts it under --data-dir as fbaflow.db). WAL mode, synchronous=NORMAL (a process crash
// loses nothing committed; a power cut at most the last commits), foreign keys on, a busy timeout.
// The schema is versioned (adapters/store/order_store_schema.h): missing migrations are applied in
// one transaction at Open, and a database migrated by a newer fbaflow is refused.
//
// Apply() and every person's action is one IMMEDIATE transaction over statements prepared once at
// Open and reused.
// Thread safety: one connection behind a mutex, so any number of threads may share an object;
// other objects and other processes on the same file are serialised by SQLite's locks (WAL
// readers never wait; a writer waits up to the busy timeout).
// Errors name the file and what was being done: kUnavailable when the database stays locked
// beyond the busy timeout or the disk fails (retry later), kDataLoss when the file is not a usable
// database, kFailedPrecondition for a newer schema.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "adapters/store/sqlite_db.h"
#include "ports/order_store.h"

namespace fbaflow {

struct SqliteOrderStoreOptions {
  int busy_timeout_ms = 10'000;
};

class SqliteOrderStore final : public OrderStore {
 public:
  // Opens `path`, creating the file (and its folder) and the schema when missing.
  static Result<std::unique_ptr<SqliteOrderStore>> Open(
      const std::filesystem::path& path, const SqliteOrderStoreOptions& options = {});
  ~SqliteOrderStore() override;

  Status Apply(const StoreBatch& batch) override;
  Result<std::optional<Timestamp>> Cursor(std::string_view name) override;
  Result<std::vector<OrderRecord>> FindOrders(const std::vector<std::string>& ids) override;
  Result<std::vector<OrderRecord>> OrdersAwaitingWarehouse() override;
  Result<std::vector<OutboxItem>> DueOutbox(Timestamp now, int limit) override;
  Result<std::vector<OutboxItem>> OutboxIn(OutboxState state, int limit) override;
  Result<std::optional<OutboxItem>> GetOutbox(std::string_view key) override;
  Result<OutboxCounts> CountOutbox() override;
  Result<std::vector<ExceptionRecord>> Exceptions(const ExceptionFilter& filter) override;
  Result<std::optional<ExceptionRecord>> GetException(int64_t id) override;
  Result<ExceptionRecord> ActOnException(int64_t id, ExceptionAction action, std::string_view actor,
                                         std::string_view comment, Timestamp now) override;
  Status SetSkuMapping(const SkuMappingRecord& mapping) override;
  Status RemoveSkuMapping(std::string_view account, std::string_view marketplace,
                          std::string_view seller_sku, std::string_view actor,
                          Timestamp at) override;
  Result<std::vector<SkuMappingRecord>> SkuMappings(std::string_view account) override;
  Result<std::vector<AuditEntry>> Audit(std::string_view entity, int limit) override;

 private:
  struct Statements;
  SqliteOrderStore(SqliteHandle db, std::string where, int busy_timeout_ms);

  // SqliteError with "order store <path>: <what>".
  Status Fail(std::string_view what) const;
  // Steps a write statement to its end.
  Status Run(SqliteStmt& q, std::string_view what);

  Status PutOrder(const OrderRecord& order);
  Result<std::vector<OrderRecord>> ReadOrders(SqliteStmt& q, std::string_view what);
  Status ReadLines(OrderRecord& order);
  Result<std::vector<OutboxItem>> ReadOutbox(SqliteStmt& q, std::string_view what);
  Status WriteOutboxUpdate(const OutboxItem& update, bool* found);
  Status RaiseException(const ExceptionRaise& raise);
  Status AddEvent(int64_t exception_id, const ExceptionEvent& event);
  Status AddAudit(const AuditEntry& entry);
  Result<std::optional<ExceptionRecord>> ReadException(int64_t id, bool with_history);
  Result<std::optional<OutboxItem>> ReadOutboxItem(std::string_view key);

  std::mutex mu_;
  SqliteHandle db_;
  std::string where_;  // "order store /data/fbaflow.db"
  int busy_timeout_ms_;
  std::unique_ptr<Statements> st_;
};

}  // namespace fbaflow
