#pragma once
// SyncOrdersOnce: one pass of the orders flow, in the order that lets each step feed the next:
// pull what Amazon changed, send the outbox, look at the warehouse, send what that queued
// (confirmations to Amazon). The daemon runs it on a schedule; `fbaflow orders sync --once` runs
// it once. Each step stores its progress as it goes, so a pass stopped anywhere (a crash, a
// SIGKILL) is completed by the next without duplicates.

#include "engine/orders/order_pull.h"
#include "engine/orders/outbox_dispatch.h"
#include "engine/orders/warehouse_watch.h"

namespace fbaflow::orders {

struct SyncReport {
  PullReport pull;
  DispatchReport dispatch;
  WatchReport watch;
  OutboxCounts outbox;  // after the pass
  int64_t open_exceptions = 0;
};

Result<SyncReport> SyncOrdersOnce(amazon::OrdersApi& amazon, Erp& erp, OrderStore& store,
                                  Clock& clock, const OrderSettings& settings);

}  // namespace fbaflow::orders
