// fbaflow-bench-orders: the orders benchmark of `make bench` (bench/README.md, issue "fbaflow's
// own cost per order must never be the bottleneck").
//
// Prints, in one run, each figure beside its target:
//   1. SkuMapper::Map per line + RouteOrder per order alone: orders/s (target >= 1,000,000/s);
//   2. end to end, SyncOrdersOnce from an instant in-process Amazon (FakeOrdersApi serving
//      pre-generated orders) through pull, routing, the store, the outbox and mapping into an
//      instant ERP (FakeErp), on SQLite: orders/s (target >= 5,000/s);
//   3. the same on PostgreSQL (--postgres URL of an empty database), or a line saying why not;
//   4. for information, the emulator-through-connector pull rate (the real connector against
//      sim::AmazonSim on a time scale);
//   5. against a real Tryton (--tryton-url ...): orders/s and the share of the wall time spent in
//      fbaflow rather than inside the Erp port (target < 5 %), or a line saying why not.
// Every end-to-end run is checked afterwards against the ERP and the store (one sale per order,
// mapped lines, shipments, exceptions), so a run that skipped work fails rather than shines.
// Exit status 0 when every target is met, 1 otherwise.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "adapters/clock/system_clock.h"
#include "adapters/erp/tryton_erp.h"
#include "adapters/http/curl_http.h"
#include "adapters/store/open_order_store.h"
#include "bench/bench_table.h"
#include "bench/erp_checks.h"
#include "bench/flow_bench.h"
#include "bench/order_mix.h"
#include "bench/pull_bench.h"
#include "bench/routing_bench.h"

