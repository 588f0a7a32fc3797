#include "core/settlement/journal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/settlement/export.h"
#include "core/settlement/journal_test_support.h"

namespace fbaflow::settlement {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace ::fbaflow::settlement::testing;  // NOLINT(google-build-using-namespace)

std::vector<SettlementJournals> Build(const Summary& summary, const std::vector<Row>& rows,
                                      JournalOptions options = {}) {
  JournalBuilder builder(TestRules(), options);
  Feeder feeder(builder);
  feeder.Summarise(summary);
  feeder.AddAll(rows);
  return builder.Finish();
}

SettlementJournals BuildOne(const Summary& summary, const std::vector<Row>& rows,
                            JournalOptions options = {}) {
  auto all = Build(summary, rows, options);
  EXPECT_EQ(all.size(), 1U);
  return std::move(all.at(0));
}

std::vector<std::string> HoldCodes(const SettlementJournals& s) {
  std::vector<std::string> codes;
  for (const Hold& hold : s.holds) codes.push_back(hold.code);
  return codes;
}

void ExpectEveryJournalBalances(const SettlementJournals& s) {
  for (const Journal& journal : s.journals) {
    EXPECT_TRUE(Sum(journal).IsZero())
        << journal.narration << " sums to " << Sum(journal).ToString();
  }
}

// --- one month, one marketplace ------------------------------------------------------------

TEST(JournalBuilderTest, OneMonthJournalBalancesAndClearingEqualsTotal) {
  const Summary summary =
      MakeSummary("23395380562", D(2024, 11, 15), D(2024, 11, 29), D(2024, 12, 1), 3603);
  const auto s =
      BuildOne(summary, {Principal(3999, D(2024, 11, 15)), Tax(800, D(2024, 11, 15)),
                         FbaFee(-396, D(2024, 11, 15)), Commission(-800, D(2024, 11, 16))});
  EXPECT_EQ(s.status, SettlementStatus::kReady);
  EXPECT_TRUE(s.holds.empty());
  EXPECT_EQ(s.rows, 4U);
  EXPECT_EQ(s.entries, 4U);
  EXPECT_EQ(s.rows_sum, M(3603));
  EXPECT_EQ(s.clearing_account, "Amazon Clearing");
  EXPECT_EQ(s.rules_name, "journal-tests");
  ASSERT_EQ(s.journals.size(), 1U);
  const Journal& j = s.journals[0];
  EXPECT_EQ(j.date, D(2024, 11, 29));
  EXPECT_EQ(j.period, "2024-11");
  EXPECT_EQ(j.narration, "Amazon settlement 23395380562 (2024-11-15 to 2024-11-29)");
  ExpectEveryJournalBalances(s);

  const auto clearing = LinesOfKind(j, LineKind::kClearing);
  ASSERT_EQ(clearing.size(), 1U);
  EXPECT_EQ(clearing[0]->amount, M(3603));
  EXPECT_EQ(clearing[0]->account, "Amazon Clearing");
  EXPECT_EQ(clearing[0]->account_code, "1200");
  EXPECT_EQ(clearing[0]->account_type, "asset");
  EXPECT_EQ(clearing[0]->rows, 0U);
  EXPECT_EQ(&j.lines.back(), clearing[0]) << "the clearing line closes the journal";
}

TEST(JournalBuilderTest, GroupsByAccountAndTaxCodeInAccountCodeOrder) {
  const Summary summary = MakeSummary("1", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 8396);
  const auto s = BuildOne(
      summary, {
                   Principal(3999, D(2024, 11, 2)),
                   Principal(2999, D(2024, 11, 3)),
                   Tax(800, D(2024, 11, 2)),
                   Tax(600, D(2024, 11, 3)),
                   {"Order", "ItemPrice", "Shipping", "Amazon.co.uk", D(2024, 11, 3), 499},
                   FbaFee(-396, D(2024, 11, 2)),
                   Commission(-60, D(2024, 11, 2)),
                   {"Order", "ItemFees", "RefundCommission", "Amazon.co.uk", D(2024, 11, 2), -10},
                   {"Order", "ItemFees", "DigitalServicesFee", "Amazon.co.uk", D(2024, 11, 2), -35},
               });
  EXPECT_EQ(s.status, SettlementStatus::kReady);
  ASSERT_EQ(s.journals.size(), 1U);
  const Journal& j = s.journals[0];
  std::vector<std::string> accounts;
  std::vector<std::string> tax_codes;
  for (const JournalLine& line : j.lines) {
    accounts.push_back(line.account);
    tax_codes.push_back(line.tax_code);
  }
  EXPECT_THAT(accounts, ElementsAre("Amazon Sales", "Amazon Shipping Income", "Amazon Seller Fees",
                                    "Amazon Seller Fees", "Amazon FBA Fees", "Amazon Clearing"));
  EXPECT_THAT(tax_codes, ElementsAre("OUTPUT2", "OUTPUT2", "INPUT2", "NONE", "INPUT2", "NONE"));

  const JournalLine& sales = j.lines[0];
  EXPECT_EQ(sales.rows, 4U);
  EXPECT_EQ(sales.amount, M(-8398)) << "money owed to the seller is a credit";
  EXPECT_EQ(sales.account_code, "4000");
  EXPECT_EQ(sales.account_type, "revenue");
  EXPECT_EQ(sales.description, "Amazon Sales") << "Sales and VAT on sales differ: account name";
  EXPECT_EQ(sales.kind, LineKind::kPosting);
  EXPECT_EQ(sales.marketplace, "") << "one marketplace: no split";

  const JournalLine& fees = j.lines[2];
  EXPECT_EQ(fees.rows, 2U);
  EXPECT_EQ(fees.amount, M(70)) << "fees are debits";
  EXPECT_EQ(fees.description, "Amazon selling fees") << "both rows share the rule's description";
  const JournalLine& digital = j.lines[3];
  EXPECT_EQ(digital.rows, 1U);
  EXPECT_EQ(digital.amount, M(35));
  EXPECT_EQ(digital.description, "Digital services fee");
  EXPECT_EQ(j.lines[4].description, "FBA fulfilment fees");
  ExpectEveryJournalBalances(s);
}

TEST(JournalBuilderTest, RuleWithoutDescriptionShowsItsAccount) {
  const Summary summary = MakeSummary("2", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), -150);
  const auto s =
      BuildOne(summary, {{"other-transaction", "other-transaction", "Current Reserve Amount", "",
                          D(2024, 11, 5), -100},
                         {"other-transaction", "FBA Inventory Reimbursement",
                          "REVERSAL_REIMBURSEMENT", "", D(2024, 11, 6), 50},
                         {"Order", "Promotion", "Shipping", "Amazon.co.uk", D(2024, 11, 6), -100}});
  const Journal& j = s.journals.at(0);
  EXPECT_EQ(j.lines.size(), 4U);
  EXPECT_EQ(FindLine(j, "Amazon Promotions")->description, "Amazon Promotions");
  EXPECT_EQ(FindLine(j, "Amazon Reimbursements")->description, "FBA inventory reimbursements");
  EXPECT_EQ(FindLine(j, "Amazon Reserved Balances")->tax_code, "NONE");
  ExpectEveryJournalBalances(s);
}

