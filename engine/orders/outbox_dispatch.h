#pragma once
// DispatchOutbox: sends the due outbox items: sales, shipments and cancellations to the ERP,
// shipment confirmations to Amazon. Exactly once, whatever fails when: each item is marked done
// only after its write returned, and every write is find-before-create by the item's key (the
// Erp port's contract), so an item sent again after a crash or a lost reply finds the record the
// first attempt made instead of making a second.
//
// One bad order never blocks the rest: a write the ERP or Amazon refuses (or a SKU without an ERP
// item) becomes an exception for its owner and the item is parked, and the next item goes. A
// transient failure backs the item off and, after `exception_after_attempts`, is an exception
// too (still retried; it closes when the write lands). Items parked by unmapped SKUs are tried
// again on every dispatch, so fixing the mapping (or adding the item in the ERP) lets them land.
//
// What is nobody's order: a login the ERP refuses (kUnauthenticated) ends the pass with that
// status and touches no item (a configuration error, not 500 exceptions); an ERP that does not
// answer a batch's look-up ends the pass after that batch (DispatchReport::unavailable), so the
// other items are not each tried against a dead ERP.

#include <cstdint>

#include "core/base/status.h"
#include "engine/orders/order_settings.h"
#include "ports/amazon_api.h"
#include "ports/clock.h"
#include "ports/erp.h"
#include "ports/order_store.h"

namespace fbaflow::orders {

struct DispatchReport {
  int64_t sent = 0;        // writes that landed (or found their record)
  int64_t found = 0;       // of which the ERP already had the record (a retry after a crash)
  int64_t retrying = 0;    // transient failures, backed off
  int64_t exceptions = 0;  // refused or unmapped: parked as exceptions
  int64_t withdrawn = 0;   // sales that never reached the ERP before Amazon cancelled them
  Status unavailable;      // the ERP did not answer the batch's item look-up: the pass stopped
};

Result<DispatchReport> DispatchOutbox(amazon::OrdersApi& amazon, Erp& erp, OrderStore& store,
                                      Clock& clock, const OrderSettings& settings);

// Only the settlement journals ("erp.move" items): what `settlement journal --post` and
// `amazon settlements fetch --post` send, without touching Amazon or the orders' items.
Result<DispatchReport> DispatchMoves(Erp& erp, OrderStore& store, Clock& clock,
                                     const OrderSettings& settings);

}  // namespace fbaflow::orders
