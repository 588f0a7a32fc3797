#pragma once
// PostSettlementJournals: the settlements' ready journals into the ERP's books, through the
// outbox (journal_moves.h says how they are queued and why a repeat posts nothing twice).

#include <vector>

#include "core/settlement/journal.h"
#include "engine/orders/outbox_dispatch.h"

namespace fbaflow::orders {

struct PostReport {
  int journals = 0;  // ready journals of these settlements
  int held = 0;      // settlements not posted: exceptions for finance
  // Where each journal stands after this run, read back from the outbox (so a journal posted by
  // an earlier run counts as posted, one refused earlier as refused).
  int posted = 0;
  int waiting = 0;          // to retry: the ERP failed transiently
  int refused = 0;          // an exception for finance
  DispatchReport dispatch;  // what this run sent
};

Result<PostReport> PostSettlementJournals(
    const std::vector<settlement::SettlementJournals>& settlements, Erp& erp, OrderStore& store,
    Clock& clock, const OrderSettings& settings);

}  // namespace fbaflow::orders