// --- marketplaces and Multi-Channel Fulfilment -------------------------------------------

TEST(JournalBuilderTest, SplitsByMarketplaceOnlyWhenSettlementSpansSeveral) {
  const Summary summary = MakeSummary("3", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 6500);
  const auto s = BuildOne(summary, {Principal(4000, D(2024, 11, 2), "Amazon.co.uk"),
                                    Principal(3000, D(2024, 11, 2), "Amazon.de"),
                                    Principal(1000, D(2024, 11, 3), "Amazon.de"),
                                    FbaFee(-500, D(2024, 11, 3), "Amazon.de"),
                                    {"other-transaction", "other-transaction",
                                     "Current Reserve Amount", "", D(2024, 11, 5), -1000}});
  const Journal& j = s.journals.at(0);
  const JournalLine* uk = FindLine(j, "Amazon Sales", "Amazon.co.uk");
  const JournalLine* de = FindLine(j, "Amazon Sales", "Amazon.de");
  ASSERT_NE(uk, nullptr);
  ASSERT_NE(de, nullptr);
  EXPECT_EQ(uk->amount, M(-4000));
  EXPECT_EQ(uk->rows, 1U);
  EXPECT_EQ(de->amount, M(-4000));
  EXPECT_EQ(de->rows, 2U);
  EXPECT_EQ(de->description, "Sales (Amazon.de)");
  EXPECT_EQ(FindLine(j, "Amazon FBA Fees", "Amazon.de")->amount, M(500));
  const JournalLine* reserve = FindLine(j, "Amazon Reserved Balances", "");
  ASSERT_NE(reserve, nullptr) << "rows without a marketplace stay on one unsplit line";
  EXPECT_EQ(reserve->amount, M(1000));
  EXPECT_EQ(reserve->description, "Reserve held back");
  ExpectEveryJournalBalances(s);
}

TEST(JournalBuilderTest, MultiChannelFulfilmentRowsAreAlwaysLinesOfTheirOwn) {
  const Summary summary = MakeSummary("4", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 3100);
  const auto s = BuildOne(summary, {Principal(4000, D(2024, 11, 2)), FbaFee(-400, D(2024, 11, 2)),
                                    FbaFee(-300, D(2024, 11, 3), "Non-Amazon UK"),
                                    FbaFee(-200, D(2024, 11, 4), "Non-Amazon UK")});
  const Journal& j = s.journals.at(0);
  const JournalLine* amazon = FindLine(j, "Amazon FBA Fees", "");
  const JournalLine* mcf = FindLine(j, "Amazon FBA Fees", "Non-Amazon UK");
  ASSERT_NE(amazon, nullptr) << "a single Amazon marketplace plus MCF is not a marketplace split";
  ASSERT_NE(mcf, nullptr);
  EXPECT_EQ(amazon->amount, M(400));
  EXPECT_EQ(amazon->rows, 1U);
  EXPECT_EQ(mcf->amount, M(500));
  EXPECT_EQ(mcf->rows, 2U);
  EXPECT_EQ(mcf->description, "Multi-Channel Fulfilment (Non-Amazon UK): FBA fulfilment fees");
  EXPECT_EQ(FindLine(j, "Amazon Sales", "")->marketplace, "");
  ExpectEveryJournalBalances(s);
}

// --- reserves, signs, empty settlements ----------------------------------------------------

