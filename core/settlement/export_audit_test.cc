#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/settlement/csv_test_support.h"
#include "core/settlement/export.h"
#include "core/settlement/journal_test_support.h"
#include "core/settlement/random_settlement_test_support.h"

namespace fbaflow::settlement {
namespace {

using ::testing::ElementsAre;
using namespace ::fbaflow::settlement::testing;  // NOLINT(google-build-using-namespace)

std::vector<std::vector<std::string>> Audit(const std::vector<SettlementJournals>& settlements) {
  std::ostringstream out;
  WriteAudit(settlements, out);
  return ParseCsv(out.str());
}

TEST(WriteAuditTest, EveryAmountRowAndRejectIsListedInFileOrder) {
  JournalBuilder builder(TestRules(), {.split = SplitMode::kMonth, .keep_audit = true});
  Feeder feeder(builder);
  feeder.Summarise(
      MakeSummary("23395380562", D(2024, 10, 25), D(2024, 11, 8), D(2024, 11, 10), 3603));
  feeder.Add(Principal(3999, D(2024, 10, 30)));  // line 3
  builder.OnNonMonetaryRow(4);
  builder.OnReject({.line = 5,
                    .column = 15,
                    .column_name = "amount",
                    .raw = "r",
                    .reason = "amount \"1,2,3\" is not a number"});
  feeder.SkipTo(6);
  feeder.Add(FbaFee(-396, D(2024, 11, 2), "Non-Amazon UK"));  // line 6
  const auto records = Audit(builder.Finish());

  ASSERT_EQ(records.size(), 5U);
  EXPECT_THAT(records[0],
              ElementsAre("record", "settlement_id", "line", "column", "column_name", "amount",
                          "journal", "journal_date", "period", "journal_line", "account",
                          "account_code", "tax_code", "line_description", "reason"));
  EXPECT_THAT(records[1],
              ElementsAre("entry", "23395380562", "3", "15", "", "39.99", "1", "2024-10-31",
                          "2024-10", "1", "Amazon Sales", "4000", "OUTPUT2", "Sales", ""));
  EXPECT_THAT(records[2], ElementsAre("non_monetary", "23395380562", "4", "", "", "", "", "", "",
                                      "", "", "", "", "", "row has no amount"));
  EXPECT_THAT(records[3], ElementsAre("reject", "23395380562", "5", "15", "amount", "", "", "", "",
                                      "", "", "", "", "", "amount \"1,2,3\" is not a number"));
  EXPECT_THAT(records[4],
              ElementsAre("entry", "23395380562", "6", "15", "", "-3.96", "2", "2024-11-08",
                          "2024-11", "1", "Amazon FBA Fees", "6010", "INPUT2",
                          "Multi-Channel Fulfilment (Non-Amazon UK): FBA fulfilment fees", ""));
}

TEST(WriteAuditTest, AmountsKeepTheCurrencysDigits) {
  JournalBuilder builder(TestRules(), {.split = SplitMode::kMonth, .keep_audit = true});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("1", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), -5));
  feeder.Add(Commission(-5, D(2024, 11, 2)));
  feeder.Summarise(
      MakeSummary("2", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 1002680, "JPY"));
  feeder.Add(Principal(1002680, D(2024, 11, 2), "Amazon.co.jp"));
  feeder.Summarise(MakeSummary("3", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16),
                               -kMaxSettlementMinorUnits));
  feeder.Add(Commission(-kMaxSettlementMinorUnits, D(2024, 11, 2)));
  const auto records = Audit(builder.Finish());
  ASSERT_EQ(records.size(), 4U);
  EXPECT_EQ(records[1][5], "-0.05");
  EXPECT_EQ(records[2][5], "1002680");
  EXPECT_EQ(records[3][5], "-10000000000000000.00");
}

TEST(WriteAuditTest, RandomSettlementsLeaveNothingUnaccountedFor) {
  std::mt19937_64 rng(99);
  std::vector<SettlementJournals> settlements;
  std::vector<RandomSettlement> inputs;
  for (int i = 0; i < 60; ++i) {
    inputs.push_back(RandomSettlement::Make(rng, i));
    JournalBuilder builder(TestRules(), {.split = SplitMode::kMonth, .keep_audit = true});
    inputs.back().Feed(builder);
    settlements.push_back(std::move(builder.Finish().at(0)));
  }
  const auto records = Audit(settlements);
  std::map<std::string, std::multiset<uint64_t>> lines;  // settlement -> lines seen
  std::map<std::string, std::size_t> counts;
  for (std::size_t i = 1; i < records.size(); ++i) {
    ASSERT_EQ(records[i].size(), 15U);
    counts[records[i][0]]++;
    lines[records[i][1]].insert(std::stoull(records[i][2]));
  }
  std::size_t entries = 0;
  std::size_t non_monetary = 0;
  std::size_t rejects = 0;
  for (const RandomSettlement& in : inputs) {
    entries += in.rows.size();
    non_monetary += in.non_monetary_lines.size();
    rejects += in.rejects.size();
    std::multiset<uint64_t> expected;
    for (const Row& row : in.rows) expected.insert(row.line);
    for (const uint64_t line : in.non_monetary_lines) expected.insert(line);
    for (const Reject& reject : in.rejects) expected.insert(reject.line);
    EXPECT_EQ(lines[in.summary.settlement_id], expected) << in.summary.settlement_id;
  }
  EXPECT_EQ(counts["entry"], entries);
  EXPECT_EQ(counts["non_monetary"], non_monetary);
  EXPECT_EQ(counts["reject"], rejects);
}

}  // namespace
}  // namespace fbaflow::settlement
