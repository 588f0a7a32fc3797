#pragma once
// The orders flow end to end, timed: one pass of orders::SyncOrdersOnce (pull, route, store,
// outbox, ERP) over synthetic orders (bench/order_mix.h) served by an in-process Amazon
// (ports/testing/fake_orders_api.h) into an Erp and an OrderStore the caller chooses. The SKU
// aliases are stored first (`fbaflow mappings set-sku`, done once by a seller), so every order
// lands but the few whose SKU the ERP lacks, which must become unmapped-sku exceptions.
//
// Both ports are wrapped in timing decorators (bench/timed_ports.h): the figures separate the
// time spent inside the ERP and inside Amazon from fbaflow's own.

#include <cstdint>
#include <string>
#include <vector>

#include "bench/order_mix.h"
#include "core/base/status.h"
#include "engine/orders/order_sync.h"
#include "ports/clock.h"
#include "ports/erp.h"
#include "ports/order_store.h"

namespace fbaflow::bench {

struct FlowFigures {
  int64_t orders = 0;
  int64_t landing = 0;     // orders whose every SKU reaches an ERP item: one ERP sale each
  int64_t shipped = 0;     // of which FBA orders Amazon already shipped: the ERP shipment done too
  int64_t unmapped = 0;    // orders with a SKU the ERP lacks: an unmapped-sku exception each
  double seconds = 0;      // wall time of the pass
  double erp_seconds = 0;  // inside the Erp port
  double amazon_seconds = 0;  // inside the Amazon port (serving the pages)
  // CPU time (user + system) of this process during the pass: steadier than the wall time on a
  // busy machine; a PostgreSQL server's own CPU is not in it.
  double cpu_seconds = 0;
  int64_t erp_calls = 0;
  orders::SyncReport report;

  double OrdersPerSecond() const { return seconds > 0 ? static_cast<double>(orders) / seconds : 0; }
  // Orders per second of fbaflow's own time (the wall time less the time inside both ports).
  double OwnOrdersPerSecond() const {
    const double own = seconds - erp_seconds - amazon_seconds;
    return own > 0 ? static_cast<double>(orders) / own : 0;
  }
  double ErpShare() const { return seconds > 0 ? erp_seconds / seconds : 0; }
};

struct FlowRun {
  std::string account = "A1BENCHSELLER";
  std::vector<amazon::Order> orders;  // what Amazon holds
};

// Runs the pass and checks what the store says about it (every landing order's items done, the
// unmapped ones parked with an open exception, nothing left pending). kFailedPrecondition naming
// the first figure that does not add up; the ERP's side is checked by the caller.
Result<FlowFigures> RunFlow(const OrderMix& mix, const FlowRun& run, Erp& erp, OrderStore& store,
                            Clock& clock);

}  // namespace fbaflow::bench