namespace fbaflow::bench {
namespace {

constexpr double kRoutingTarget = 1'000'000;  // orders/s
constexpr double kFlowTarget = 5'000;         // orders/s
constexpr double kTrytonShareTarget = 0.05;   // of the wall time inside fbaflow

struct Settings {
  uint64_t seed = 42;
  std::string marketplace = "UK";
  int skus = 400;
  int64_t routing_orders = 4'000'000;
  int routing_pool = 100'000;
  int orders = 20'000;
  std::string postgres;
  std::string postgres_skip = "no --postgres URL given";
  int pull_orders = 3'000;
  double pull_scale = 36'000;
  std::string tryton_url;
  std::string tryton_database = "fbaflow";
  std::string tryton_user = "admin";
  std::string tryton_password = "fbaflow-demo";
  int tryton_orders = 200;
  uint64_t tryton_seed = 7;
  int tryton_skus = 40;
  std::string tryton_skip = "no --tryton-url given";
};

// A fresh folder for the SQLite stores, removed at the end.
class Scratch {
 public:
  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fbaflow-bench-XXXXXX");
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Small shares keep their digits: fbaflow's part of a run against Tryton is a few hundredths.
std::string Percent(double share) {
  return share < 0.01 ? fmt::format("{:.3f} %", share * 100) : fmt::format("{:.1f} %", share * 100);
}

void RoutingPart(const Settings& s, const OrderMix& mix, BenchTable& table) {
  const std::string what = "mapping + routing alone";
  const RoutingFigures f = BenchMappingAndRouting(mix, s.routing_orders, s.routing_pool);
  if (!f.error.empty()) return table.Broken(what, f.error);
  table.Judged(what, Grouped(f.OrdersPerSecond()) + " orders/s", ">= 1,000,000/s",
               f.OrdersPerSecond() >= kRoutingTarget);
  table.Detail(fmt::format(
      "{} orders ({} distinct), {} lines in {:.3f} s: {} exact, {} alias, {} "
      "missing; {} sales and {} shipments queued (checksum {:016x})",
      Grouped(static_cast<double>(f.orders)), Grouped(s.routing_pool),
      Grouped(static_cast<double>(f.lines)), f.seconds, Grouped(static_cast<double>(f.exact)),
      Grouped(static_cast<double>(f.alias)), Grouped(static_cast<double>(f.missing)),
      Grouped(static_cast<double>(f.sales)), Grouped(static_cast<double>(f.ships)), f.checksum));
}

void FlowDetail(const FlowFigures& f, BenchTable& table) {
  table.Detail(fmt::format(
      "{} orders in {:.2f} s ({:.2f} s of this process's CPU: {} orders/s of CPU): {} sales ({} "
      "shipped), {} unmapped-sku exceptions; {} ERP calls",
      Grouped(static_cast<double>(f.orders)), f.seconds, f.cpu_seconds,
      Grouped(f.cpu_seconds > 0 ? static_cast<double>(f.orders) / f.cpu_seconds : 0),
      Grouped(static_cast<double>(f.landing)), Grouped(static_cast<double>(f.shipped)),
      Grouped(static_cast<double>(f.unmapped)), Grouped(static_cast<double>(f.erp_calls))));
}

// End to end with the instant ports, on the store at `location`.
void StorePart(const std::string& store_name, const std::string& location, const OrderMix& mix,
               const FlowRun& run, BenchTable& table) {
  const std::string what = "end to end, " + store_name + ", instant Amazon + ERP";
  Result<std::unique_ptr<OrderStore>> store = OpenOrderStore(location);
  if (!store.Ok()) return table.Broken(what, store.GetStatus().ToString());
  const std::set<std::string> items = mix.ErpItems();
  const std::optional<sim::MarketplaceSite> site = sim::MarketplaceByCode(mix.Marketplace());
  testing::FakeErp erp(items, {}, site->currency);
  SystemClock clock;
  Result<FlowFigures> f = RunFlow(mix, run, erp, **store, clock);
  if (!f.Ok()) return table.Broken(what, f.GetStatus().ToString());
  if (Status st = CheckFakeErp(mix, run.orders, erp); !st.Ok()) {
    return table.Broken(what, st.ToString());
  }
  table.Judged(what, Grouped(f->OrdersPerSecond()) + " orders/s", ">= 5,000/s",
               f->OrdersPerSecond() >= kFlowTarget);
  FlowDetail(*f, table);
  table.Detail(
      fmt::format("fbaflow's own time: {} orders/s (inside the fake ERP {}, the fake "
                  "Amazon {} of the wall time); checked in the fake ERP: each sale "
                  "once, lines mapped",
                  Grouped(f->OwnOrdersPerSecond()), Percent(f->ErpShare()),
                  Percent(f->amazon_seconds / f->seconds)));
}

void PullPart(const Settings& s, BenchTable& table) {
  const std::string what = "Amazon emulator -> connector, pull only";
  if (s.pull_orders <= 0) return table.Skipped(what, "--pull-orders 0");
  const PullFigures f =
      BenchEmulatorPull(s.pull_orders, s.pull_scale, s.seed, s.marketplace, s.skus);
  if (!f.error.empty()) return table.Broken(what, f.error);
  table.Shown(what, Grouped(f.OrdersPerSecond()) + " orders/s", "(for information)");
  table.Detail(
      fmt::format("{} orders, {} pages in {:.2f} s at time scale {:g}: searchOrders' "
                  "rate limit allowed at most {} orders/s over that time",
                  Grouped(static_cast<double>(f.orders)), f.pages, f.seconds, s.pull_scale,
                  Grouped(f.limit_per_second)));
  table.Detail(
      fmt::format("round trips (the emulator's answers) {:.2f} s, rate-limit waits {:.2f} "
                  "s; the connector's own time: {} orders/s",
                  f.transport_seconds, f.waiting_seconds, Grouped(f.OwnOrdersPerSecond())));
}

void TrytonPart(const Settings& s, const Scratch& scratch, BenchTable& table) {
  const std::string what = "real Tryton: share of wall time inside fbaflow";
  if (s.tryton_url.empty()) return table.Skipped(what, s.tryton_skip);
  const OrderMix mix(s.tryton_seed, "UK", s.tryton_skus);  // the catalogue Tryton was prepared from
  erp::TrytonSettings ts;
  ts.url = s.tryton_url;
  ts.database = s.tryton_database;
  ts.user = s.tryton_user;
  ts.password = Secret(s.tryton_password);
  CurlHttp http;
  erp::TrytonErp erp(ts, http);
  Result<std::unique_ptr<OrderStore>> store = OpenOrderStore(scratch.File("tryton-orders.db"));
  if (!store.Ok()) return table.Broken(what, store.GetStatus().ToString());
  SystemClock clock;
  FlowRun run;
  run.orders = mix.Orders(s.tryton_orders, clock.WallTimestamp());
  Result<FlowFigures> f = RunFlow(mix, run, erp, **store, clock);
  if (!f.Ok()) return table.Broken(what, f.GetStatus().ToString());
  if (Status st = CheckTryton(mix, run.orders, erp); !st.Ok()) {
    return table.Broken(what, st.ToString());
  }
  const double share = 1 - f->ErpShare();
  table.Judged(what, Percent(share), "< 5 %", share < kTrytonShareTarget);
  table.Shown("real Tryton: end to end", Grouped(f->OrdersPerSecond()) + " orders/s",
              "(what Tryton allows; for information)");
  FlowDetail(*f, table);
  table.Detail(
      fmt::format("inside Tryton {:.2f} s ({:.1f} ms a call), fbaflow {:.3f} s; checked "
                  "in Tryton: each sale once, FBA shipments done",
                  f->erp_seconds,
                  f->erp_seconds * 1000 / static_cast<double>(std::max<int64_t>(1, f->erp_calls)),
                  f->seconds - f->erp_seconds));
}

int Run(const Settings& s) {
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  fmt::print("== fbaflow orders benchmark\n");
  fmt::print(
      "machine: {} CPU(s), load average {:.2f} {:.2f} {:.2f}; catalogue: seed {}, {}, {} "
      "SKUs\n\n",
      std::thread::hardware_concurrency(), load[0], load[1], load[2], s.seed, s.marketplace,
      s.skus);
  BenchTable table;
  table.Header();
  const OrderMix mix(s.seed, s.marketplace, s.skus);
  RoutingPart(s, mix, table);

  Scratch scratch;
  SystemClock clock;
  FlowRun run;
  run.orders = mix.Orders(s.orders, clock.WallTimestamp());
  StorePart("SQLite", scratch.File("orders.db"), mix, run, table);
  if (s.postgres.empty()) {
    table.Skipped("end to end, PostgreSQL, instant Amazon + ERP", s.postgres_skip);
  } else {
    StorePart("PostgreSQL", s.postgres, mix, run, table);
  }
  PullPart(s, table);
  TrytonPart(s, scratch, table);
  fmt::print("\n{}\n", table.Failed() ? "orders benchmark: a target was missed"
                                      : "orders benchmark: every target met");
  return table.Failed() ? 1 : 0;
}

}  // namespace
}  // namespace fbaflow::bench

int main(int argc, char** argv) {
  fbaflow::bench::Settings s;
  CLI::App app{"fbaflow orders benchmark: fbaflow's own cost per order, end to end"};
  app.add_option("--seed", s.seed, "catalogue and order seed");
  app.add_option("--marketplace", s.marketplace, "UK, US or DE")
      ->check(CLI::IsMember({"UK", "US", "DE"}));
  app.add_option("--skus", s.skus, "SKUs in the catalogue");
  app.add_option("--routing-orders", s.routing_orders, "orders mapped and routed");
  app.add_option("--routing-pool", s.routing_pool, "distinct orders they are drawn from");
  app.add_option("--orders", s.orders, "orders end to end on each store");
  app.add_option("--postgres", s.postgres, "URL of an empty PostgreSQL database");
  app.add_option("--postgres-skip", s.postgres_skip, "why there is no PostgreSQL (printed)");
  app.add_option("--pull-orders", s.pull_orders, "orders pulled from the emulator (0: skip)");
  app.add_option("--pull-scale", s.pull_scale, "the emulator's time scale for the pull");
  app.add_option("--tryton-url", s.tryton_url, "a fresh Tryton from scripts/tryton.sh up");
  app.add_option("--tryton-database", s.tryton_database, "its database");
  app.add_option("--tryton-user", s.tryton_user, "its user");
  app.add_option("--tryton-password", s.tryton_password, "its password");
  app.add_option("--tryton-orders", s.tryton_orders, "orders sent into Tryton");
  app.add_option("--tryton-seed", s.tryton_seed, "the seed Tryton was prepared with");
  app.add_option("--tryton-skus", s.tryton_skus, "the SKU count Tryton was prepared with");
  app.add_option("--tryton-skip", s.tryton_skip, "why there is no Tryton (printed)");
  CLI11_PARSE(app, argc, argv);
  if (s.orders <= 0 || s.routing_orders <= 0 || s.routing_pool <= 0 || s.tryton_orders <= 0) {
    std::fprintf(stderr, "bench: order counts must be positive\n");
    return 2;
  }
  return fbaflow::bench::Run(s);
}
