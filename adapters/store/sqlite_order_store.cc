#include "adapters/store/sqlite_order_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <set>

#include "adapters/store/order_store_schema.h"
#include "adapters/store/order_store_sql.h"
#include "ports/order_store_rules.h"

namespace fbaflow {

namespace {

// The version a database is at: 0 when it has no schema_migrations table yet.
Result<int> SchemaVersion(sqlite3* db, const std::string& where) {
  SqliteStmt has(db,
                 "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                 "name = 'schema_migrations'");
  RETURN_IF_ERROR(has.Prepared(where));
  int rc = has.Step();
  if (rc == SQLITE_DONE) return 0;
  if (rc != SQLITE_ROW) return SqliteError(db, where + ": read the schema version");
  SqliteStmt q(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  RETURN_IF_ERROR(q.Prepared(where));
  if (q.Step() != SQLITE_ROW) return SqliteError(db, where + ": read the schema version");
  return static_cast<int>(q.Int(0));
}

// Brings the database to this build's schema version; every missing step in one transaction, so
// a failed or interrupted migration leaves the database as it was.
Status Migrate(sqlite3* db, const std::string& path, int busy_timeout_ms) {
  const std::string where = "order store " + path;
  ASSIGN_OR_RETURN(int found, SchemaVersion(db, where));
  if (found > OrderStoreSchemaVersion()) return NewerSchemaError(path, found);
  if (found == OrderStoreSchemaVersion()) return OkStatus();
  SqliteTransaction tx(db, where + ": migrate the schema", busy_timeout_ms);
  RETURN_IF_ERROR(tx.Begun());
  RETURN_IF_ERROR(SqliteExec(db,
                             "CREATE TABLE IF NOT EXISTS schema_migrations ("
                             "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
                             where + ": create schema_migrations"));
  // Another process may have migrated since the first look.
  ASSIGN_OR_RETURN(found, SchemaVersion(db, where));
  if (found > OrderStoreSchemaVersion()) return NewerSchemaError(path, found);
  for (const OrderStoreMigration& m : OrderStoreMigrations()) {
    if (m.version <= found) continue;
    const std::string context = where + ": migrate to schema version " + std::to_string(m.version);
    RETURN_IF_ERROR(SqliteExec(db, std::string(m.sqlite).c_str(), context));
    SqliteStmt record(db,
                      "INSERT INTO schema_migrations (version, applied_at) "
                      "VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    RETURN_IF_ERROR(record.Prepared(context));
    record.Bind(1, int64_t{m.version});
    if (record.Step() != SQLITE_DONE) return SqliteError(db, context);
  }
  return tx.Commit();
}

}  // namespace

// Every statement the store runs (order_store_sql.h), prepared once at Open.
struct SqliteOrderStore::Statements {
  explicit Statements(sqlite3* db) {
    for (size_t i = 0; i < static_cast<size_t>(StoreSql::kCount); ++i) {
      all.emplace_back(db, OrderStoreSql(static_cast<StoreSql>(i)));
    }
  }
  Status Prepared(const std::string& where) const {
    for (size_t i = 0; i < all.size(); ++i) {
      RETURN_IF_ERROR(all[i].Prepared(where + ": statement " +
                                      std::string(OrderStoreSqlName(static_cast<StoreSql>(i)))));
    }
    return OkStatus();
  }
  SqliteStmt& operator[](StoreSql which) { return all[static_cast<size_t>(which)]; }

  std::vector<SqliteStmt> all;
};

Result<std::unique_ptr<SqliteOrderStore>> SqliteOrderStore::Open(
    const std::filesystem::path& path, const SqliteOrderStoreOptions& options) {
  SqliteOpenOptions open;
  open.synchronous = "NORMAL";
  open.busy_timeout_ms = options.busy_timeout_ms;
  ASSIGN_OR_RETURN(SqliteHandle db, OpenSqlite(path, open));
  RETURN_IF_ERROR(Migrate(db.get(), path.string(), options.busy_timeout_ms));
  std::unique_ptr<SqliteOrderStore> store(
      new SqliteOrderStore(std::move(db), "order store " + path.string(), options.busy_timeout_ms));
  RETURN_IF_ERROR(store->st_->Prepared(store->where_));
  return store;
}

SqliteOrderStore::SqliteOrderStore(SqliteHandle db, std::string where, int busy_timeout_ms)
    : db_(std::move(db)),
      where_(std::move(where)),
      busy_timeout_ms_(busy_timeout_ms),
      st_(std::make_unique<Statements>(db_.get())) {}

// The statements go before the connection they belong to.
SqliteOrderStore::~SqliteOrderStore() { st_.reset(); }

Status SqliteOrderStore::Fail(std::string_view what) const {
  return SqliteError(db_.get(), where_ + ": " + std::string(what));
}

Status SqliteOrderStore::Run(SqliteStmt& q, std::string_view what) {
  const int rc = q.Step();
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Fail(what);
  return OkStatus();
}

Status SqliteOrderStore::PutOrder(const OrderRecord& o) {
  const std::string what = "write order " + o.order_id;
  {
    SqliteUse q((*st_)[StoreSql::kPutOrder]);
    BindOrder(*q, o);
    RETURN_IF_ERROR(Run(*q, what));
  }
  {
    SqliteUse q((*st_)[StoreSql::kDeleteLines]);
    q->Bind(1, o.order_id);
    RETURN_IF_ERROR(Run(*q, what));
  }
  for (size_t n = 0; n < o.lines.size(); ++n) {
    SqliteUse q((*st_)[StoreSql::kPutLine]);
    BindLine(*q, o.order_id, static_cast<int64_t>(n), o.lines[n]);
    RETURN_IF_ERROR(Run(*q, what));
  }
  return OkStatus();
}

Status SqliteOrderStore::WriteOutboxUpdate(const OutboxItem& u, bool* found) {
  SqliteUse q((*st_)[StoreSql::kUpdateOutbox]);
  BindOutboxUpdate(*q, u);
  const int rc = q->Step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Fail("update outbox item " + u.key);
  *found = rc == SQLITE_ROW;
  return OkStatus();
}

Status SqliteOrderStore::AddEvent(int64_t exception_id, const ExceptionEvent& e) {
  SqliteUse q((*st_)[StoreSql::kAddEvent]);
  BindEvent(*q, exception_id, e);
  return Run(*q, "record exception history");
}

Status SqliteOrderStore::AddAudit(const AuditEntry& a) {
  SqliteUse q((*st_)[StoreSql::kAddAudit]);
  BindAudit(*q, a);
  return Run(*q, "append to the audit log");
}

Status SqliteOrderStore::RaiseException(const ExceptionRaise& r) {
  const std::string what = "raise " + r.type + " for " + r.entity;
  int64_t open_id = 0;
  std::string open_message;
  {
    SqliteUse q((*st_)[StoreSql::kFindOpenException]);
    q->Bind(1, r.type);
    q->Bind(2, r.entity);
    const int rc = q->Step();
    if (rc == SQLITE_ROW) {
      open_id = q->Int(0);
      open_message = q->Text(1);
    } else if (rc != SQLITE_DONE) {
      return Fail(what);
    }
  }
  if (open_id != 0) {
    if (open_message != r.message) {
      RETURN_IF_ERROR(AddEvent(open_id, {r.at, "fbaflow", "seen again", r.message}));
    }
    SqliteUse q((*st_)[StoreSql::kSeenAgain]);
    BindSeenAgain(*q, open_id, r);
    return Run(*q, what);
  }
  int64_t id = 0;
  {
    SqliteUse q((*st_)[StoreSql::kNewException]);
    BindNewException(*q, r);
    if (q->Step() != SQLITE_ROW) return Fail(what);
    id = q->Int(0);
  }
  return AddEvent(id, {r.at, "fbaflow", "raised", r.message});
}

Status SqliteOrderStore::Apply(const StoreBatch& b) {
  if (b.Empty()) return OkStatus();
  std::lock_guard<std::mutex> lock(mu_);
  SqliteTransaction tx(db_.get(), where_ + ": apply a batch", busy_timeout_ms_);
  RETURN_IF_ERROR(tx.Begun());
  for (const auto& [name, at] : b.cursors) {
    SqliteUse q((*st_)[StoreSql::kPutCursor]);
    q->Bind(1, name);
    BindTime(*q, 2, at);
    RETURN_IF_ERROR(Run(*q, "write cursor " + name));
  }
  for (const OrderRecord& o : b.orders) RETURN_IF_ERROR(PutOrder(o));
  for (const OutboxItem& e : b.enqueue) {
    SqliteUse q((*st_)[StoreSql::kEnqueue]);
    BindEnqueue(*q, e);
    RETURN_IF_ERROR(Run(*q, "queue outbox item " + e.key));
  }
  for (const OutboxItem& u : b.outbox_updates) {
    bool found = false;
    RETURN_IF_ERROR(WriteOutboxUpdate(u, &found));
    // Returning rolls the whole batch back (the transaction is never committed).
    if (!found) return NotFound(where_ + ": no outbox item " + u.key);
  }
  for (const ExceptionRaise& r : b.raise) RETURN_IF_ERROR(RaiseException(r));
  for (const ExceptionClose& c : b.close) {
    const std::string what = "resolve the exceptions blocking " + c.source_key;
    {
      SqliteUse q((*st_)[StoreSql::kCloseEvents]);
      BindClose(*q, c);
      RETURN_IF_ERROR(Run(*q, what));
    }
    SqliteUse q((*st_)[StoreSql::kClose]);
    q->Bind(1, c.source_key);
    RETURN_IF_ERROR(Run(*q, what));
  }
  for (const AuditEntry& a : b.audit) RETURN_IF_ERROR(AddAudit(a));
  return tx.Commit();
}

Result<std::optional<Timestamp>> SqliteOrderStore::Cursor(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteUse q((*st_)[StoreSql::kGetCursor]);
  q->Bind(1, name);
  const int rc = q->Step();
  if (rc == SQLITE_DONE) return std::optional<Timestamp>();
  if (rc != SQLITE_ROW) return Fail("read cursor " + std::string(name));
  return std::optional<Timestamp>(TimeAt(*q, 0));
}

Status SqliteOrderStore::ReadLines(OrderRecord& o) {
  SqliteUse q((*st_)[StoreSql::kGetLines]);
  q->Bind(1, o.order_id);
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    ASSIGN_OR_RETURN(OrderLineRecord l, LineAt(*q, where_ + ": order " + o.order_id));
    o.lines.push_back(std::move(l));
  }
  if (rc != SQLITE_DONE) return Fail("read the lines of order " + o.order_id);
  return OkStatus();
}

Result<std::vector<OrderRecord>> SqliteOrderStore::ReadOrders(SqliteStmt& q,
                                                              std::string_view what) {
  std::vector<OrderRecord> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(OrderAt(q));
  if (rc != SQLITE_DONE) return Fail(what);
  q.Reset();  // the lines are read by another statement; let go of this one first
  for (OrderRecord& o : out) RETURN_IF_ERROR(ReadLines(o));
  return out;
}

Result<std::vector<OrderRecord>> SqliteOrderStore::FindOrders(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(mu_);
  const SqliteReadSnapshot snapshot(db_.get());  // records and their lines from one version
  std::vector<OrderRecord> out;
  for (const std::string& id : std::set<std::string>(ids.begin(), ids.end())) {
    SqliteUse q((*st_)[StoreSql::kGetOrder]);
    q->Bind(1, id);
    ASSIGN_OR_RETURN(std::vector<OrderRecord> found, ReadOrders(*q, "read order " + id));
    for (OrderRecord& o : found) out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<OrderRecord>> SqliteOrderStore::OrdersAwaitingWarehouse() {
  std::lock_guard<std::mutex> lock(mu_);
  const SqliteReadSnapshot snapshot(db_.get());  // records and their lines from one version
  TransitionSet sale, cancel;
  sale.Add(OrderTransition::kSale);
  cancel.Add(OrderTransition::kCancel);
  SqliteUse q((*st_)[StoreSql::kAwaiting]);
  q->Bind(1, int64_t{sale.Bits()});
  q->Bind(2, int64_t{cancel.Bits()});
  return ReadOrders(*q, "read the orders awaiting the warehouse");
}

Result<std::vector<OutboxItem>> SqliteOrderStore::ReadOutbox(SqliteStmt& q, std::string_view what) {
  std::vector<OutboxItem> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(OutboxAt(q));
  if (rc != SQLITE_DONE) return Fail(what);
  return out;
}

Result<std::vector<OutboxItem>> SqliteOrderStore::DueOutbox(Timestamp now, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteUse q((*st_)[StoreSql::kDue]);
  q->Bind(1, now.utc_seconds);
  q->Bind(2, int64_t{limit});  // negative: no limit, as the port allows
  return ReadOutbox(*q, "read the due outbox items");
}

Result<std::vector<OutboxItem>> SqliteOrderStore::OutboxIn(OutboxState state, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteUse q((*st_)[StoreSql::kOutboxIn]);
  q->Bind(1, OutboxStateName(state));
  q->Bind(2, int64_t{limit});
  return ReadOutbox(*q, "read the outbox");
}

Result<std::optional<OutboxItem>> SqliteOrderStore::ReadOutboxItem(std::string_view key) {
  SqliteUse q((*st_)[StoreSql::kGetOutbox]);
  q->Bind(1, key);
  ASSIGN_OR_RETURN(std::vector<OutboxItem> found,
                   ReadOutbox(*q, "read outbox item " + std::string(key)));
  if (found.empty()) return std::optional<OutboxItem>();
  return std::optional<OutboxItem>(std::move(found[0]));
}

Result<std::optional<OutboxItem>> SqliteOrderStore::GetOutbox(std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  return ReadOutboxItem(key);
}

Result<OutboxCounts> SqliteOrderStore::CountOutbox() {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteUse q((*st_)[StoreSql::kCountOutbox]);
  OutboxCounts c;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    const OutboxState state = OutboxStateFromName(q->Text(0));
    (state == OutboxState::kPending  ? c.pending
     : state == OutboxState::kParked ? c.parked
                                     : c.done) = q->Int(1);
  }
  if (rc != SQLITE_DONE) return Fail("count the outbox");
  return c;
}

Result<std::vector<ExceptionRecord>> SqliteOrderStore::Exceptions(const ExceptionFilter& f) {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteUse q((*st_)[StoreSql::kExceptions]);
  if (f.status) q->Bind(1, ExceptionStatusName(*f.status));
  q->Bind(2, f.owner);
  q->Bind(3, f.type);
  q->Bind(4, f.entity);
  std::vector<ExceptionRecord> out;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) out.push_back(ExceptionAt(*q));
  if (rc != SQLITE_DONE) return Fail("read the exceptions");
  return out;
}

Result<std::optional<ExceptionRecord>> SqliteOrderStore::ReadException(int64_t id,
                                                                       bool with_history) {
  const std::string what = "read exception #" + std::to_string(id);
  std::optional<ExceptionRecord> e;
  {
    SqliteUse q((*st_)[StoreSql::kGetException]);
    q->Bind(1, id);
    const int rc = q->Step();
    if (rc == SQLITE_DONE) return e;
    if (rc != SQLITE_ROW) return Fail(what);
    e = ExceptionAt(*q);
  }
  if (!with_history) return e;
  SqliteUse q((*st_)[StoreSql::kEvents]);
  q->Bind(1, id);
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    e->history.push_back(EventAt(*q));
  }
  if (rc != SQLITE_DONE) return Fail(what);
  return e;
}

Result<std::optional<ExceptionRecord>> SqliteOrderStore::GetException(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  const SqliteReadSnapshot snapshot(db_.get());  // records and their lines from one version
  return ReadException(id, /*with_history=*/true);
}

Result<ExceptionRecord> SqliteOrderStore::ActOnException(int64_t id, ExceptionAction action,
                                                         std::string_view actor,
                                                         std::string_view comment, Timestamp now) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string what = "act on exception #" + std::to_string(id);
  SqliteTransaction tx(db_.get(), where_ + ": " + what, busy_timeout_ms_);
  RETURN_IF_ERROR(tx.Begun());
  ASSIGN_OR_RETURN(std::optional<ExceptionRecord> e, ReadException(id, false));
  if (!e) return NotFound("no exception #" + std::to_string(id));
  ExceptionDecision d = DecideExceptionAction(*e, action, actor, comment, now);
  RETURN_IF_ERROR(d.refusal);
  if (!e->source_key.empty()) {
    ASSIGN_OR_RETURN(std::optional<OutboxItem> item, ReadOutboxItem(e->source_key));
    if (item && ApplyToOutbox(d, actor, now, *item)) {
      bool found = false;
      RETURN_IF_ERROR(WriteOutboxUpdate(*item, &found));
    }
  }
  if (d.status != e->status) {
    SqliteUse q((*st_)[StoreSql::kSetStatus]);
    q->Bind(1, id);
    q->Bind(2, ExceptionStatusName(d.status));
    RETURN_IF_ERROR(Run(*q, what));
  }
  RETURN_IF_ERROR(AddEvent(id, d.event));
  RETURN_IF_ERROR(AddAudit(d.audit));
  ASSIGN_OR_RETURN(std::optional<ExceptionRecord> after, ReadException(id, true));
  RETURN_IF_ERROR(tx.Commit());
  return *std::move(after);
}

Status SqliteOrderStore::SetSkuMapping(const SkuMappingRecord& m) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string what = "set SKU mapping " + m.marketplace + "/" + m.seller_sku;
  SqliteTransaction tx(db_.get(), where_ + ": " + what, busy_timeout_ms_);
  RETURN_IF_ERROR(tx.Begun());
  {
    SqliteUse q((*st_)[StoreSql::kPutMapping]);
    BindMapping(*q, m);
    RETURN_IF_ERROR(Run(*q, what));
  }
  RETURN_IF_ERROR(AddAudit(MappingSetAudit(m)));
  return tx.Commit();
}

