// fbaflow-bench-apisync: the API-sync benchmark of `make bench` (bench/README.md).
//
// Pulls N orders (searchOrders, 100 a page) and the inventory of M SKUs (getInventorySummaries,
// 50 a page) from the Amazon emulator, running in process on a time scale, under Amazon's
// published limits. Two clients do the same work, each against a fresh emulator (fresh buckets):
//   fbaflow  the real connector (libcurl, Login with Amazon, RateLimiter with rate_scale = the
//            time scale, SpApiClient, SpApiAmazon);
//   naive    plain libcurl that sends as fast as it can and, on a 429, sleeps a fixed time
//            (1 s of Amazon time by default) and sends again.
// For each it prints the requests made, the 429s provoked, the simulated time taken, and the
// achieved rate as a fraction of the bucket's theoretical maximum over that time:
//   accepted requests / (burst + rate × simulated seconds).
// Targets: fbaflow at least 0.95 of the maximum, and no 429 beyond the first probe (at most one
// per operation). Exit status 0 when fbaflow meets both on both operations, 1 otherwise.

#include <curl/curl.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "adapters/amazon/connection.h"
#include "adapters/clock/system_clock.h"
#include "adapters/http/curl_http.h"
#include "core/amazon/operation_catalog.h"
#include "sim/amazon/amazon_sim.h"
#include "sim/amazon/iso_time.h"

namespace fbaflow::bench {
namespace {

using nlohmann::json;

constexpr const char* kMarketplace = "ATVPDKIKX0DER";  // US

struct Settings {
  int orders = 10'000;
  int skus = 5'000;
  double orders_scale = 600;
  double inventory_scale = 5;
  double naive_sleep_s = 1.0;  // Amazon seconds
  uint64_t seed = 42;
  bool naive = true;
};

// What one client did against one emulator.
struct Run {
  std::string client;
  std::string operation;
  int64_t records = 0;
  int64_t requests = 0;
  int64_t ok = 0;
  int64_t throttled = 0;
  int64_t other_errors = 0;
  double sim_seconds = 0;
  double real_seconds = 0;
  double theoretical = 0;  // burst + rate × sim_seconds
  bool completed = false;
  std::string error;

  double Ratio() const { return theoretical > 0 ? static_cast<double>(ok) / theoretical : 0; }
};

// An emulator sized for the work, on its own time scale.
std::unique_ptr<sim::AmazonSim> StartSim(const Settings& s, double scale, bool for_orders) {
  sim::AmazonSimOptions o;
  o.seed = s.seed;
  o.time_scale = scale;
  o.threads = 4;
  if (for_orders) {
    // Enough SKUs that stock never runs out (a sold-out world takes no orders), and more than N
    // orders in the nine days pulled; the pull stops at N.
    o.sku_count = 400;
    o.history_days = 10;
    o.orders_per_day = s.orders / 9.0 * 1.2;
  } else {
    o.sku_count = s.skus * 4 / 3 + 1;  // a quarter are merchant-fulfilled, not in FBA inventory
    o.history_days = 2;
    o.orders_per_day = 20;
  }
  auto sim = std::make_unique<sim::AmazonSim>(o);
  if (Status st = sim->Start(); !st.Ok()) {
    std::fprintf(stderr, "bench: the emulator did not start: %s\n", st.ToString().c_str());
    return nullptr;
  }
  return sim;
}

double SimSeconds(sim::AmazonSim& sim) { return static_cast<double>(sim.Clock().Now()) / 1000.0; }

void ReadStats(sim::AmazonSim& sim, const amazon::OperationSpec& op, Run* run) {
  const json stats = json::parse(sim.StatsJson());
  const json ops = stats.value("operations", json::object());
  const json row = ops.value(std::string(op.operation_id), json::object());
  run->requests = row.value("requests", int64_t{0});
  run->ok = row.value("ok", int64_t{0});
  run->throttled = row.value("throttled", int64_t{0});
  run->other_errors = run->requests - run->ok - run->throttled;
}

// The window of orders pulled: the nine days before the emulator's start.
std::pair<int64_t, int64_t> OrderWindow(sim::AmazonSim& sim) {
  const int64_t start = sim.Clock().Now() / 1000;
  return {start - 9 * 86400 - 3600, start - 3600};
}

// ---- fbaflow ------------------------------------------------------------------------------------

Run RunFbaflow(sim::AmazonSim& sim, double scale, bool orders, int want) {
  const amazon::OperationSpec& op =
      *amazon::FindOperation(orders ? "searchOrders" : "getInventorySummaries");
  Run run;
  run.client = "fbaflow";
  run.operation = std::string(op.operation_id);
  CurlHttp http;
  SystemClock clock;
  amazon::RateLimiter limiter(clock, scale);
  amazon::ConnectionSettings cs;
  cs.selling_partner = sim.Sellers()[0].seller_id;
  cs.endpoint = sim.BaseUrl();
  cs.lwa_endpoint = sim.BaseUrl() + "/auth/o2/token";
  cs.credentials = amazon::LwaCredentials{sim.ClientId(), Secret(sim.ClientSecret()),
                                          Secret(sim.Sellers()[0].refresh_token)};
  cs.call_deadline = std::chrono::seconds(3600);
  cs.rate_scale = scale;
  amazon::AmazonConnection connection(cs, http, clock, limiter);
  // Log in before the clock starts: the benchmark is about the API's buckets.
  if (auto t = connection.Client().Lwa().Token(amazon::TokenKind::kSeller); !t.Ok()) {
    run.error = t.GetStatus().ToString();
    return run;
  }
  const auto window = OrderWindow(sim);
  const double t0 = SimSeconds(sim);
  const auto r0 = std::chrono::steady_clock::now();
  Status status;
  if (orders) {
    amazon::OrderQuery q;
    q.created_after = Timestamp{window.first, 0};
    q.created_before = Timestamp{window.second, 0};
    q.marketplace_ids = {kMarketplace};
    const int64_t wanted = want;
    auto r = connection.Api().SearchOrders(q, [&run, wanted](amazon::OrdersPage& page) {
      run.records += static_cast<int64_t>(page.orders.size());
      return run.records >= wanted ? Cancelled("enough orders") : OkStatus();
    });
    status = r.GetStatus();
    if (status.Code() == StatusCode::kCancelled) status = OkStatus();
  } else {
    amazon::InventoryQuery q;
    q.marketplace_id = kMarketplace;
    auto r = connection.Api().GetInventorySummaries(q);
    status = r.GetStatus();
    if (r.Ok()) run.records = static_cast<int64_t>(r->summaries.size());
  }
  run.sim_seconds = SimSeconds(sim) - t0;
  run.real_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count();
  run.completed = status.Ok();
  if (!status.Ok()) run.error = status.ToString();
  ReadStats(sim, op, &run);
  run.theoretical = static_cast<double>(op.burst) + op.rate * run.sim_seconds;
  return run;
}

// ---- the naive client: plain libcurl, fixed sleep on 429
// -----------------------------------------

class NaiveClient {
 public:
  NaiveClient() : curl_(curl_easy_init()) {}
  ~NaiveClient() {
    curl_slist_free_all(headers_);
    curl_easy_cleanup(curl_);
  }
  NaiveClient(const NaiveClient&) = delete;
  NaiveClient& operator=(const NaiveClient&) = delete;

