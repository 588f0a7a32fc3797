// Settlement discovery end to end over the real adapters: SP-API client on a scripted transport,
// the SQLite ledger and the filesystem archive in a temp folder.
#include "engine/amazon/settlement_fetch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/amazon/sp_api_amazon.h"
#include "adapters/archive/fs_document_archive.h"
#include "adapters/store/sqlite_settlement_ledger.h"
#include "adapters/testing/scripted_http.h"
#include "adapters/testing/temp_dir.h"
#include "core/testing/gzip.h"
#include "engine/amazon/settlement_handoff.h"
#include "ports/fake_clock.h"

namespace fbaflow::engine {
namespace {

using fbaflow::testing::AmazonError;
using fbaflow::testing::AmazonOk;
using fbaflow::testing::QueryParam;
using fbaflow::testing::Reply;
using fbaflow::testing::ScriptedHttp;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr int64_t kDay = 86400;
constexpr int64_t kMarch1 = 1772323200;  // 2026-03-01T00:00:00Z
constexpr char kReports[] = "/reports/2021-06-30/reports";

// A German settlement in windows-1252 (the SKU "Café-1" has an e-acute) that sums to its deposit.
const std::string kSettlementText =
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\t"
    "currency\ttransaction-type\torder-id\tmarketplace-name\tamount-type\tamount-description\t"
    "amount\tposted-date\tsku\n"
    "123\t01.02.2026 00:00:00 UTC\t15.02.2026 00:00:00 UTC\t17.02.2026\t8,50\tEUR\t\t\t\t\t\t\t"
    "\t\n"
    "123\t\t\t\t\t\tOrder\t302-1\tAmazon.de\tItemPrice\tPrincipal\t10,00\t03.02.2026\t"
    "Caf\xE9-1\n"
    "123\t\t\t\t\t\tOrder\t302-1\tAmazon.de\tItemFees\tCommission\t-1,50\t03.02.2026\t"
    "Caf\xE9-1\n";

// The same settlement with a fee type no rule maps: it is held.
const std::string kUnmappedText =
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\t"
    "currency\ttransaction-type\torder-id\tmarketplace-name\tamount-type\tamount-description\t"
    "amount\tposted-date\tsku\n"
    "124\t01.02.2026 00:00:00 UTC\t15.02.2026 00:00:00 UTC\t17.02.2026\t8,50\tEUR\t\t\t\t\t\t\t"
    "\t\n"
    "124\t\t\t\t\t\tOrder\t302-1\tAmazon.de\tItemPrice\tPrincipal\t10,00\t03.02.2026\tA\n"
    "124\t\t\t\t\t\tOrder\t302-1\tAmazon.de\tItemFees\tBrandNewFee\t-1,50\t03.02.2026\tA\n";

std::string Iso(int64_t t) { return Timestamp{t, 0}.ToIso8601(); }

struct ListedReport {
  std::string id;
  int64_t start;
  int64_t end;
  std::string status = "DONE";
};

std::string ReportsBody(const std::vector<ListedReport>& reports) {
  std::string body = R"({"reports":[)";
  bool first = true;
  for (const ListedReport& r : reports) {
    if (!first) body += ",";
    first = false;
    body += R"({"reportId":")" + r.id +
            R"(","reportType":"GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2","dataStartTime":")" +
            Iso(r.start) + R"(","dataEndTime":")" + Iso(r.end) + R"(","createdTime":")" +
            Iso(r.end + 7200) + R"(","processingStatus":")" + r.status +
            R"(","marketplaceIds":["A1PA6795UKMFR9"])";
    if (r.status == "DONE") body += R"(,"reportDocumentId":"DOC-)" + r.id + R"(")";
    body += "}";
  }
  return body + "]}";
}

