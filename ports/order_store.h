#pragma once
// OrderStore: the durable memory of the orders flow (engine/orders). It holds the sync cursors,
// every Amazon order as last seen and what fbaflow queued for it, the outbox of writes to the ERP
// and to Amazon, the exceptions people own, the SKU alias table and an append-only audit log.
// adapters/store implements it on SQLite (the embedded default) and PostgreSQL; the in-memory
// ports/testing/memory_order_store.h serves engine tests. ports/testing/order_store_contract.h is
// the one test suite every implementation passes.
//
// Changes arrive as a StoreBatch that Apply() writes in one transaction: an order's new version,
// the outbox items it needs and the audit lines that explain them land together or not at all.
// That is what makes a crash harmless: either the transition is queued (and the outbox sends it,
// again if needed, with a key the ERP adapter looks up before it creates) or nothing happened and
// the next pull sees the order again.
//
// Outbox keys are deterministic: "order/<amazon order id>/<transition>" for orders,
// "settlement/<settlement id>/<period>" for journals. Enqueueing a key that exists changes nothing.
// Exceptions are unique while open per (type, entity): raising one again updates its message,
// last-seen time and attempt count; once resolved or ignored a new one can open.
// Thread safety: implementations allow concurrent use from many threads; SQLite and PostgreSQL
// also from many processes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/status.h"
#include "core/money/money.h"
#include "core/orders/routing.h"
#include "core/time/civil.h"

namespace fbaflow {

struct OrderLineRecord {
  std::string order_item_id;
  std::string seller_sku;
  int64_t quantity = 0;
  std::optional<Money> unit_price;  // absent while Amazon has no price

  friend bool operator==(const OrderLineRecord&, const OrderLineRecord&) = default;
};

struct OrderRecord {
  std::string order_id;        // Amazon's
  std::string account;         // the selling partner id: the SKU mappings' scope
  std::string marketplace;     // "UK", "US", "DE": the ERP customer
  std::string marketplace_id;  // Amazon's id, for confirmShipment
  std::string fulfilled_by;    // "AMAZON", "MERCHANT"
  std::string amazon_status;   // fulfillment status at Amazon: "UNSHIPPED", "SHIPPED", ...
  Timestamp created_time;
  Timestamp last_updated_time;  // the latest version of the order fbaflow has seen
  std::optional<Timestamp> shipped_time;
  std::vector<OrderLineRecord> lines;
  TransitionSet queued;      // transitions put in the outbox, ever
  bool erp_shipped = false;  // the ERP shipment is done (FBA: marked by fbaflow; FBM: warehouse)
  std::string erp_sale_id;   // once the sale exists
  std::string erp_sale_number;
  std::optional<Timestamp> confirmed_at;  // FBM: Amazon accepted the shipment confirmation

  friend bool operator==(const OrderRecord&, const OrderRecord&) = default;
};

enum class OutboxState : unsigned char {
  kPending,  // to send (when next_attempt_at has come)
  kDone,     // sent, or settled by a person
  kParked,   // an exception blocks it; leaves through a retry
};
std::string_view OutboxStateName(OutboxState state);  // "pending", "done", "parked"

struct OutboxItem {
  int64_t seq = 0;      // store-assigned, increasing: the order items were queued in
  std::string key;      // deterministic, unique (see above)
  std::string kind;     // "erp.sale", "erp.ship", "erp.cancel", "amazon.confirm", "erp.move"
  std::string entity;   // what it is about: "order 205-1234567-1234567"
  std::string payload;  // kind-specific (a move's lines); orders are read from their record
  OutboxState state = OutboxState::kPending;
  int attempts = 0;
  Timestamp created_at;
  Timestamp next_attempt_at;
  std::string last_error;
  std::string result;  // what the write made: "sale 12 (SO0012)"
  std::optional<Timestamp> done_at;

  friend bool operator==(const OutboxItem&, const OutboxItem&) = default;
};

struct OutboxCounts {
  int64_t pending = 0;
  int64_t parked = 0;
  int64_t done = 0;
};

enum class ExceptionStatus : unsigned char { kOpen, kResolved, kIgnored };
std::string_view ExceptionStatusName(ExceptionStatus status);  // "open", "resolved", "ignored"
std::optional<ExceptionStatus> ParseExceptionStatus(std::string_view text);

struct ExceptionEvent {
  Timestamp at;
  std::string actor;   // "fbaflow" or the person ("alice")
  std::string action;  // "raised", "seen again", "retry", "resolved", "ignored", "comment"
  std::string comment;

