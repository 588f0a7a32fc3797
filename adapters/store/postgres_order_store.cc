#include "adapters/store/postgres_order_store.h"

#include <pqxx/pqxx>
#include <set>

#include "adapters/store/order_store_schema.h"
#include "adapters/store/order_store_sql.h"
#include "ports/order_store_rules.h"

namespace fbaflow {

namespace {

// One statement's parameters by position, in text format; NULL where none was bound.
class PgParams {
 public:
  void Bind(int i, std::string_view text) { Slot(i) = std::string(text); }
  void Bind(int i, int64_t value) { Slot(i) = std::to_string(value); }
  void BindNull(int i) { Slot(i).reset(); }

  std::vector<const char*> Pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
    return out;
  }

 private:
  std::optional<std::string>& Slot(int i) {
    if (values_.size() < static_cast<size_t>(i)) values_.resize(static_cast<size_t>(i));
    return values_[static_cast<size_t>(i) - 1];
  }
  std::vector<std::optional<std::string>> values_;
};

// A result row as the readers of order_store_sql.h read it.
// Holds the row by value: libpqxx 6 hands rows out by value (result[0] is a temporary), and a
// row is a cheap handle on its result.
class PgRow {
 public:
  explicit PgRow(pqxx::row row) : row_(std::move(row)) {}
  bool IsNull(int col) const { return row_[col].is_null(); }
  std::string Text(int col) const {
    return row_[col].is_null() ? std::string() : row_[col].c_str();
  }
  int64_t Int(int col) const { return row_[col].is_null() ? 0 : row_[col].as<long long>(); }

 private:
  pqxx::row row_;
};

// ?N → $N: the statements are written once, with SQLite's numbered parameters.
std::string ToDollar(std::string_view sql) {
  std::string out(sql);
  for (char& c : out) {
    if (c == '?') c = '$';
  }
  return out;
}

// Statements only this store runs (row locks and advisory locks have no SQLite counterpart:
// SQLite's IMMEDIATE transaction already holds the whole database).
constexpr const char* kLockRaise = "lock_raise";
constexpr const char* kLockExceptionRow = "lock_exception_row";

// Serialises concurrent migrations (any constant works; this one spells "fbaf").
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(1717723750)";

}  // namespace

std::string PostgresOrderStore::Redacted(std::string_view url) {
  std::string out(url);
  // postgresql://user:secret@host → postgresql://user@host
  if (const size_t scheme = out.find("://"); scheme != std::string::npos) {
    const size_t at = out.find('@', scheme + 3);
    const size_t colon = out.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.erase(colon, at - colon);
    }
  }
  // password=secret, as a URI parameter or a key=value pair
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p)) {
    const size_t end = out.find_first_of("& ", p);
    out.replace(p, (end == std::string::npos ? out.size() : end) - p, "password=***");
    p += 12;
  }
  return out;
}

struct PostgresOrderStore::Impl {
  std::string url;
  std::string where;  // "order store postgresql://fbaflow@db/fbaflow"
  std::unique_ptr<pqxx::connection> conn;

