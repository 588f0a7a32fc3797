// Settlements end to end: the emulator publishes a settlement report every 14 simulated days;
// FetchNewSettlements discovers them through the real connector, archives each document, records
// it in the SQLite ledger and hands it to the settlement pipeline, whose journals must balance and
// tie to the deposit, each report once across runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "adapters/archive/fs_document_archive.h"
#include "adapters/store/sqlite_settlement_ledger.h"
#include "adapters/testing/temp_dir.h"
#include "engine/amazon/settlement_handoff.h"
#include "tests/integration/sim_harness.h"

namespace fbaflow::testing {
namespace {

using settlement::LineKind;
using settlement::SettlementJournals;
using settlement::SettlementStatus;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class SettlementSimTest : public ::testing::Test {
 protected:
  explicit SettlementSimTest(const HarnessOptions& options = Options("gzip=0.5,cp1252=0.5", 40, 40,
                                                                     45))
      : h_(options) {
    archive_ = std::move(FsDocumentArchive::Open(dir_.Path() / "documents")).Value();
  }

  // One run as `fbaflow amazon settlements fetch` does it: a new ledger connection each time.
  Result<engine::SettlementFetchReport> Run(engine::SettlementFetchOptions options = {}) {
    auto ledger = SqliteSettlementLedger::Open(dir_.Path() / "fbaflow.db", "seller/na");
    if (!ledger.Ok()) return ledger.GetStatus();
    return engine::FetchNewSettlements(h_.Api(), **ledger, *archive_, h_.ClientClock(), options,
                                       [this](const engine::FetchedSettlement& s) {
                                         return engine::HandSettlementToPipeline(*archive_, s);
                                       });
  }

  static std::vector<std::string> Types(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const Finding& f : findings) out.push_back(f.type);
    return out;
  }

  SimHarness h_;
  TempDir dir_;
  std::unique_ptr<FsDocumentArchive> archive_;
};

// Every journal balances; the clearing lines of the settlement add up to its deposit.
void ExpectBalancedAndTiedToTheDeposit(const SettlementJournals& s) {
  EXPECT_EQ(s.status, SettlementStatus::kReady) << s.summary.settlement_id;
  for (const settlement::Hold& hold : s.holds) ADD_FAILURE() << hold.code << ": " << hold.message;
  EXPECT_EQ(s.rows_sum, s.summary.total);
  EXPECT_EQ(s.rejected_rows, 0u);
  ASSERT_FALSE(s.journals.empty());
  Money clearing = Money::Zero(s.summary.currency);
  for (const settlement::Journal& j : s.journals) {
    Money sum = Money::Zero(s.summary.currency);
    for (const settlement::JournalLine& line : j.lines) {
      sum += line.amount;
      EXPECT_NE(line.kind, LineKind::kSuspense) << line.description;
      if (line.kind == LineKind::kClearing) clearing += line.amount;
    }
    EXPECT_EQ(sum, Money::Zero(s.summary.currency)) << j.narration;
  }
  EXPECT_EQ(clearing, s.summary.total);
}

TEST_F(SettlementSimTest, EachSettlementIsFetchedOnceAndBecomesBalancedJournals) {
  auto first = Run();
  ASSERT_TRUE(first.Ok()) << first.GetStatus().ToString();
  EXPECT_GE(first->listed, 2);  // 45 days of history: a settlement every 14 days
  ASSERT_THAT(first->fetched, SizeIs(static_cast<std::size_t>(first->listed)));
  EXPECT_THAT(Types(first->findings), IsEmpty());
  bool saw_gzip = false;
  bool saw_cp1252 = false;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < first->fetched.size(); ++i) {
    const engine::FetchedSettlement& f = first->fetched[i];
    saw_gzip = saw_gzip || f.document.gzip;
    saw_cp1252 = saw_cp1252 || f.document.charset_label == "windows-1252";
    ASSERT_THAT(first->handoffs[i].settlements, SizeIs(1)) << first->handoffs[i].summary;
    const SettlementJournals& s = first->handoffs[i].settlements[0];
    ExpectBalancedAndTiedToTheDeposit(s);
    EXPECT_GT(s.rows, 20u);
    EXPECT_EQ(s.summary.currency.Code(), "USD");
    ids.push_back(s.summary.settlement_id);
    if (i > 0) {
      EXPECT_LT(first->fetched[i - 1].report.created_time, f.report.created_time);
    }
  }
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  EXPECT_TRUE(saw_gzip || saw_cp1252);
  const int64_t downloads = h_.Stat("documentDownload", "ok");
  EXPECT_EQ(downloads, first->listed);

