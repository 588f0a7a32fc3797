// `fbaflow amazon ...` end to end: the real binary against a small loopback Amazon started in the
// test (cpp-httplib), checking output, the archive and ledger on disk, and exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "adapters/testing/silent_server.h"
#include "adapters/testing/temp_dir.h"
#include "app/amazon_settings.h"
#include "core/testing/gzip.h"

namespace fbaflow::cli {

using app::AmazonFlags;
using app::AmazonSettings;
using app::CheckDataDir;
using app::GetEnv;
using app::ParseSince;
using app::ProcessEnv;
using app::ResolveAmazonSettings;
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
    "currency\ttransaction-type\torder-id\tmarketplace-name\tamount-type\tamount-description\t"
    "amount\tposted-date\n"
    "900\t2026-02-01 00:00:00 UTC\t2026-02-15 00:00:00 UTC\t2026-02-17\t5.00\tUSD\t\t\t\t\t\t\t\n"
    "900\t\t\t\t\t\tOrder\t111-1\tAmazon.com\tItemPrice\tPrincipal\t5.00\t2026-02-03\n";

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
      const std::string body = fbaflow::testing::Gzip(document_);
      if (hang_downloads_) {
        // Half the document, then nothing: a download the test kills mid-way.
        res.set_chunked_content_provider(
            "text/plain; charset=windows-1252",
            [this, body](size_t offset, httplib::DataSink& sink) {
              if (offset == 0) {
                sink.write(body.data(), body.size() / 2);
                hanging_ = true;
                return true;
              }
              for (int i = 0; i < 1000 && !released_; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
              }
              return false;
            });
        return;
      }
      res.set_content(body, "text/plain; charset=windows-1252");
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
    released_ = true;
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
  std::string document_ = kSettlement;
  std::atomic<bool> hang_downloads_{false};
  std::atomic<bool> hanging_{false};
  std::atomic<bool> released_{false};
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
  EXPECT_TRUE(fs::exists(archived));
  EXPECT_TRUE(fs::exists(dir_.Path() / "fbaflow-data" / "fbaflow.db"));
  EXPECT_EQ(downloads_.load(), 2);
  // Each went through the settlement pipeline and its journals were published.
  EXPECT_THAT(first.out, HasSubstr("settlement 900 5.00 USD ready: 1 rows, 1 journal(s)"));
  const fs::path journals = dir_.Path() / "fbaflow-data" / "journals";
  for (const char* file : {"R1.json", "R1.xero.csv", "R1.hledger", "R1.audit.csv", "R2.json"}) {
    EXPECT_TRUE(fs::exists(journals / file)) << file;
  }

  const RunResult second = RunFbaflow(Env(), "amazon settlements fetch", dir_.Path());
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(second.err, HasSubstr("listed 2: new 0; processed before 2; findings: 0"));
  EXPECT_EQ(downloads_.load(), 2);
}

// The same settlement with a fee no built-in rule maps: it is held.
constexpr char kUnmapped[] =
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\t"
    "currency\ttransaction-type\torder-id\tmarketplace-name\tamount-type\tamount-description\t"
    "amount\tposted-date\n"
    "901\t2026-02-01 00:00:00 UTC\t2026-02-15 00:00:00 UTC\t2026-02-17\t4.00\tUSD\t\t\t\t\t\t\t\n"
    "901\t\t\t\t\t\tOrder\t111-1\tAmazon.com\tItemPrice\tPrincipal\t5.00\t2026-02-03\n"
    "901\t\t\t\t\t\tOrder\t111-1\tAmazon.com\tItemFees\tBrandNewFee\t-1.00\t2026-02-03\n";