TEST(JournalBuilderTest, ReserveRowsPostToTheReserveAccount) {
  const Summary summary = MakeSummary("5", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 1980);
  const auto s = BuildOne(summary, {Principal(2000, D(2024, 11, 2)),
                                    {"other-transaction", "other-transaction",
                                     "Current Reserve Amount", "", D(2024, 11, 14), -10000},
                                    {"other-transaction", "other-transaction",
                                     "Previous Reserve Amount Balance", "", D(2024, 11, 1), 9980}});
  const JournalLine* reserve = FindLine(s.journals.at(0), "Amazon Reserved Balances");
  ASSERT_NE(reserve, nullptr);
  EXPECT_EQ(reserve->amount, M(20)) << "reserve grew by 0.20: a debit on the reserve asset";
  EXPECT_EQ(reserve->rows, 2U);
  EXPECT_EQ(reserve->description, "Amazon Reserved Balances") << "held back and released differ";
  EXPECT_EQ(reserve->account_code, "1210");
  EXPECT_EQ(s.status, SettlementStatus::kReady);
  ExpectEveryJournalBalances(s);
}

TEST(JournalBuilderTest, NegativeTotalIsACreditOnClearing) {
  const Summary summary = MakeSummary("6", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), -5234);
  const auto s = BuildOne(
      summary, {{"Refund", "ItemPrice", "Principal", "Amazon.co.uk", D(2024, 11, 3), -4999},
                {"Refund", "ItemFees", "Commission", "Amazon.co.uk", D(2024, 11, 3), 750},
                FbaFee(-985, D(2024, 11, 4))});
  EXPECT_EQ(s.status, SettlementStatus::kReady);
  const auto clearing = LinesOfKind(s.journals.at(0), LineKind::kClearing);
  ASSERT_EQ(clearing.size(), 1U);
  EXPECT_EQ(clearing[0]->amount, M(-5234));
  EXPECT_EQ(FindLine(s.journals.at(0), "Amazon Refunds")->amount, M(4249));
  ExpectEveryJournalBalances(s);
}

TEST(JournalBuilderTest, ZeroTotalKeepsAZeroClearingLine) {
  const Summary summary = MakeSummary("7", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 0);
  const auto s = BuildOne(summary, {Principal(1000, D(2024, 11, 2)),
                                    {"other-transaction", "other-transaction",
                                     "Current Reserve Amount", "", D(2024, 11, 14), -1000}});
  EXPECT_EQ(s.status, SettlementStatus::kReady);
  const auto clearing = LinesOfKind(s.journals.at(0), LineKind::kClearing);
  ASSERT_EQ(clearing.size(), 1U);
  EXPECT_TRUE(clearing[0]->amount.IsZero());
  EXPECT_EQ(clearing[0]->amount.GetCurrency(), Cur("GBP"));
  ExpectEveryJournalBalances(s);
}

TEST(JournalBuilderTest, SettlementWithoutRowsStillGetsAJournal) {
  const auto s =
      BuildOne(MakeSummary("8", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 0), {});
  EXPECT_EQ(s.status, SettlementStatus::kReady);
  EXPECT_EQ(s.rows, 0U);
  ASSERT_EQ(s.journals.size(), 1U);
  ASSERT_EQ(s.journals[0].lines.size(), 1U);
  EXPECT_EQ(s.journals[0].lines[0].kind, LineKind::kClearing);
  EXPECT_EQ(s.journals[0].date, D(2024, 11, 14));
}

TEST(JournalBuilderTest, SettlementWithoutRowsButATotalIsInconsistent) {
  const auto s =
      BuildOne(MakeSummary("9", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 1234), {});
  EXPECT_EQ(s.status, SettlementStatus::kHeld);
  EXPECT_THAT(HoldCodes(s), ElementsAre("inconsistent"));
  EXPECT_EQ(s.holds[0].message, "rows sum to 0.00 but total-amount is 12.34 (difference 12.34)");
  const Journal& j = s.journals.at(0);
  ASSERT_EQ(j.lines.size(), 2U);
  EXPECT_EQ(j.lines[0].kind, LineKind::kSuspense);
  EXPECT_EQ(j.lines[0].amount, M(-1234));
  EXPECT_EQ(j.lines[1].kind, LineKind::kClearing);
  EXPECT_EQ(j.lines[1].amount, M(1234));
}

TEST(JournalBuilderTest, ZeroDecimalCurrency) {
  const Summary summary =
      MakeSummary("10", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 2680, "JPY");
  const auto s = BuildOne(summary, {Principal(3000, D(2024, 11, 2), "Amazon.co.jp"),
                                    FbaFee(-320, D(2024, 11, 2), "Amazon.co.jp")});
  EXPECT_EQ(s.status, SettlementStatus::kReady);
  const auto clearing = LinesOfKind(s.journals.at(0), LineKind::kClearing);
  EXPECT_EQ(clearing.at(0)->amount, M(2680, "JPY"));
  EXPECT_EQ(clearing.at(0)->amount.ToString(), "2680");
}

// --- month split ---------------------------------------------------------------------------

