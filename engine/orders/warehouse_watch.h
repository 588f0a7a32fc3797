#pragma once
// WatchWarehouse: for every own-warehouse (FBM) sale waiting in the ERP, asks the ERP whether the
// warehouse team shipped it; a shipped one is marked so and its confirmation to Amazon queued
// (with the ERP shipment and date fixed in the item, so a retry confirms the same package). A
// shipment cancelled in the ERP while Amazon still expects it is an exception for ops.

#include <cstdint>

#include "core/base/status.h"
#include "engine/orders/order_settings.h"
#include "ports/clock.h"
#include "ports/erp.h"
#include "ports/order_store.h"

namespace fbaflow::orders {

struct WatchReport {
  int64_t watched = 0;
  int64_t shipped = 0;  // confirmations queued
  int64_t problems = 0;
  Status unavailable;  // the ERP failed transiently: the watch stopped there for this pass
};

Result<WatchReport> WatchWarehouse(Erp& erp, OrderStore& store, Clock& clock,
                                   const OrderSettings& settings);

}  // namespace fbaflow::orders