  // Opens the connection when there is none (at Open, and after one was lost).
  void Connect() {
    if (conn && conn->is_open()) return;
    conn = std::make_unique<pqxx::connection>(url);
    for (size_t i = 0; i < static_cast<size_t>(StoreSql::kCount); ++i) {
      const auto which = static_cast<StoreSql>(i);
      conn->prepare(std::string(OrderStoreSqlName(which)), ToDollar(OrderStoreSql(which)));
    }
    conn->prepare(kLockRaise, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))");
    conn->prepare(kLockExceptionRow, "SELECT id FROM exceptions WHERE id = $1 FOR UPDATE");
  }

  Status Migrate() {
    pqxx::work tx(*conn);
    tx.exec(kMigrationLock);
    tx.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const int found =
        tx.exec1("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0].as<int>();
    if (found > OrderStoreSchemaVersion()) return NewerSchemaError(Redacted(url), found);
    for (const OrderStoreMigration& m : OrderStoreMigrations()) {
      if (m.version <= found) continue;
      tx.exec(std::string(m.postgres));
      tx.exec_params("INSERT INTO schema_migrations (version) VALUES ($1)", m.version);
    }
    tx.commit();
    return OkStatus();
  }

  static pqxx::result Exec(pqxx::transaction_base& tx, StoreSql which, const PgParams& p) {
    const std::vector<const char*> values = p.Pointers();  // alive for the call
    return tx.exec_prepared(std::string(OrderStoreSqlName(which)),
                            pqxx::prepare::make_dynamic_params(values));
  }
  static pqxx::result Exec(pqxx::transaction_base& tx, StoreSql which) {
    return tx.exec_prepared(std::string(OrderStoreSqlName(which)));
  }

  // What a failure means for the caller (see the header).
  Status Map(std::string_view what, const std::exception& e) {
    const std::string message = where + ": " + std::string(what) + ": " + e.what();
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
        dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
      conn.reset();  // the next call connects again
      return Unavailable(message);
    }
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
      const std::string state = sql->sqlstate();
      // 08 connection, 40 serialisation/deadlock, 53 resources, 57 operator (shutdown), 55P03
      // lock not available.
      for (const char* retry : {"08", "40", "53", "57", "55P03"}) {
        if (state.rfind(retry, 0) == 0) return Unavailable(message);
      }
      return Internal(message + " (SQLSTATE " + state + ")");
    }
    return Internal(message);
  }

  // Runs `body` (which returns a Status or a Result) on the connection, converting what libpqxx
  // throws.
  template <typename R, typename F>
  R Guard(std::string_view what, F&& body) {
    try {
      Connect();
      return body();
    } catch (const std::exception& e) {
      return Map(what, e);
    }
  }

  Status PutOrder(pqxx::work& tx, const OrderRecord& o) {
    PgParams p;
    BindOrder(p, o);
    Exec(tx, StoreSql::kPutOrder, p);
    PgParams d;
    d.Bind(1, o.order_id);
    Exec(tx, StoreSql::kDeleteLines, d);
    for (size_t n = 0; n < o.lines.size(); ++n) {
      PgParams l;
      BindLine(l, o.order_id, static_cast<int64_t>(n), o.lines[n]);
      Exec(tx, StoreSql::kPutLine, l);
    }
    return OkStatus();
  }

  void AddEvent(pqxx::transaction_base& tx, int64_t id, const ExceptionEvent& e) {
    PgParams p;
    BindEvent(p, id, e);
    Exec(tx, StoreSql::kAddEvent, p);
  }

  void AddAudit(pqxx::transaction_base& tx, const AuditEntry& a) {
    PgParams p;
    BindAudit(p, a);
    Exec(tx, StoreSql::kAddAudit, p);
  }

  void Raise(pqxx::work& tx, const ExceptionRaise& r) {
    tx.exec_prepared(kLockRaise, r.type + "\n" + r.entity);
    PgParams find;
    find.Bind(1, r.type);
    find.Bind(2, r.entity);
    const pqxx::result open = Exec(tx, StoreSql::kFindOpenException, find);
    if (!open.empty()) {
      const PgRow row(open[0]);
      const int64_t id = row.Int(0);
      PgParams p;
      BindSeenAgain(p, id, r);
      // ActOnException does not take the raise lock: a person may have closed it meanwhile, and
      // then the problem that came back is a new exception, not a sighting of a closed one.
      if (Exec(tx, StoreSql::kSeenAgain, p).affected_rows() == 1) {
        if (row.Text(1) != r.message) AddEvent(tx, id, {r.at, "fbaflow", "seen again", r.message});
        return;
      }
    }
    PgParams p;
    BindNewException(p, r);
    const int64_t id = PgRow(Exec(tx, StoreSql::kNewException, p)[0]).Int(0);
    AddEvent(tx, id, {r.at, "fbaflow", "raised", r.message});
  }

  Result<std::vector<OrderRecord>> Orders(pqxx::transaction_base& tx, const pqxx::result& rows) {
    std::vector<OrderRecord> out;
    for (const pqxx::row& row : rows) out.push_back(OrderAt(PgRow(row)));
    for (OrderRecord& o : out) {
      PgParams p;
      p.Bind(1, o.order_id);
      for (const pqxx::row& row : Exec(tx, StoreSql::kGetLines, p)) {
        ASSIGN_OR_RETURN(OrderLineRecord l, LineAt(PgRow(row), where + ": order " + o.order_id));
        o.lines.push_back(std::move(l));
      }
    }
    return out;
  }

  static std::vector<OutboxItem> Items(const pqxx::result& rows) {
    std::vector<OutboxItem> out;
    for (const pqxx::row& row : rows) out.push_back(OutboxAt(PgRow(row)));
    return out;
  }

  std::optional<OutboxItem> Item(pqxx::transaction_base& tx, std::string_view key) {
    PgParams p;
    p.Bind(1, key);
    std::vector<OutboxItem> found = Items(Exec(tx, StoreSql::kGetOutbox, p));
    if (found.empty()) return std::nullopt;
    return std::move(found[0]);
  }

  std::optional<ExceptionRecord> Exception(pqxx::transaction_base& tx, int64_t id,
                                           bool with_history) {
    PgParams p;
    p.Bind(1, id);
    const pqxx::result rows = Exec(tx, StoreSql::kGetException, p);
    if (rows.empty()) return std::nullopt;
    ExceptionRecord e = ExceptionAt(PgRow(rows[0]));
    if (with_history) {
      for (const pqxx::row& row : Exec(tx, StoreSql::kEvents, p)) {
        e.history.push_back(EventAt(PgRow(row)));
      }
    }
    return e;
  }

  // LIMIT: the port's negative limit is "every row", which PostgreSQL spells NULL.
  static void BindLimit(PgParams& p, int i, int limit) {
    if (limit < 0) {
      p.BindNull(i);
    } else {
      p.Bind(i, int64_t{limit});
    }
  }
};

