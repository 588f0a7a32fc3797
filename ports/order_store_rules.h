#pragma once
// What every OrderStore decides alike, apart from how it stores it: how a person's action
// changes an exception and its outbox item, the audit lines of SKU mappings, and how stored text
// reads back. The SQLite, PostgreSQL and in-memory stores all call these, so they cannot drift;
// the contract suite (ports/testing/order_store_contract.h) holds them to the port.

#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/money/money.h"
#include "ports/order_store.h"

namespace fbaflow {

// An outbox state from its name; an unknown name reads as pending (the schema's CHECK keeps it
// from happening).
OutboxState OutboxStateFromName(std::string_view name);

// An amount stored as exact decimal text and its currency code. kDataLoss when the stored text
// is not an amount of that currency; the message starts with `context`.
Result<Money> PriceFromText(std::string_view amount, std::string_view currency,
                            std::string_view context);

// What ActOnException does with exception `e`.
struct ExceptionDecision {
  Status refusal;  // kFailedPrecondition: not open, and the action needs it open
  ExceptionAction action = ExceptionAction::kComment;
  ExceptionStatus status = ExceptionStatus::kOpen;  // the exception's status afterwards
  ExceptionEvent event;                             // its new history line
  AuditEntry audit;                                 // its audit line
};
ExceptionDecision DecideExceptionAction(const ExceptionRecord& e, ExceptionAction action,
                                        std::string_view actor, std::string_view comment,
                                        Timestamp now);

// Changes the exception's outbox item for decision `d` (retry: sent again at `now`; resolve and
// ignore: settled unsent). False when the item needs no change (already done, or a comment).
bool ApplyToOutbox(const ExceptionDecision& d, std::string_view actor, Timestamp now,
                   OutboxItem& item);

AuditEntry MappingSetAudit(const SkuMappingRecord& m);
AuditEntry MappingRemovedAudit(std::string_view marketplace, std::string_view seller_sku,
                               std::string_view item_code, std::string_view actor, Timestamp at);

}  // namespace fbaflow