TEST_F(AmazonCliTest, AHeldSettlementIsAFindingOnEveryRunUntilReprocessed) {
  reports_ = {{"R2", "2026-02-01T00:00:00Z", "2026-02-15T00:00:00Z"}};
  document_ = kUnmapped;
  const RunResult first = RunFbaflow(Env(), "amazon settlements fetch", dir_.Path());
  EXPECT_EQ(first.exit_code, 1) << first.err;
  EXPECT_THAT(first.out, HasSubstr("settlement-held"));
  const RunResult second = RunFbaflow(Env(), "amazon settlements fetch", dir_.Path());
  EXPECT_EQ(second.exit_code, 1) << second.err;
  EXPECT_THAT(second.out, HasSubstr("settlement-held"));
  EXPECT_THAT(second.out, HasSubstr("BrandNewFee"));
  EXPECT_THAT(second.err, HasSubstr("listed 1: new 0; processed before 0; held 1; findings: 1"));

  // The rules are fixed: reprocess runs the archived document again, without downloading it.
  const fs::path rules = dir_.Path() / "fixed.toml";
  {
    const RunResult shown = RunFbaflow("", "rules show us-sales-tax", dir_.Path());
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    std::ofstream(rules) << shown.out
                         << "\n[[rule]]\ntransaction_type = \"Order\"\namount_type = "
                            "\"ItemFees\"\namount_description = \"BrandNewFee\"\naccount = "
                            "\"Amazon Seller Fees\"\n";
  }
  const RunResult redone = RunFbaflow(
      Env(), "amazon settlements reprocess --held --rules '" + rules.string() + "'", dir_.Path());
  EXPECT_EQ(redone.exit_code, 0) << redone.err << redone.out;
  EXPECT_THAT(redone.out, HasSubstr("settlement 901 4.00 USD ready"));
  EXPECT_EQ(downloads_.load(), 1);
  const RunResult third = RunFbaflow(Env(), "amazon settlements fetch", dir_.Path());
  EXPECT_EQ(third.exit_code, 0) << third.err << third.out;
  EXPECT_THAT(third.err, HasSubstr("listed 1: new 0; processed before 1; findings: 0"));

  const RunResult nothing = RunFbaflow(Env(), "amazon settlements reprocess", dir_.Path());
  EXPECT_EQ(nothing.exit_code, 2);
  const RunResult unknown = RunFbaflow(Env(), "amazon settlements reprocess R9", dir_.Path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("R9 is not in the ledger"));
}

TEST_F(AmazonCliTest, AFetchKilledMidDownloadIsTakenUpAtOnceByTheNextRun) {
  reports_ = {{"R2", "2026-02-01T00:00:00Z", "2026-02-15T00:00:00Z"}};
  hang_downloads_ = true;
  const std::string command = "cd '" + dir_.Path().string() + "' && exec env " + Env() + " '" +
                              std::string(FBAFLOW_BINARY_DIR) +
                              "/cli/fbaflow' amazon settlements fetch >/dev/null 2>&1";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 3000 && !hanging_; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(hanging_) << "the download never started";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // bytes reach the archive
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  hang_downloads_ = false;

  const RunResult next = RunFbaflow(Env(), "amazon settlements fetch", dir_.Path());
  EXPECT_EQ(next.exit_code, 0) << next.err << next.out;
  EXPECT_THAT(next.err, HasSubstr("listed 1: new 1; processed before 0; findings: 0"));
  EXPECT_TRUE(fs::exists(dir_.Path() / "fbaflow-data" / "journals" / "R2.json"));
  for (const auto& f :
       fs::directory_iterator(dir_.Path() / "fbaflow-data" / "documents" / "settlement")) {
    EXPECT_FALSE(f.path().filename().string().starts_with(".tmp-")) << f.path();
  }
}

