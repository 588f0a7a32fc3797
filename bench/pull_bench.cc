#include "bench/pull_bench.h"

#include <chrono>

#include "adapters/amazon/connection.h"
#include "adapters/clock/system_clock.h"
#include "adapters/http/curl_http.h"
#include "bench/timed_ports.h"
#include "core/amazon/marketplaces.h"
#include "core/amazon/operation_catalog.h"
#include "sim/amazon/amazon_sim.h"
#include "sim/amazon/world_types.h"

namespace fbaflow::bench {

PullFigures BenchEmulatorPull(int orders, double time_scale, uint64_t seed,
                              const std::string& marketplace, int sku_count) {
  PullFigures f;
  const std::optional<sim::MarketplaceSite> site = sim::MarketplaceByCode(marketplace);
  if (!site) {
    f.error = "unknown marketplace " + marketplace;
    return f;
  }
  sim::AmazonSimOptions o;
  o.seed = seed;
  o.marketplace = marketplace;
  o.time_scale = time_scale;
  o.threads = 4;
  // As the API-sync benchmark: enough SKUs that stock never runs out, and more orders in the
  // nine days pulled than asked for; the pull stops at `orders`.
  o.sku_count = sku_count;
  o.history_days = 10;
  o.orders_per_day = orders / 9.0 * 1.2;
  // A pagination token lives an hour of Amazon time: a blink at this scale, where the client's
  // own pauses (a token refresh, the scheduler on a busy machine) would outlast it and restart
  // the listing. The benchmark is about the pull's cost, so tokens live a simulated month.
  o.faults.token_ttl = 30 * sim::kDay;
  sim::AmazonSim sim(o);
  if (Status st = sim.Start(); !st.Ok()) {
    f.error = "the emulator did not start: " + st.ToString();
    return f;
  }

  // The connector as app::AmazonSession wires it, with the transport and the clock wrapped so
  // the round trips (the emulator's answers) and the rate limiter's waits can be told apart from
  // the connector's own work.
  CurlHttp curl;
  SystemClock system_clock;
  TimedHttp http(curl);
  TimedClock clock(system_clock);
  amazon::RateLimiter limiter(clock, time_scale);
  amazon::ConnectionSettings cs;
  cs.selling_partner = sim.Sellers()[0].seller_id;
  cs.region = std::string(amazon::RegionCode(amazon::FindMarketplace(marketplace)->region));
  cs.endpoint = sim.BaseUrl();
  cs.lwa_endpoint = sim.BaseUrl() + "/auth/o2/token";
  cs.credentials = amazon::LwaCredentials{sim.ClientId(), Secret(sim.ClientSecret()),
                                          Secret(sim.Sellers()[0].refresh_token)};
  cs.rate_scale = time_scale;
  amazon::AmazonConnection connection(cs, http, clock, limiter);

  const int64_t start = sim.Clock().Now() / 1000;
  amazon::OrderQuery q;
  q.created_after = Timestamp{start - 9 * 86400 - 3600, 0};
  q.created_before = Timestamp{start - 3600, 0};
  q.marketplace_ids = {site->id};
  q.included_data = {"FULFILLMENT", "PACKAGES", "PROCEEDS"};  // what the orders flow asks for
  const auto t0 = std::chrono::steady_clock::now();
  Result<amazon::OrderSearchResult> r =
      connection.Api().SearchOrders(q, [&](amazon::OrdersPage& page) {
        ++f.pages;
        f.orders += static_cast<int64_t>(page.orders.size());
        return f.orders >= orders ? Cancelled("enough orders") : OkStatus();
      });
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  f.transport_seconds = std::chrono::duration<double>(http.Inside()).count();
  f.waiting_seconds = std::chrono::duration<double>(clock.Slept()).count();
  if (!r.Ok() && r.GetStatus().Code() != StatusCode::kCancelled) {
    f.error = r.GetStatus().ToString();
  } else if (f.orders < orders) {
    f.error = "the emulator had only " + std::to_string(f.orders) + " orders";
  }
  const amazon::OperationSpec& op = *amazon::FindOperation("searchOrders");
  f.limit_per_second =
      f.seconds > 0 ? (op.burst + op.rate * time_scale * f.seconds) * 100 / f.seconds : 0;
  sim.Stop();
  return f;
}

}  // namespace fbaflow::bench
