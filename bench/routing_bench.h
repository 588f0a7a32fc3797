#pragma once
// The pure part of the orders flow on its own: SkuMapper::Map for every line and RouteOrder for
// every order, as the flow calls them, over a pool of synthetic orders (bench/order_mix.h)
// visited again and again with the four states of fbaflow's progress an order meets (first
// sight; sale queued; sale done; sale done and shipment queued), so every branch the flow takes
// is timed. The decisions are tallied and the tallies checked, so the work cannot be optimised
// away or skipped.

#include <cstdint>
#include <string>

#include "bench/order_mix.h"

namespace fbaflow::bench {

struct RoutingFigures {
  int64_t orders = 0;  // RouteOrder calls
  int64_t lines = 0;   // SkuMapper::Map calls
  double seconds = 0;
  int64_t exact = 0, alias = 0, missing = 0;  // Map decisions
  int64_t sales = 0, ships = 0;               // transitions RouteOrder queued
  uint64_t checksum = 0;                      // of every decision, printed
  std::string error;                          // a tally that does not add up

  double OrdersPerSecond() const { return seconds > 0 ? static_cast<double>(orders) / seconds : 0; }
};

// `orders` decisions (rounded up to whole passes over the pool of `pool` distinct orders).
RoutingFigures BenchMappingAndRouting(const OrderMix& mix, int64_t orders, int pool);

}  // namespace fbaflow::bench