TEST(JournalBuilderTest, MonthSplitAcrossTwoMonths) {
  const Summary summary = MakeSummary("11", D(2024, 10, 25), D(2024, 11, 8), D(2024, 11, 10), 8500);
  const auto s = BuildOne(summary, {Principal(5000, D(2024, 10, 26)), FbaFee(-500, D(2024, 10, 31)),
                                    Principal(4000, D(2024, 11, 1)), FbaFee(-400, D(2024, 11, 7)),
                                    Principal(400, D(2024, 11, 8))});
  ASSERT_EQ(s.journals.size(), 2U);
  const Journal& oct = s.journals[0];
  const Journal& nov = s.journals[1];
  EXPECT_EQ(oct.date, D(2024, 10, 31));
  EXPECT_EQ(oct.period, "2024-10");
  EXPECT_EQ(oct.narration,
            "Amazon settlement 11 (2024-10-25 to 2024-11-08), part 1 of 2 (October 2024)");
  EXPECT_EQ(nov.date, D(2024, 11, 8));
  EXPECT_EQ(nov.period, "2024-11");
  EXPECT_EQ(nov.narration,
            "Amazon settlement 11 (2024-10-25 to 2024-11-08), part 2 of 2 (November 2024)");
  ExpectEveryJournalBalances(s);

  EXPECT_TRUE(LinesOfKind(oct, LineKind::kClearing).empty()) << "clearing only in the last";
  const auto oct_rollover = LinesOfKind(oct, LineKind::kRollover);
  ASSERT_EQ(oct_rollover.size(), 1U);
  EXPECT_EQ(oct_rollover[0]->account, "Amazon Settlement Rollover");
  EXPECT_EQ(oct_rollover[0]->amount, M(4500)) << "October's net credit, carried as a debit";
  EXPECT_THAT(oct_rollover[0]->description, HasSubstr("November 2024"));
  EXPECT_EQ(FindLine(oct, "Amazon Sales")->amount, M(-5000));
  EXPECT_EQ(FindLine(oct, "Amazon Sales")->rows, 1U);

  const auto nov_rollover = LinesOfKind(nov, LineKind::kRollover);
  ASSERT_EQ(nov_rollover.size(), 1U);
  EXPECT_EQ(nov_rollover[0]->amount, M(-4500));
  EXPECT_THAT(nov_rollover[0]->description, HasSubstr("October 2024"));
  const auto clearing = LinesOfKind(nov, LineKind::kClearing);
  ASSERT_EQ(clearing.size(), 1U);
  EXPECT_EQ(clearing[0]->amount, M(8500));
  EXPECT_EQ(FindLine(nov, "Amazon Sales")->amount, M(-4400));
  EXPECT_EQ(FindLine(nov, "Amazon Sales")->rows, 2U);
}

TEST(JournalBuilderTest, MonthSplitAcrossThreeMonthsAndAYearEnd) {
  const Summary summary = MakeSummary("12", D(2024, 12, 20), D(2025, 2, 3), D(2025, 2, 5), 1200);
  const auto s =
      BuildOne(summary, {Principal(1000, D(2024, 12, 24)), FbaFee(-300, D(2025, 1, 9)),
                         Principal(700, D(2025, 1, 31)), Commission(-200, D(2025, 2, 2))});
  ASSERT_EQ(s.journals.size(), 3U);
  EXPECT_EQ(s.journals[0].date, D(2024, 12, 31));
  EXPECT_EQ(s.journals[1].date, D(2025, 1, 31));
  EXPECT_EQ(s.journals[2].date, D(2025, 2, 3));
  EXPECT_EQ(s.journals[0].period, "2024-12");
  EXPECT_EQ(s.journals[1].period, "2025-01");
  EXPECT_EQ(s.journals[2].period, "2025-02");
  EXPECT_THAT(s.journals[1].narration, HasSubstr("part 2 of 3 (January 2025)"));
  ExpectEveryJournalBalances(s);

  Money rollover_total = M(0);
  for (const Journal& j : s.journals) {
    for (const JournalLine* line : LinesOfKind(j, LineKind::kRollover))
      rollover_total += line->amount;
  }
  EXPECT_TRUE(rollover_total.IsZero()) << "the rollover account nets to zero across the journals";
  EXPECT_EQ(LinesOfKind(s.journals[2], LineKind::kRollover).size(), 2U);
  EXPECT_TRUE(LinesOfKind(s.journals[0], LineKind::kClearing).empty());
  EXPECT_TRUE(LinesOfKind(s.journals[1], LineKind::kClearing).empty());
  EXPECT_EQ(LinesOfKind(s.journals[2], LineKind::kClearing).at(0)->amount, M(1200));
}

TEST(JournalBuilderTest, MonthSplitWhenSettlementEndsInAMonthWithoutRows) {
  // Every row is in November but the settlement closes on 1 December: November's activity stays in
  // November; the December journal recognises the payout.
  const Summary summary = MakeSummary("13", D(2024, 11, 17), D(2024, 12, 1), D(2024, 12, 3), 900);
  const auto s =
      BuildOne(summary, {Principal(1000, D(2024, 11, 20)), FbaFee(-100, D(2024, 11, 30))});
  ASSERT_EQ(s.journals.size(), 2U);
  EXPECT_EQ(s.journals[0].period, "2024-11");
  EXPECT_EQ(s.journals[1].period, "2024-12");
  EXPECT_EQ(s.journals[1].date, D(2024, 12, 1));
  ASSERT_EQ(s.journals[1].lines.size(), 2U);
  EXPECT_EQ(s.journals[1].lines[0].kind, LineKind::kRollover);
  EXPECT_EQ(s.journals[1].lines[1].kind, LineKind::kClearing);
  ExpectEveryJournalBalances(s);
}

TEST(JournalBuilderTest, SplitNoneMakesOneJournalAtTheSettlementEnd) {
  const Summary summary = MakeSummary("14", D(2024, 10, 25), D(2024, 11, 8), D(2024, 11, 10), 8100);
  const auto s = BuildOne(summary,
                          {Principal(5000, D(2024, 10, 26)), FbaFee(-500, D(2024, 10, 31)),
                           Principal(4000, D(2024, 11, 1)), FbaFee(-400, D(2024, 11, 7))},
                          {.split = SplitMode::kNone});
  ASSERT_EQ(s.journals.size(), 1U);
  EXPECT_EQ(s.journals[0].date, D(2024, 11, 8));
  EXPECT_EQ(s.journals[0].period, "2024-11");
  EXPECT_EQ(s.journals[0].narration, "Amazon settlement 14 (2024-10-25 to 2024-11-08)");
  EXPECT_TRUE(LinesOfKind(s.journals[0], LineKind::kRollover).empty());
  EXPECT_EQ(FindLine(s.journals[0], "Amazon Sales")->rows, 2U);
  EXPECT_EQ(FindLine(s.journals[0], "Amazon Sales")->amount, M(-9000));
  ExpectEveryJournalBalances(s);
}