class SettlementFetchTest : public ::testing::Test {
 protected:
  SettlementFetchTest()
      : clock_(kMarch1 + kDay),
        lwa_(amazon::LwaOptions{.token_url = "https://lwa.test/auth/o2/token"},
             amazon::LwaCredentials{"client", Secret("secret"), Secret("Atzr|refresh")}, http_,
             clock_),
        limiter_(clock_),
        client_(Options(), lwa_, limiter_, http_, clock_),
        api_(client_) {
    http_.On("/auth/o2/token", [](const HttpRequest&) {
      return Result<HttpResponse>(Reply(200, R"({"access_token":"Atza|t","expires_in":3600})"));
    });
    // Every report document links to /files/<report id>, served gzipped in windows-1252.
    http_.On("/reports/2021-06-30/documents/", [](const HttpRequest& r) {
      const std::string_view path = UrlForLog(r.url);
      const std::string doc(path.substr(path.rfind('/') + 1));
      return Result<HttpResponse>(AmazonOk(R"({"reportDocumentId":")" + doc +
                                           R"(","url":"https://files.test/files/)" + doc.substr(4) +
                                           R"(","compressionAlgorithm":"GZIP"})"));
    });
    http_.On("/files/", [](const HttpRequest&) {
      return Result<HttpResponse>(
          Reply(200, fbaflow::testing::Gzip(kSettlementText),
                HttpHeaders{{"Content-Type", "text/plain; charset=windows-1252"}}));
    });
    auto archive = FsDocumentArchive::Open(dir_.Path() / "documents");
    archive_ = std::move(archive).Value();
  }

  static amazon::SpApiOptions Options() {
    amazon::SpApiOptions o;
    o.selling_partner = "A1SELLER";
    o.region = "eu";
    o.endpoint = "https://sp.test";
    o.jitter_seed = 5;
    return o;
  }

  std::unique_ptr<SqliteSettlementLedger> Ledger() {
    return std::move(SqliteSettlementLedger::Open(dir_.Path() / "fbaflow.db", "A1SELLER/eu"))
        .Value();
  }

  Result<SettlementFetchReport> Run(SettlementLedger& ledger, SettlementFetchOptions options = {}) {
    SettlementHandoffOptions handoff;
    handoff.publish = [this](const FetchedSettlement& s, const SettlementPipelineResult& result) {
      if (!publish_status_.Ok()) return publish_status_;
      for (const auto& journals : result.settlements) {
        published_.push_back(s.report.report_id + ":" + journals.summary.settlement_id + ":" +
                             journals.summary.total.ToString());
      }
      return OkStatus();
    };
    return FetchNewSettlements(api_, ledger, *archive_, clock_, options,
                               [this, handoff](const FetchedSettlement& s) {
                                 handed_.push_back(s.report.report_id);
                                 return HandSettlementToPipeline(*archive_, s, handoff);
                               });
  }

  std::vector<std::string> Types(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const Finding& f : findings) {
      out.push_back(f.type);
      EXPECT_EQ(f.owner, "finance");
    }
    return out;
  }

  testing::TempDir dir_;
  ScriptedHttp http_;
  FakeClock clock_;
  amazon::LwaClient lwa_;
  amazon::RateLimiter limiter_;
  amazon::SpApiClient client_;
  amazon::SpApiAmazon api_;
  std::unique_ptr<FsDocumentArchive> archive_;
  std::vector<std::string> handed_;
  std::vector<std::string> published_;  // report:settlement:total, as the pipeline read them
  Status publish_status_;
};

TEST_F(SettlementFetchTest, FetchesArchivesAndHandsOnEachNewSettlementOnce) {
  const std::vector<ListedReport> listed = {{"R2", kMarch1 - 14 * kDay, kMarch1},
                                            {"R1", kMarch1 - 28 * kDay, kMarch1 - 14 * kDay}};
  http_.On(kReports, [&listed](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(ReportsBody(listed)));
  });
  auto ledger = Ledger();
  const auto first = Run(*ledger);
  ASSERT_TRUE(first.Ok()) << first.GetStatus().ToString();
  EXPECT_EQ(first->listed, 2);
  ASSERT_THAT(first->fetched, SizeIs(2));
  EXPECT_THAT(handed_, ElementsAre("R1", "R2"));  // oldest first
  EXPECT_THAT(first->findings, IsEmpty());
  EXPECT_EQ(first->fetched[0].document.archived.location,
            (dir_.Path() / "documents" / "settlement" / "R1.raw").string());
  // Each document went through the pipeline (gzip, windows-1252, German decimals) and tied.
  EXPECT_THAT(first->handoffs[0].summary, HasSubstr("settlement 123 8.50 EUR ready: 2 rows"));
  EXPECT_THAT(published_, ElementsAre("R1:123:8.50", "R2:123:8.50"));
  // Listed from 90 days back (less a minute) on the first run.
  EXPECT_EQ(QueryParam(http_.RequestsTo(kReports)[0].url, "createdSince"),
            Iso(kMarch1 + kDay - 90 * kDay + 60));

  // A second run, in a new process: the same listing, nothing fetched again.
  auto ledger2 = Ledger();
  const auto second = Run(*ledger2);
  ASSERT_TRUE(second.Ok()) << second.GetStatus().ToString();
  EXPECT_THAT(second->fetched, IsEmpty());
  EXPECT_EQ(second->buckets.processed_before, 2);
  EXPECT_EQ(second->buckets.Total(), 2);
  EXPECT_THAT(handed_, SizeIs(2));
  EXPECT_THAT(http_.RequestsTo("/files/"), SizeIs(2));
  // It listed from the newest report's creation less a day.
  EXPECT_EQ(QueryParam(http_.RequestsTo(kReports)[1].url, "createdSince"),
            Iso(kMarch1 + 7200 - kDay));
}

