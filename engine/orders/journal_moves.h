#pragma once
// Settlement journals into the ERP's books, through the same outbox as orders: each journal of a
// ready settlement becomes one outbox item (key "settlement/<settlement id>/<period>", kind
// "erp.move") whose payload is the balanced move, so that a crash or a lost reply never posts a
// journal twice (the ERP adapter finds the move by its reference before it creates one). A held
// settlement queues nothing: it is an exception for finance until someone fixes its rules and
// reprocesses it.

#include <optional>
#include <string>

#include "core/settlement/journal.h"
#include "engine/orders/order_settings.h"
#include "ports/erp.h"
#include "ports/order_store.h"

namespace fbaflow::orders {

inline constexpr std::string_view kMoveKind = "erp.move";
inline constexpr std::string_view kSettlementHeld = "settlement-held";
inline constexpr std::string_view kSettlementAccountMissing = "settlement-account-missing";

std::string MoveKey(std::string_view settlement_id, std::string_view period);
std::string MoveReference(std::string_view settlement_id, std::string_view period);
std::string SettlementEntity(std::string_view settlement_id);  // "settlement 12345"

struct QueuedJournals {
  int queued = 0;     // journals queued (already queued ones count too: the key decides)
  bool held = false;  // nothing queued: an exception says why
};

// Adds the settlement's journals (or its hold) to `batch`. Lines whose account has no code in
// the rules' chart cannot be posted: the settlement is an exception for finance instead.
QueuedJournals QueueSettlementJournals(const settlement::SettlementJournals& journals,
                                       const OrderSettings& settings, Timestamp now,
                                       StoreBatch& batch);

// The move an "erp.move" item carries, and back (nullopt for a payload that is not one).
std::string EncodeMovePayload(const ErpMoveRequest& move);
std::optional<ErpMoveRequest> DecodeMovePayload(std::string_view payload);

}  // namespace fbaflow::orders