TEST(JournalBuilderTest, MonthSplitOfAMonthThatNetsToZeroNeedsNoRolloverLine) {
  const Summary summary = MakeSummary("15", D(2024, 10, 25), D(2024, 11, 8), D(2024, 11, 10), 300);
  const auto s =
      BuildOne(summary, {Principal(500, D(2024, 10, 26)), Commission(-500, D(2024, 10, 27)),
                         Principal(300, D(2024, 11, 2))});
  ASSERT_EQ(s.journals.size(), 2U);
  EXPECT_TRUE(LinesOfKind(s.journals[0], LineKind::kRollover).empty());
  EXPECT_TRUE(LinesOfKind(s.journals[1], LineKind::kRollover).empty());
  ExpectEveryJournalBalances(s);
}

// --- holds ---------------------------------------------------------------------------------

TEST(JournalBuilderTest, InconsistentTotalHoldsAndPostsTheDifferenceToSuspense) {
  const Summary summary =
      MakeSummary("16", D(2024, 11, 15), D(2024, 11, 29), D(2024, 12, 1), 25343);
  const auto s =
      BuildOne(summary, {Principal(30000, D(2024, 11, 15)), FbaFee(-4660, D(2024, 11, 20))});
  EXPECT_EQ(s.status, SettlementStatus::kHeld);
  EXPECT_EQ(s.rows_sum, M(25340));
  ASSERT_THAT(HoldCodes(s), ElementsAre("inconsistent"));
  EXPECT_EQ(s.holds[0].message, "rows sum to 253.40 but total-amount is 253.43 (difference 0.03)");
  const Journal& j = s.journals.at(0);
  const auto suspense = LinesOfKind(j, LineKind::kSuspense);
  ASSERT_EQ(suspense.size(), 1U);
  EXPECT_EQ(suspense[0]->account, "Amazon Suspense");
  EXPECT_EQ(suspense[0]->amount, M(-3));
  EXPECT_EQ(suspense[0]->rows, 0U);
  EXPECT_THAT(suspense[0]->description, HasSubstr("Unexplained difference"));
  EXPECT_EQ(LinesOfKind(j, LineKind::kClearing).at(0)->amount, M(25343))
      << "the clearing line still equals total-amount";
  ExpectEveryJournalBalances(s);
  EXPECT_TRUE(s.exceptions.empty());
}

TEST(JournalBuilderTest, InconsistentMonthSplitKeepsTheDifferenceInTheLastJournal) {
  const Summary summary = MakeSummary("17", D(2024, 10, 25), D(2024, 11, 8), D(2024, 11, 10), 1000);
  const auto s =
      BuildOne(summary, {Principal(700, D(2024, 10, 26)), Principal(200, D(2024, 11, 2))});
  ASSERT_EQ(s.journals.size(), 2U);
  EXPECT_TRUE(LinesOfKind(s.journals[0], LineKind::kSuspense).empty());
  EXPECT_EQ(LinesOfKind(s.journals[1], LineKind::kSuspense).at(0)->amount, M(-100));
  EXPECT_EQ(s.holds.at(0).message, "rows sum to 9.00 but total-amount is 10.00 (difference 1.00)");
  ExpectEveryJournalBalances(s);
}

TEST(JournalBuilderTest, UnmappedFeeTypeGoesToSuspenseWithAnExceptionAndAHold) {
  const Summary summary = MakeSummary("18", D(2024, 11, 15), D(2024, 11, 29), D(2024, 12, 1), 2700);
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  feeder.Summarise(summary);
  feeder.Add(Principal(3000, D(2024, 11, 15)));
  feeder.Add({"Order", "NewFeeKind", "MysteryFee", "Amazon.co.uk", D(2024, 11, 16), -200});
  feeder.Add(Principal(100, D(2024, 11, 17)));
  feeder.Add({"Order", "NewFeeKind", "MysteryFee", "Amazon.co.uk", D(2024, 11, 18), -200});
  auto all = builder.Finish();
  ASSERT_EQ(all.size(), 1U);
  const SettlementJournals& s = all[0];

  EXPECT_EQ(s.status, SettlementStatus::kHeld);
  ASSERT_THAT(HoldCodes(s), ElementsAre("unmapped"));
  EXPECT_THAT(s.holds[0].message, HasSubstr("2 amounts of 1 unmapped fee type"));
  EXPECT_THAT(s.holds[0].message, HasSubstr("Order / NewFeeKind / MysteryFee / Amazon.co.uk"));

  ASSERT_EQ(s.exceptions.size(), 1U);
  const ExceptionRecord& e = s.exceptions[0];
  EXPECT_EQ(e.type, "unmapped_fee_type");
  EXPECT_EQ(e.owner, Owner::kFinance);
  EXPECT_EQ(e.key, "Order / NewFeeKind / MysteryFee / Amazon.co.uk");
  EXPECT_EQ(e.rows, 2U);
  EXPECT_EQ(e.amount, M(-400));
  EXPECT_EQ(e.first_line, 4U);
  EXPECT_THAT(e.message, HasSubstr("Amazon Suspense"));

  const Journal& j = s.journals.at(0);
  const auto suspense = LinesOfKind(j, LineKind::kSuspense);
  ASSERT_EQ(suspense.size(), 1U);
  EXPECT_EQ(suspense[0]->account, "Amazon Suspense");
  EXPECT_EQ(suspense[0]->amount, M(400));
  EXPECT_EQ(suspense[0]->rows, 2U);
  EXPECT_EQ(suspense[0]->description, "Unmapped fee type: Order / NewFeeKind / MysteryFee");
  EXPECT_EQ(suspense[0]->tax_code, "NONE");
  EXPECT_EQ(LinesOfKind(j, LineKind::kClearing).at(0)->amount, M(2700));
  ExpectEveryJournalBalances(s);

  bool found_family = false;
  for (const FamilyTotal& f : s.families) {
    if (f.amount_type != "NewFeeKind") continue;
    found_family = true;
    EXPECT_FALSE(f.mapped);
    EXPECT_EQ(f.account, "Amazon Suspense");
    EXPECT_EQ(f.rows, 2U);
    EXPECT_EQ(f.total, M(-400));
  }
  EXPECT_TRUE(found_family);
}

