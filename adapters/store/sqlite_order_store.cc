#include "adapters/store/sqlite_order_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <set>

#include "adapters/store/order_store_rules.h"
#include "adapters/store/order_store_schema.h"

namespace fbaflow {

namespace {

constexpr std::string_view kOrderColumns =
    "order_id, account, marketplace, marketplace_id, fulfilled_by, amazon_status, created_time, "
    "created_time_offset, last_updated_time, last_updated_time_offset, shipped_time, "
    "shipped_time_offset, queued, erp_shipped, erp_sale_id, erp_sale_number, confirmed_at, "
    "confirmed_at_offset";
constexpr std::string_view kOutboxColumns =
    "seq, key, kind, entity, payload, state, attempts, created_at, created_at_offset, "
    "next_attempt_at, next_attempt_at_offset, last_error, result, done_at, done_at_offset";
constexpr std::string_view kExceptionColumns =
    "id, type, owner, entity, message, source_key, first_seen, first_seen_offset, last_seen, "
    "last_seen_offset, attempts, status";

std::string Sql(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s += p;
  return s;
}

void BindTime(SqliteStmt& q, int i, Timestamp t) {
  q.Bind(i, t.utc_seconds);
  q.Bind(i + 1, int64_t{t.offset_minutes});
}

void BindTime(SqliteStmt& q, int i, const std::optional<Timestamp>& t) {
  if (t) {
    BindTime(q, i, *t);
  } else {
    q.BindNull(i);
    q.BindNull(i + 1);
  }
}

Timestamp TimeAt(const SqliteStmt& q, int col) {
  return Timestamp{q.Int(col), static_cast<int>(q.Int(col + 1))};
}

std::optional<Timestamp> OptTimeAt(const SqliteStmt& q, int col) {
  if (q.IsNull(col)) return std::nullopt;
  return TimeAt(q, col);
}

OrderRecord OrderAt(const SqliteStmt& q) {
  OrderRecord o;
  o.order_id = q.Text(0);
  o.account = q.Text(1);
  o.marketplace = q.Text(2);
  o.marketplace_id = q.Text(3);
  o.fulfilled_by = q.Text(4);
  o.amazon_status = q.Text(5);
  o.created_time = TimeAt(q, 6);
  o.last_updated_time = TimeAt(q, 8);
  o.shipped_time = OptTimeAt(q, 10);
  o.queued = TransitionSet::FromBits(static_cast<uint8_t>(q.Int(12)));
  o.erp_shipped = q.Int(13) != 0;
  o.erp_sale_id = q.Text(14);
  o.erp_sale_number = q.Text(15);
  o.confirmed_at = OptTimeAt(q, 16);
  return o;
}

OutboxItem OutboxAt(const SqliteStmt& q) {
  OutboxItem i;
  i.seq = q.Int(0);
  i.key = q.Text(1);
  i.kind = q.Text(2);
  i.entity = q.Text(3);
  i.payload = q.Text(4);
  i.state = OutboxStateFromName(q.Text(5));
  i.attempts = static_cast<int>(q.Int(6));
  i.created_at = TimeAt(q, 7);
  i.next_attempt_at = TimeAt(q, 9);
  i.last_error = q.Text(11);
  i.result = q.Text(12);
  i.done_at = OptTimeAt(q, 13);
  return i;
}

ExceptionRecord ExceptionAt(const SqliteStmt& q) {
  ExceptionRecord e;
  e.id = q.Int(0);
  e.type = q.Text(1);
  e.owner = q.Text(2);
  e.entity = q.Text(3);
  e.message = q.Text(4);
  e.source_key = q.Text(5);
  e.first_seen = TimeAt(q, 6);
  e.last_seen = TimeAt(q, 8);
  e.attempts = static_cast<int>(q.Int(10));
  e.status = ParseExceptionStatus(q.Text(11)).value_or(ExceptionStatus::kOpen);
  return e;
}

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

// Every statement the store runs, prepared once at Open.
struct SqliteOrderStore::Statements {
  explicit Statements(sqlite3* db)
      : put_cursor(db,
                   "INSERT INTO cursors (name, at, at_offset) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT (name) DO UPDATE SET at = excluded.at, "
                   "at_offset = excluded.at_offset"),
        get_cursor(db, "SELECT at, at_offset FROM cursors WHERE name = ?1"),
        put_order(db, Sql({"INSERT INTO orders (", kOrderColumns,
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                           "?14, ?15, ?16, ?17, ?18) ON CONFLICT (order_id) DO UPDATE SET "
                           "account = ?2, marketplace = ?3, marketplace_id = ?4, "
                           "fulfilled_by = ?5, amazon_status = ?6, created_time = ?7, "
                           "created_time_offset = ?8, last_updated_time = ?9, "
                           "last_updated_time_offset = ?10, shipped_time = ?11, "
                           "shipped_time_offset = ?12, queued = ?13, erp_shipped = ?14, "
                           "erp_sale_id = ?15, erp_sale_number = ?16, confirmed_at = ?17, "
                           "confirmed_at_offset = ?18"})),
        delete_lines(db, "DELETE FROM order_lines WHERE order_id = ?1"),
        put_line(db,
                 "INSERT INTO order_lines (order_id, line_no, order_item_id, seller_sku, "
                 "quantity, unit_price, currency) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        get_order(db, Sql({"SELECT ", kOrderColumns, " FROM orders WHERE order_id = ?1"})),
        get_lines(db,
                  "SELECT order_item_id, seller_sku, quantity, unit_price, currency "
                  "FROM order_lines WHERE order_id = ?1 ORDER BY line_no"),
        awaiting(db, Sql({"SELECT ", kOrderColumns,
                          " FROM orders WHERE fulfilled_by = 'MERCHANT' AND erp_shipped = 0 "
                          "AND (queued & ?1) != 0 AND (queued & ?2) = 0 ORDER BY order_id"})),
        enqueue(db, Sql({"INSERT INTO outbox (", kOutboxColumns.substr(5),
                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
                         "ON CONFLICT (key) DO NOTHING"})),
        update_outbox(db,
                      "UPDATE outbox SET state = ?2, attempts = ?3, next_attempt_at = ?4, "
                      "next_attempt_at_offset = ?5, last_error = ?6, result = ?7, done_at = ?8, "
                      "done_at_offset = ?9 WHERE key = ?1 RETURNING seq"),
        due(db, Sql({"SELECT ", kOutboxColumns,
                     " FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1 "
                     "ORDER BY seq LIMIT ?2"})),
        outbox_in(db, Sql({"SELECT ", kOutboxColumns,
                           " FROM outbox WHERE state = ?1 ORDER BY seq LIMIT ?2"})),
        get_outbox(db, Sql({"SELECT ", kOutboxColumns, " FROM outbox WHERE key = ?1"})),
        count_outbox(db, "SELECT state, COUNT(*) FROM outbox GROUP BY state"),
        find_open(db,
                  "SELECT id, message FROM exceptions "
                  "WHERE type = ?1 AND entity = ?2 AND status = 'open'"),
        seen_again(db,
                   "UPDATE exceptions SET message = ?2, last_seen = ?3, last_seen_offset = ?4, "
                   "attempts = attempts + 1, "
                   "source_key = CASE WHEN ?5 = '' THEN source_key ELSE ?5 END WHERE id = ?1"),
        new_exception(db,
                      "INSERT INTO exceptions (type, owner, entity, message, source_key, "
                      "first_seen, first_seen_offset, last_seen, last_seen_offset, attempts, "
                      "status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7, 1, 'open') "
                      "RETURNING id"),
        add_event(db,
                  "INSERT INTO exception_events (exception_id, at, at_offset, actor, action, "
                  "comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        close_events(db,
                     "INSERT INTO exception_events (exception_id, at, at_offset, actor, action, "
                     "comment) SELECT id, ?2, ?3, ?4, 'resolved', ?5 FROM exceptions "
                     "WHERE status = 'open' AND source_key = ?1 ORDER BY id"),
        close(db,
              "UPDATE exceptions SET status = 'resolved' "
              "WHERE status = 'open' AND source_key = ?1"),
        set_status(db, "UPDATE exceptions SET status = ?2 WHERE id = ?1"),
        exceptions(db, Sql({"SELECT ", kExceptionColumns,
                            " FROM exceptions WHERE (?1 IS NULL OR status = ?1) "
                            "AND (?2 = '' OR owner = ?2) AND (?3 = '' OR type = ?3) "
                            "AND (?4 = '' OR entity = ?4) ORDER BY last_seen DESC, id DESC"})),
        get_exception(db, Sql({"SELECT ", kExceptionColumns, " FROM exceptions WHERE id = ?1"})),
        events(db,
               "SELECT at, at_offset, actor, action, comment FROM exception_events "
               "WHERE exception_id = ?1 ORDER BY id"),
        add_audit(db,
                  "INSERT INTO audit (at, at_offset, actor, action, entity, detail) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        audit_all(db,
                  "SELECT at, at_offset, actor, action, entity, detail FROM "
                  "(SELECT * FROM audit ORDER BY id DESC LIMIT ?1) ORDER BY id"),
        audit_of(db,
                 "SELECT at, at_offset, actor, action, entity, detail FROM "
                 "(SELECT * FROM audit WHERE entity = ?2 ORDER BY id DESC LIMIT ?1) ORDER BY id"),
        put_mapping(db,
                    "INSERT INTO sku_mappings (account, marketplace, seller_sku, item_code, "
                    "actor, updated_at, updated_at_offset) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                    "ON CONFLICT (account, marketplace, seller_sku) DO UPDATE SET "
                    "item_code = ?4, actor = ?5, updated_at = ?6, updated_at_offset = ?7"),
        remove_mapping(db,
                       "DELETE FROM sku_mappings WHERE account = ?1 AND marketplace = ?2 AND "
                       "seller_sku = ?3 RETURNING item_code"),
        mappings(db,
                 "SELECT account, marketplace, seller_sku, item_code, actor, updated_at, "
                 "updated_at_offset FROM sku_mappings WHERE account = ?1 "
                 "ORDER BY marketplace, seller_sku") {}

  Status Prepared(const std::string& where) const {
    for (const SqliteStmt* s :
         {&put_cursor, &get_cursor,    &put_order,     &delete_lines,   &put_line,
          &get_order,  &get_lines,     &awaiting,      &enqueue,        &update_outbox,
          &due,        &outbox_in,     &get_outbox,    &count_outbox,   &find_open,
          &seen_again, &new_exception, &add_event,     &close_events,   &close,
          &set_status, &exceptions,    &get_exception, &events,         &add_audit,
          &audit_all,  &audit_of,      &put_mapping,   &remove_mapping, &mappings}) {
      RETURN_IF_ERROR(s->Prepared(where));
    }
    return OkStatus();
  }

  SqliteStmt put_cursor, get_cursor;
  SqliteStmt put_order, delete_lines, put_line, get_order, get_lines, awaiting;
  SqliteStmt enqueue, update_outbox, due, outbox_in, get_outbox, count_outbox;
  SqliteStmt find_open, seen_again, new_exception, add_event, close_events, close, set_status;
  SqliteStmt exceptions, get_exception, events;
  SqliteStmt add_audit, audit_all, audit_of;
  SqliteStmt put_mapping, remove_mapping, mappings;
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
    SqliteUse q(st_->put_order);
    q->Bind(1, o.order_id);
    q->Bind(2, o.account);
    q->Bind(3, o.marketplace);
    q->Bind(4, o.marketplace_id);
    q->Bind(5, o.fulfilled_by);
    q->Bind(6, o.amazon_status);
    BindTime(*q, 7, o.created_time);
    BindTime(*q, 9, o.last_updated_time);
    BindTime(*q, 11, o.shipped_time);
    q->Bind(13, int64_t{o.queued.Bits()});
    q->Bind(14, int64_t{o.erp_shipped ? 1 : 0});
    q->Bind(15, o.erp_sale_id);
    q->Bind(16, o.erp_sale_number);
    BindTime(*q, 17, o.confirmed_at);
    RETURN_IF_ERROR(Run(*q, what));
  }
  {
    SqliteUse q(st_->delete_lines);
    q->Bind(1, o.order_id);
    RETURN_IF_ERROR(Run(*q, what));
  }
  for (size_t n = 0; n < o.lines.size(); ++n) {
    const OrderLineRecord& l = o.lines[n];
    SqliteUse q(st_->put_line);
    q->Bind(1, o.order_id);
    q->Bind(2, static_cast<int64_t>(n));
    q->Bind(3, l.order_item_id);
    q->Bind(4, l.seller_sku);
    q->Bind(5, l.quantity);
    if (l.unit_price) {
      q->Bind(6, l.unit_price->ToString());
      q->Bind(7, l.unit_price->GetCurrency().Code());
    }
    RETURN_IF_ERROR(Run(*q, what));
  }
  return OkStatus();
}

Status SqliteOrderStore::WriteOutboxUpdate(const OutboxItem& u, bool* found) {
  SqliteUse q(st_->update_outbox);
  q->Bind(1, u.key);
  q->Bind(2, OutboxStateName(u.state));
  q->Bind(3, int64_t{u.attempts});
  BindTime(*q, 4, u.next_attempt_at);
  q->Bind(6, u.last_error);
  q->Bind(7, u.result);
  BindTime(*q, 8, u.done_at);
  const int rc = q->Step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Fail("update outbox item " + u.key);
  *found = rc == SQLITE_ROW;
  return OkStatus();
}

Status SqliteOrderStore::AddEvent(int64_t exception_id, const ExceptionEvent& e) {
  SqliteUse q(st_->add_event);
  q->Bind(1, exception_id);
  BindTime(*q, 2, e.at);
  q->Bind(4, e.actor);
  q->Bind(5, e.action);
  q->Bind(6, e.comment);
  return Run(*q, "record exception history");
}

Status SqliteOrderStore::AddAudit(const AuditEntry& a) {
  SqliteUse q(st_->add_audit);
  BindTime(*q, 1, a.at);
  q->Bind(3, a.actor);
  q->Bind(4, a.action);
  q->Bind(5, a.entity);
  q->Bind(6, a.detail);
  return Run(*q, "append to the audit log");
}

Status SqliteOrderStore::RaiseException(const ExceptionRaise& r) {
  const std::string what = "raise " + r.type + " for " + r.entity;
  int64_t open_id = 0;
  std::string open_message;
  {
    SqliteUse q(st_->find_open);
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
    SqliteUse q(st_->seen_again);
    q->Bind(1, open_id);
    q->Bind(2, r.message);
    BindTime(*q, 3, r.at);
    q->Bind(5, r.source_key);
    return Run(*q, what);
  }
  int64_t id = 0;
  {
    SqliteUse q(st_->new_exception);
    q->Bind(1, r.type);
    q->Bind(2, r.owner);
    q->Bind(3, r.entity);
    q->Bind(4, r.message);
    q->Bind(5, r.source_key);
    BindTime(*q, 6, r.at);
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
    SqliteUse q(st_->put_cursor);
    q->Bind(1, name);
    BindTime(*q, 2, at);
    RETURN_IF_ERROR(Run(*q, "write cursor " + name));
  }
  for (const OrderRecord& o : b.orders) RETURN_IF_ERROR(PutOrder(o));
  for (const OutboxItem& e : b.enqueue) {
    SqliteUse q(st_->enqueue);
    q->Bind(1, e.key);
    q->Bind(2, e.kind);
    q->Bind(3, e.entity);
    q->Bind(4, e.payload);
    q->Bind(5, OutboxStateName(e.state));
    q->Bind(6, int64_t{e.attempts});
    BindTime(*q, 7, e.created_at);
    BindTime(*q, 9, e.next_attempt_at);
    q->Bind(11, e.last_error);
    q->Bind(12, e.result);
    BindTime(*q, 13, e.done_at);
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
      SqliteUse q(st_->close_events);
      q->Bind(1, c.source_key);
      BindTime(*q, 2, c.at);
      q->Bind(4, c.actor);
      q->Bind(5, c.comment);
      RETURN_IF_ERROR(Run(*q, what));
    }
    SqliteUse q(st_->close);
    q->Bind(1, c.source_key);
    RETURN_IF_ERROR(Run(*q, what));
  }
  for (const AuditEntry& a : b.audit) RETURN_IF_ERROR(AddAudit(a));
  return tx.Commit();
}

Result<std::optional<Timestamp>> SqliteOrderStore::Cursor(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteUse q(st_->get_cursor);
  q->Bind(1, name);
  const int rc = q->Step();
  if (rc == SQLITE_DONE) return std::optional<Timestamp>();
  if (rc != SQLITE_ROW) return Fail("read cursor " + std::string(name));
  return std::optional<Timestamp>(TimeAt(*q, 0));
}

Status SqliteOrderStore::ReadLines(OrderRecord& o) {
  SqliteUse q(st_->get_lines);
  q->Bind(1, o.order_id);
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    OrderLineRecord l;
    l.order_item_id = q->Text(0);
    l.seller_sku = q->Text(1);
    l.quantity = q->Int(2);
    if (!q->IsNull(3)) {
      ASSIGN_OR_RETURN(l.unit_price,
                       PriceFromText(q->Text(3), q->Text(4), where_ + ": order " + o.order_id));
    }
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
  std::vector<OrderRecord> out;
  for (const std::string& id : std::set<std::string>(ids.begin(), ids.end())) {
    SqliteUse q(st_->get_order);
    q->Bind(1, id);
    ASSIGN_OR_RETURN(std::vector<OrderRecord> found, ReadOrders(*q, "read order " + id));
    for (OrderRecord& o : found) out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<OrderRecord>> SqliteOrderStore::OrdersAwaitingWarehouse() {
  std::lock_guard<std::mutex> lock(mu_);
  TransitionSet sale, cancel;
  sale.Add(OrderTransition::kSale);
  cancel.Add(OrderTransition::kCancel);
  SqliteUse q(st_->awaiting);
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
  SqliteUse q(st_->due);
  q->Bind(1, now.utc_seconds);
  q->Bind(2, int64_t{limit});  // negative: no limit, as the port allows
  return ReadOutbox(*q, "read the due outbox items");
}

Result<std::vector<OutboxItem>> SqliteOrderStore::OutboxIn(OutboxState state, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteUse q(st_->outbox_in);
  q->Bind(1, OutboxStateName(state));
  q->Bind(2, int64_t{limit});
  return ReadOutbox(*q, "read the outbox");
}

Result<std::optional<OutboxItem>> SqliteOrderStore::ReadOutboxItem(std::string_view key) {
  SqliteUse q(st_->get_outbox);
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
  SqliteUse q(st_->count_outbox);
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
  SqliteUse q(st_->exceptions);
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
    SqliteUse q(st_->get_exception);
    q->Bind(1, id);
    const int rc = q->Step();
    if (rc == SQLITE_DONE) return e;
    if (rc != SQLITE_ROW) return Fail(what);
    e = ExceptionAt(*q);
  }
  if (!with_history) return e;
  SqliteUse q(st_->events);
  q->Bind(1, id);
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    e->history.push_back({TimeAt(*q, 0), q->Text(2), q->Text(3), q->Text(4)});
  }
  if (rc != SQLITE_DONE) return Fail(what);
  return e;
}

Result<std::optional<ExceptionRecord>> SqliteOrderStore::GetException(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
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
    SqliteUse q(st_->set_status);
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
    SqliteUse q(st_->put_mapping);
    q->Bind(1, m.account);
    q->Bind(2, m.marketplace);
    q->Bind(3, m.seller_sku);
    q->Bind(4, m.item_code);
    q->Bind(5, m.actor);
    BindTime(*q, 6, m.updated_at);
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
    SqliteUse q(st_->remove_mapping);
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
  SqliteUse q(st_->mappings);
  q->Bind(1, account);
  std::vector<SkuMappingRecord> out;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    out.push_back({q->Text(0), q->Text(1), q->Text(2), q->Text(3), q->Text(4), TimeAt(*q, 5)});
  }
  if (rc != SQLITE_DONE) return Fail("read the SKU mappings");
  return out;
}

Result<std::vector<AuditEntry>> SqliteOrderStore::Audit(std::string_view entity, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteUse q(entity.empty() ? st_->audit_all : st_->audit_of);
  q->Bind(1, int64_t{limit});
  if (!entity.empty()) q->Bind(2, entity);
  std::vector<AuditEntry> out;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    out.push_back({TimeAt(*q, 0), q->Text(2), q->Text(3), q->Text(4), q->Text(5)});
  }
  if (rc != SQLITE_DONE) return Fail("read the audit log");
  return out;
}

}  // namespace fbaflow