PostgresOrderStore::PostgresOrderStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PostgresOrderStore::~PostgresOrderStore() = default;

Result<std::unique_ptr<PostgresOrderStore>> PostgresOrderStore::Open(std::string url) {
  auto impl = std::make_unique<Impl>();
  impl->where = "order store " + Redacted(url);
  impl->url = std::move(url);
  Impl& i = *impl;
  RETURN_IF_ERROR(i.Guard<Status>("migrate the schema", [&] { return i.Migrate(); }));
  return std::unique_ptr<PostgresOrderStore>(new PostgresOrderStore(std::move(impl)));
}

Status PostgresOrderStore::Apply(const StoreBatch& b) {
  if (b.Empty()) return OkStatus();
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  return i.Guard<Status>("apply a batch", [&]() -> Status {
    pqxx::work tx(*i.conn);
    for (const auto& [name, at] : b.cursors) {
      PgParams p;
      p.Bind(1, name);
      BindTime(p, 2, at);
      Impl::Exec(tx, StoreSql::kPutCursor, p);
    }
    for (const OrderRecord& o : b.orders) RETURN_IF_ERROR(i.PutOrder(tx, o));
    for (const OutboxItem& e : b.enqueue) {
      PgParams p;
      BindEnqueue(p, e);
      Impl::Exec(tx, StoreSql::kEnqueue, p);
    }
    for (const OutboxItem& u : b.outbox_updates) {
      PgParams p;
      BindOutboxUpdate(p, u);
      // Returning without commit rolls the whole batch back.
      if (Impl::Exec(tx, StoreSql::kUpdateOutbox, p).empty()) {
        return NotFound(i.where + ": no outbox item " + u.key);
      }
    }
    for (const ExceptionRaise& r : b.raise) i.Raise(tx, r);
    for (const ExceptionClose& c : b.close) {
      PgParams p;
      BindClose(p, c);
      Impl::Exec(tx, StoreSql::kCloseEvents, p);
      PgParams k;
      k.Bind(1, c.source_key);
      Impl::Exec(tx, StoreSql::kClose, k);
    }
    for (const AuditEntry& a : b.audit) i.AddAudit(tx, a);
    tx.commit();
    return OkStatus();
  });
}

Result<std::optional<Timestamp>> PostgresOrderStore::Cursor(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<std::optional<Timestamp>>;
  return i.Guard<R>("read cursor " + std::string(name), [&]() -> R {
    pqxx::nontransaction tx(*i.conn);
    PgParams p;
    p.Bind(1, name);
    const pqxx::result rows = Impl::Exec(tx, StoreSql::kGetCursor, p);
    if (rows.empty()) return std::optional<Timestamp>();
    return std::optional<Timestamp>(TimeAt(PgRow(rows[0]), 0));
  });
}

