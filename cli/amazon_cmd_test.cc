// `fbaflow amazon ...` end to end: the real binary against a small loopback Amazon started in the
// test (cpp-httplib), checking output, the archive and ledger on disk, and exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "adapters/testing/temp_dir.h"
#include "cli/amazon_config.h"
#include "core/testing/gzip.h"

namespace fbaflow::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs the fbaflow binary with `env` (NAME=value ...) and `args`.
RunResult RunFbaflow(const std::string& env, const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "stdout.txt";
  const fs::path err = dir / "stderr.txt";
  const std::string command = "cd '" + dir.string() + "' && env -u FBAFLOW_CONFIG " + env + " '" +
                              std::string(FBAFLOW_BINARY_DIR) + "/cli/fbaflow' " + args + " >'" +
                              out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

constexpr char kSettlement[] =
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\t"
    "currency\ttransaction-type\torder-id\tamount-type\tamount-description\tamount\t"
    "posted-date\n"
    "900\t2026-02-01 00:00:00 UTC\t2026-02-15 00:00:00 UTC\t2026-02-17\t5.00\tUSD\t\t\t\t\t\t\n"
    "900\t\t\t\t\t\tOrder\t111-1\tItemPrice\tPrincipal\t5.00\t2026-02-05\n";

class AmazonCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Post("/auth/o2/token", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.get_param_value("refresh_token") != "Atzr|cli-refresh" ||
          req.get_param_value("client_secret") != "cli-secret") {
        res.status = 400;
        res.set_content(R"({"error":"invalid_grant","error_description":"bad grant"})",
                        "application/json");
        return;
      }
      ++tokens_;
      res.set_content(
          R"({"access_token":"Atza|cli-access","token_type":"bearer","expires_in":3600})",
          "application/json");
    });
    server_.Get(
        "/reports/2021-06-30/reports", [this](const httplib::Request& req, httplib::Response& res) {
          if (req.get_header_value("x-amz-access-token") != "Atza|cli-access") {
            res.status = 403;
            return;
          }
          res.set_header("x-amzn-RequestId", "rid-reports");
          res.set_header("x-amzn-RateLimit-Limit", "0.0222");
          std::string reports;
          for (const auto& [id, start, end] : reports_) {
            if (!reports.empty()) reports += ",";
            reports +=
                R"({"reportId":")" + id +
                R"(","reportType":"GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2","dataStartTime":")" +
                start + R"(","dataEndTime":")" + end + R"(","createdTime":")" + end +
                R"(","processingStatus":"DONE","reportDocumentId":"DOC-)" + id +
                R"(","marketplaceIds":["ATVPDKIKX0DER"]})";
          }
          res.set_content(R"({"reports":[)" + reports + "]}", "application/json");
        });
    server_.Get(R"(/reports/2021-06-30/documents/DOC-(\w+))", [this](const httplib::Request& req,
                                                                     httplib::Response& res) {
      res.set_content(R"({"reportDocumentId":"DOC-)" + req.matches[1].str() +
                          R"(","url":"http://127.0.0.1:)" + std::to_string(port_) + "/files/" +
                          req.matches[1].str() + R"(","compressionAlgorithm":"GZIP"})",
                      "application/json");
    });
    server_.Get(R"(/files/(\w+))", [this](const httplib::Request&, httplib::Response& res) {
      ++downloads_;
      res.set_content(fbaflow::testing::Gzip(kSettlement), "text/plain; charset=windows-1252");
    });
    server_.Get(
        "/orders/2026-01-01/orders", [](const httplib::Request& req, httplib::Response& res) {
          if (req.get_param_value("paginationToken").empty()) {
            res.set_content(R"({"orders":[{"orderId":"111-1","createdTime":"2026-02-01T10:00:00Z",
            "lastUpdatedTime":"2026-02-01T10:00:00Z","salesChannel":{"channelName":"Amazon.com",
            "marketplaceId":"ATVPDKIKX0DER"},"fulfillment":{"fulfillmentStatus":"SHIPPED",
            "fulfilledBy":"AMAZON"},"proceeds":{"grandTotal":{"amount":"19.99","currencyCode":"USD"}},
            "orderItems":[{"orderItemId":"1","quantityOrdered":1,"product":{"sellerSku":"SKU-A"}}]}],
            "pagination":{"nextToken":"p2"},"createdBefore":"2026-02-02T00:00:00Z"})",
                            "application/json");
          } else {
            res.set_content(R"({"orders":[{"orderId":"111-2","createdTime":"2026-02-01T11:00:00Z",
            "lastUpdatedTime":"2026-02-01T11:00:00Z","salesChannel":{"channelName":"Amazon.com"},
            "orderItems":[{"orderItemId":"2","quantityOrdered":3,
            "product":{"sellerSku":"SKU-B","price":{"unitPrice":{"amount":"1.234","currencyCode":"USD"}}}}]}]})",
                            "application/json");
          }
        });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }

  std::string Env(const std::string& refresh = "Atzr|cli-refresh") const {
    return "FBAFLOW_LWA_CLIENT_ID=cli-client FBAFLOW_LWA_CLIENT_SECRET=cli-secret "
           "'FBAFLOW_LWA_REFRESH_TOKEN=" +
           refresh + "' FBAFLOW_AMAZON_ENDPOINT=http://127.0.0.1:" + std::to_string(port_) +
           " FBAFLOW_LWA_ENDPOINT=http://127.0.0.1:" + std::to_string(port_) + "/auth/o2/token";
  }

  testing::TempDir dir_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> tokens_{0};
  std::atomic<int> downloads_{0};
  std::vector<std::tuple<std::string, std::string, std::string>> reports_ = {
      {"R1", "2026-01-18T00:00:00Z", "2026-02-01T00:00:00Z"},
      {"R2", "2026-02-01T00:00:00Z", "2026-02-15T00:00:00Z"}};
};