Status SqliteOrderStore::RemoveSkuMapping(std::string_view account, std::string_view marketplace,
                                          std::string_view sku, std::string_view actor,
                                          Timestamp at) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string what =
      "remove SKU mapping " + std::string(marketplace) + "/" + std::string(sku);
  SqliteTransaction tx(db_.get(), where_ + ": " + what, busy_timeout_ms_);
  RETURN_IF_ERROR(tx.Begun());
  std::string item_code;
  {
    SqliteUse q((*st_)[StoreSql::kRemoveMapping]);
    q->Bind(1, account);
    q->Bind(2, marketplace);
    q->Bind(3, sku);
    const int rc = q->Step();
    if (rc == SQLITE_DONE) {
      return NotFound("no SKU mapping for " + std::string(marketplace) + "/" + std::string(sku));
    }
    if (rc != SQLITE_ROW) return Fail(what);
    item_code = q->Text(0);
  }
  RETURN_IF_ERROR(AddAudit(MappingRemovedAudit(marketplace, sku, item_code, actor, at)));
  return tx.Commit();
}

Result<std::vector<SkuMappingRecord>> SqliteOrderStore::SkuMappings(std::string_view account) {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteUse q((*st_)[StoreSql::kMappings]);
  q->Bind(1, account);
  std::vector<SkuMappingRecord> out;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    out.push_back(MappingAt(*q));
  }
  if (rc != SQLITE_DONE) return Fail("read the SKU mappings");
  return out;
}

Result<std::vector<AuditEntry>> SqliteOrderStore::Audit(std::string_view entity, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteUse q(entity.empty() ? (*st_)[StoreSql::kAuditAll] : (*st_)[StoreSql::kAuditOf]);
  q->Bind(1, int64_t{limit});
  if (!entity.empty()) q->Bind(2, entity);
  std::vector<AuditEntry> out;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    out.push_back(AuditAt(*q));
  }
  if (rc != SQLITE_DONE) return Fail("read the audit log");
  return out;
}

}  // namespace fbaflow