TEST_F(SettlementFetchTest, AGapBetweenPeriodsIsAFinding) {
  http_.On(kReports, [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(ReportsBody(
        {{"R1", kMarch1 - 42 * kDay, kMarch1 - 28 * kDay}, {"R3", kMarch1 - 14 * kDay, kMarch1}})));
  });
  auto ledger = Ledger();
  const auto report = Run(*ledger);
  ASSERT_TRUE(report.Ok()) << report.GetStatus().ToString();
  EXPECT_THAT(report->fetched, SizeIs(2));
  EXPECT_THAT(Types(report->findings), ElementsAre("settlement-gap"));
  EXPECT_THAT(report->findings[0].message, HasSubstr("report R1 ends"));
  EXPECT_THAT(report->findings[0].message, HasSubstr("14.0 days"));
}

TEST_F(SettlementFetchTest, AFailingDownloadNearRetentionRaisesBothAndIsRetriedNextRun) {
  const ListedReport old{"R0", kMarch1 - 14 * kDay, kMarch1};
  http_.On(kReports, [&old](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(ReportsBody({old})));
  });
  clock_.Advance(std::chrono::hours(24 * 79));  // 80 days after the report was created
  http_.Queue("/files/R0", Result<HttpResponse>(Unavailable("connection reset")));
  http_.Queue("/files/R0", Reply(503, "slow down"));
  http_.Queue("/files/R0", Reply(503, "slow down"));
  http_.Queue("/files/R0", Reply(500, "error"));
  auto ledger = Ledger();
  const auto failed = Run(*ledger);
  ASSERT_TRUE(failed.Ok()) << failed.GetStatus().ToString();
  EXPECT_THAT(failed->fetched, IsEmpty());
  EXPECT_THAT(Types(failed->findings),
              ElementsAre("settlement-fetch-failed", "settlement-retention"));
  EXPECT_THAT(failed->findings[1].message, HasSubstr("days left"));
  const auto entries = ledger->All();
  ASSERT_THAT(*entries, SizeIs(1));
  EXPECT_EQ((*entries)[0].state, SettlementState::kSeen);
  EXPECT_THAT((*entries)[0].last_error, HasSubstr("HTTP 500"));

  // Next run the storage answers: processed, and nothing is left to say.
  const auto retried = Run(*ledger);
  ASSERT_TRUE(retried.Ok()) << retried.GetStatus().ToString();
  EXPECT_THAT(retried->fetched, SizeIs(1));
  EXPECT_THAT(retried->findings, IsEmpty());
  EXPECT_EQ((*ledger->All())[0].state, SettlementState::kProcessed);
}

TEST_F(SettlementFetchTest, ADocumentThatIsNotASettlementIsNotMarkedProcessed) {
  http_.On(kReports, [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(ReportsBody({{"RX", kMarch1 - 14 * kDay, kMarch1}})));
  });
  http_.Queue("/files/RX", Reply(200, "<html>maintenance</html>\n",
                                 HttpHeaders{{"Content-Type", "text/html; charset=UTF-8"}}));
  auto ledger = Ledger();
  const auto report = Run(*ledger);
  ASSERT_TRUE(report.Ok()) << report.GetStatus().ToString();
  EXPECT_THAT(report->fetched, IsEmpty());
  ASSERT_THAT(Types(report->findings), ElementsAre("settlement-fetch-failed"));
  EXPECT_THAT(report->findings[0].message, HasSubstr("RX"));
  EXPECT_EQ((*ledger->All())[0].state, SettlementState::kSeen);
  EXPECT_THAT(published_, IsEmpty());
}

