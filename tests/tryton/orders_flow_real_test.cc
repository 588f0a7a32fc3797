// The orders flow end to end: the real `fbaflow orders sync` binary, the Amazon emulator in this
// process, and the real Tryton of the CTest fixture. Everything is proved by reading Tryton's own
// records and the emulator's, never fbaflow's tables: every order lands once, in its warehouse;
// merchant shipments are confirmed to Amazon once; a flow killed with SIGKILL at random points,
// or talking to Tryton through a proxy that drops answers after Tryton committed, still leaves
// every order exactly once.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "adapters/erp/tryton_erp.h"
#include "adapters/http/curl_http.h"
#include "app/amazon_session.h"
#include "sim/amazon/amazon_sim.h"
#include "sim/amazon/world.h"
#include "sim/amazon/world_catalogue.h"
#include "sim/proxy/fault_proxy.h"
#include "tests/tryton/tryton_test_db.h"

extern char** environ;

namespace fbaflow::erp {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

constexpr int kSeed = 7;

class OrdersFlowRealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::optional<TrytonSettings> db = FreshTrytonDatabase();
    if (!db) GTEST_SKIP() << "no Tryton test server (run through ctest, with trytond installed)";
    tryton_ = *db;
    erp_ = std::make_unique<TrytonErp>(tryton_, http_);

    sim::AmazonSimOptions o;
    o.seed = kSeed;
    o.marketplace = "UK";
    o.sku_count = 40;
    o.orders_per_day = 20;
    o.history_days = 2;
    sim_ = std::make_unique<sim::AmazonSim>(o);
    ASSERT_TRUE(sim_->Start().Ok());
    seller_ = sim_->Sellers().at(0);

    dir_ =
        fs::path(::testing::TempDir()) /
        ("orders-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ::unsetenv("FBAFLOW_CONFIG");
    ::unsetenv("FBAFLOW_STORE_URL");
    ::setenv("FBAFLOW_LWA_CLIENT_ID", sim_->ClientId().c_str(), 1);
    ::setenv("FBAFLOW_LWA_CLIENT_SECRET", sim_->ClientSecret().c_str(), 1);
    ::setenv("FBAFLOW_LWA_REFRESH_TOKEN", seller_.refresh_token.c_str(), 1);
    PointFbaflowAt(tryton_.url);
    ::setenv("FBAFLOW_ERP_DATABASE", tryton_.database.c_str(), 1);
    ::setenv("FBAFLOW_ERP_USER", tryton_.user.c_str(), 1);
    ::setenv("FBAFLOW_ERP_PASSWORD", tryton_.password.RevealForWire().c_str(), 1);

    std::ofstream(dir_ / "fbaflow.toml")
        << "[orders]\nretry_base_seconds = 1\nretry_max_seconds = 2\n";
    // The seller's alias table, from the emulator's catalogue (as a person would import it).
    const sim::World world(sim::CatalogueConfig(kSeed, "UK", 40));
    std::ofstream csv(dir_ / "aliases.csv");
    csv << "seller_sku,item_code,marketplace\n";
    for (const sim::Sku& s : world.Skus()) {
      if (s.erp_reach == sim::ErpReach::kAlias)
        csv << s.seller_sku << "," << s.erp_item_code << ",UK\n";
      if (s.erp_reach == sim::ErpReach::kMissing) missing_.insert(s.seller_sku);
    }
    csv.close();
    ASSERT_EQ(Fbaflow({"mappings", "import", (dir_ / "aliases.csv").string()}), 0);
  }

  void TearDown() override {
    if (sim_) sim_->Stop();
  }

  static void PointFbaflowAt(const std::string& url) {
    ::setenv("FBAFLOW_ERP_URL", url.c_str(), 1);
  }

  // The data folder, and the seller for the commands that have one (not `settlement`).
  std::vector<std::string> CommonArgs(const std::string& command) const {
    std::vector<std::string> args = {"--data-dir", (dir_ / "data").string()};
    if (command != "settlement") {
      args.push_back("--seller-id");
      args.push_back(seller_.seller_id);
    }
    return args;
  }

