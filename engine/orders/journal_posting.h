#pragma once
// PostSettlementJournals: the settlements' ready journals into the ERP's books, through the
// outbox (journal_moves.h says how they are queued and why a repeat posts nothing twice).

#include <vector>

#include "core/settlement/journal.h"
#include "engine/orders/outbox_dispatch.h"

namespace fbaflow::orders {

struct PostReport {
  int queued = 0;  // journals queued (or already queued before)
  int held = 0;    // settlements not posted: exceptions for finance
  DispatchReport dispatch;
};

Result<PostReport> PostSettlementJournals(
    const std::vector<settlement::SettlementJournals>& settlements, Erp& erp, OrderStore& store,
    Clock& clock, const OrderSettings& settings);

}  // namespace fbaflow::orders
