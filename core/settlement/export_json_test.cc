#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/money/money.h"
#include "core/settlement/export.h"
#include "core/settlement/journal_test_support.h"

namespace fbaflow::settlement {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace ::fbaflow::settlement::testing;  // NOLINT(google-build-using-namespace)
using Json = nlohmann::json;

std::vector<SettlementJournals> TwoSettlements() {
  JournalBuilder builder(TestRules(), {});
  Feeder feeder(builder);
  // A held GBP settlement over two months: an unmapped fee, a reject and a total 0.03 off.
  feeder.Summarise(
      MakeSummary("23395380562", D(2024, 10, 25), D(2024, 11, 8), D(2024, 11, 10), 3606));
  feeder.Add(Principal(3999, D(2024, 10, 30)));
  feeder.Add(FbaFee(-396, D(2024, 11, 2)));
  feeder.Add({"Order", "NewFeeType", "BrandNewFee", "Amazon.co.uk", D(2024, 11, 3), 0});
  builder.OnReject({.line = 6,
                    .column = 15,
                    .column_name = "amount",
                    .raw = "a\tb",
                    .reason = "amount \"x\" is not a number"});
  // A ready JPY settlement.
  feeder.SkipTo(20);
  feeder.Summarise(
      MakeSummary("5001", D(2024, 11, 1), D(2024, 11, 14), D(2024, 11, 16), 2680, "JPY"));
  feeder.Add(Principal(3000, D(2024, 11, 2), "Amazon.co.jp"));
  feeder.Add(FbaFee(-320, D(2024, 11, 2), "Amazon.co.jp"));
  return builder.Finish();
}

std::vector<Json> WriteAndParse(const std::vector<SettlementJournals>& settlements,
                                const FileInfo* file = nullptr) {
  std::ostringstream out;
  WriteJson(settlements, out, file);
  const std::string text = out.str();
  EXPECT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  std::vector<Json> objects;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) objects.push_back(Json::parse(line));
  return objects;
}

Money Parse(const Json& amount, std::string_view currency) {
  EXPECT_TRUE(amount.is_string()) << amount.dump();
  auto money = ParseMoney(amount.get<std::string>(), Cur(currency), DecimalStyle::kDotDecimal);
  EXPECT_TRUE(money.Ok()) << amount.dump();
  return money.Ok() ? *money : Money::Zero(Cur(currency));
}

TEST(WriteJsonTest, OneObjectPerSettlementWithTheDocumentedFields) {
  const auto objects = WriteAndParse(TwoSettlements());
  ASSERT_EQ(objects.size(), 2U);
  const Json& s = objects[0];
  for (const char* field :
       {"settlement_id", "currency", "start", "end", "deposit_date", "total_amount", "rows",
        "rows_sum", "status", "hold_reasons", "clearing_account", "journals", "rejects"}) {
    EXPECT_TRUE(s.contains(field)) << field;
  }
  EXPECT_EQ(s["settlement_id"], "23395380562");
  EXPECT_EQ(s["currency"], "GBP");
  EXPECT_EQ(s["start"], "2024-10-25T08:59:45Z");
  EXPECT_EQ(s["end"], "2024-11-08T08:59:44Z");
  EXPECT_EQ(s["deposit_date"], "2024-11-10T08:59:44Z");
  EXPECT_EQ(s["total_amount"], "36.06");
  EXPECT_EQ(s["rows"], 4);
  EXPECT_EQ(s["entries"], 3);
  EXPECT_EQ(s["rejected_rows"], 1);
  EXPECT_EQ(s["rows_sum"], "36.03");
  EXPECT_EQ(s["difference"], "0.03");
  EXPECT_EQ(s["status"], "held");
  EXPECT_EQ(s["clearing_account"], "Amazon Clearing");
  EXPECT_EQ(s["rules"], "journal-tests");

  ASSERT_EQ(s["hold_reasons"].size(), 3U);
  EXPECT_EQ(s["hold_reasons"][0],
            "inconsistent: rows sum to 36.03 but total-amount is 36.06 (difference 0.03)");
  EXPECT_THAT(s["hold_reasons"][1].get<std::string>(), StartsWith("unmapped: "));
  EXPECT_THAT(s["hold_reasons"][2].get<std::string>(), StartsWith("rejected_rows: 1 row"));
  EXPECT_EQ(s["holds"][1]["code"], "unmapped");

  ASSERT_EQ(s["rejects"].size(), 1U);
  EXPECT_EQ(s["rejects"][0]["line"], 6);
  EXPECT_EQ(s["rejects"][0]["column"], 15);
  EXPECT_EQ(s["rejects"][0]["column_name"], "amount");
  EXPECT_EQ(s["rejects"][0]["reason"], "amount \"x\" is not a number");
  EXPECT_EQ(s["rejects"][0]["raw"], "a\tb");

  ASSERT_EQ(s["exceptions"].size(), 1U);
  EXPECT_EQ(s["exceptions"][0]["type"], "unmapped_fee_type");
  EXPECT_EQ(s["exceptions"][0]["owner"], "finance");
  EXPECT_EQ(s["exceptions"][0]["key"], "Order / NewFeeType / BrandNewFee / Amazon.co.uk");
  EXPECT_EQ(s["exceptions"][0]["amount"], "0.00");
  EXPECT_FALSE(s["families"].empty());
}

