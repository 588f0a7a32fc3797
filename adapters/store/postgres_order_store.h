#pragma once
// PostgresOrderStore: the OrderStore port on a PostgreSQL server (15 and later), for sellers who
// run several fbaflow processes against one database or want the store on their own server. Same
// tables, same versioned migrations and the same statements as SqliteOrderStore
// (order_store_schema.h, order_store_sql.h): the missing migrations are applied in one
// transaction at Open, under an advisory lock so that two processes opening a new database at
// once do not both migrate it, and a database migrated by a newer fbaflow is refused.
//
// Apply() is one READ COMMITTED transaction: the unique outbox key with ON CONFLICT DO NOTHING
// makes concurrent enqueues of one key safe, and raising an exception takes a transaction-scoped
// advisory lock on its (type, entity) so that two processes cannot both open it. Statements are
// prepared once per connection. A lost connection is opened again by the next call.
// Thread safety: one connection behind a mutex; any number of processes.
// Errors name the server (the URL without its password) and what was being done: kUnavailable for
// a lost or refused connection, a server shutting down, a serialisation failure or deadlock
// (retry); kFailedPrecondition for a newer schema; kInternal for anything else.
// libpqxx stays inside the .cc (pimpl): its headers are heavy.

#include <memory>
#include <mutex>
#include <string>

#include "ports/order_store.h"

namespace fbaflow {

class PostgresOrderStore final : public OrderStore {
 public:
  // `url`: a libpq connection URI ("postgresql://user@host:5432/fbaflow",
  // "postgresql:///fbaflow?host=/run/postgresql").
  static Result<std::unique_ptr<PostgresOrderStore>> Open(std::string url);
  ~PostgresOrderStore() override;

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

  // The URL with any password removed: what error messages name.
  static std::string Redacted(std::string_view url);

 private:
  struct Impl;
  explicit PostgresOrderStore(std::unique_ptr<Impl> impl);

  std::mutex mu_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fbaflow