TEST_F(SettlementFetchTest, AHeldSettlementIsPublishedProcessedAndAFindingForFinance) {
  http_.On(kReports, [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(ReportsBody({{"RH", kMarch1 - 14 * kDay, kMarch1}})));
  });
  http_.Queue("/files/RH", Reply(200, kUnmappedText,
                                 HttpHeaders{{"Content-Type", "text/plain; charset=UTF-8"}}));
  auto ledger = Ledger();
  const auto report = Run(*ledger);
  ASSERT_TRUE(report.Ok()) << report.GetStatus().ToString();
  ASSERT_THAT(report->fetched, SizeIs(1));
  EXPECT_THAT(published_, ElementsAre("RH:124:8.50"));
  ASSERT_THAT(Types(report->findings), ElementsAre("settlement-held"));
  EXPECT_THAT(report->findings[0].subject, HasSubstr("settlement 124 (report RH)"));
  EXPECT_THAT(report->findings[0].message, HasSubstr("BrandNewFee"));
  EXPECT_THAT(report->handoffs[0].summary, HasSubstr("HELD"));
  ASSERT_THAT(report->handoffs[0].settlements, SizeIs(1));
  EXPECT_EQ(report->handoffs[0].settlements[0].status, settlement::SettlementStatus::kHeld);
  // Holding is a verdict, not a failure: the report is not fetched again.
  EXPECT_EQ((*ledger->All())[0].state, SettlementState::kHeld);
  EXPECT_EQ(report->buckets.held, 1);

  // It stays a finding on every run until it is resolved (it was reported once before).
  const auto again = Run(*ledger);
  ASSERT_TRUE(again.Ok()) << again.GetStatus().ToString();
  EXPECT_THAT(again->fetched, IsEmpty());
  ASSERT_THAT(Types(again->findings), ElementsAre("settlement-held"));
  EXPECT_THAT(again->findings[0].message, HasSubstr("BrandNewFee"));
  EXPECT_THAT(again->findings[0].message, HasSubstr("settlements reprocess RH"));
  EXPECT_EQ(again->buckets.held, 1);
  EXPECT_EQ(again->buckets.Total(), again->listed);
  EXPECT_THAT(http_.RequestsTo("/files/"), SizeIs(1));
}

TEST_F(SettlementFetchTest, ReprocessingAHeldSettlementUsesTheArchiveAndTodaysRules) {
  http_.On(kReports, [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(ReportsBody({{"RH", kMarch1 - 14 * kDay, kMarch1}})));
  });
  http_.Queue("/files/RH", Reply(200, kUnmappedText,
                                 HttpHeaders{{"Content-Type", "text/plain; charset=UTF-8"}}));
  auto ledger = Ledger();
  ASSERT_TRUE(Run(*ledger).Ok());
  ASSERT_EQ((*ledger->All())[0].state, SettlementState::kHeld);

  // The rules are fixed: a rule set that maps the new fee.
  auto rules = settlement::RuleSet::Parse(
      std::string(settlement::RuleSet::BuiltinText("uk-eu-vat")) +
          "\n[[rule]]\ntransaction_type = \"Order\"\namount_type = \"ItemFees\"\n"
          "amount_description = \"BrandNewFee\"\naccount = \"Amazon Seller Fees\"\n",
      "fixed.toml");
  ASSERT_TRUE(rules.Ok()) << rules.GetStatus().ToString();
  SettlementHandoffOptions handoff;
  handoff.rules = std::make_shared<const settlement::RuleSet>(std::move(rules).Value());
  handoff.publish = [this](const FetchedSettlement& s, const SettlementPipelineResult&) {
    published_.push_back("again:" + s.report.report_id);
    return OkStatus();
  };
  SettlementReprocessOptions options;
  options.held = true;
  const auto redone = ReprocessSettlements(
      *ledger, *archive_, clock_, options,
      [&](const FetchedSettlement& s) { return HandSettlementToPipeline(*archive_, s, handoff); });
  ASSERT_TRUE(redone.Ok()) << redone.GetStatus().ToString();
  ASSERT_THAT(redone->reprocessed, SizeIs(1));
  EXPECT_THAT(redone->handoffs[0].summary, HasSubstr("ready"));
  EXPECT_THAT(redone->findings, IsEmpty());
  EXPECT_THAT(published_, ElementsAre("RH:124:8.50", "again:RH"));
  EXPECT_EQ((*ledger->All())[0].state, SettlementState::kProcessed);
  EXPECT_THAT(http_.RequestsTo("/files/"), SizeIs(1));  // never downloaded again

  const auto next = Run(*ledger);
  ASSERT_TRUE(next.Ok());
  EXPECT_THAT(next->findings, IsEmpty());
  EXPECT_EQ(next->buckets.processed_before, 1);

  SettlementReprocessOptions unknown;
  unknown.report_ids = {"NOPE"};
  EXPECT_EQ(ReprocessSettlements(*ledger, *archive_, clock_, unknown, nullptr).GetStatus().Code(),
            StatusCode::kNotFound);
}

