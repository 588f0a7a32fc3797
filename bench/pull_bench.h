#pragma once
// The Amazon side alone: how fast the real connector (wired as app::AmazonSession wires it:
// libcurl, Login with Amazon, the rate limiter, SpApiAmazon's paging and JSON reading) pulls
// orders from the emulator (sim::AmazonSim in process, on loopback). searchOrders is rate-limited
// (0.0056 requests/s, burst 20), which no client can beat, so the emulator runs on a time scale
// (simulated seconds per real second) and the connector's rate_scale matches it; the figure reports
// the bound the limit sets at that scale beside the rate reached. The emulator's answers cost far
// more than the connector's reading of them (it brotli-compresses every page, which alone is most
// of the profile), and share the two CPUs with it, so the transport and the limiter's sleeps are
// timed too and the connector's own rate is reported beside the wall-clock one.

#include <cstdint>
#include <string>

namespace fbaflow::bench {

struct PullFigures {
  int64_t orders = 0;
  int64_t pages = 0;
  double seconds = 0;            // wall time of the pull, from the first request
  double limit_per_second = 0;   // the most orders/s the rate limit allows over that time
  double transport_seconds = 0;  // inside the Http port: round trips, the emulator's answers
  double waiting_seconds = 0;    // sleeping for the rate limiter (or a retry)
  std::string error;

  double OrdersPerSecond() const { return seconds > 0 ? static_cast<double>(orders) / seconds : 0; }
  double OwnOrdersPerSecond() const {
    const double own = seconds - transport_seconds - waiting_seconds;
    return own > 0 ? static_cast<double>(orders) / own : 0;
  }
};

// Pulls `orders` orders (100 a page, created in the emulator's last nine days) of a seller of
// `marketplace` with `sku_count` SKUs.
PullFigures BenchEmulatorPull(int orders, double time_scale, uint64_t seed,
                              const std::string& marketplace, int sku_count);

}  // namespace fbaflow::bench
