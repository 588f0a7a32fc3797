#include "engine/orders/journal_posting.h"

#include "engine/orders/journal_moves.h"

namespace fbaflow::orders {

Result<PostReport> PostSettlementJournals(
    const std::vector<settlement::SettlementJournals>& settlements, Erp& erp, OrderStore& store,
    Clock& clock, const OrderSettings& settings) {
  PostReport report;
  StoreBatch batch;
  for (const settlement::SettlementJournals& s : settlements) {
    const QueuedJournals q = QueueSettlementJournals(s, settings, clock.WallTimestamp(), batch);
    report.journals += q.queued;
    report.held += q.held ? 1 : 0;
  }
  if (!batch.Empty()) RETURN_IF_ERROR(store.Apply(batch));
  ASSIGN_OR_RETURN(report.dispatch, DispatchMoves(erp, store, clock, settings));
  for (const OutboxItem& queued : batch.enqueue) {
    ASSIGN_OR_RETURN(std::optional<OutboxItem> now, store.GetOutbox(queued.key));
    if (!now) continue;
    (now->state == OutboxState::kDone     ? report.posted
     : now->state == OutboxState::kParked ? report.refused
                                          : report.waiting)++;
  }
  return report;
}

}  // namespace fbaflow::orders