TEST(WriteJsonTest, JournalsAndLinesUseSignedDecimalStrings) {
  const auto objects = WriteAndParse(TwoSettlements());
  const Json& journals = objects.at(0)["journals"];
  ASSERT_EQ(journals.size(), 2U);
  EXPECT_EQ(journals[0]["date"], "2024-10-31");
  EXPECT_EQ(journals[0]["period"], "2024-10");
  EXPECT_THAT(journals[0]["narration"].get<std::string>(), HasSubstr("part 1 of 2"));
  EXPECT_EQ(journals[1]["date"], "2024-11-08");

  const Json& sales = journals[0]["lines"][0];
  EXPECT_EQ(sales["account"], "Amazon Sales");
  EXPECT_EQ(sales["account_code"], "4000");
  EXPECT_EQ(sales["tax_code"], "OUTPUT2");
  EXPECT_EQ(sales["description"], "Sales");
  EXPECT_EQ(sales["amount"], "-39.99") << "a credit is negative";
  EXPECT_EQ(sales["rows"], 1);
  EXPECT_EQ(sales["kind"], "posting");
  EXPECT_EQ(sales["marketplace"], "");

  const Json& fba = journals[1]["lines"][0];
  EXPECT_EQ(fba["account"], "Amazon FBA Fees");
  EXPECT_EQ(fba["amount"], "3.96") << "a debit is positive";

  for (const Json& journal : journals) {
    Money sum = M(0);
    Money debits = M(0);
    for (const Json& line : journal["lines"]) {
      const Money amount = Parse(line["amount"], "GBP");
      sum += amount;
      if (!amount.IsNegative()) debits += amount;
      EXPECT_TRUE(line["rows"].is_number_unsigned());
    }
    EXPECT_TRUE(sum.IsZero()) << journal.dump();
    EXPECT_EQ(Parse(journal["debits"], "GBP"), debits);
    EXPECT_EQ(Parse(journal["credits"], "GBP"), debits);
  }
  const Json& last_line = journals[1]["lines"].back();
  EXPECT_EQ(last_line["kind"], "clearing");
  EXPECT_EQ(last_line["amount"], "36.06");
}

TEST(WriteJsonTest, ZeroDecimalCurrencyHasNoDecimalPoint) {
  const auto objects = WriteAndParse(TwoSettlements());
  const Json& s = objects.at(1);
  EXPECT_EQ(s["currency"], "JPY");
  EXPECT_EQ(s["status"], "ready");
  EXPECT_TRUE(s["hold_reasons"].empty());
  EXPECT_TRUE(s["rejects"].empty());
  EXPECT_EQ(s["total_amount"], "2680");
  EXPECT_EQ(s["rows_sum"], "2680");
  for (const Json& line : s["journals"][0]["lines"]) {
    EXPECT_EQ(line["amount"].get<std::string>().find('.'), std::string::npos) << line.dump();
  }
  EXPECT_EQ(s["journals"][0]["lines"][0]["amount"], "-3000");
}

TEST(WriteJsonTest, FileInfoWhenGiven) {
  FileInfo file;
  file.format = Format::kV2;
  file.columns = 24;
  file.bom = true;
  file.lines = 58;
  file.decimal_style = DecimalStyle::kCommaDecimal;
  file.date_style = "DD.MM.YYYY HH:MM:SS UTC";
  const auto objects = WriteAndParse(TwoSettlements(), &file);
  EXPECT_EQ(objects.at(0)["file"]["format"], "v2");
  EXPECT_EQ(objects.at(0)["file"]["columns"], 24);
  EXPECT_EQ(objects.at(0)["file"]["bom"], true);
  EXPECT_EQ(objects.at(0)["file"]["decimal_style"], "comma");
  EXPECT_EQ(objects.at(0)["file"]["date_style"], "DD.MM.YYYY HH:MM:SS UTC");
  EXPECT_FALSE(WriteAndParse(TwoSettlements()).at(0).contains("file"));
}

TEST(WriteJsonTest, InvalidUtf8IsReplacedNotFatal) {
  auto settlements = TwoSettlements();
  settlements[0].rejects[0].raw = "bad \xff byte";
  const auto objects = WriteAndParse(settlements);
  EXPECT_THAT(objects.at(0)["rejects"][0]["raw"].get<std::string>(), HasSubstr("bad "));
}

TEST(WriteJsonTest, NoSettlementsWritesNothing) {
  std::ostringstream out;
  WriteJson({}, out);
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace fbaflow::settlement