TEST_F(AmazonCliTest, ConfigurationErrorsExitTwoAndSayWhatToFix) {
  std::ofstream(dir_.Path() / "a-file") << "x";
  const RunResult file =
      RunFbaflow(Env(), "amazon --data-dir a-file settlements fetch", dir_.Path());
  EXPECT_EQ(file.exit_code, 2) << file.err;
  EXPECT_THAT(file.err, HasSubstr("is a file, not a folder"));
  EXPECT_THAT(file.err, Not(HasSubstr("transient")));
  const RunResult under =
      RunFbaflow(Env(), "amazon --data-dir a-file/sub settlements fetch", dir_.Path());
  EXPECT_EQ(under.exit_code, 2) << under.err;
  EXPECT_THAT(under.err, HasSubstr("cannot be created"));
  for (const char* bad : {"--endpoint notaurl", "--endpoint http://", "--lwa-endpoint ftp://x"}) {
    const RunResult url =
        RunFbaflow(Env(), std::string("amazon ") + bad + " reports list", dir_.Path());
    EXPECT_EQ(url.exit_code, 2) << bad << url.err;
    EXPECT_THAT(url.err, Not(HasSubstr("transient"))) << bad;
  }
  if (::geteuid() != 0) {  // root writes read-only folders
    fs::create_directories(dir_.Path() / "ro");
    fs::permissions(dir_.Path() / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    const RunResult ro = RunFbaflow(Env(), "amazon --data-dir ro settlements fetch", dir_.Path());
    EXPECT_EQ(ro.exit_code, 2) << ro.err;
    EXPECT_THAT(ro.err, HasSubstr("not writable"));
  }
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

TEST_F(AmazonCliTest, ATokenEndpointThatNeverAnswersIsBoundedByTimeout) {
  fbaflow::testing::SilentServer silent;
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = RunFbaflow(Env() + " FBAFLOW_LWA_ENDPOINT=" + silent.Url("/auth/o2/token"),
                                 "amazon --timeout 2 auth-check", dir_.Path());
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("DEADLINE_EXCEEDED"));
  EXPECT_LT(took, std::chrono::seconds(6));
}

TEST_F(AmazonCliTest, AFutureSinceIsRefusedAndNoCursorIsLaterThanTwoMinutesAgo) {
  const RunResult future = RunFbaflow(Env(), "amazon orders --since 2099-01-01", dir_.Path());
  EXPECT_EQ(future.exit_code, 2) << future.err;
  EXPECT_THAT(future.err, HasSubstr("is in the future"));
  // The test server says its window ended 2026-02-02; a window end later than now − 2 minutes is
  // never advertised, and this one is not.
  const RunResult past = RunFbaflow(Env(), "amazon orders --since 1m", dir_.Path());
  EXPECT_THAT(past.err, HasSubstr("(the next --since)"));
}

TEST_F(AmazonCliTest, SmallConfusions) {
  const RunResult zero = RunFbaflow(Env(), "amazon --timeout 0 auth-check", dir_.Path());
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_THAT(zero.err, HasSubstr("86400"));
  EXPECT_THAT(zero.err, Not(HasSubstr("e+308")));
  // A refused credential is said once.
  const RunResult refused = RunFbaflow(Env("Atzr|wrong"), "amazon auth-check", dir_.Path());
  std::size_t count = 0;
  for (std::size_t at = refused.err.find("invalid_grant"); at != std::string::npos;
       at = refused.err.find("invalid_grant", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << refused.err;
  const RunResult typo = RunFbaflow("", "amazon setlements fetch", dir_.Path());
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.err, HasSubstr("did you mean 'settlements'?"));
  const RunResult top = RunFbaflow("", "amazn auth-check", dir_.Path());
  EXPECT_EQ(top.exit_code, 2);
  EXPECT_THAT(top.err, HasSubstr("did you mean 'amazon'?"));
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
  // The same text a settlement report prints is accepted here (one parser, lenient mode): UTC.
  EXPECT_EQ(ParseSince("2026-02-01 01:00:00", now)->utc_seconds, 1769907600);
  EXPECT_EQ(ParseSince("01.02.2026 01:00:00 UTC", now)->utc_seconds, 1769907600);
  // The future is refused, except for an --until.
  EXPECT_EQ(ParseSince("2026-03-02", now).GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ParseSince("2026-03-02", now, /*allow_future=*/true).Ok());
}

}  // namespace
}  // namespace fbaflow::cli
