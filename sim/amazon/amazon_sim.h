#pragma once
// AmazonSim: the Amazon Selling Partner API emulator as an in-process HTTP server.
//
// Serves, on loopback: the Login with Amazon token endpoint (/auth/o2/token), the SP-API
// operations fbaflow uses (Orders 2026-01-01 and Orders v0 confirmShipment, Reports 2021-06-30, FBA
// Inventory, Listings Items 2021-08-01, Feeds 2021-06-30, Finances 2024-06-19, Notifications v1),
// report and feed document downloads and uploads on its own host, an SQS-compatible queue the
// notifications are delivered to, and /_sim/* endpoints (stats, clock, info). Every answer follows
// Amazon's models in third_party/spapi-models; docs/emulator.md is the manual.
//
// Usage: AmazonSim sim(options); sim.Start(); ... sim.BaseUrl() ... sim.Stop();
// Thread safety: Start/Stop from one thread; the accessors are safe once Start returned. The
// server answers requests on its own thread pool.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "sim/amazon/faults.h"
#include "sim/amazon/sim_clock.h"
#include "sim/amazon/world_types.h"

namespace fbaflow::sim {

struct AmazonSimOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (see AmazonSim::Port)
  uint64_t seed = 1;
  double time_scale = 1.0;  // simulated seconds per real second
  std::optional<SimMillis>
      start;  // simulated "now" at start-up; default: the real time, to the second
  std::string marketplace = "US";  // US, UK or DE
  int sellers = 1;                 // each with its own world and refresh token
  int sku_count = 40;
  double orders_per_day = 120;
  int history_days = 45;
  FaultSpec faults;
  // LWA application credentials and one refresh token per seller; empty: derived from the seed.
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> refresh_tokens;
  int threads = 16;
  // A clock to use instead of ScaledClock(start, time_scale) (tests pass a ManualClock).
  std::shared_ptr<SimClock> clock;
};

struct SellerCredentials {
  std::string seller_id;
  std::string refresh_token;
};

class AmazonSim {
 public:
  explicit AmazonSim(AmazonSimOptions options);
  ~AmazonSim();  // stops the server
  AmazonSim(const AmazonSim&) = delete;
  AmazonSim& operator=(const AmazonSim&) = delete;

  // Builds the sellers' worlds, binds the port and starts serving. kUnavailable when the port
  // cannot be bound, kInvalidArgument for bad options.
  Status Start();
  // Stops serving and joins the server thread; safe to call twice.
  void Stop();

  int Port() const;
  std::string BaseUrl() const;  // "http://127.0.0.1:PORT"
  const std::string& ClientId() const;
  const std::string& ClientSecret() const;
  std::vector<SellerCredentials> Sellers() const;
  std::string QueueUrl() const;  // the default notifications queue
  std::string QueueArn() const;
  SimClock& Clock();
  // Request and throttle counters per operation (what GET /_sim/stats answers).
  std::string StatsJson() const;
  // Every shipment confirmation the emulator accepted for this order of seller `seller` (an index
  // into Sellers()), oldest first, copied: what tests count to see a package confirmed once.
  std::vector<ShipmentConfirmation> Confirmations(std::string_view order_id, int seller = 0) const;

 private:
  class Service;
  std::unique_ptr<Service> service_;
};

}  // namespace fbaflow::sim
