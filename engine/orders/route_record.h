#pragma once
// RouteRecord: routes a stored order (core/orders/routing) and turns the decision into store
// changes: the outbox items of new transitions (marked queued on the record), the exception of a
// routing problem, or the closing of one that no longer applies. Used by the pull (a new version
// from Amazon), the dispatcher (the sale landed, so shipping may follow) and the warehouse watch
// (the warehouse shipped, so Amazon is told).

#include <string>

#include "core/orders/routing.h"
#include "engine/orders/order_settings.h"
#include "ports/order_store.h"

namespace fbaflow::orders {

struct RouteOutcome {
  int queued = 0;
  bool waiting = false;
  bool problem = false;
};

// `payload` goes with a kConfirm item (the ERP shipment it confirms).
RouteOutcome RouteRecord(OrderRecord& record, const OrderSettings& settings, Timestamp now,
                         StoreBatch& batch, const std::string& confirm_payload = "");

}  // namespace fbaflow::orders