  friend bool operator==(const ExceptionEvent&, const ExceptionEvent&) = default;
};

struct ExceptionRecord {
  int64_t id = 0;
  std::string type;        // "unmapped-sku", "erp-rejected", ...
  std::string owner;       // "finance", "ops", "ecommerce"
  std::string entity;      // "order 205-1234567-1234567"
  std::string message;     // what is wrong and what to do, as last seen
  std::string source_key;  // the outbox item it blocks, "" when none
  Timestamp first_seen;
  Timestamp last_seen;
  int attempts = 0;  // times it was raised
  ExceptionStatus status = ExceptionStatus::kOpen;
  std::vector<ExceptionEvent> history;  // oldest first; filled by GetException only
};

struct ExceptionRaise {
  std::string type;
  std::string owner;
  std::string entity;
  std::string message;
  std::string source_key;
  Timestamp at;
};

// Resolves, as `actor`, the open exceptions that block `source_key` (its write went through).
struct ExceptionClose {
  std::string source_key;
  Timestamp at;
  std::string actor = "fbaflow";
  std::string comment;
};

struct ExceptionFilter {
  std::optional<ExceptionStatus> status;  // nullopt: every status
  std::string owner;                      // "": every owner
  std::string type;                       // "": every type
  std::string entity;                     // "": every entity
};

// What a person does with an exception (`fbaflow exceptions retry|resolve|ignore|comment`).
enum class ExceptionAction : unsigned char {
  kRetry,    // its outbox item is sent again at once; the exception stays open until it lands
  kResolve,  // handled by hand: the exception closes and its outbox item is settled unsent
  kIgnore,   // will not be handled: as resolve, marked ignored
  kComment,  // a note in the history
};

struct AuditEntry {
  Timestamp at;
  std::string actor;   // "fbaflow", a person, "config"
  std::string action;  // "order seen", "sku mapped", "erp sale created", "mapping set", ...
  std::string entity;
  std::string detail;

  friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

struct SkuMappingRecord {
  std::string account;
  std::string marketplace;  // "UK", or "*" for every marketplace
  std::string seller_sku;
  std::string item_code;
  std::string actor;  // who set it
  Timestamp updated_at;

  friend bool operator==(const SkuMappingRecord&, const SkuMappingRecord&) = default;
};

// Everything one step of the flow changes, written by Apply() in one transaction, in this order.
struct StoreBatch {
  std::vector<std::pair<std::string, Timestamp>> cursors;  // name → position
  std::vector<OrderRecord> orders;                         // upserted whole
  std::vector<OutboxItem> enqueue;  // inserted when the key is new (seq assigned), else ignored
  std::vector<OutboxItem> outbox_updates;  // by key: state, attempts, next_attempt_at,
                                           // last_error, result, done_at
  std::vector<ExceptionRaise> raise;
  std::vector<ExceptionClose> close;
  std::vector<AuditEntry> audit;

  bool Empty() const {
    return cursors.empty() && orders.empty() && enqueue.empty() && outbox_updates.empty() &&
           raise.empty() && close.empty() && audit.empty();
  }
};

class OrderStore {
 public:
  virtual ~OrderStore() = default;

  // Writes the batch atomically. kNotFound when an update names an unknown outbox key (and
  // nothing is written).
  virtual Status Apply(const StoreBatch& batch) = 0;

  virtual Result<std::optional<Timestamp>> Cursor(std::string_view name) = 0;

  // The records of these order ids that exist, in no particular order.
  virtual Result<std::vector<OrderRecord>> FindOrders(const std::vector<std::string>& ids) = 0;
  // Own-warehouse orders whose sale is queued, neither shipped in the ERP nor cancelled: the
  // ones whose ERP shipment the flow watches.
  virtual Result<std::vector<OrderRecord>> OrdersAwaitingWarehouse() = 0;

  // A negative `limit` below means no limit.
  // Pending items due at `now` (next_attempt_at <= now), oldest seq first, at most `limit`.
  virtual Result<std::vector<OutboxItem>> DueOutbox(Timestamp now, int limit) = 0;
  // Items in `state`, oldest seq first, at most `limit`.
  virtual Result<std::vector<OutboxItem>> OutboxIn(OutboxState state, int limit) = 0;
  virtual Result<std::optional<OutboxItem>> GetOutbox(std::string_view key) = 0;
  virtual Result<OutboxCounts> CountOutbox() = 0;

  // Newest last-seen first.
  virtual Result<std::vector<ExceptionRecord>> Exceptions(const ExceptionFilter& filter) = 0;
  // With its history. nullopt when there is no such id.
  virtual Result<std::optional<ExceptionRecord>> GetException(int64_t id) = 0;
  // Applies a person's action (see ExceptionAction), with its history line and audit entry, in
  // one transaction. kNotFound for an unknown id; kFailedPrecondition for retry, resolve or
  // ignore of an exception that is not open.
  virtual Result<ExceptionRecord> ActOnException(int64_t id, ExceptionAction action,
                                                 std::string_view actor, std::string_view comment,
                                                 Timestamp now) = 0;

  // Sets (or replaces) a SKU alias and records who did it in the audit log. Parked outbox items
  // are not touched here: the flow retries orders blocked by unmapped SKUs on its next pass.
  virtual Status SetSkuMapping(const SkuMappingRecord& mapping) = 0;
  // kNotFound when there is no such mapping.
  virtual Status RemoveSkuMapping(std::string_view account, std::string_view marketplace,
                                  std::string_view seller_sku, std::string_view actor,
                                  Timestamp at) = 0;
  // The account's mappings, by marketplace then SKU.
  virtual Result<std::vector<SkuMappingRecord>> SkuMappings(std::string_view account) = 0;

  // The audit log of one entity ("" for every entity), oldest first, at most `limit` (the newest).
  virtual Result<std::vector<AuditEntry>> Audit(std::string_view entity, int limit) = 0;
};

}  // namespace fbaflow
