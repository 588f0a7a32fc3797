#include "adapters/store/order_store_sql.h"

#include <array>
#include <cstdlib>

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

struct Statement {
  StoreSql which;
  std::string_view name;
  std::string text;
};

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s += p;
  return s;
}

std::array<Statement, static_cast<size_t>(StoreSql::kCount)> MakeStatements() {
  using S = StoreSql;
  return {{
      {S::kPutCursor, "put_cursor",
       "INSERT INTO cursors (name, at, at_offset) VALUES (?1, ?2, ?3) "
       "ON CONFLICT (name) DO UPDATE SET at = excluded.at, at_offset = excluded.at_offset"},
      {S::kGetCursor, "get_cursor", "SELECT at, at_offset FROM cursors WHERE name = ?1"},
      {S::kPutOrder, "put_order",
       Cat({"INSERT INTO orders (", kOrderColumns,
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
            "?17, ?18) ON CONFLICT (order_id) DO UPDATE SET account = ?2, marketplace = ?3, "
            "marketplace_id = ?4, fulfilled_by = ?5, amazon_status = ?6, created_time = ?7, "
            "created_time_offset = ?8, last_updated_time = ?9, last_updated_time_offset = ?10, "
            "shipped_time = ?11, shipped_time_offset = ?12, queued = ?13, erp_shipped = ?14, "
            "erp_sale_id = ?15, erp_sale_number = ?16, confirmed_at = ?17, "
            "confirmed_at_offset = ?18"})},
      {S::kDeleteLines, "delete_lines", "DELETE FROM order_lines WHERE order_id = ?1"},
      {S::kPutLine, "put_line",
       "INSERT INTO order_lines (order_id, line_no, order_item_id, seller_sku, quantity, "
       "unit_price, currency) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {S::kGetOrder, "get_order",
       Cat({"SELECT ", kOrderColumns, " FROM orders WHERE order_id = ?1"})},
      {S::kGetLines, "get_lines",
       "SELECT order_item_id, seller_sku, quantity, unit_price, currency FROM order_lines "
       "WHERE order_id = ?1 ORDER BY line_no"},
      // ?1: the sale bit, ?2: the cancel bit of TransitionSet.
      {S::kAwaiting, "awaiting",
       Cat({"SELECT ", kOrderColumns,
            " FROM orders WHERE fulfilled_by = 'MERCHANT' AND erp_shipped = 0 "
            "AND (queued & CAST(?1 AS INTEGER)) != 0 AND (queued & CAST(?2 AS INTEGER)) = 0 "
            "ORDER BY order_id"})},
      {S::kEnqueue, "enqueue",
       Cat({"INSERT INTO outbox (", kOutboxColumns.substr(5),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
            "ON CONFLICT (key) DO NOTHING"})},
      {S::kUpdateOutbox, "update_outbox",
       "UPDATE outbox SET state = ?2, attempts = ?3, next_attempt_at = ?4, "
       "next_attempt_at_offset = ?5, last_error = ?6, result = ?7, done_at = ?8, "
       "done_at_offset = ?9 WHERE key = ?1 RETURNING seq"},
      {S::kDue, "due",
       Cat({"SELECT ", kOutboxColumns,
            " FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1 "
            "ORDER BY seq LIMIT ?2"})},
      {S::kOutboxIn, "outbox_in",
       Cat({"SELECT ", kOutboxColumns, " FROM outbox WHERE state = ?1 ORDER BY seq LIMIT ?2"})},
      {S::kGetOutbox, "get_outbox",
       Cat({"SELECT ", kOutboxColumns, " FROM outbox WHERE key = ?1"})},
      {S::kCountOutbox, "count_outbox", "SELECT state, COUNT(*) FROM outbox GROUP BY state"},
      {S::kFindOpenException, "find_open_exception",
       "SELECT id, message FROM exceptions WHERE type = ?1 AND entity = ?2 AND status = 'open'"},
      {S::kSeenAgain, "seen_again",
       "UPDATE exceptions SET message = ?2, last_seen = ?3, last_seen_offset = ?4, "
       "attempts = attempts + 1, source_key = CASE WHEN ?5 = '' THEN source_key ELSE ?5 END "
       "WHERE id = ?1 AND status = 'open'"},  // a person may have closed it since it was found
      {S::kNewException, "new_exception",
       "INSERT INTO exceptions (type, owner, entity, message, source_key, first_seen, "
       "first_seen_offset, last_seen, last_seen_offset, attempts, status) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7, 1, 'open') RETURNING id"},
      {S::kAddEvent, "add_event",
       "INSERT INTO exception_events (exception_id, at, at_offset, actor, action, comment) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      // In a SELECT list a parameter has no column to take its type from: spelt out.
      {S::kCloseEvents, "close_events",
       "INSERT INTO exception_events (exception_id, at, at_offset, actor, action, comment) "
       "SELECT id, CAST(?2 AS BIGINT), CAST(?3 AS INTEGER), CAST(?4 AS TEXT), 'resolved', "
       "CAST(?5 AS TEXT) FROM exceptions WHERE status = 'open' AND source_key = ?1 ORDER BY id"},
      {S::kClose, "close",
       "UPDATE exceptions SET status = 'resolved' WHERE status = 'open' AND source_key = ?1"},
      {S::kSetStatus, "set_status", "UPDATE exceptions SET status = ?2 WHERE id = ?1"},
      // ?1: a status or NULL for every status; ?2-?4: '' for every owner, type, entity.
      {S::kExceptions, "exceptions",
       Cat({"SELECT ", kExceptionColumns,
            " FROM exceptions WHERE (CAST(?1 AS TEXT) IS NULL OR status = ?1) "
            "AND (?2 = '' OR owner = ?2) AND (?3 = '' OR type = ?3) "
            "AND (?4 = '' OR entity = ?4) ORDER BY last_seen DESC, id DESC"})},
      {S::kGetException, "get_exception",
       Cat({"SELECT ", kExceptionColumns, " FROM exceptions WHERE id = ?1"})},
      {S::kEvents, "events",
       "SELECT at, at_offset, actor, action, comment FROM exception_events "
       "WHERE exception_id = ?1 ORDER BY id"},
      {S::kAddAudit, "add_audit",
       "INSERT INTO audit (at, at_offset, actor, action, entity, detail) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      // The newest ?1 entries, handed out oldest first.
      {S::kAuditAll, "audit_all",
       "SELECT at, at_offset, actor, action, entity, detail FROM "
       "(SELECT * FROM audit ORDER BY id DESC LIMIT ?1) AS newest ORDER BY id"},
      {S::kAuditOf, "audit_of",
       "SELECT at, at_offset, actor, action, entity, detail FROM "
       "(SELECT * FROM audit WHERE entity = ?2 ORDER BY id DESC LIMIT ?1) AS newest "
       "ORDER BY id"},
      {S::kPutMapping, "put_mapping",
       "INSERT INTO sku_mappings (account, marketplace, seller_sku, item_code, actor, "
       "updated_at, updated_at_offset) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
       "ON CONFLICT (account, marketplace, seller_sku) DO UPDATE SET item_code = ?4, "
       "actor = ?5, updated_at = ?6, updated_at_offset = ?7"},
      {S::kRemoveMapping, "remove_mapping",
       "DELETE FROM sku_mappings WHERE account = ?1 AND marketplace = ?2 AND seller_sku = ?3 "
       "RETURNING item_code"},
      {S::kMappings, "mappings",
       "SELECT account, marketplace, seller_sku, item_code, actor, updated_at, "
       "updated_at_offset FROM sku_mappings WHERE account = ?1 "
       "ORDER BY marketplace, seller_sku"},
  }};
}

const std::array<Statement, static_cast<size_t>(StoreSql::kCount)>& Statements() {
  static const auto statements = [] {
    auto s = MakeStatements();
    // The table is indexed by the enum: a statement out of place is a bug caught at first use.
    for (size_t i = 0; i < s.size(); ++i) {
      if (static_cast<size_t>(s[i].which) != i) std::abort();
    }
    return s;
  }();
  return statements;
}

}  // namespace

const std::string& OrderStoreSql(StoreSql which) {
  return Statements()[static_cast<size_t>(which)].text;
}

std::string_view OrderStoreSqlName(StoreSql which) {
  return Statements()[static_cast<size_t>(which)].name;
}

}  // namespace fbaflow