TEST(JournalBuilderTest, EachUnmappedKeyIsItsOwnException) {
  const Summary summary = MakeSummary("19", D(2024, 11, 15), D(2024, 11, 29), D(2024, 12, 1), -300);
  const auto s =
      BuildOne(summary, {{"Order", "NewFeeKind", "A", "Amazon.co.uk", D(2024, 11, 16), -100},
                         {"Order", "NewFeeKind", "A", "Amazon.de", D(2024, 11, 16), -100},
                         {"Mystery", "X", "Y", "", D(2024, 11, 16), -100}});
  ASSERT_EQ(s.exceptions.size(), 3U);
  EXPECT_EQ(s.exceptions[0].key, "Order / NewFeeKind / A / Amazon.co.uk");
  EXPECT_EQ(s.exceptions[1].key, "Order / NewFeeKind / A / Amazon.de");
  EXPECT_EQ(s.exceptions[2].key, "Mystery / X / Y / (no marketplace)");
  EXPECT_EQ(s.exceptions[2].first_line, 5U);
  // Two Amazon marketplaces: the suspense lines split by marketplace too.
  EXPECT_EQ(LinesOfKind(s.journals.at(0), LineKind::kSuspense).size(), 3U);
  ExpectEveryJournalBalances(s);
}

TEST(JournalBuilderTest, RejectedRowsHoldTheSettlementAndAreKept) {
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("20", D(2024, 11, 15), D(2024, 11, 29), D(2024, 12, 1), 1000));
  feeder.Add(Principal(1000, D(2024, 11, 15)));
  builder.OnReject({.line = 4,
                    .column = 15,
                    .column_name = "amount",
                    .raw = "raw row 4",
                    .reason = "amount \"12,5x\" is not a number"});
  builder.OnReject({.line = 7,
                    .column = 17,
                    .column_name = "posted-date",
                    .raw = "raw row 7",
                    .reason = "posted-date \"31.02.2024\" is not a date"});
  auto all = builder.Finish();
  const SettlementJournals& s = all.at(0);
  EXPECT_EQ(s.status, SettlementStatus::kHeld);
  ASSERT_THAT(HoldCodes(s), ElementsAre("rejected_rows"));
  EXPECT_EQ(
      s.holds[0].message,
      "2 rows could not be read (first at line 4, column 15: amount \"12,5x\" is not a number)");
  EXPECT_EQ(s.rejected_rows, 2U);
  EXPECT_EQ(s.rows, 3U);
  ASSERT_EQ(s.rejects.size(), 2U);
  EXPECT_EQ(s.rejects[1].raw, "raw row 7");
  EXPECT_EQ(s.rejects[1].column_name, "posted-date");
  ASSERT_EQ(s.journals.size(), 1U) << "a held settlement still has its journals";
  ExpectEveryJournalBalances(s);
}

TEST(JournalBuilderTest, SeveralHoldsAreAllReported) {
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("21", D(2024, 11, 15), D(2024, 11, 29), D(2024, 12, 1), 999));
  feeder.Add({"Order", "Unknown", "Thing", "Amazon.co.uk", D(2024, 11, 16), -100});
  builder.OnReject(
      {.line = 9, .column = 0, .column_name = "", .raw = "x", .reason = "too few columns"});
  auto all = builder.Finish();
  EXPECT_THAT(HoldCodes(all.at(0)), ElementsAre("inconsistent", "unmapped", "rejected_rows"));
  EXPECT_THAT(all[0].holds[2].message, HasSubstr("first at line 9: too few columns"));
}

// --- counting, audit, several settlements --------------------------------------------------

TEST(JournalBuilderTest, CountsRowsEntriesAndNonMonetaryRows) {
  JournalBuilder builder(TestRules(), {.split = SplitMode::kMonth, .keep_audit = true});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("22", D(2024, 11, 15), D(2024, 11, 29), D(2024, 12, 1), 650));
  // A legacy row carries two amounts on one line.
  feeder.Add({"Order", "ItemPrice", "Principal", "Amazon.co.uk", D(2024, 11, 15), 1000, 10, 5});
  feeder.Add({"Order", "ItemFees", "Commission", "Amazon.co.uk", D(2024, 11, 15), -150, 10, 9});
  builder.OnNonMonetaryRow(11);
  feeder.Add({"Order", "ItemFees", "FBAPerUnitFulfillmentFee", "Amazon.co.uk", D(2024, 11, 16),
              -200, 12, 9});
  builder.OnNonMonetaryRow(13);
  auto all = builder.Finish();
  const SettlementJournals& s = all.at(0);
  EXPECT_EQ(s.rows, 4U);
  EXPECT_EQ(s.entries, 3U);
  EXPECT_EQ(s.non_monetary_rows, 2U);
  EXPECT_THAT(s.non_monetary_lines, ElementsAre(11U, 13U));
  EXPECT_EQ(s.status, SettlementStatus::kReady);
}