  void SetToken(const std::string& token) {
    curl_slist_free_all(headers_);
    headers_ = curl_slist_append(nullptr, ("x-amz-access-token: " + token).c_str());
  }

  // Sends and returns the HTTP status (0 on a transport failure); the body in `body`.
  long Get(const std::string& url, std::string* body) { return Perform(url, nullptr, body); }
  long PostForm(const std::string& url, const std::string& form, std::string* body) {
    return Perform(url, &form, body);
  }

  std::string Escape(const std::string& s) {
    char* e = curl_easy_escape(curl_, s.c_str(), static_cast<int>(s.size()));
    std::string out(e);
    curl_free(e);
    return out;
  }

 private:
  static size_t Collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
  }

  long Perform(const std::string& url, const std::string* form, std::string* body) {
    body->clear();
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &NaiveClient::Collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, body);
    if (form != nullptr) {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, form->c_str());
    } else if (headers_ != nullptr) {
      curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    }
    if (curl_easy_perform(curl_) != CURLE_OK) return 0;
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    return status;
  }

  CURL* curl_;
  curl_slist* headers_ = nullptr;
};

Run RunNaive(sim::AmazonSim& sim, double scale, bool orders, int want,
             double sleep_amazon_seconds) {
  const amazon::OperationSpec& op =
      *amazon::FindOperation(orders ? "searchOrders" : "getInventorySummaries");
  Run run;
  run.client = "naive";
  run.operation = std::string(op.operation_id);
  NaiveClient c;
  std::string body;
  // It logs in again whenever Amazon says the token expired (not a rate-limit matter).
  auto login = [&]() {
    const long status = c.PostForm(
        sim.BaseUrl() + "/auth/o2/token",
        "grant_type=refresh_token&refresh_token=" + c.Escape(sim.Sellers()[0].refresh_token) +
            "&client_id=" + c.Escape(sim.ClientId()) +
            "&client_secret=" + c.Escape(sim.ClientSecret()),
        &body);
    if (status != 200) return false;
    c.SetToken(json::parse(body).value("access_token", ""));
    return true;
  };
  if (!login()) {
    run.error = "login failed";
    return run;
  }
  const auto sleep = std::chrono::duration<double>(sleep_amazon_seconds / scale);

  const auto window = OrderWindow(sim);
  std::string first;
  if (orders) {
    first = sim.BaseUrl() + "/orders/2026-01-01/orders?marketplaceIds=" + kMarketplace +
            "&maxResultsPerPage=100&createdAfter=" + c.Escape(sim::FormatIso(window.first * 1000)) +
            "&createdBefore=" + c.Escape(sim::FormatIso(window.second * 1000));
  } else {
    first = sim.BaseUrl() +
            "/fba/inventory/v1/summaries?details=true&granularityType=Marketplace&granularityId=" +
            kMarketplace + "&marketplaceIds=" + kMarketplace;
  }
  const double t0 = SimSeconds(sim);
  const auto r0 = std::chrono::steady_clock::now();
  std::string url = first;
  for (int guard = 0; guard < 1'000'000; ++guard) {
    const long status = c.Get(url, &body);
    if (status == 429) {
      std::this_thread::sleep_for(sleep);
      continue;
    }
    if (status == 403 && login()) continue;
    if (status != 200) {
      run.error = "HTTP " + std::to_string(status) + ": " + body.substr(0, 200);
      break;
    }
    const json page = json::parse(body);
    run.records += static_cast<int64_t>(
        orders ? page.value("orders", json::array()).size()
               : page["payload"].value("inventorySummaries", json::array()).size());
    const std::string next = page.value("pagination", json::object()).value("nextToken", "");
    if (next.empty() || (orders && run.records >= want)) {
      run.completed = true;
      break;
    }
    url = orders ? first + "&paginationToken=" + c.Escape(next)
                 : first + "&nextToken=" + c.Escape(next);
  }
  run.sim_seconds = SimSeconds(sim) - t0;
  run.real_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count();
  ReadStats(sim, op, &run);
  run.theoretical = static_cast<double>(op.burst) + op.rate * run.sim_seconds;
  return run;
}

