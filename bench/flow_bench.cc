#include "bench/flow_bench.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>

#include "bench/timed_ports.h"
#include "ports/testing/fake_orders_api.h"

namespace fbaflow::bench {
namespace {

double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

}  // namespace

Result<FlowFigures> RunFlow(const OrderMix& mix, const FlowRun& run, Erp& erp, OrderStore& store,
                            Clock& clock) {
  FlowFigures f;
  f.orders = static_cast<int64_t>(run.orders.size());
  for (const amazon::Order& o : run.orders) {
    if (!mix.Lands(o)) {
      ++f.unmapped;
      continue;
    }
    ++f.landing;
    if (o.fulfilled_by == amazon::FulfilledBy::kAmazon && o.fulfillment_status == "SHIPPED") {
      ++f.shipped;
    }
  }

  const Timestamp now = clock.WallTimestamp();
  testing::FakeOrdersApi amazon(clock);
  for (const amazon::Order& o : run.orders) amazon.Put(o);
  for (const SkuMappingRecord& m : mix.Aliases(run.account, now)) {
    RETURN_IF_ERROR(store.SetSkuMapping(m));
  }
  orders::OrderSettings settings;
  settings.account = run.account;
  settings.marketplace_ids = {mix.MarketplaceId()};
  settings.since = Timestamp{now.utc_seconds - 3 * 86400, 0};

  TimedOrdersApi timed_amazon(amazon);
  TimedErp timed_erp(erp);
  const double cpu0 = ProcessCpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(f.report,
                   orders::SyncOrdersOnce(timed_amazon, timed_erp, store, clock, settings));
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  f.cpu_seconds = ProcessCpuSeconds() - cpu0;
  f.erp_seconds = std::chrono::duration<double>(timed_erp.Inside()).count();
  f.amazon_seconds = std::chrono::duration<double>(timed_amazon.Inside()).count();
  f.erp_calls = timed_erp.Calls();

  // What the store says must be exactly what the orders call for: nothing more, nothing skipped.
  const orders::SyncReport& r = f.report;
  const auto check = [](bool ok, std::string what) {
    return ok ? OkStatus() : FailedPrecondition("the pass did not do the work: " + what);
  };
  RETURN_IF_ERROR(check(r.pull.recorded == f.orders,
                        fmt::format("{} orders recorded of {}", r.pull.recorded, f.orders)));
  RETURN_IF_ERROR(check(r.dispatch.sent == f.landing + f.shipped,
                        fmt::format("{} writes sent, want {} sales and {} shipments",
                                    r.dispatch.sent, f.landing, f.shipped)));
  RETURN_IF_ERROR(check(r.dispatch.found == 0,
                        fmt::format("{} sales found in the ERP already", r.dispatch.found)));
  RETURN_IF_ERROR(
      check(r.outbox.done == f.landing + f.shipped && r.outbox.pending == 0 &&
                r.outbox.parked == f.unmapped,
            fmt::format("outbox {} done, {} pending, {} parked; want {}, 0, {}", r.outbox.done,
                        r.outbox.pending, r.outbox.parked, f.landing + f.shipped, f.unmapped)));
  RETURN_IF_ERROR(check(
      r.open_exceptions == f.unmapped,
      fmt::format("{} open exceptions, want {} unmapped-sku", r.open_exceptions, f.unmapped)));
  return f;
}

}  // namespace fbaflow::bench