TEST_F(AmazonCliTest, AuthCheckReportsTheTokenAndTheProbeWithoutSecrets) {
  const RunResult r = RunFbaflow(Env(), "amazon auth-check", dir_.Path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("seller token   ok, expires in 3600 s"));
  EXPECT_THAT(r.out, HasSubstr("rid-reports"));
  EXPECT_THAT(r.out, HasSubstr("client id from FBAFLOW_LWA_CLIENT_ID"));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("cli-secret")));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("cli-refresh")));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("cli-access")));
}

TEST_F(AmazonCliTest, RefusedCredentialsExitTwo) {
  const RunResult r = RunFbaflow(Env("Atzr|wrong"), "amazon auth-check", dir_.Path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(r.err, HasSubstr("invalid_grant"));
  EXPECT_THAT(r.err, Not(HasSubstr("Atzr|wrong")));
}

TEST_F(AmazonCliTest, MissingCredentialsExitTwoAndNameTheVariables) {
  const RunResult r = RunFbaflow("", "amazon reports list", dir_.Path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("FBAFLOW_LWA_CLIENT_ID"));
}

TEST_F(AmazonCliTest, SettlementsFetchArchivesOnceAcrossRuns) {
  const RunResult first = RunFbaflow(Env(), "amazon settlements fetch", dir_.Path());
  EXPECT_EQ(first.exit_code, 0) << first.err;
  const fs::path archived = dir_.Path() / "fbaflow-data" / "documents" / "settlement" / "R1.raw";
  EXPECT_THAT(first.out, HasSubstr(archived.string()));
  EXPECT_THAT(first.out, HasSubstr("charset windows-1252"));
  // Each document went through the settlement pipeline.
  EXPECT_THAT(first.out,
              HasSubstr("settlement 900: 1 rows, 1 journal(s), deposit 5.00 USD, ready"));
  EXPECT_TRUE(fs::exists(archived));
  EXPECT_TRUE(fs::exists(dir_.Path() / "fbaflow-data" / "fbaflow.db"));
  EXPECT_EQ(downloads_.load(), 2);

  const RunResult second = RunFbaflow(Env(), "amazon settlements fetch", dir_.Path());
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(second.err, HasSubstr("fetched now: 0; processed before: 2"));
  EXPECT_EQ(downloads_.load(), 2);
}

TEST_F(AmazonCliTest, SettlementGapIsAFindingAndExitsOne) {
  reports_ = {{"R1", "2026-01-04T00:00:00Z", "2026-01-18T00:00:00Z"},
              {"R3", "2026-02-01T00:00:00Z", "2026-02-15T00:00:00Z"}};
  const RunResult r = RunFbaflow(Env(), "amazon settlements fetch --format json", dir_.Path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"("finding":"settlement-gap")"));
  EXPECT_THAT(r.out, HasSubstr(R"("owner":"finance")"));
}

TEST_F(AmazonCliTest, OrdersPrintsEveryPageAndFlagsUnreadableOrders) {
  const RunResult r =
      RunFbaflow(Env(), "amazon --marketplace US orders --since 2026-02-01 --fulfilled-by amazon",
                 dir_.Path());
  EXPECT_EQ(r.exit_code, 1) << r.err;  // one order has an amount USD cannot hold
  EXPECT_THAT(r.out, HasSubstr("111-1"));
  EXPECT_THAT(r.out, HasSubstr("19.99 USD"));
  EXPECT_THAT(r.err, HasSubstr("unreadable order 111-2"));
  EXPECT_THAT(r.err, HasSubstr("'1.234' in USD"));
}

TEST_F(AmazonCliTest, BadSinceIsUsageError) {
  const RunResult r = RunFbaflow(Env(), "amazon orders --since yesterday", dir_.Path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("'yesterday' is not a time"));
}

