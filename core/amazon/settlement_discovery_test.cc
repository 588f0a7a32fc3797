#include "core/amazon/settlement_discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fbaflow::amazon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr int64_t kDay = 86400;
// 2026-03-01T00:00:00Z
constexpr int64_t kMarch1 = 1772323200;

Timestamp At(int64_t seconds) { return Timestamp{seconds, 0}; }

SettlementRecord Report(std::string id, int64_t start, int64_t end, bool processed = false) {
  SettlementRecord r;
  r.report_id = std::move(id);
  r.document_id = "DOC-" + r.report_id;
  r.status = "DONE";
  r.data_start = At(start);
  r.data_end = At(end);
  r.created_time = At(end + 3600);  // Amazon publishes a settlement shortly after it closes
  r.processed = processed;
  return r;
}

TEST(SettlementDiscoveryTest, ListingStartsOneOverlapBehindTheCursor) {
  const SettlementPolicy policy;
  const Timestamp now = At(kMarch1);
  EXPECT_EQ(SettlementListingStart(At(kMarch1 - 10 * kDay), now, policy), At(kMarch1 - 11 * kDay));
}

TEST(SettlementDiscoveryTest, ListingNeverReachesBeyondRetention) {
  const SettlementPolicy policy;
  const Timestamp now = At(kMarch1);
  const Timestamp earliest = At(kMarch1 - 90 * kDay + 60);
  EXPECT_EQ(SettlementListingStart(std::nullopt, now, policy), earliest);
  EXPECT_EQ(SettlementListingStart(At(kMarch1 - 400 * kDay), now, policy), earliest);
}

TEST(SettlementDiscoveryTest, FetchesUnprocessedDoneReportsOldestFirst) {
  std::vector<SettlementRecord> known = {
      Report("300", kMarch1 - 14 * kDay, kMarch1),
      Report("100", kMarch1 - 42 * kDay, kMarch1 - 28 * kDay, /*processed=*/true),
      Report("200", kMarch1 - 28 * kDay, kMarch1 - 14 * kDay),
  };
  SettlementRecord in_progress = Report("400", kMarch1, kMarch1 + 14 * kDay);
  in_progress.status = "IN_PROGRESS";
  in_progress.document_id.clear();
  known.push_back(in_progress);

  const SettlementPlan plan = PlanSettlementFetch(known);
  ASSERT_THAT(plan.to_fetch, SizeIs(2));
  EXPECT_EQ(plan.to_fetch[0].report_id, "200");
  EXPECT_EQ(plan.to_fetch[1].report_id, "300");
  EXPECT_THAT(plan.findings, IsEmpty());
}

TEST(SettlementDiscoveryTest, FatalSettlementReportIsAFinanceFinding) {
  SettlementRecord fatal = Report("500", kMarch1 - 14 * kDay, kMarch1);
  fatal.status = "FATAL";
  fatal.document_id.clear();
  const SettlementPlan plan = PlanSettlementFetch({fatal});
  EXPECT_THAT(plan.to_fetch, IsEmpty());
  ASSERT_THAT(plan.findings, SizeIs(1));
  EXPECT_EQ(plan.findings[0].type, "settlement-report-failed");
  EXPECT_EQ(plan.findings[0].owner, "finance");
  EXPECT_THAT(plan.findings[0].message, HasSubstr("ended FATAL"));
  EXPECT_THAT(plan.findings[0].message, HasSubstr("Seller Central"));
}

TEST(SettlementDiscoveryTest, ContiguousPeriodsRaiseNothing) {
  const std::vector<SettlementRecord> known = {
      Report("1", kMarch1 - 28 * kDay, kMarch1 - 14 * kDay, true),
      Report("2", kMarch1 - 14 * kDay + 1, kMarch1, true),  // a second apart: touching
  };
  EXPECT_THAT(AssessSettlementCoverage(known, At(kMarch1 + kDay), SettlementPolicy{}), IsEmpty());
}