  // Runs the fbaflow binary; when `kill_after` is set, SIGKILLs it then. Returns the exit code
  // (-1 when killed).
  int Fbaflow(std::vector<std::string> args,
              std::optional<std::chrono::milliseconds> kill_after = std::nullopt) {
    for (const std::string& a : CommonArgs(args.front())) args.push_back(a);
    std::vector<std::string> argv = {std::string(FBAFLOW_BINARY_DIR) + "/cli/fbaflow"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = (dir_ / "fbaflow.log").string();
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(rc, 0);
    if (rc != 0) return -2;
    if (kill_after) {
      std::this_thread::sleep_for(*kill_after);
      ::kill(pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::vector<std::string> SyncArgs() const {
    return {"orders",
            "sync",
            "--once",
            "--since",
            "3d",
            "--endpoint",
            sim_->BaseUrl(),
            "--lwa-endpoint",
            sim_->BaseUrl() + "/auth/o2/token",
            "--marketplace",
            "UK",
            "--config",
            (dir_ / "fbaflow.toml").string()};
  }
  int SyncOnce() { return Fbaflow(SyncArgs()); }

  // Syncs until a pass leaves nothing to send (exceptions may stay open: 1 is fine). Failed
  // writes back off for a second here ([orders] retry_base_seconds in the test's config).
  void SyncUntilQuiet() {
    for (int pass = 0; pass < 20; ++pass) {
      const int code = SyncOnce();
      ASSERT_TRUE(code == 0 || code == 1) << "exit " << code << "; log: " << Log();
      if (!Pending()) return;
      std::this_thread::sleep_for(std::chrono::seconds(2));
    }
    FAIL() << "the outbox never emptied; log: " << Log();
  }

  bool Pending() {
    // What fbaflow still has to send, from its own report: only to know when to stop.
    std::ifstream in(dir_ / "fbaflow.log");
    std::string line, last;
    while (std::getline(in, line)) {
      if (line.starts_with("outbox:")) last = line;
    }
    return last.find("outbox: 0 pending") == std::string::npos;
  }

  std::string Log() const {
    std::ifstream in(dir_ / "fbaflow.log");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.size() > 4000 ? text.substr(text.size() - 4000) : text;
  }

  // Amazon's orders, as the emulator holds them now, through the real connector.
  std::vector<amazon::Order> AmazonOrders() {
    app::AmazonSettings s;
    s.client_id = sim_->ClientId();
    s.client_secret = Secret(sim_->ClientSecret());
    s.refresh_token = Secret(seller_.refresh_token);
    s.endpoint = sim_->BaseUrl();
    s.lwa_endpoint = sim_->BaseUrl() + "/auth/o2/token";
    s.seller_id = seller_.seller_id;
    s.marketplace_ids = {"A1F83G8C2ARO7P"};
    app::AmazonSession session(s);
    amazon::OrderQuery q;
    q.last_updated_after = Timestamp{session.GetClock().WallTimestamp().utc_seconds - 5 * 86400, 0};
    q.marketplace_ids = s.marketplace_ids;
    q.included_data = {"FULFILLMENT", "PROCEEDS"};
    std::vector<amazon::Order> out;
    Result<amazon::OrderSearchResult> r = session.Api().SearchOrders(q, [&](amazon::OrdersPage& p) {
      out.insert(out.end(), p.orders.begin(), p.orders.end());
      return OkStatus();
    });
    EXPECT_TRUE(r.Ok()) << r.GetStatus().ToString();
    return out;
  }

  Json SearchRead(const std::string& model, Json domain, Json fields) {
    Result<Json> r =
        erp_->Rpc().Call("model." + model + ".search_read",
                         Json::array({std::move(domain), 0, nullptr, nullptr, std::move(fields)}));
    EXPECT_TRUE(r.Ok()) << r.GetStatus().ToString();
    return r.Ok() ? *r : Json::array();
  }

  // Tryton's sales by reference; a reference that appears twice fails the test.
  std::map<std::string, Json> TrytonSales() {
    std::map<std::string, Json> by_ref;
    for (const Json& s : SearchRead("sale.sale", Json::array(),
                                    {"reference", "state", "warehouse.name", "shipments"})) {
      const std::string ref = s.value("reference", "");
      EXPECT_EQ(by_ref.count(ref), 0u) << "Tryton holds two sales with reference " << ref;
      by_ref[ref] = s;
    }
    return by_ref;
  }

  // Whether fbaflow must have put this order in the ERP.
  bool MustLand(const amazon::Order& o) const {
    if (o.fulfillment_status != "UNSHIPPED" && o.fulfillment_status != "PARTIALLY_SHIPPED" &&
        o.fulfillment_status != "SHIPPED") {
      return false;
    }
    if (o.fulfilled_by == amazon::FulfilledBy::kUnknown) return false;
    for (const amazon::OrderItem& i : o.items) {
      if (missing_.count(i.seller_sku) != 0 || !i.unit_price) return false;
    }
    return !o.items.empty();
  }

  // The proof: every order that must land is one sale in its warehouse; no reference twice; no
  // sale for an order Amazon does not have; none for an order with a SKU the ERP lacks.
  void ExpectEveryOrderExactlyOnce() {
    const std::map<std::string, Json> sales = TrytonSales();
    const std::vector<amazon::Order> orders = AmazonOrders();
    ASSERT_GT(orders.size(), 10u);
    int landed = 0;
    std::set<std::string> known;
    for (const amazon::Order& o : orders) {
      known.insert(o.order_id);
      auto it = sales.find(o.order_id);
      if (!MustLand(o)) {
        if (o.fulfillment_status != "CANCELLED") {
          EXPECT_TRUE(it == sales.end()) << o.order_id << " " << o.fulfillment_status;
        }
        continue;
      }
      ASSERT_TRUE(it != sales.end()) << "order " << o.order_id << " never reached Tryton";
      ++landed;
      EXPECT_EQ(it->second["warehouse."]["name"],
                o.fulfilled_by == amazon::FulfilledBy::kAmazon ? "Amazon FBA" : "Own warehouse")
          << o.order_id;
      if (o.fulfilled_by == amazon::FulfilledBy::kAmazon && o.fulfillment_status == "SHIPPED") {
        EXPECT_EQ(it->second["state"], "done") << o.order_id;
      }
    }
    for (const auto& [ref, sale] : sales) {
      EXPECT_EQ(known.count(ref), 1u) << "Tryton has sale " << ref << " that Amazon does not";
    }
    EXPECT_GT(landed, 5);
  }

  TrytonSettings tryton_;
  CurlHttp http_;
  std::unique_ptr<TrytonErp> erp_;
  std::unique_ptr<sim::AmazonSim> sim_;
  sim::SellerCredentials seller_;
  fs::path dir_;
  std::set<std::string> missing_;
};

TEST_F(OrdersFlowRealTest, EveryOrderLandsOnceAndMerchantShipmentsAreConfirmedToAmazonOnce) {
  SyncUntilQuiet();
  ExpectEveryOrderExactlyOnce();

  // The warehouse team ships two merchant orders in Tryton (ones Amazon still waits for: an order
  // the seller confirmed in Seller Central is not confirmed again).
  std::set<std::string> unshipped;
  for (const amazon::Order& o : AmazonOrders()) {
    if (o.fulfillment_status == "UNSHIPPED") unshipped.insert(o.order_id);
  }
  std::vector<std::string> shipped;
  for (const auto& [ref, sale] : TrytonSales()) {
    if (sale["warehouse."]["name"] != "Own warehouse" || sale["state"] != "processing") continue;
    if (unshipped.count(ref) == 0) continue;
    for (const char* button : {"assign_force", "pick", "pack", "done"}) {
      ASSERT_TRUE(erp_->Rpc()
                      .Call(std::string("model.stock.shipment.out.") + button,
                            Json::array({sale["shipments"]}))
                      .Ok())
          << button;
    }
    shipped.push_back(ref);
    if (shipped.size() == 2) break;
  }
  ASSERT_EQ(shipped.size(), 2u) << "the emulator made fewer than two unshipped merchant orders";
  SyncUntilQuiet();
  SyncOnce();
  for (const std::string& id : shipped) {
    EXPECT_EQ(sim_->Confirmations(id).size(), 1u) << id;
  }
}

TEST_F(OrdersFlowRealTest, AFlowKilledAtRandomPointsLeavesEveryOrderExactlyOnce) {
  std::mt19937 dice(20261207);
  std::uniform_int_distribution<int> when_ms(150, 2500);
  int killed = 0;
  for (int round = 0; round < 10; ++round) {
    if (Fbaflow(SyncArgs(), std::chrono::milliseconds(when_ms(dice))) == -1) ++killed;
  }
  EXPECT_GE(killed, 5) << "the flow finished before it could be killed: nothing was proved";
  SyncUntilQuiet();
  ExpectEveryOrderExactlyOnce();
}

TEST_F(OrdersFlowRealTest, AnswersLostAfterTrytonCommittedNeverMakeASecondRecord) {
  sim::FaultProxyOptions options;
  options.backend_url = tryton_.url.substr(0, tryton_.url.size() - 1);  // no trailing slash
  Result<sim::ProxyFaults> faults = sim::ParseProxyFaults(
      "drop-after-commit,body=model.sale.sale.create,p=0.3;"
      "drop-after-commit,body=model.sale.sale.confirm,p=0.3;"
      "drop-after-commit,body=model.stock.shipment.out.done,p=0.3;"
      "status=503,p=0.05");
  ASSERT_TRUE(faults.Ok()) << faults.GetStatus().ToString();
  options.faults = *faults;
  options.seed = 7;
  sim::FaultProxy proxy(options);
  ASSERT_TRUE(proxy.Start().Ok());
  PointFbaflowAt(proxy.BaseUrl() + "/");
  SyncUntilQuiet();
  proxy.Stop();
  EXPECT_GT(proxy.Counters().drop_after_commit, 3u) << proxy.Counters().ToString();
  ExpectEveryOrderExactlyOnce();
}

TEST_F(OrdersFlowRealTest, ASettlementPostsOnceAsABalancedMoveWhoseClearingLineIsTheDeposit) {
  const std::string file = (dir_ / "settlement.txt").string();
  const std::string gen = std::string(FBAFLOW_BINARY_DIR) +
                          "/sim/fbaflow-gen settlement --rows 500 "
                          "--marketplace UK --seed 42 --start 2026-11-10 -q -o " +
                          file;
  ASSERT_EQ(std::system(gen.c_str()), 0);
  for (int run = 0; run < 2; ++run) {  // the second run posts nothing new
    ASSERT_EQ(Fbaflow({"settlement", "journal", file, "-o", "/dev/null", "-q", "--post"}), 0)
        << Log();
  }
  const Json moves =
      SearchRead("account.move", Json::array({Json::array({"journal.code", "=", "AMZ"})}),
                 {"state", "description", "lines"});
  ASSERT_EQ(moves.size(), 1u) << moves.dump();
  EXPECT_EQ(moves[0]["state"], "posted");
  const Json lines =
      SearchRead("account.move.line", Json::array({Json::array({"move", "=", moves[0]["id"]})}),
                 {"debit", "credit", "account.code"});
  Money debit = Money::Zero(*Currency::FromCode("GBP")), credit = debit, clearing = debit;
  for (const Json& l : lines) {
    const Money d = *DecodeMoney(l["debit"], debit.GetCurrency());
    const Money c = *DecodeMoney(l["credit"], debit.GetCurrency());
    debit += d;
    credit += c;
    if (l["account."]["code"] == "1200") clearing += d - c;
  }
  EXPECT_EQ(debit, credit);
  // The deposit, as fbaflow's own journal states it (the settlement's total-amount).
  const std::string check = std::string(FBAFLOW_BINARY_DIR) + "/cli/fbaflow settlement journal " +
                            file + " --format text -o /dev/null 2>&1 | grep -o 'clearing [0-9.-]*'";
  FILE* p = ::popen(check.c_str(), "r");
  char buf[128] = {0};
  ASSERT_NE(std::fgets(buf, sizeof buf, p), nullptr);
  ::pclose(p);
  const std::string deposit = std::string(buf).substr(9, std::string(buf).find_first_of("\n") - 9);
  EXPECT_EQ(clearing.ToString(), deposit);
}

}  // namespace
}  // namespace fbaflow::erp