TEST_F(SettlementFetchTest, APoisonReportIsQuarantinedAfterThreeFailuresTheSameWay) {
  http_.On(kReports, [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(ReportsBody({{"RZ", kMarch1 - 14 * kDay, kMarch1}})));
  });
  auto ledger = Ledger();
  int handed = 0;
  const SettlementHandler poison = [&handed](const FetchedSettlement&) -> Result<HandoffResult> {
    ++handed;
    return Internal("pipeline: 64-bit overflow in a sum");
  };
  SettlementFetchOptions options;
  options.claim.quarantine_after = 3;
  for (int run = 1; run <= 2; ++run) {
    const auto r = FetchNewSettlements(api_, *ledger, *archive_, clock_, options, poison);
    ASSERT_TRUE(r.Ok()) << r.GetStatus().ToString();
    EXPECT_THAT(Types(r->findings), ElementsAre("settlement-fetch-failed"));
    EXPECT_EQ(r->buckets.failed, 1);
  }
  const auto third = FetchNewSettlements(api_, *ledger, *archive_, clock_, options, poison);
  ASSERT_TRUE(third.Ok());
  ASSERT_THAT(Types(third->findings), ElementsAre("settlement-quarantined"));
  EXPECT_THAT(third->findings[0].message, HasSubstr("failed 3 times the same way"));
  EXPECT_THAT(third->findings[0].message, HasSubstr("64-bit overflow"));
  EXPECT_EQ(third->buckets.quarantined, 1);
  const auto entry = (*ledger->All())[0];
  EXPECT_EQ(entry.state, SettlementState::kQuarantined);
  EXPECT_EQ(entry.attempts, 3);
  EXPECT_EQ(entry.failures, 3);
  EXPECT_EQ(entry.last_error, "INTERNAL: pipeline: 64-bit overflow in a sum");

  // Not retried, but still a finding on every later run.
  const auto fourth = FetchNewSettlements(api_, *ledger, *archive_, clock_, options, poison);
  ASSERT_TRUE(fourth.Ok());
  EXPECT_EQ(handed, 3);
  EXPECT_THAT(Types(fourth->findings), ElementsAre("settlement-quarantined"));
  EXPECT_EQ(fourth->buckets.quarantined, 1);
  EXPECT_EQ(fourth->buckets.Total(), fourth->listed);
}

TEST_F(SettlementFetchTest, EveryListedReportIsInExactlyOneBucket) {
  http_.On(kReports, [](const HttpRequest&) {
    return Result<HttpResponse>(
        AmazonOk(ReportsBody({{"R1", kMarch1 - 42 * kDay, kMarch1 - 28 * kDay},
                              {"R2", kMarch1 - 28 * kDay, kMarch1 - 14 * kDay},
                              {"R3", kMarch1 - 14 * kDay, kMarch1},
                              {"RF", kMarch1 - 56 * kDay, kMarch1 - 42 * kDay, "FATAL"},
                              {"RQ", kMarch1, kMarch1 + 14 * kDay, "IN_PROGRESS"}})));
  });
  auto ledger = Ledger();
  auto other = Ledger();  // another live worker holds R2
  SettlementLedgerEntry seen;
  seen.report_id = "R2";
  seen.created_time = Timestamp{kMarch1 - 14 * kDay + 7200, 0};
  ASSERT_TRUE(other->RecordSeen(seen).Ok());
  ClaimRequest theirs;
  theirs.owner = ClaimOwner{"elsewhere", 42, "x"};
  theirs.now = clock_.WallTimestamp();
  ASSERT_EQ(*other->TryClaim("R2", theirs), ClaimResult::kClaimed);
  SettlementFetchOptions options;
  options.max_reports = 1;  // R1 now, R3 deferred
  const auto r = Run(*ledger, options);
  ASSERT_TRUE(r.Ok()) << r.GetStatus().ToString();
  EXPECT_EQ(r->listed, 5);
  EXPECT_EQ(r->buckets.fetched_now, 1);
  EXPECT_EQ(r->buckets.busy, 1);
  EXPECT_EQ(r->buckets.deferred, 1);
  EXPECT_EQ(r->buckets.amazon_failed, 1);
  EXPECT_EQ(r->buckets.not_ready, 1);
  EXPECT_EQ(r->buckets.Total(), r->listed);
}