TEST(JournalBuilderTest, AuditResolvesEveryEntryToTheLineThatCarriesIt) {
  JournalBuilder builder(TestRules(), {.split = SplitMode::kMonth, .keep_audit = true});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("23", D(2024, 10, 25), D(2024, 11, 8), D(2024, 11, 10), 7550));
  feeder.AddAll({Principal(5000, D(2024, 10, 26)),
                 FbaFee(-500, D(2024, 10, 31)),
                 Principal(3000, D(2024, 11, 1), "Amazon.de"),
                 FbaFee(-200, D(2024, 11, 7), "Non-Amazon UK"),
                 {"Order", "Unknown", "Fee", "Amazon.co.uk", D(2024, 11, 7), 250}});
  auto all = builder.Finish();
  const SettlementJournals& s = all.at(0);
  ASSERT_EQ(s.audit.size(), s.entries);
  std::map<std::pair<uint32_t, uint32_t>, std::pair<int64_t, uint64_t>> carried;
  uint64_t expected_line = 3;
  for (const AuditRecord& record : s.audit) {
    EXPECT_EQ(record.line, expected_line++) << "file order";
    EXPECT_EQ(record.column, 15);
    ASSERT_LT(record.journal, s.journals.size());
    ASSERT_LT(record.line_index, s.journals[record.journal].lines.size());
    auto& [amount, rows] = carried[{record.journal, record.line_index}];
    amount += record.amount_minor;
    ++rows;
  }
  uint64_t lines_with_rows = 0;
  for (uint32_t j = 0; j < s.journals.size(); ++j) {
    for (uint32_t l = 0; l < s.journals[j].lines.size(); ++l) {
      const JournalLine& line = s.journals[j].lines[l];
      if (line.rows == 0) {
        EXPECT_EQ(carried.count(std::make_pair(j, l)), 0U);
        continue;
      }
      ++lines_with_rows;
      const auto& [amount, rows] = carried[std::make_pair(j, l)];
      EXPECT_EQ(amount, -line.amount.MinorUnits()) << line.description;
      EXPECT_EQ(rows, line.rows) << line.description;
    }
  }
  EXPECT_EQ(lines_with_rows, carried.size());
  EXPECT_EQ(s.audit[0].journal, 0U);
  EXPECT_EQ(s.audit[2].journal, 1U);
}

TEST(JournalBuilderTest, WithoutKeepAuditNoAuditIsKept) {
  const auto s = BuildOne(MakeSummary("24", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 100),
                          {Principal(100, D(2024, 11, 2))});
  EXPECT_TRUE(s.audit.empty());
}

TEST(JournalBuilderTest, SeveralSettlementsInOneFileStayApart) {
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("A1", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 100));
  feeder.Add(Principal(100, D(2024, 11, 2)));
  feeder.Summarise(
      MakeSummary("A2", D(2024, 11, 15), D(2024, 11, 28), D(2024, 11, 30), 5000, "EUR"));
  feeder.Add(Principal(5000, D(2024, 11, 20), "Amazon.de"));
  auto all = builder.Finish();
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].summary.settlement_id, "A1");
  EXPECT_EQ(all[0].rows, 1U);
  EXPECT_EQ(all[1].summary.settlement_id, "A2");
  EXPECT_EQ(all[1].rows_sum, M(5000, "EUR"));
  EXPECT_EQ(all[1].status, SettlementStatus::kReady);
  EXPECT_TRUE(builder.Finish().empty()) << "Finish hands everything over once";
}

TEST(JournalBuilderTest, RejectBeforeTheSummaryBelongsToThatSettlement) {
  JournalBuilder builder(TestRules(), {});
  builder.OnReject(
      {.line = 2, .column = 5, .column_name = "total-amount", .raw = "", .reason = "bad"});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("25", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 100));
  feeder.Add(Principal(100, D(2024, 11, 2)));
  auto all = builder.Finish();
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].rejected_rows, 1U);
  EXPECT_THAT(HoldCodes(all[0]), ElementsAre("rejected_rows"));
}

TEST(JournalBuilderTest, EntriesWithoutASummaryAreHeldNotLost) {
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  feeder.Add(Principal(100, D(2024, 11, 2)));
  auto all = builder.Finish();
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].status, SettlementStatus::kHeld);
  EXPECT_EQ(all[0].holds.at(0).code, "no_summary");
  EXPECT_EQ(all[0].entries, 1U);
  ExpectEveryJournalBalances(all[0]);
}

