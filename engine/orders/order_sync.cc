#include "engine/orders/order_sync.h"

namespace fbaflow::orders {
namespace {

void Add(DispatchReport& into, const DispatchReport& more) {
  into.sent += more.sent;
  into.found += more.found;
  into.retrying += more.retrying;
  into.exceptions += more.exceptions;
  into.withdrawn += more.withdrawn;
}

}  // namespace

Result<SyncReport> SyncOrdersOnce(amazon::OrdersApi& amazon, Erp& erp, OrderStore& store,
                                  Clock& clock, const OrderSettings& settings) {
  SyncReport report;
  ASSIGN_OR_RETURN(report.pull, PullOrders(amazon, store, clock, settings));
  ASSIGN_OR_RETURN(report.dispatch, DispatchOutbox(amazon, erp, store, clock, settings));
  ASSIGN_OR_RETURN(report.watch, WatchWarehouse(erp, store, clock, settings));
  if (report.watch.shipped > 0) {
    ASSIGN_OR_RETURN(DispatchReport more, DispatchOutbox(amazon, erp, store, clock, settings));
    Add(report.dispatch, more);
  }
  ASSIGN_OR_RETURN(report.outbox, store.CountOutbox());
  ASSIGN_OR_RETURN(std::vector<ExceptionRecord> open,
                   store.Exceptions({ExceptionStatus::kOpen, "", "", ""}));
  report.open_exceptions = static_cast<int64_t>(open.size());
  return report;
}

}  // namespace fbaflow::orders
