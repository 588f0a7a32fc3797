// Property test: thousands of randomly built settlements (seeded, so every run is the same) must
// all give journals that balance, tie to the deposit and account for every row.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/settlement/journal.h"
#include "core/settlement/journal_test_support.h"
#include "core/settlement/random_settlement_test_support.h"

namespace fbaflow::settlement {
namespace {

using namespace ::fbaflow::settlement::testing;  // NOLINT(google-build-using-namespace)

void CheckSettlement(const RandomSettlement& in, const SettlementJournals& out,
                     const JournalOptions& options) {
  const Currency currency = in.summary.currency;
  SCOPED_TRACE("settlement " + in.summary.settlement_id);

  // Counts add up.
  EXPECT_EQ(out.rows, in.distinct_lines);
  EXPECT_EQ(out.entries, in.rows.size());
  EXPECT_EQ(out.non_monetary_rows, in.non_monetary_lines.size());
  EXPECT_EQ(out.rejected_rows, in.rejects.size());
  EXPECT_EQ(out.rejects.size(), in.rejects.size());
  Money rows_sum = Money::Zero(currency);
  for (const Row& row : in.rows) rows_sum += Money::FromMinor(row.minor, currency);
  EXPECT_EQ(out.rows_sum, rows_sum);

  // Holds say exactly what is wrong.
  std::set<std::tuple<std::string, std::string, std::string, std::string>> unmapped;
  for (const Row& row : in.rows) {
    if (!in.IsMapped(row)) {
      unmapped.emplace(row.transaction_type, row.amount_type, row.amount_description,
                       row.marketplace);
    }
  }
  std::vector<std::string> expected_holds;
  if (rows_sum != in.summary.total) expected_holds.emplace_back("inconsistent");
  if (!unmapped.empty()) expected_holds.emplace_back("unmapped");
  if (!in.rejects.empty()) expected_holds.emplace_back("rejected_rows");
  std::vector<std::string> holds;
  for (const Hold& hold : out.holds) holds.push_back(hold.code);
  EXPECT_EQ(holds, expected_holds);
  EXPECT_EQ(out.status,
            expected_holds.empty() ? SettlementStatus::kReady : SettlementStatus::kHeld);
  EXPECT_EQ(out.exceptions.size(), unmapped.size());

  // Journals: one per month (or one), each balanced; clearing only in the last, equal to the total.
  std::set<int> months{in.summary.end.LocalDate().MonthIndex()};
  for (const Row& row : in.rows) months.insert(row.posted.MonthIndex());
  const std::size_t expected_journals = options.split == SplitMode::kNone ? 1 : months.size();
  ASSERT_EQ(out.journals.size(), expected_journals);

  Money rollover = Money::Zero(currency);
  Money suspense = Money::Zero(currency);
  uint64_t line_rows = 0;
  for (std::size_t j = 0; j < out.journals.size(); ++j) {
    const Journal& journal = out.journals[j];
    const bool last = j + 1 == out.journals.size();
    Money sum = Money::Zero(currency);
    int clearing_lines = 0;
    for (const JournalLine& line : journal.lines) {
      ASSERT_EQ(line.amount.GetCurrency(), currency);
      sum += line.amount;
      line_rows += line.rows;
      switch (line.kind) {
        case LineKind::kClearing:
          ++clearing_lines;
          EXPECT_TRUE(last);
          EXPECT_EQ(line.amount, in.summary.total);
          EXPECT_EQ(line.rows, 0U);
          break;
        case LineKind::kRollover:
          rollover += line.amount;
          EXPECT_EQ(line.rows, 0U);
          EXPECT_FALSE(line.amount.IsZero());
          break;
        case LineKind::kSuspense:
          suspense += line.amount;
          break;
        case LineKind::kPosting:
          EXPECT_GT(line.rows, 0U);
          break;
      }
      if (!line.marketplace.empty() && !IsMultiChannel(line.marketplace)) {
        EXPECT_GT(in.AmazonMarketplaces(), 1U) << "split by marketplace only when several";
      }
    }
    EXPECT_TRUE(sum.IsZero()) << journal.narration << " is off by " << sum.ToString();
    EXPECT_EQ(clearing_lines, last ? 1 : 0);
    if (j > 0) {
      EXPECT_LT(out.journals[j - 1].period, journal.period);
      EXPECT_LE(out.journals[j - 1].date, journal.date);
    }
    if (options.split == SplitMode::kMonth) {
      EXPECT_EQ(journal.date.MonthString(), journal.period);
    }
  }
  EXPECT_TRUE(rollover.IsZero()) << "rollover nets to " << rollover.ToString();
  EXPECT_EQ(line_rows, out.entries) << "every entry is on exactly one line";
  Money unmapped_total = Money::Zero(currency);
  for (const Row& row : in.rows) {
    if (!in.IsMapped(row)) unmapped_total += Money::FromMinor(row.minor, currency);
  }
  EXPECT_EQ(suspense, -unmapped_total - (in.summary.total - rows_sum))
      << "suspense holds the unmapped amounts and the unexplained difference";

  // Families add up to the rows.
  uint64_t family_rows = 0;
  Money family_total = Money::Zero(currency);
  for (const FamilyTotal& family : out.families) {
    family_rows += family.rows;
    family_total += family.total;
  }
  EXPECT_EQ(family_rows, out.entries);
  EXPECT_EQ(family_total, rows_sum);

  // Audit: every entry resolves to a line, and the lines carry exactly their entries.
  ASSERT_EQ(out.audit.size(), in.rows.size());
  std::map<std::pair<uint32_t, uint32_t>, std::pair<int64_t, uint64_t>> carried;
  for (std::size_t i = 0; i < out.audit.size(); ++i) {
    const AuditRecord& record = out.audit[i];
    EXPECT_EQ(record.amount_minor, in.rows[i].minor);
    EXPECT_EQ(record.line, in.rows[i].line);
    ASSERT_LT(record.journal, out.journals.size());
    ASSERT_LT(record.line_index, out.journals[record.journal].lines.size());
    const JournalLine& line = out.journals[record.journal].lines[record.line_index];
    EXPECT_TRUE(line.kind == LineKind::kPosting || line.kind == LineKind::kSuspense);
    auto& [amount, rows] = carried[std::make_pair(record.journal, record.line_index)];
    amount += record.amount_minor;
    ++rows;
  }
  for (const auto& [where, totals] : carried) {
    const JournalLine& line = out.journals[where.first].lines[where.second];
    EXPECT_EQ(totals.first, -line.amount.MinorUnits());
    EXPECT_EQ(totals.second, line.rows);
  }
}

TEST(JournalPropertyTest, RandomSettlementsBalanceTieToTheDepositAndAccountForEveryRow) {
  std::mt19937_64 rng(20241129);
  constexpr int kSettlements = 3000;
  int held = 0;
  int split = 0;
  for (int i = 0; i < kSettlements; ++i) {
    const RandomSettlement in = RandomSettlement::Make(rng, i);
    JournalOptions options;
    options.split = rng() % 4 == 0 ? SplitMode::kNone : SplitMode::kMonth;
    options.keep_audit = true;
    JournalBuilder builder(TestRules(), options);
    in.Feed(builder);
    auto out = builder.Finish();
    ASSERT_EQ(out.size(), 1U);
    CheckSettlement(in, out[0], options);
    held += out[0].status == SettlementStatus::kHeld ? 1 : 0;
    split += out[0].journals.size() > 1 ? 1 : 0;
    if (::testing::Test::HasFailure()) {
      FAIL() << "first failing settlement: #" << i;
    }
  }
  // The generator must exercise both outcomes and the split, or the test proves little.
  EXPECT_GT(held, kSettlements / 10);
  EXPECT_LT(held, kSettlements * 9 / 10);
  EXPECT_GT(split, kSettlements / 4);
}

}  // namespace
}  // namespace fbaflow::settlement