  // A second run finds nothing new and downloads nothing.
  auto second = Run();
  ASSERT_TRUE(second.Ok()) << second.GetStatus().ToString();
  EXPECT_THAT(second->fetched, IsEmpty());
  EXPECT_EQ(second->buckets.processed_before + second->buckets.held, second->listed);
  EXPECT_THAT(Types(second->findings), IsEmpty());
  EXPECT_EQ(h_.Stat("documentDownload", "ok"), downloads);

  // Fifteen days later Amazon has closed one more period: exactly that one is fetched.
  h_.SimClock().Advance(15 * sim::kDay);
  auto third = Run();
  ASSERT_TRUE(third.Ok()) << third.GetStatus().ToString();
  ASSERT_THAT(third->fetched, SizeIs(1));
  ExpectBalancedAndTiedToTheDeposit(third->handoffs[0].settlements[0]);
  EXPECT_THAT(ids,
              ::testing::Not(Contains(third->handoffs[0].settlements[0].summary.settlement_id)));
  EXPECT_THAT(Types(third->findings), IsEmpty());
}

TEST_F(SettlementSimTest, SettlementsAmazonNoLongerKeepsAreAGap) {
  auto first = Run();
  ASSERT_TRUE(first.Ok()) << first.GetStatus().ToString();
  ASSERT_FALSE(first->fetched.empty());
  EXPECT_THAT(Types(first->findings), IsEmpty());

  // fbaflow does not run for four months: the reports of the first weeks are past Amazon's
  // 90-day retention when it comes back. What is still listed is fetched; the hole is a finding.
  h_.SimClock().Advance(120 * sim::kDay);
  auto back = Run();
  ASSERT_TRUE(back.Ok()) << back.GetStatus().ToString();
  EXPECT_GE(back->fetched.size(), 5u);
  for (const engine::HandoffResult& handoff : back->handoffs) {
    ASSERT_THAT(handoff.settlements, SizeIs(1));
    ExpectBalancedAndTiedToTheDeposit(handoff.settlements[0]);
  }
  ASSERT_THAT(Types(back->findings), ElementsAre("settlement-gap"));
  EXPECT_EQ(back->findings[0].owner, "finance");
}

TEST_F(SettlementSimTest, UnprocessedReportsNearRetentionAreFlaggedThenExpired) {
  // One report a run (--max 1): the other listed reports stay unprocessed in the ledger.
  engine::SettlementFetchOptions one;
  one.max_reports = 1;
  auto first = Run(one);
  ASSERT_TRUE(first.Ok()) << first.GetStatus().ToString();
  ASSERT_THAT(first->fetched, SizeIs(1));
  ASSERT_GE(first->listed, 3);
  auto ledger = SqliteSettlementLedger::Open(dir_.Path() / "fbaflow.db", "seller/na");
  ASSERT_TRUE(ledger.Ok());
  auto entries = (*ledger)->All();  // oldest first
  ASSERT_TRUE(entries.Ok());
  std::vector<SettlementLedgerEntry> waiting;
  for (const SettlementLedgerEntry& e : *entries) {
    if (e.state != SettlementState::kProcessed) waiting.push_back(e);
  }
  ASSERT_GE(waiting.size(), 2u);

  // Time passes until the oldest waiting report is 89.5 days old: the next run fetches it, and
  // the one after it (14 days younger, 75.5 days old) is within 15 days of being lost.
  const int64_t now_s = h_.SimClock().Now() / 1000;
  const int64_t target = waiting[0].created_time.utc_seconds + 89 * 86400 + 43200;
  h_.SimClock().Advance((target - now_s) * 1000);
  auto second = Run(one);
  ASSERT_TRUE(second.Ok()) << second.GetStatus().ToString();
  ASSERT_THAT(second->fetched, SizeIs(1));
  EXPECT_EQ(second->fetched[0].report.report_id, waiting[0].report_id);
  ASSERT_THAT(Types(second->findings), ElementsAre("settlement-retention"));
  EXPECT_EQ(second->findings[0].subject, "report " + waiting[1].report_id);

  // Twenty days on it is gone from Amazon, never processed.
  h_.SimClock().Advance(20 * sim::kDay);
  auto third = Run(one);
  ASSERT_TRUE(third.Ok()) << third.GetStatus().ToString();
  EXPECT_THAT(Types(third->findings), Contains("settlement-expired"));
  for (const Finding& f : third->findings) EXPECT_EQ(f.owner, "finance") << f.type;
}

}  // namespace
}  // namespace fbaflow::testing
