#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/settlement/csv_field.h"
#include "core/settlement/csv_test_support.h"
#include "core/settlement/export.h"
#include "core/settlement/journal_test_support.h"

namespace fbaflow::settlement {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;
using namespace ::fbaflow::settlement::testing;  // NOLINT(google-build-using-namespace)

std::string Field(std::string_view value) {
  std::string out;
  AppendCsvField(out, value);
  return out;
}

TEST(CsvFieldTest, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(Field("Amazon Sales"), "Amazon Sales");
  EXPECT_EQ(Field(""), "");
  EXPECT_EQ(Field("-39.99"), "-39.99");
  EXPECT_EQ(Field("Fees, FBA"), "\"Fees, FBA\"");
  EXPECT_EQ(Field("the \"big\" one"), "\"the \"\"big\"\" one\"");
  EXPECT_EQ(Field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(Field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(Field(" padded "), "\" padded \"");
}

TEST(CsvFieldTest, RecordsEndInCrLf) {
  std::string out;
  AppendCsvRecord(out, {"a", "b,c", ""});
  EXPECT_EQ(out, "a,\"b,c\",\r\n");
}

SettlementJournals Sample(int64_t total, std::string_view currency = "GBP") {
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("23395380562", D(2024, 10, 25), D(2024, 11, 8), D(2024, 11, 10),
                               total, currency));
  feeder.Add(Principal(3999, D(2024, 10, 30)));
  feeder.Add(FbaFee(-396, D(2024, 11, 2), "Non-Amazon UK"));
  feeder.Add(Principal(1000, D(2024, 11, 3)));
  feeder.Add({"Order", "ItemFees", "Commission", "Amazon.co.uk", D(2024, 11, 4), 150});
  feeder.Add({"Order", "ItemFees", "Commission", "Amazon.co.uk", D(2024, 11, 4), -150});
  auto all = builder.Finish();
  return std::move(all.at(0));
}

std::vector<std::vector<std::string>> Xero(const std::vector<SettlementJournals>& settlements) {
  std::ostringstream out;
  WriteCsv(settlements, out);
  return ParseCsv(out.str());
}

TEST(WriteCsvTest, XeroManualJournalImport) {
  const auto records = Xero({Sample(4603)});
  ASSERT_GE(records.size(), 2U);
  EXPECT_THAT(records[0], ElementsAre("*Narration", "*Date", "Description", "*AccountCode",
                                      "*TaxRate", "*Amount", "TrackingName1", "TrackingOption1",
                                      "TrackingName2", "TrackingOption2"));
  // October: sales and the rollover; November: sales, MCF fees, rollover, clearing. The seller
  // fees net to zero and are left out.
  ASSERT_EQ(records.size(), 7U);
  const std::string oct =
      "Amazon settlement 23395380562 (2024-10-25 to 2024-11-08), part 1 of 2 (October 2024)";
  EXPECT_THAT(records[1], ElementsAre(oct, "31 Oct 2024", "Sales", "4000", "20% (VAT on Income)",
                                      "-39.99", "", "", "", ""));
  EXPECT_THAT(records[2], ElementsAre(oct, "31 Oct 2024", ::testing::_, "1220", "No VAT", "39.99",
                                      "", "", "", ""));
  EXPECT_EQ(records[3][2], "Sales");
  EXPECT_EQ(records[3][5], "-10.00");
  EXPECT_THAT(records[4],
              ElementsAre(StartsWith("Amazon settlement 23395380562"), "08 Nov 2024",
                          "Multi-Channel Fulfilment (Non-Amazon UK): FBA fulfilment fees", "6010",
                          "20% (VAT on Expenses)", "3.96", "", "", "", ""))
      << "MCF lines are not tracked";
  EXPECT_EQ(records.back()[3], "1200");
  EXPECT_EQ(records.back()[5], "46.03");

  // Every journal (rows sharing narration and date) balances.
  std::map<std::string, Money> sums;
  for (std::size_t i = 1; i < records.size(); ++i) {
    ASSERT_EQ(records[i].size(), 10U);
    auto amount = ParseMoney(records[i][5], Cur("GBP"), DecimalStyle::kDotDecimal);
    ASSERT_TRUE(amount.Ok()) << records[i][5];
    EXPECT_FALSE(amount->IsZero());
    auto [it, inserted] = sums.try_emplace(records[i][0] + "|" + records[i][1], *amount);
    if (!inserted) it->second += *amount;
  }
  EXPECT_EQ(sums.size(), 2U);
  for (const auto& [journal, sum] : sums) EXPECT_TRUE(sum.IsZero()) << journal;
}

TEST(WriteCsvTest, MarketplaceSplitLinesAreTracked) {
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  feeder.Summarise(MakeSummary("9", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 3000, "EUR"));
  feeder.Add(Principal(1000, D(2024, 11, 2), "Amazon.de"));
  feeder.Add(Principal(2000, D(2024, 11, 2), "Amazon.fr"));
  const auto records = Xero(builder.Finish());
  ASSERT_EQ(records.size(), 4U);
  EXPECT_THAT(records[1],
              ElementsAre(::testing::_, "14 Nov 2024", "Sales (Amazon.de)", "4000",
                          "20% (VAT on Income)", "-10.00", "Marketplace", "Amazon.de", "", ""));
  EXPECT_EQ(records[2][7], "Amazon.fr");
  EXPECT_EQ(records[3][6], "") << "the clearing line has no marketplace";
}

TEST(WriteCsvTest, QuotesDescriptionsAndMarksHeldSettlements) {
  SettlementJournals s = Sample(4600);  // 0.03 short: held
  ASSERT_EQ(s.status, SettlementStatus::kHeld);
  s.journals[0].lines[0].description = "Sales, \"gross\"";
  s.journals[0].lines[0].account_code = "";
  std::ostringstream out;
  WriteCsv({s}, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("\"Sales, \"\"gross\"\"\""), std::string::npos) << text;
  const auto records = ParseCsv(text);
  EXPECT_EQ(
      records[1][0],
      "HELD (inconsistent) - Amazon settlement 23395380562 (2024-10-25 to 2024-11-08), part 1 "
      "of 2 (October 2024)");
  EXPECT_EQ(records[1][2], "Sales, \"gross\"");
  EXPECT_EQ(records[1][3], "Amazon Sales") << "no account code: the name, for a person to fix";
}

TEST(WriteCsvTest, EmptyTaxCodeFallsBackToTheDefault) {
  SettlementJournals s = Sample(4603);
  s.journals[0].lines[0].tax_code = "";
  const auto records = Xero({s});
  EXPECT_EQ(records.at(1)[4], "No VAT");
}

TEST(WriteCsvTest, TaxTypesBecomeXeroTaxRateNames) {
  SettlementJournals s = Sample(4603);
  s.journals[0].lines[0].tax_code = "ZERORATEDOUTPUT";
  s.journals[0].lines[1].tax_code = "My own rate (7%)";
  auto records = Xero({s});
  EXPECT_EQ(records.at(1)[4], "Zero Rated Income");
  EXPECT_EQ(records.at(2)[4], "My own rate (7%)") << "unknown codes pass through";
  EXPECT_EQ(records.at(4)[4], "20% (VAT on Expenses)");

  records = Xero({Sample(4603, "USD")});
  EXPECT_EQ(records.at(2)[4], "Tax Exempt") << "NONE in a US organisation";
  EXPECT_EQ(records.at(1)[4], "OUTPUT2") << "no UK names in a US organisation";
}

TEST(WriteCsvTest, QuickBooksJournalEntries) {
  std::ostringstream out;
  WriteCsv({Sample(4603), Sample(4603, "USD")}, out, CsvDialect::kQuickBooks);
  const auto records = ParseCsv(out.str());
  ASSERT_EQ(records.size(), 13U);
  EXPECT_THAT(records[0], ElementsAre("Journal No", "Journal Date", "Account Name", "Debits",
                                      "Credits", "Description", "Name", "Location", "Class"));
  EXPECT_THAT(records[1], ElementsAre("23395380562-1", "31/10/2024", "Amazon Sales", "", "39.99",
                                      "Sales", "", "", ""));
  EXPECT_THAT(records[2], ElementsAre("23395380562-1", "31/10/2024", "Amazon Settlement Rollover",
                                      "39.99", "", ::testing::_, "", "", ""));
  EXPECT_EQ(records[3][0], "23395380562-2");
  EXPECT_EQ(records[7][1], "10/31/2024") << "US companies read month first";
}

TEST(WriteCsvTest, HeaderOnlyWithoutSettlements) {
  std::ostringstream out;
  WriteCsv({}, out);
  EXPECT_EQ(out.str(),
            "*Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,TrackingName1,"
            "TrackingOption1,TrackingName2,TrackingOption2\r\n");
}

}  // namespace
}  // namespace fbaflow::settlement