TEST_F(SettlementFetchTest, AFailedPublishLeavesTheReportToBeRetried) {
  http_.On(kReports, [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(ReportsBody({{"RP", kMarch1 - 14 * kDay, kMarch1}})));
  });
  publish_status_ = Unavailable("journals folder: disk full");
  auto ledger = Ledger();
  const auto failed = Run(*ledger);
  ASSERT_TRUE(failed.Ok()) << failed.GetStatus().ToString();
  EXPECT_THAT(failed->fetched, IsEmpty());
  ASSERT_THAT(Types(failed->findings), ElementsAre("settlement-fetch-failed"));
  EXPECT_THAT(failed->findings[0].message, HasSubstr("disk full"));
  EXPECT_EQ((*ledger->All())[0].state, SettlementState::kSeen);

  publish_status_ = OkStatus();
  const auto retried = Run(*ledger);
  ASSERT_TRUE(retried.Ok()) << retried.GetStatus().ToString();
  EXPECT_THAT(retried->fetched, SizeIs(1));
  EXPECT_THAT(published_, ElementsAre("RP:123:8.50"));
}

TEST_F(SettlementFetchTest, ACharsetFbaflowCannotConvertIsRefusedNotGarbled) {
  http_.On(kReports, [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(ReportsBody({{"RJ", kMarch1 - 14 * kDay, kMarch1}})));
  });
  http_.Queue("/files/RJ", Reply(200, fbaflow::testing::Gzip(kSettlementText),
                                 HttpHeaders{{"Content-Type", "text/plain; charset=Shift_JIS"}}));
  auto ledger = Ledger();
  const auto report = Run(*ledger);
  ASSERT_TRUE(report.Ok()) << report.GetStatus().ToString();
  EXPECT_THAT(report->fetched, IsEmpty());
  ASSERT_THAT(Types(report->findings), ElementsAre("settlement-fetch-failed"));
  EXPECT_THAT(report->findings[0].message, HasSubstr("'Shift_JIS'"));
  EXPECT_THAT(report->findings[0].message, HasSubstr("archived at"));
  // The raw bytes are kept all the same.
  EXPECT_TRUE(std::filesystem::exists(dir_.Path() / "documents" / "settlement" / "RJ.raw"));
}

TEST_F(SettlementFetchTest, FatalSettlementReportsAreFindings) {
  http_.On(kReports, [](const HttpRequest&) {
    return Result<HttpResponse>(
        AmazonOk(ReportsBody({{"RF", kMarch1 - 14 * kDay, kMarch1, "FATAL"},
                              {"RQ", kMarch1, kMarch1 + 14 * kDay, "IN_PROGRESS"}})));
  });
  auto ledger = Ledger();
  const auto report = Run(*ledger);
  ASSERT_TRUE(report.Ok()) << report.GetStatus().ToString();
  EXPECT_THAT(report->fetched, IsEmpty());
  EXPECT_THAT(Types(report->findings), ElementsAre("settlement-report-failed"));
  EXPECT_THAT(*ledger->All(), IsEmpty());  // only finished reports enter the ledger
}

TEST_F(SettlementFetchTest, AListingFailureIsAnError) {
  http_.On(kReports, [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonError(403, "Unauthorized", "Access denied"));
  });
  auto ledger = Ledger();
  const auto report = Run(*ledger);
  ASSERT_FALSE(report.Ok());
  EXPECT_EQ(report.GetStatus().Code(), StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace fbaflow::engine