Result<std::vector<OrderRecord>> PostgresOrderStore::FindOrders(
    const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<std::vector<OrderRecord>>;
  return i.Guard<R>("read orders", [&]() -> R {
    // One snapshot for the orders and their lines.
    pqxx::read_transaction tx(*i.conn);
    std::vector<OrderRecord> out;
    for (const std::string& id : std::set<std::string>(ids.begin(), ids.end())) {
      PgParams p;
      p.Bind(1, id);
      ASSIGN_OR_RETURN(std::vector<OrderRecord> found,
                       i.Orders(tx, Impl::Exec(tx, StoreSql::kGetOrder, p)));
      for (OrderRecord& o : found) out.push_back(std::move(o));
    }
    return out;
  });
}

Result<std::vector<OrderRecord>> PostgresOrderStore::OrdersAwaitingWarehouse() {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<std::vector<OrderRecord>>;
  return i.Guard<R>("read the orders awaiting the warehouse", [&]() -> R {
    pqxx::read_transaction tx(*i.conn);
    TransitionSet sale, cancel;
    sale.Add(OrderTransition::kSale);
    cancel.Add(OrderTransition::kCancel);
    PgParams p;
    p.Bind(1, int64_t{sale.Bits()});
    p.Bind(2, int64_t{cancel.Bits()});
    return i.Orders(tx, Impl::Exec(tx, StoreSql::kAwaiting, p));
  });
}

Result<std::vector<OutboxItem>> PostgresOrderStore::DueOutbox(Timestamp now, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<std::vector<OutboxItem>>;
  return i.Guard<R>("read the due outbox items", [&]() -> R {
    pqxx::nontransaction tx(*i.conn);
    PgParams p;
    p.Bind(1, now.utc_seconds);
    Impl::BindLimit(p, 2, limit);
    return Impl::Items(Impl::Exec(tx, StoreSql::kDue, p));
  });
}

Result<std::vector<OutboxItem>> PostgresOrderStore::OutboxIn(OutboxState state, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<std::vector<OutboxItem>>;
  return i.Guard<R>("read the outbox", [&]() -> R {
    pqxx::nontransaction tx(*i.conn);
    PgParams p;
    p.Bind(1, OutboxStateName(state));
    Impl::BindLimit(p, 2, limit);
    return Impl::Items(Impl::Exec(tx, StoreSql::kOutboxIn, p));
  });
}

Result<std::optional<OutboxItem>> PostgresOrderStore::GetOutbox(std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<std::optional<OutboxItem>>;
  return i.Guard<R>("read outbox item " + std::string(key), [&]() -> R {
    pqxx::nontransaction tx(*i.conn);
    return i.Item(tx, key);
  });
}

Result<OutboxCounts> PostgresOrderStore::CountOutbox() {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<OutboxCounts>;
  return i.Guard<R>("count the outbox", [&]() -> R {
    pqxx::nontransaction tx(*i.conn);
    OutboxCounts c;
    for (const pqxx::row& row : Impl::Exec(tx, StoreSql::kCountOutbox)) {
      const PgRow r(row);
      const OutboxState state = OutboxStateFromName(r.Text(0));
      (state == OutboxState::kPending  ? c.pending
       : state == OutboxState::kParked ? c.parked
                                       : c.done) = r.Int(1);
    }
    return c;
  });
}

Result<std::vector<ExceptionRecord>> PostgresOrderStore::Exceptions(const ExceptionFilter& f) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<std::vector<ExceptionRecord>>;
  return i.Guard<R>("read the exceptions", [&]() -> R {
    pqxx::nontransaction tx(*i.conn);
    PgParams p;
    if (f.status) {
      p.Bind(1, ExceptionStatusName(*f.status));
    } else {
      p.BindNull(1);
    }
    p.Bind(2, f.owner);
    p.Bind(3, f.type);
    p.Bind(4, f.entity);
    std::vector<ExceptionRecord> out;
    for (const pqxx::row& row : Impl::Exec(tx, StoreSql::kExceptions, p)) {
      out.push_back(ExceptionAt(PgRow(row)));
    }
    return out;
  });
}

Result<std::optional<ExceptionRecord>> PostgresOrderStore::GetException(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<std::optional<ExceptionRecord>>;
  return i.Guard<R>("read exception #" + std::to_string(id), [&]() -> R {
    pqxx::read_transaction tx(*i.conn);
    return i.Exception(tx, id, /*with_history=*/true);
  });
}

