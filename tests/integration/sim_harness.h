#pragma once
// SimHarness: the Amazon emulator in process on a manual simulated clock, and the real connector
// (libcurl, Login with Amazon, RateLimiter, SpApiClient, SpApiAmazon) pointed at it, living on the
// same simulated time (SimTimeClock): the client's waits move the emulator's clock forward.

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/amazon/connection.h"
#include "adapters/http/curl_http.h"
#include "sim/amazon/amazon_sim.h"
#include "tests/integration/sim_time_clock.h"

namespace fbaflow::testing {

inline constexpr sim::SimMillis kSimStart = 1'772'323'200'000;  // 2026-03-01T00:00:00Z
inline constexpr const char* kUsMarketplace = "ATVPDKIKX0DER";

struct HarnessOptions {
  std::string faults;
  int skus = 40;
  double orders_per_day = 60;
  int history_days = 20;
  uint64_t seed = 11;
};

inline HarnessOptions Options(std::string faults, int skus = 40, double orders_per_day = 60,
                              int history_days = 20) {
  HarnessOptions o;
  o.faults = std::move(faults);
  o.skus = skus;
  o.orders_per_day = orders_per_day;
  o.history_days = history_days;
  return o;
}

// The whole FBA inventory of the emulator's US marketplace.
inline amazon::InventoryQuery UsInventory() {
  amazon::InventoryQuery q;
  q.marketplace_id = kUsMarketplace;
  return q;
}

class SimHarness {
 public:
  explicit SimHarness(const HarnessOptions& o = {}) {
    sim::AmazonSimOptions options;
    options.seed = o.seed;
    options.sku_count = o.skus;
    options.orders_per_day = o.orders_per_day;
    options.history_days = o.history_days;
    options.threads = 4;
    auto faults = sim::ParseFaultSpec(o.faults);
    EXPECT_TRUE(faults.Ok()) << faults.GetStatus().ToString();
    if (faults.Ok()) options.faults = *faults;
    sim_clock_ = std::make_shared<sim::ManualClock>(kSimStart);
    options.clock = sim_clock_;
    sim_ = std::make_unique<sim::AmazonSim>(options);
    const Status started = sim_->Start();
    EXPECT_TRUE(started.Ok()) << started.ToString();
    clock_ = std::make_unique<SimTimeClock>(*sim_clock_);
    limiter_ = std::make_unique<amazon::RateLimiter>(*clock_);
    connection_ = std::make_unique<amazon::AmazonConnection>(Settings(), http_, *clock_, *limiter_);
  }

  // Connection settings for the emulator's first seller (the real credentials).
  amazon::ConnectionSettings Settings() const {
    amazon::ConnectionSettings s;
    s.selling_partner = sim_->Sellers()[0].seller_id;
    s.region = "na";
    s.endpoint = sim_->BaseUrl();
    s.lwa_endpoint = sim_->BaseUrl() + "/auth/o2/token";
    s.credentials = amazon::LwaCredentials{sim_->ClientId(), Secret(sim_->ClientSecret()),
                                           Secret(sim_->Sellers()[0].refresh_token)};
    return s;
  }

  sim::AmazonSim& Sim() { return *sim_; }
  sim::ManualClock& SimClock() { return *sim_clock_; }
  SimTimeClock& ClientClock() { return *clock_; }
  amazon::AmazonApi& Api() { return connection_->Api(); }
  amazon::SpApiClient& Client() { return connection_->Client(); }
  amazon::RateLimiter& Limiter() { return *limiter_; }
  CurlHttp& Http() { return http_; }

  // The emulator's counters for one operation ("searchOrders", "documentDownload", ...), or for
  // Login with Amazon ("lwa").
  nlohmann::json Stats(const std::string& operation) const {
    const nlohmann::json all = nlohmann::json::parse(sim_->StatsJson());
    if (operation == "lwa") return all["lwa"];
    const nlohmann::json& ops = all["operations"];
    return ops.contains(operation)
               ? ops[operation]
               : nlohmann::json{{"requests", 0},     {"ok", 0},           {"throttled", 0},
                                {"clientErrors", 0}, {"serverErrors", 0}, {"timeouts", 0}};
  }
  int64_t Stat(const std::string& operation, const std::string& counter) const {
    return Stats(operation).value(counter, int64_t{0});
  }

 private:
  std::shared_ptr<sim::ManualClock> sim_clock_;
  std::unique_ptr<sim::AmazonSim> sim_;
  std::unique_ptr<SimTimeClock> clock_;
  CurlHttp http_;
  std::unique_ptr<amazon::RateLimiter> limiter_;
  std::unique_ptr<amazon::AmazonConnection> connection_;
};

}  // namespace fbaflow::testing
