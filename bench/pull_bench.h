#pragma once
// The Amazon side alone: how fast the real connector (app::AmazonSession: libcurl, Login with
// Amazon, the rate limiter, SpApiAmazon's paging and JSON reading) pulls orders from the emulator
// (sim::AmazonSim in process, on loopback). searchOrders is rate-limited (0.0056 requests/s,
// burst 20), which no client can beat, so the emulator runs on a time scale (simulated seconds
// per real second) and the connector's rate_scale matches it; the figure reports the bound the
// limit sets at that scale beside the rate reached, so it shows which of the two held the pull.

#include <cstdint>
#include <string>

namespace fbaflow::bench {

struct PullFigures {
  int64_t orders = 0;
  int64_t pages = 0;
  double seconds = 0;             // wall time of the pull, from the first request
  double limit_per_second = 0;    // the most orders/s the rate limit allows over that time
  std::string error;

  double OrdersPerSecond() const { return seconds > 0 ? static_cast<double>(orders) / seconds : 0; }
};

// Pulls `orders` orders (100 a page, created in the emulator's last nine days) of a seller of
// `marketplace` with `sku_count` SKUs.
PullFigures BenchEmulatorPull(int orders, double time_scale, uint64_t seed,
                              const std::string& marketplace, int sku_count);

}  // namespace fbaflow::bench