TEST_F(AmazonCliTest, HelpWorksEverywhere) {
  for (const char* args : {"amazon --help", "amazon auth-check --help", "amazon orders --help",
                           "amazon inventory --help", "amazon reports list --help",
                           "amazon settlements fetch --help"}) {
    const RunResult r = RunFbaflow("", args, dir_.Path());
    EXPECT_EQ(r.exit_code, 0) << args;
    EXPECT_THAT(r.out, HasSubstr("Usage: fbaflow amazon")) << args;
  }
}

// ---- settings ---------------------------------------------------------------------------------

std::optional<std::string> NoEnv(const std::string&) { return std::nullopt; }

TEST(AmazonSettingsTest, FlagsBeatEnvironmentBeatConfig) {
  testing::TempDir dir;
  const fs::path config = dir.Path() / "fbaflow.toml";
  std::ofstream(config) << "[amazon]\nregion = \"fe\"\nclient_id = \"from-file\"\n"
                           "client_secret = \"file-secret\"\nmarketplaces = [\"JP\"]\n";
  fs::permissions(config, fs::perms::owner_read | fs::perms::owner_write);
  AmazonFlags flags;
  flags.config = config.string();
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "FBAFLOW_LWA_CLIENT_ID") return "from-env";
    return std::nullopt;
  };
  const auto s = ResolveAmazonSettings(flags, env);
  ASSERT_TRUE(s.Ok()) << s.GetStatus().ToString();
  EXPECT_EQ(s->client_id, "from-env");
  EXPECT_EQ(s->client_secret.RevealForWire(), "file-secret");
  EXPECT_EQ(s->region, amazon::Region::kFarEast);
  EXPECT_EQ(s->endpoint, "https://sellingpartnerapi-fe.amazon.com");
  EXPECT_EQ(s->lwa_endpoint, "https://api.amazon.com/auth/o2/token");
  EXPECT_EQ(s->marketplace_ids, std::vector<std::string>{"A1VC38T7YXB528"});
  flags.region = "eu";
  const auto clash = ResolveAmazonSettings(flags, env);
  ASSERT_FALSE(clash.Ok());
  EXPECT_THAT(clash.GetStatus().Message(), HasSubstr("not in region eu"));
}

TEST(AmazonSettingsTest, UnknownConfigKeysAreErrorsWithTheirLine) {
  testing::TempDir dir;
  const fs::path config = dir.Path() / "fbaflow.toml";
  std::ofstream(config) << "[amazon]\nregion = \"eu\"\nrefresh_tokn = \"typo\"\n";
  AmazonFlags flags;
  flags.config = config.string();
  const auto s = ResolveAmazonSettings(flags, &NoEnv);
  ASSERT_FALSE(s.Ok());
  EXPECT_EQ(s.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.GetStatus().Message(),
              HasSubstr("fbaflow.toml:3: unknown key amazon.refresh_tokn"));
}

TEST(AmazonSettingsTest, SandboxAndMarketplaceRegions) {
  AmazonFlags flags;
  flags.sandbox = true;
  flags.marketplaces = {"uk", "DE"};
  const auto s = ResolveAmazonSettings(flags, &NoEnv);
  ASSERT_TRUE(s.Ok()) << s.GetStatus().ToString();
  EXPECT_EQ(s->endpoint, "https://sandbox.sellingpartnerapi-eu.amazon.com");
  flags.marketplaces = {"UK", "US"};
  const auto mixed = ResolveAmazonSettings(flags, &NoEnv);
  ASSERT_FALSE(mixed.Ok());
  EXPECT_THAT(mixed.GetStatus().Message(), HasSubstr("different regions"));
  flags.marketplaces = {"XX"};
  EXPECT_THAT(ResolveAmazonSettings(flags, &NoEnv).GetStatus().Message(),
              HasSubstr("unknown marketplace 'XX'"));
}

TEST(AmazonSettingsTest, SinceAcceptsDatesTimesAndSpans) {
  const Timestamp now{1772323200, 0};  // 2026-03-01T00:00:00Z
  EXPECT_EQ(ParseSince("7d", now)->utc_seconds, 1772323200 - 7 * 86400);
  EXPECT_EQ(ParseSince("36h", now)->utc_seconds, 1772323200 - 36 * 3600);
  EXPECT_EQ(ParseSince("2026-02-01", now)->utc_seconds, 1769904000);
  EXPECT_EQ(ParseSince("2026-02-01T01:00:00+01:00", now)->utc_seconds, 1769904000);
  EXPECT_FALSE(ParseSince("d", now).Ok());
  EXPECT_FALSE(ParseSince("99999999d", now).Ok());
}

}  // namespace
}  // namespace fbaflow::cli
