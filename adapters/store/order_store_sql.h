#pragma once
// The statements of the SQL order stores, written once for SQLite and PostgreSQL: the schema is
// the same in both dialects (order_store_schema.h), so the statements are too. They number their
// parameters `?1`, `?2`, ...; PostgreSQL's store rewrites them to `$1`, `$2`. What the two
// dialects share and this file relies on: ON CONFLICT upserts, RETURNING, partial indexes, CAST(?
// AS BIGINT) where a parameter's type must be spelt out. One difference stays with the callers:
// SQLite takes LIMIT -1 as "no limit", PostgreSQL LIMIT NULL.
//
// Also here, as templates over the statement type, the binders and row readers both stores use,
// so a column added to one cannot be forgotten in the other. A statement type provides
// Bind(int, std::string_view), Bind(int, int64_t), BindNull(int); a row type IsNull(int),
// Text(int), Int(int).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ports/order_store.h"
#include "ports/order_store_rules.h"

namespace fbaflow {

enum class StoreSql : unsigned char {
  kPutCursor,
  kGetCursor,
  kPutOrder,
  kDeleteLines,
  kPutLine,
  kGetOrder,
  kGetLines,
  kAwaiting,
  kEnqueue,
  kUpdateOutbox,
  kDue,
  kOutboxIn,
  kGetOutbox,
  kCountOutbox,
  kFindOpenException,
  kSeenAgain,
  kNewException,
  kAddEvent,
  kCloseEvents,
  kClose,
  kSetStatus,
  kExceptions,
  kGetException,
  kEvents,
  kAddAudit,
  kAuditAll,
  kAuditOf,
  kPutMapping,
  kRemoveMapping,
  kMappings,
  kCount,  // the number of statements, not one
};

// The statement's text, with ?N parameters.
const std::string& OrderStoreSql(StoreSql which);
// A short stable name, for PostgreSQL's prepared statements ("put_order").
std::string_view OrderStoreSqlName(StoreSql which);

// --- binders: every instant takes two parameters, seconds then offset ---

template <typename Q>
void BindTime(Q& q, int i, Timestamp t) {
  q.Bind(i, int64_t{t.utc_seconds});
  q.Bind(i + 1, int64_t{t.offset_minutes});
}

template <typename Q>
void BindTime(Q& q, int i, const std::optional<Timestamp>& t) {
  if (t) {
    BindTime(q, i, *t);
  } else {
    q.BindNull(i);
    q.BindNull(i + 1);
  }
}

template <typename Q>
void BindOrder(Q& q, const OrderRecord& o) {  // kPutOrder
  q.Bind(1, o.order_id);
  q.Bind(2, o.account);
  q.Bind(3, o.marketplace);
  q.Bind(4, o.marketplace_id);
  q.Bind(5, o.fulfilled_by);
  q.Bind(6, o.amazon_status);
  BindTime(q, 7, o.created_time);
  BindTime(q, 9, o.last_updated_time);
  BindTime(q, 11, o.shipped_time);
  q.Bind(13, int64_t{o.queued.Bits()});
  q.Bind(14, int64_t{o.erp_shipped ? 1 : 0});
  q.Bind(15, o.erp_sale_id);
  q.Bind(16, o.erp_sale_number);
  BindTime(q, 17, o.confirmed_at);
}

template <typename Q>
void BindLine(Q& q, const std::string& order_id, int64_t line_no, const OrderLineRecord& l) {
  q.Bind(1, order_id);  // kPutLine
  q.Bind(2, line_no);
  q.Bind(3, l.order_item_id);
  q.Bind(4, l.seller_sku);
  q.Bind(5, l.quantity);
  if (l.unit_price) {
    q.Bind(6, l.unit_price->ToString());
    q.Bind(7, l.unit_price->GetCurrency().Code());
  } else {
    q.BindNull(6);
    q.BindNull(7);
  }
}

template <typename Q>
void BindEnqueue(Q& q, const OutboxItem& e) {  // kEnqueue
  q.Bind(1, e.key);
  q.Bind(2, e.kind);
  q.Bind(3, e.entity);
  q.Bind(4, e.payload);
  q.Bind(5, OutboxStateName(e.state));
  q.Bind(6, int64_t{e.attempts});
  BindTime(q, 7, e.created_at);
  BindTime(q, 9, e.next_attempt_at);
  q.Bind(11, e.last_error);
  q.Bind(12, e.result);
  BindTime(q, 13, e.done_at);
}

template <typename Q>
void BindOutboxUpdate(Q& q, const OutboxItem& u) {  // kUpdateOutbox
  q.Bind(1, u.key);
  q.Bind(2, OutboxStateName(u.state));
  q.Bind(3, int64_t{u.attempts});
  BindTime(q, 4, u.next_attempt_at);
  q.Bind(6, u.last_error);
  q.Bind(7, u.result);
  BindTime(q, 8, u.done_at);
}

template <typename Q>
void BindNewException(Q& q, const ExceptionRaise& r) {  // kNewException
  q.Bind(1, r.type);
  q.Bind(2, r.owner);
  q.Bind(3, r.entity);
  q.Bind(4, r.message);
  q.Bind(5, r.source_key);
  BindTime(q, 6, r.at);
}

template <typename Q>
void BindSeenAgain(Q& q, int64_t id, const ExceptionRaise& r) {  // kSeenAgain
  q.Bind(1, id);
  q.Bind(2, r.message);
  BindTime(q, 3, r.at);
  q.Bind(5, r.source_key);
}

template <typename Q>
void BindEvent(Q& q, int64_t exception_id, const ExceptionEvent& e) {  // kAddEvent
  q.Bind(1, exception_id);
  BindTime(q, 2, e.at);
  q.Bind(4, e.actor);
  q.Bind(5, e.action);
  q.Bind(6, e.comment);
}

template <typename Q>
void BindClose(Q& q, const ExceptionClose& c) {  // kCloseEvents (kClose takes ?1 only)
  q.Bind(1, c.source_key);
  BindTime(q, 2, c.at);
  q.Bind(4, c.actor);
  q.Bind(5, c.comment);
}

template <typename Q>
void BindAudit(Q& q, const AuditEntry& a) {  // kAddAudit
  BindTime(q, 1, a.at);
  q.Bind(3, a.actor);
  q.Bind(4, a.action);
  q.Bind(5, a.entity);
  q.Bind(6, a.detail);
}

template <typename Q>
void BindMapping(Q& q, const SkuMappingRecord& m) {  // kPutMapping
  q.Bind(1, m.account);
  q.Bind(2, m.marketplace);
  q.Bind(3, m.seller_sku);
  q.Bind(4, m.item_code);
  q.Bind(5, m.actor);
  BindTime(q, 6, m.updated_at);
}

// --- row readers, in the column order of the statements above ---

template <typename R>
Timestamp TimeAt(const R& r, int col) {
  return Timestamp{r.Int(col), static_cast<int>(r.Int(col + 1))};
}

template <typename R>
std::optional<Timestamp> OptTimeAt(const R& r, int col) {
  if (r.IsNull(col)) return std::nullopt;
  return TimeAt(r, col);
}

template <typename R>
OrderRecord OrderAt(const R& r) {  // kGetOrder, kAwaiting (lines apart)
  OrderRecord o;
  o.order_id = r.Text(0);
  o.account = r.Text(1);
  o.marketplace = r.Text(2);
  o.marketplace_id = r.Text(3);
  o.fulfilled_by = r.Text(4);
  o.amazon_status = r.Text(5);
  o.created_time = TimeAt(r, 6);
  o.last_updated_time = TimeAt(r, 8);
  o.shipped_time = OptTimeAt(r, 10);
  o.queued = TransitionSet::FromBits(static_cast<uint8_t>(r.Int(12)));
  o.erp_shipped = r.Int(13) != 0;
  o.erp_sale_id = r.Text(14);
  o.erp_sale_number = r.Text(15);
  o.confirmed_at = OptTimeAt(r, 16);
  return o;
}

// kGetLines; kDataLoss when a stored price does not read back.
template <typename R>
Result<OrderLineRecord> LineAt(const R& r, std::string_view context) {
  OrderLineRecord l;
  l.order_item_id = r.Text(0);
  l.seller_sku = r.Text(1);
  l.quantity = r.Int(2);
  if (!r.IsNull(3)) {
    ASSIGN_OR_RETURN(l.unit_price, PriceFromText(r.Text(3), r.Text(4), context));
  }
  return l;
}

template <typename R>
OutboxItem OutboxAt(const R& r) {  // kDue, kOutboxIn, kGetOutbox
  OutboxItem i;
  i.seq = r.Int(0);
  i.key = r.Text(1);
  i.kind = r.Text(2);
  i.entity = r.Text(3);
  i.payload = r.Text(4);
  i.state = OutboxStateFromName(r.Text(5));
  i.attempts = static_cast<int>(r.Int(6));
  i.created_at = TimeAt(r, 7);
  i.next_attempt_at = TimeAt(r, 9);
  i.last_error = r.Text(11);
  i.result = r.Text(12);
  i.done_at = OptTimeAt(r, 13);
  return i;
}

template <typename R>
ExceptionRecord ExceptionAt(const R& r) {  // kExceptions, kGetException
  ExceptionRecord e;
  e.id = r.Int(0);
  e.type = r.Text(1);
  e.owner = r.Text(2);
  e.entity = r.Text(3);
  e.message = r.Text(4);
  e.source_key = r.Text(5);
  e.first_seen = TimeAt(r, 6);
  e.last_seen = TimeAt(r, 8);
  e.attempts = static_cast<int>(r.Int(10));
  e.status = ParseExceptionStatus(r.Text(11)).value_or(ExceptionStatus::kOpen);
  return e;
}

template <typename R>
ExceptionEvent EventAt(const R& r) {  // kEvents
  return {TimeAt(r, 0), r.Text(2), r.Text(3), r.Text(4)};
}

template <typename R>
AuditEntry AuditAt(const R& r) {  // kAuditAll, kAuditOf
  return {TimeAt(r, 0), r.Text(2), r.Text(3), r.Text(4), r.Text(5)};
}

template <typename R>
SkuMappingRecord MappingAt(const R& r) {  // kMappings
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), TimeAt(r, 5)};
}

}  // namespace fbaflow
