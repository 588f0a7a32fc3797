#pragma once
// PullOrders: reads the orders Amazon changed since the cursor (searchOrders by lastUpdatedAfter)
// and records each new version with the transitions it needs queued, one store batch per page.
//
// Incremental and safe to repeat: every pull starts `overlap_seconds` before the cursor (orders
// whose update Amazon indexed late are not missed), a version already seen (same order id, same
// or older lastUpdatedTime) is skipped, and the cursor moves to the window's end (two minutes
// before now, Amazon's rule) only after every page is stored. A crash mid-pull re-reads from the
// old cursor and queues nothing twice (outbox keys are per order and transition).

#include <cstdint>

#include "core/base/status.h"
#include "engine/orders/order_settings.h"
#include "ports/amazon_api.h"
#include "ports/clock.h"
#include "ports/order_store.h"

namespace fbaflow::orders {

struct PullReport {
  int pages = 0;
  int64_t orders = 0;     // orders Amazon returned (overlap included)
  int64_t unchanged = 0;  // versions already seen
  int64_t recorded = 0;   // new versions stored
  int64_t queued = 0;     // outbox items queued
  int64_t waiting = 0;    // pending at Amazon
  int64_t problems = 0;   // routing problems raised as exceptions
  int64_t rejects = 0;    // records Amazon sent that could not be read
  Timestamp from;         // lastUpdatedAfter used
  Timestamp cursor;       // where the next pull starts (before its overlap)
};

std::string OrdersCursorName(const OrderSettings& settings);  // "orders/<account>"

Result<PullReport> PullOrders(amazon::OrdersApi& amazon, OrderStore& store, Clock& clock,
                              const OrderSettings& settings);

}  // namespace fbaflow::orders
