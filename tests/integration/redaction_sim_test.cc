// No credential reaches a log line: the connector's whole repertoire against the emulator (login,
// a token Amazon expired, throttling, server errors, pre-signed document downloads, a bad grant)
// with every spdlog message captured at trace level (more than `-vv` shows) and searched for the
// client secret, the refresh token and every access token issued.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/archive/fs_document_archive.h"
#include "adapters/testing/log_capture.h"
#include "adapters/testing/temp_dir.h"
#include "tests/integration/sim_harness.h"

namespace fbaflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RedactionSimTest, NoSecretAppearsInTheLogsOfAFullSession) {
  LogCapture capture;
  SimHarness h(Options("5xx=0.2,storm=20s/1d,gzip=1,seed=9"));
  std::vector<std::string> access_tokens;
  auto remember_token = [&] {
    auto t = h.Client().Lwa().Token(amazon::TokenKind::kSeller);
    ASSERT_TRUE(t.Ok()) << t.GetStatus().ToString();
    access_tokens.push_back(t->token.RevealForWire());
  };

  auto check = h.Api().CheckCredentials(/*grantless=*/true);
  ASSERT_TRUE(check.Ok()) << check.GetStatus().ToString();
  remember_token();
  auto grantless = h.Client().Lwa().Token(amazon::TokenKind::kGrantless);
  ASSERT_TRUE(grantless.Ok());
  access_tokens.push_back(grantless->token.RevealForWire());

  amazon::OrderQuery q;
  q.created_after = Timestamp{kSimStart / 1000 - 5 * 86400, 0};
  q.marketplace_ids = {kUsMarketplace};
  auto orders = h.Api().SearchOrders(q, [](amazon::OrdersPage&) { return OkStatus(); });
  ASSERT_TRUE(orders.Ok()) << orders.GetStatus().ToString();

  // Amazon expires the token while the client still trusts it: a 403, a refresh, a retry.
  h.SimClock().Advance(3700 * sim::kSecond);
  auto lagging_clock = std::make_unique<sim::ManualClock>(kSimStart);
  SimTimeClock client_clock(*lagging_clock);
  amazon::RateLimiter limiter(client_clock);
  amazon::AmazonConnection lagging(h.Settings(), h.Http(), client_clock, limiter);
  ASSERT_TRUE(lagging.Api().GetInventorySummaries(UsInventory()).Ok());
  h.SimClock().Advance(3700 * sim::kSecond);
  ASSERT_TRUE(lagging.Api().GetInventorySummaries(UsInventory()).Ok());
  auto refreshed = lagging.Client().Lwa().Token(amazon::TokenKind::kSeller);
  ASSERT_TRUE(refreshed.Ok());
  access_tokens.push_back(refreshed->token.RevealForWire());

  // A report, polled and downloaded through its pre-signed URL.
  amazon::ReportRequest request;
  request.report_type = "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA";
  request.marketplace_ids = {kUsMarketplace};
  auto id = h.Api().CreateReport(request);
  ASSERT_TRUE(id.Ok()) << id.GetStatus().ToString();
  auto done = h.Api().WaitForReport(*id, amazon::PollOptions{});
  ASSERT_TRUE(done.Ok()) << done.GetStatus().ToString();
  TempDir dir;
  auto archive = FsDocumentArchive::Open(dir.Path());
  ASSERT_TRUE(archive.Ok());
  ASSERT_TRUE(h.Api().FetchReportDocument(done->document_id, {"report", *id}, **archive, "").Ok());
  remember_token();

  // A refresh token Amazon does not know: the error names the problem, not the token.
  amazon::ConnectionSettings bad = h.Settings();
  bad.credentials.refresh_token = Secret("Atzr|IwEBIREVOKED-GRANT-77");
  amazon::RateLimiter bad_limiter(h.ClientClock());
  amazon::AmazonConnection revoked(bad, h.Http(), h.ClientClock(), bad_limiter);
  const Status refused = revoked.Api().CheckCredentials(false).GetStatus();
  EXPECT_EQ(refused.Code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(refused.ToString(), Not(HasSubstr("REVOKED-GRANT-77")));
  // Amazon's reason reaches the caller once, in the status (the log no longer repeats it).
  EXPECT_THAT(refused.ToString(), HasSubstr("invalid_grant"));

  const std::string logs = capture.Text();
  // The capture did see the traffic (so an empty log cannot pass)...
  EXPECT_THAT(logs, HasSubstr("/orders/2026-01-01/orders"));
  EXPECT_THAT(logs, HasSubstr("HTTP 429"));
  EXPECT_THAT(logs, HasSubstr("HTTP 403"));
  // ...and none of the secrets.
  EXPECT_THAT(logs, Not(HasSubstr(h.Sim().ClientSecret())));
  EXPECT_THAT(logs, Not(HasSubstr(h.Sim().Sellers()[0].refresh_token)));
  EXPECT_THAT(logs, Not(HasSubstr("REVOKED-GRANT-77")));
  ASSERT_GE(access_tokens.size(), 3u);
  for (const std::string& token : access_tokens) {
    ASSERT_FALSE(token.empty());
    EXPECT_THAT(logs, Not(HasSubstr(token)));
  }
  EXPECT_THAT(logs, Not(HasSubstr("Atza|")));  // no access token at all, not even a new one
}

}  // namespace
}  // namespace fbaflow::testing