TEST(JournalBuilderTest, KeysAreCopiedBecauseEntryTextDiesAfterTheCall) {
  // The reader reuses its buffer: build every entry from one buffer overwritten between calls.
  JournalBuilder builder(TestRules(), {});
  builder.OnSummary(MakeSummary("26", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 700));
  std::string buffer;
  const auto send = [&](std::string_view tt, std::string_view at, std::string_view ad,
                        int64_t minor, uint64_t line) {
    buffer.assign(tt).append(at).append(ad).append("Amazon.co.uk");
    const std::string_view all(buffer);
    Entry e;
    e.line = line;
    e.transaction_type = all.substr(0, tt.size());
    e.amount_type = all.substr(tt.size(), at.size());
    e.amount_description = all.substr(tt.size() + at.size(), ad.size());
    e.marketplace = all.substr(tt.size() + at.size() + ad.size());
    e.posted_date = D(2024, 11, 3);
    e.amount = M(minor);
    builder.OnEntry(e);
    buffer.assign(buffer.size(), '#');
  };
  send("Order", "ItemPrice", "Principal", 1000, 3);
  send("Order", "ItemFees", "Commission", -150, 4);
  send("Order", "ItemPrice", "Principal", 1000, 5);
  send("Order", "ItemFees", "Commission", -150, 6);
  send("Refund", "ItemPrice", "Principal", -1000, 7);
  auto all = builder.Finish();
  const SettlementJournals& s = all.at(0);
  EXPECT_EQ(s.status, SettlementStatus::kReady) << (s.holds.empty() ? "" : s.holds[0].message);
  EXPECT_EQ(FindLine(s.journals.at(0), "Amazon Sales")->rows, 2U);
  EXPECT_EQ(FindLine(s.journals.at(0), "Amazon Seller Fees")->rows, 2U);
  ASSERT_EQ(s.families.size(), 3U);
  EXPECT_EQ(s.families[0].transaction_type, "Order");
  EXPECT_EQ(s.families[0].amount_type, "ItemFees");
  EXPECT_EQ(s.families[0].amount_description, "Commission");
  EXPECT_EQ(s.families[0].rows, 2U);
  EXPECT_EQ(s.families[0].total, M(-300));
  EXPECT_EQ(s.families[0].account, "Amazon Seller Fees");
  EXPECT_TRUE(s.families[0].mapped);
  EXPECT_EQ(s.families[2].transaction_type, "Refund");
}

// Amounts whose sums would pass 64 bits used to end the process (an uncaught overflow_error):
// now the amount that would pass the bound is a reject that holds the settlement, and every
// writer can total what was posted.
TEST(JournalBuilderTest, AnAmountBeyondTheBoundIsRejectedNotThrown) {
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("27", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 0));
  feeder.Add(Principal(kMaxSettlementMinorUnits - 5, D(2024, 11, 2)));
  feeder.Add(Principal(-10, D(2024, 11, 2)));  // would pass the bound in magnitude
  feeder.Add(Principal(INT64_MAX, D(2024, 11, 3)));
  feeder.Add(Principal(INT64_MIN, D(2024, 11, 3)));
  feeder.Add(Principal(5, D(2024, 11, 4)));  // still fits
  std::vector<SettlementJournals> all;
  ASSERT_NO_THROW(all = builder.Finish());
  const SettlementJournals& s = all.at(0);
  EXPECT_EQ(s.entries, 2U);
  EXPECT_EQ(s.rows_sum, M(kMaxSettlementMinorUnits));
  EXPECT_EQ(s.rejected_rows, 3U);
  ASSERT_EQ(s.rejects.size(), 3U);
  EXPECT_EQ(s.rejects[0].line, 4U);
  EXPECT_EQ(s.rejects[0].column, 15);
  EXPECT_THAT(s.rejects[0].reason,
              AllOf(HasSubstr("amount -0.10"), HasSubstr("beyond 10000000000000000.00 GBP")));
  EXPECT_EQ(s.status, SettlementStatus::kHeld);
  std::vector<std::string> codes;
  for (const Hold& hold : s.holds) codes.push_back(hold.code);
  EXPECT_THAT(codes, ElementsAre("inconsistent", "rejected_rows"));
  for (const Journal& journal : s.journals) EXPECT_TRUE(Sum(journal).IsZero());
  std::ostringstream out;
  EXPECT_NO_THROW(WriteJson(all, out));
  EXPECT_NO_THROW(WriteHledger(all, out));
  EXPECT_NO_THROW(WriteCsv(all, out, CsvDialect::kQuickBooks));
  EXPECT_NO_THROW(WriteAudit(all, out));
}

// The bound leaves room for every sum the journals need: a total-amount and rows at the bound,
// with opposite signs, still give a difference line and writers that do not overflow.
TEST(JournalBuilderTest, SumsAtTheBoundFitEveryWriter) {
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("28", D(2024, 10, 25), D(2024, 11, 8), D(2024, 11, 10),
                               -kMaxSettlementMinorUnits));
  feeder.Add(Principal(kMaxSettlementMinorUnits / 2, D(2024, 10, 30)));
  feeder.Add(Principal(kMaxSettlementMinorUnits / 2, D(2024, 11, 2)));
  std::vector<SettlementJournals> all;
  ASSERT_NO_THROW(all = builder.Finish());
  const SettlementJournals& s = all.at(0);
  EXPECT_EQ(s.rejected_rows, 0U);
  EXPECT_EQ(s.status, SettlementStatus::kHeld);  // inconsistent by 2 * 10^18
  for (const Journal& journal : s.journals) EXPECT_TRUE(Sum(journal).IsZero());
  std::ostringstream out;
  EXPECT_NO_THROW(WriteJson(all, out));
  EXPECT_NO_THROW(WriteHledger(all, out));
  EXPECT_NO_THROW(WriteCsv(all, out));
}

TEST(JournalBuilderTest, LineKindNames) {
  EXPECT_EQ(LineKindName(LineKind::kPosting), "posting");
  EXPECT_EQ(LineKindName(LineKind::kSuspense), "suspense");
  EXPECT_EQ(LineKindName(LineKind::kClearing), "clearing");
  EXPECT_EQ(LineKindName(LineKind::kRollover), "rollover");
}

}  // namespace
}  // namespace fbaflow::settlement