TEST(SettlementDiscoveryTest, GapBetweenPeriodsIsAFinanceFinding) {
  const std::vector<SettlementRecord> known = {
      Report("1", kMarch1 - 42 * kDay, kMarch1 - 28 * kDay, true),
      // the settlement from -28 to -14 days never showed up
      Report("3", kMarch1 - 14 * kDay, kMarch1, true),
  };
  const std::vector<Finding> findings =
      AssessSettlementCoverage(known, At(kMarch1 + kDay), SettlementPolicy{});
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].type, "settlement-gap");
  EXPECT_EQ(findings[0].owner, "finance");
  EXPECT_EQ(findings[0].subject, "reports 1 and 3");
  EXPECT_THAT(findings[0].message, HasSubstr("report 1 ends 2026-02-01T00:00:00Z"));
  EXPECT_THAT(findings[0].message, HasSubstr("report 3 starts 2026-02-15T00:00:00Z"));
  EXPECT_THAT(findings[0].message, HasSubstr("14.0 days"));
}

TEST(SettlementDiscoveryTest, PeriodsAreComparedWithinTheirMarketplaceGroup) {
  SettlementRecord uk1 = Report("uk1", kMarch1 - 28 * kDay, kMarch1 - 14 * kDay, true);
  SettlementRecord uk2 = Report("uk2", kMarch1 - 14 * kDay, kMarch1, true);
  SettlementRecord eu1 = Report("eu1", kMarch1 - 27 * kDay, kMarch1 - 13 * kDay, true);
  SettlementRecord eu2 = Report("eu2", kMarch1 - 13 * kDay, kMarch1 + kDay, true);
  uk1.marketplaces = uk2.marketplaces = "A1F83G8C2ARO7P";
  eu1.marketplaces = eu2.marketplaces = "A1PA6795UKMFR9";
  EXPECT_THAT(
      AssessSettlementCoverage({uk1, eu1, uk2, eu2}, At(kMarch1 + 2 * kDay), SettlementPolicy{}),
      IsEmpty());
  eu2.data_start = At(kMarch1 - 10 * kDay);
  const auto findings =
      AssessSettlementCoverage({uk1, eu1, uk2, eu2}, At(kMarch1 + 2 * kDay), SettlementPolicy{});
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].subject, "reports eu1 and eu2");
  EXPECT_THAT(findings[0].message, HasSubstr("(A1PA6795UKMFR9)"));
}

TEST(SettlementDiscoveryTest, UnprocessedReportNearRetentionIsAFinding) {
  const SettlementRecord old = Report("77", kMarch1 - 14 * kDay, kMarch1);
  const int64_t created = old.created_time.utc_seconds;
  const SettlementPolicy policy;
  // 74 days after creation: 16 days left, still quiet.
  EXPECT_THAT(AssessSettlementCoverage({old}, At(created + 74 * kDay), policy), IsEmpty());
  // 80 days: 10 days left.
  const auto findings = AssessSettlementCoverage({old}, At(created + 80 * kDay), policy);
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].type, "settlement-retention");
  EXPECT_EQ(findings[0].owner, "finance");
  EXPECT_EQ(findings[0].subject, "report 77");
  EXPECT_THAT(findings[0].message, HasSubstr("10 days left"));
  // Processed in time: nothing to say.
  SettlementRecord done = old;
  done.processed = true;
  EXPECT_THAT(AssessSettlementCoverage({done}, At(created + 80 * kDay), policy), IsEmpty());
}

TEST(SettlementDiscoveryTest, UnprocessedReportPastRetentionIsLost) {
  const SettlementRecord old = Report("78", kMarch1 - 14 * kDay, kMarch1);
  const auto findings = AssessSettlementCoverage(
      {old}, At(old.created_time.utc_seconds + 91 * kDay), SettlementPolicy{});
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].type, "settlement-expired");
  EXPECT_THAT(findings[0].message, HasSubstr("passed Amazon's 90-day retention"));
}

TEST(SettlementDiscoveryTest, FindingsComeGapsFirstThenRetention) {
  const SettlementRecord a = Report("a", kMarch1 - 110 * kDay, kMarch1 - 96 * kDay, true);
  const SettlementRecord c = Report("c", kMarch1 - 90 * kDay, kMarch1 - 78 * kDay);
  const auto findings = AssessSettlementCoverage({c, a}, At(kMarch1), SettlementPolicy{});
  std::vector<std::string> types;
  for (const Finding& f : findings) types.push_back(f.type);
  EXPECT_THAT(types, ElementsAre("settlement-gap", "settlement-retention"));
}

}  // namespace
}  // namespace fbaflow::amazon