// ---- the report ---------------------------------------------------------------------------------

void PrintRun(const Run& r) {
  std::printf("%-22s %-8s %8lld %9lld %8lld %6lld %10.0f s %7.1f s %9.1f %8.3f\n",
              r.operation.c_str(), r.client.c_str(), static_cast<long long>(r.records),
              static_cast<long long>(r.requests), static_cast<long long>(r.ok),
              static_cast<long long>(r.throttled), r.sim_seconds, r.real_seconds, r.theoretical,
              r.Ratio());
  if (!r.completed) std::printf("  ^ did not complete: %s\n", r.error.c_str());
}

int Main(int argc, char** argv) {
  Settings s;
  CLI::App app{"fbaflow API-sync benchmark: fbaflow's connector against a naive client"};
  app.add_option("--orders", s.orders, "orders to pull (about; Poisson arrivals)");
  app.add_option("--skus", s.skus, "FBA SKUs whose inventory to pull");
  app.add_option("--orders-scale", s.orders_scale, "emulator time scale for the orders pull");
  app.add_option("--inventory-scale", s.inventory_scale,
                 "emulator time scale for the inventory pull");
  app.add_option("--naive-sleep", s.naive_sleep_s,
                 "the naive client's sleep after a 429, in Amazon seconds");
  app.add_option("--seed", s.seed, "emulator seed");
  bool no_naive = false;
  app.add_flag("--no-naive", no_naive, "skip the naive client");
  CLI11_PARSE(app, argc, argv);
  s.naive = !no_naive;
  curl_global_init(CURL_GLOBAL_DEFAULT);

  std::printf("== fbaflow API-sync benchmark\n");
  std::printf(
      "emulator in process, time-scaled: searchOrders (0.0056/s, burst 20) at %gx, "
      "getInventorySummaries (2/s, burst 2) at %gx; naive client sleeps %g s (Amazon time) "
      "after a 429\n\n",
      s.orders_scale, s.inventory_scale, s.naive_sleep_s);
  std::printf("%-22s %-8s %8s %9s %8s %6s %12s %9s %9s %8s\n", "operation", "client", "records",
              "requests", "ok", "429s", "sim time", "wall", "max", "achieved");

  std::vector<Run> runs;
  for (const bool orders : {true, false}) {
    const double scale = orders ? s.orders_scale : s.inventory_scale;
    for (const bool naive : {false, true}) {
      if (naive && !s.naive) continue;
      auto sim = StartSim(s, scale, orders);
      if (sim == nullptr) return 1;
      const int want = orders ? s.orders : s.skus;
      Run r = naive ? RunNaive(*sim, scale, orders, want, s.naive_sleep_s)
                    : RunFbaflow(*sim, scale, orders, want);
      sim->Stop();
      PrintRun(r);
      std::fflush(stdout);
      runs.push_back(std::move(r));
    }
  }

  std::printf("\n== targets (fbaflow; max = burst + rate x simulated time)\n");
  bool pass = true;
  for (const Run& r : runs) {
    if (r.client != "fbaflow") continue;
    const bool rate_ok = r.completed && r.Ratio() >= 0.95;
    const bool probe_ok = r.completed && r.throttled <= 1;
    std::printf("%-52s %8.3f  %s\n", (r.operation + ": achieved >= 0.95 of the maximum").c_str(),
                r.Ratio(), rate_ok ? "PASS" : "FAIL");
    std::printf("%-52s %8lld  %s\n", (r.operation + ": 429s beyond the first probe = 0").c_str(),
                static_cast<long long>(r.throttled > 0 ? r.throttled - 1 : 0),
                probe_ok ? "PASS" : "FAIL");
    pass = pass && rate_ok && probe_ok;
  }
  curl_global_cleanup();
  return pass ? 0 : 1;
}

}  // namespace
}  // namespace fbaflow::bench

int main(int argc, char** argv) { return fbaflow::bench::Main(argc, argv); }
