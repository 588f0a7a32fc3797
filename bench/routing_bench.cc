#include "bench/routing_bench.h"

#include <fmt/format.h>

#include <chrono>
#include <string_view>
#include <vector>

#include "core/orders/routing.h"
#include "core/orders/sku_mapper.h"

namespace fbaflow::bench {
namespace {

// An order as the flow holds it when it routes and maps: views of its record's text.
struct PooledOrder {
  OrderFacts facts;
  uint32_t first_line = 0;  // into the pool's lines
  uint32_t line_count = 0;
};

}  // namespace

RoutingFigures BenchMappingAndRouting(const OrderMix& mix, int64_t orders, int pool) {
  RoutingFigures f;
  // The mapper as the outbox builds it: the ERP's item master, then the seller's aliases.
  SkuMapper mapper;
  const std::set<std::string> items = mix.ErpItems();
  mapper.SetErpItems(std::vector<std::string>(items.begin(), items.end()));
  for (const SkuMappingRecord& m : mix.Aliases("bench", Timestamp{})) {
    mapper.SetAlias(m.marketplace, m.seller_sku, m.item_code);
  }

  const std::vector<amazon::Order> source = mix.Orders(pool, Timestamp{1'780'000'000, 0});
  std::vector<PooledOrder> pooled;
  std::vector<std::string_view> lines;
  int64_t shipped_fba = 0;
  for (const amazon::Order& o : source) {
    PooledOrder p;
    p.facts.fulfilled_by = amazon::FulfilledByName(o.fulfilled_by);
    p.facts.status = o.fulfillment_status;
    p.facts.priced = o.grand_total.has_value();
    p.facts.has_lines = !o.items.empty();
    p.first_line = static_cast<uint32_t>(lines.size());
    for (const amazon::OrderItem& i : o.items) lines.push_back(i.seller_sku);
    p.line_count = static_cast<uint32_t>(o.items.size());
    pooled.push_back(p);
    if (o.fulfilled_by == amazon::FulfilledBy::kAmazon && o.fulfillment_status == "SHIPPED") {
      ++shipped_fba;
    }
  }

  // The four states of progress an order meets in the flow, visited in turn by the passes.
  OrderProgress progress[4];
  progress[1].queued.Add(OrderTransition::kSale);
  progress[2].queued.Add(OrderTransition::kSale);
  progress[2].sale_done = true;
  progress[3] = progress[2];
  progress[3].queued.Add(OrderTransition::kShip);

  const std::string_view marketplace = mix.Marketplace();
  const int64_t passes = (orders + pool - 1) / pool;
  uint64_t sum = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int64_t pass = 0; pass < passes; ++pass) {
    const OrderProgress& state = progress[pass % 4];
    for (const PooledOrder& p : pooled) {
      for (uint32_t l = p.first_line; l < p.first_line + p.line_count; ++l) {
        const SkuDecision d = mapper.Map(marketplace, lines[l]);
        f.exact += d.match == SkuMatch::kExact;
        f.alias += d.match == SkuMatch::kAlias;
        f.missing += d.match == SkuMatch::kMissing;
        sum = sum * 31 + d.item_code.size() + static_cast<uint64_t>(d.match);
      }
      const RoutingDecision r = RouteOrder(p.facts, state);
      f.sales += r.enqueue.Has(OrderTransition::kSale);
      f.ships += r.enqueue.Has(OrderTransition::kShip);
      sum = sum * 31 + r.enqueue.Bits() + static_cast<uint64_t>(r.role) * 16;
    }
  }
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  f.orders = passes * static_cast<int64_t>(pooled.size());
  f.lines = passes * static_cast<int64_t>(lines.size());
  f.checksum = sum;

  // Every pass of state 0 queues every sale, every pass of state 2 ships every shipped FBA order.
  const int64_t first_sights = (passes + 3) / 4;
  const int64_t sales_done = (passes + 1) / 4;
  const int64_t want_sales = first_sights * static_cast<int64_t>(pooled.size());
  const int64_t want_ships = sales_done * shipped_fba;
  if (f.exact + f.alias + f.missing != f.lines || f.sales != want_sales || f.ships != want_ships) {
    f.error = fmt::format(
        "decisions do not add up: {} lines, {} exact + {} alias + {} missing; "
        "{} sales (want {}), {} shipments (want {})",
        f.lines, f.exact, f.alias, f.missing, f.sales, want_sales, f.ships, want_ships);
  }
  return f;
}

}  // namespace fbaflow::bench