Result<ExceptionRecord> PostgresOrderStore::ActOnException(int64_t id, ExceptionAction action,
                                                           std::string_view actor,
                                                           std::string_view comment,
                                                           Timestamp now) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<ExceptionRecord>;
  return i.Guard<R>("act on exception #" + std::to_string(id), [&]() -> R {
    pqxx::work tx(*i.conn);
    // Two people acting on one exception at once take turns.
    tx.exec_prepared(kLockExceptionRow, id);
    std::optional<ExceptionRecord> e = i.Exception(tx, id, false);
    if (!e) return NotFound("no exception #" + std::to_string(id));
    const ExceptionDecision d = DecideExceptionAction(*e, action, actor, comment, now);
    RETURN_IF_ERROR(d.refusal);
    if (!e->source_key.empty()) {
      std::optional<OutboxItem> item = i.Item(tx, e->source_key);
      if (item && ApplyToOutbox(d, actor, now, *item)) {
        PgParams p;
        BindOutboxUpdate(p, *item);
        Impl::Exec(tx, StoreSql::kUpdateOutbox, p);
      }
    }
    if (d.status != e->status) {
      PgParams p;
      p.Bind(1, id);
      p.Bind(2, ExceptionStatusName(d.status));
      Impl::Exec(tx, StoreSql::kSetStatus, p);
    }
    i.AddEvent(tx, id, d.event);
    i.AddAudit(tx, d.audit);
    std::optional<ExceptionRecord> after = i.Exception(tx, id, true);
    tx.commit();
    return *std::move(after);
  });
}

Status PostgresOrderStore::SetSkuMapping(const SkuMappingRecord& m) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  return i.Guard<Status>("set SKU mapping " + m.marketplace + "/" + m.seller_sku, [&] {
    pqxx::work tx(*i.conn);
    PgParams p;
    BindMapping(p, m);
    Impl::Exec(tx, StoreSql::kPutMapping, p);
    i.AddAudit(tx, MappingSetAudit(m));
    tx.commit();
    return OkStatus();
  });
}

Status PostgresOrderStore::RemoveSkuMapping(std::string_view account, std::string_view marketplace,
                                            std::string_view sku, std::string_view actor,
                                            Timestamp at) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  const std::string what =
      "remove SKU mapping " + std::string(marketplace) + "/" + std::string(sku);
  return i.Guard<Status>(what, [&]() -> Status {
    pqxx::work tx(*i.conn);
    PgParams p;
    p.Bind(1, account);
    p.Bind(2, marketplace);
    p.Bind(3, sku);
    const pqxx::result removed = Impl::Exec(tx, StoreSql::kRemoveMapping, p);
    if (removed.empty()) {
      return NotFound("no SKU mapping for " + std::string(marketplace) + "/" + std::string(sku));
    }
    i.AddAudit(tx, MappingRemovedAudit(marketplace, sku, PgRow(removed[0]).Text(0), actor, at));
    tx.commit();
    return OkStatus();
  });
}

Result<std::vector<SkuMappingRecord>> PostgresOrderStore::SkuMappings(std::string_view account) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<std::vector<SkuMappingRecord>>;
  return i.Guard<R>("read the SKU mappings", [&]() -> R {
    pqxx::nontransaction tx(*i.conn);
    PgParams p;
    p.Bind(1, account);
    std::vector<SkuMappingRecord> out;
    for (const pqxx::row& row : Impl::Exec(tx, StoreSql::kMappings, p)) {
      out.push_back(MappingAt(PgRow(row)));
    }
    return out;
  });
}

Result<std::vector<AuditEntry>> PostgresOrderStore::Audit(std::string_view entity, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  Impl& i = *impl_;
  using R = Result<std::vector<AuditEntry>>;
  return i.Guard<R>("read the audit log", [&]() -> R {
    pqxx::nontransaction tx(*i.conn);
    PgParams p;
    Impl::BindLimit(p, 1, limit);
    if (!entity.empty()) p.Bind(2, entity);
    std::vector<AuditEntry> out;
    for (const pqxx::row& row :
         Impl::Exec(tx, entity.empty() ? StoreSql::kAuditAll : StoreSql::kAuditOf, p)) {
      out.push_back(AuditAt(PgRow(row)));
    }
    return out;
  });
}

}  // namespace fbaflow
