// SettlementReader: the V2 format in its variants (columns, line ends, BOM, charsets, decimal
// styles, several settlements). Errors and rejects: reader_errors_test.cc; legacy files:
// reader_legacy_test.cc; chunking: reader_chunking_test.cc; real files: reader_samples_test.cc.
#include "core/settlement/reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "core/settlement/reader_fixtures.h"
#include "core/settlement/recording_sink.h"

namespace fbaflow::settlement {
namespace {

using testing::Cells;
using testing::FileBuilder;
using ::testing::HasSubstr;
using testing::UkRow;
using testing::UkSummary;

std::vector<std::string> Without(std::vector<std::string> columns, const std::string& name) {
  columns.erase(std::find(columns.begin(), columns.end(), name));
  return columns;
}

TEST(SettlementReader, ReadsAV2FileWithSummaryAndEntries) {
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("35.03"))
      .Row(UkRow("39.99"))
      .Row(UkRow("-3.96", "ItemFees", "FBAPerUnitFulfillmentFee"))
      .Row(UkRow("-1,000.00", "ItemFees", "Commission"))
      .Row(UkRow("999.00", "other-transaction", "Previous Reserve Amount Balance"));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.summaries.size(), 1u);
  const Summary& s = r.sink.summaries[0];
  EXPECT_EQ(s.line, 2u);
  EXPECT_EQ(s.settlement_id, "23395380562");
  EXPECT_EQ(s.start.ToIso8601(), "2024-11-15T08:59:45Z");
  EXPECT_EQ(s.end.ToIso8601(), "2024-11-29T08:59:44Z");
  EXPECT_EQ(s.deposit.ToIso8601(), "2024-12-01T08:59:44Z");
  EXPECT_EQ(s.currency.Code(), "GBP");
  EXPECT_EQ(s.total.ToString(), "35.03");

  ASSERT_EQ(r.sink.entries.size(), 4u);
  const OwnedEntry& e = r.sink.entries[0];
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.column, 15);
  EXPECT_EQ(e.transaction_type, "Order");
  EXPECT_EQ(e.amount_type, "ItemPrice");
  EXPECT_EQ(e.amount_description, "Principal");
  EXPECT_EQ(e.marketplace, "Amazon.co.uk");
  EXPECT_EQ(e.order_id, "204-0894124-9818718");
  EXPECT_EQ(e.merchant_order_id, "204-0894124-9818718");
  EXPECT_EQ(e.shipment_id, "QffcYy4Hy");
  EXPECT_EQ(e.fulfillment_id, "AFN");
  EXPECT_EQ(e.sku, "TM-ATRNS-LL");
  EXPECT_EQ(e.quantity, "1");
  EXPECT_EQ(e.posted_text, "15.11.2024");
  EXPECT_EQ(e.posted_date, (CivilDate{2024, 11, 15}));
  EXPECT_EQ(e.amount, Money::FromMinor(3999, s.currency));
  EXPECT_EQ(r.sink.entries[1].amount.MinorUnits(), -396);
  EXPECT_EQ(r.sink.entries[2].amount.MinorUnits(), -100000);
  EXPECT_EQ(r.sink.entries[3].amount.MinorUnits(), 99900);
  EXPECT_TRUE(r.sink.rejects.empty());
  EXPECT_TRUE(r.sink.non_monetary.empty());

  EXPECT_EQ(r.info.format, Format::kV2);
  EXPECT_EQ(FormatName(r.info.format), "v2");
  EXPECT_EQ(r.info.columns, 24);
  EXPECT_FALSE(r.info.bom);
  EXPECT_FALSE(r.info.crlf);
  EXPECT_EQ(r.info.lines, 6u);
  EXPECT_EQ(r.info.windows1252_lines, 0u);
  EXPECT_EQ(r.info.decimal_style, DecimalStyle::kDotDecimal);
  EXPECT_EQ(r.info.date_style, "DD.MM.YYYY HH:MM:SS UTC");
}

TEST(SettlementReader, Reads23ColumnFilesWithoutPromotionId) {
  const auto columns = Without(testing::V2Columns(), "promotion-id");
  ASSERT_EQ(columns.size(), 23u);
  FileBuilder f(columns);
  f.Row(UkSummary("39.99")).Row(UkRow("39.99"));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.info.columns, 23);
  ASSERT_EQ(r.sink.entries.size(), 1u);
  EXPECT_EQ(r.sink.entries[0].amount.MinorUnits(), 3999);
  EXPECT_EQ(r.sink.entries[0].sku, "TM-ATRNS-LL");
}

TEST(SettlementReader, MapsReorderedAndExtraColumnsByName) {
  auto columns = testing::V2Columns();
  std::reverse(columns.begin(), columns.end());
  columns.insert(columns.begin() + 3, "some-new-column");
  FileBuilder f(columns);
  Cells row = UkRow("12.50", "ItemFees", "Commission");
  row["some-new-column"] = "ignored";
  f.Row(UkSummary("12.50")).Row(row);
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.info.columns, 25);
  ASSERT_EQ(r.sink.entries.size(), 1u);
  const OwnedEntry& e = r.sink.entries[0];
  EXPECT_EQ(e.amount_type, "ItemFees");
  EXPECT_EQ(e.amount_description, "Commission");
  EXPECT_EQ(e.amount.MinorUnits(), 1250);
  EXPECT_EQ(e.sku, "TM-ATRNS-LL");
  EXPECT_EQ(e.column, 11);  // "amount" is the 10th of the reversed 24, after the inserted column
  EXPECT_EQ(r.sink.summaries[0].settlement_id, "23395380562");
}

TEST(SettlementReader, HeaderNamesMatchIgnoringCaseSpacesAndUnderscores) {
  auto columns = testing::V2Columns();
  std::string text;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    std::string name = columns[i];
    if (i % 2 == 0) {
      for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(c));
    }
    text += (i ? "\t" : "") + std::string(" ") + name + " ";
  }
  FileBuilder rows(columns);
  rows.Row(UkSummary("1.00")).Row(UkRow("1.00"));
  const std::string body = rows.Text().substr(rows.Text().find('\n'));
  ReadResult r = ReadAll(text + body);
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.sink.entries.size(), 1u);
}

TEST(SettlementReader, HandlesCrlfAndABom) {
  FileBuilder f(testing::V2Columns(), "\r\n");
  f.Row(UkSummary("39.99")).Row(UkRow("39.99"));
  ReadResult r = ReadAll("\xEF\xBB\xBF" + f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_TRUE(r.info.bom);
  EXPECT_TRUE(r.info.crlf);
  ASSERT_EQ(r.sink.entries.size(), 1u);
  EXPECT_EQ(r.sink.entries[0].quantity, "1");
  EXPECT_EQ(r.sink.summaries[0].settlement_id, "23395380562");  // the BOM is not in the first name

  // The last field of a CRLF row is clean too.
  auto columns = testing::V2Columns();
  std::rotate(columns.begin(), columns.begin() + 1, columns.end());  // settlement-id last
  FileBuilder g(columns, "\r\n");
  g.Row(UkSummary("1.00")).Row(UkRow("1.00"));
  ReadResult s = ReadAll(g.Text());
  ASSERT_TRUE(s.status.Ok()) << s.status.ToString();
  EXPECT_EQ(s.sink.summaries[0].settlement_id, "23395380562");
  EXPECT_EQ(s.sink.entries.size(), 1u);
}

TEST(SettlementReader, ConvertsWindows1252LinesAndKeepsUtf8) {
  FileBuilder f(testing::V2Columns());
  Cells cafe = UkRow("1.00");
  cafe["sku"] = "Caf\xE9-Cr\xE8me";  // windows-1252
  Cells utf8 = UkRow("2.00");
  utf8["sku"] = "Caf\xC3\xA9-\xE2\x82\xAC";  // already UTF-8
  f.Row(UkSummary("3.00")).Row(cafe).Row(utf8);
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.entries.size(), 2u);
  EXPECT_EQ(r.sink.entries[0].sku, "Caf\xC3\xA9-Cr\xC3\xA8me");
  EXPECT_EQ(r.sink.entries[0].amount.MinorUnits(), 100);
  EXPECT_EQ(r.sink.entries[1].sku, "Caf\xC3\xA9-\xE2\x82\xAC");
  EXPECT_EQ(r.info.windows1252_lines, 1u);

  // Declared windows-1252: every line is converted, even one that happens to be valid UTF-8.
  ReaderOptions w;
  w.charset = Charset::kWindows1252;
  ReadResult c = ReadAll(f.Text(), w);
  ASSERT_TRUE(c.status.Ok()) << c.status.ToString();
  EXPECT_EQ(c.sink.entries[0].sku, "Caf\xC3\xA9-Cr\xC3\xA8me");
  EXPECT_EQ(c.sink.entries[1].sku, "Caf\xC3\x83\xC2\xA9-\xC3\xA2\xE2\x80\x9A\xC2\xAC");
  EXPECT_EQ(c.info.windows1252_lines, 2u);
}

TEST(SettlementReader, DeclaredUtf8RejectsInvalidLines) {
  FileBuilder f(testing::V2Columns());
  Cells cafe = UkRow("1.00");
  cafe["sku"] = "Caf\xE9";
  f.Row(UkSummary("2.00")).Row(cafe).Row(UkRow("2.00"));
  ReaderOptions o;
  o.charset = Charset::kUtf8;
  ReadResult r = ReadAll(f.Text(), o);
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.rejects.size(), 1u);
  const Reject& j = r.sink.rejects[0];
  EXPECT_EQ(j.line, 3u);
  EXPECT_EQ(j.column, 22);
  EXPECT_EQ(j.column_name, "sku");
  EXPECT_THAT(j.reason, HasSubstr("byte 0xE9"));
  EXPECT_THAT(j.reason, HasSubstr("not UTF-8"));
  EXPECT_THAT(j.raw, HasSubstr("Caf\xC3\xA9"));  // shown as text, converted
  ASSERT_EQ(r.sink.entries.size(), 1u);
  EXPECT_EQ(r.sink.entries[0].line, 4u);
  EXPECT_EQ(r.info.windows1252_lines, 0u);
}

TEST(SettlementReader, CommaDecimalFilesAreLearnedFromTheTotal) {
  FileBuilder f(testing::V2Columns());
  f.Row(testing::FrSummary("1.234,56"))
      .Row(testing::FrRow("52,44"))
      .Row(testing::FrRow("1.182,12"))
      .Row(testing::FrRow("0"))
      .Row(testing::FrRow("1.000"));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.info.decimal_style, DecimalStyle::kCommaDecimal);
  EXPECT_EQ(r.sink.summaries[0].total.MinorUnits(), 123456);
  ASSERT_EQ(r.sink.entries.size(), 4u);
  EXPECT_EQ(r.sink.entries[0].amount.MinorUnits(), 5244);
  EXPECT_EQ(r.sink.entries[1].amount.MinorUnits(), 118212);
  EXPECT_EQ(r.sink.entries[2].amount.MinorUnits(), 0);
  EXPECT_EQ(r.sink.entries[3].amount.MinorUnits(), 100000);  // "1.000" is a thousand here
}

TEST(SettlementReader, ZeroTotalWithCommaProvesTheStyle) {
  FileBuilder f(testing::V2Columns());
  f.Row(testing::FrSummary("0,00")).Row(testing::FrRow("1.234")).Row(testing::FrRow("-1.234"));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.info.decimal_style, DecimalStyle::kCommaDecimal);
  ASSERT_EQ(r.sink.entries.size(), 2u);
  EXPECT_EQ(r.sink.entries[0].amount.MinorUnits(), 123400);
}

TEST(SettlementReader, DotDecimalFilesReadThousandsSeparators) {
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("253.43")).Row(UkRow("1,234")).Row(UkRow("1,234.50"));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.info.decimal_style, DecimalStyle::kDotDecimal);
  EXPECT_EQ(r.sink.entries[0].amount.MinorUnits(), 123400);
  EXPECT_EQ(r.sink.entries[1].amount.MinorUnits(), 123450);
}

TEST(SettlementReader, AmbiguousAmountIsRejectedWhileTheStyleIsUnknown) {
  // A total that proves nothing ("12"), then "1.234" on a row whose marketplace is unknown.
  FileBuilder f(testing::V2Columns());
  Cells odd = UkRow("1.234");
  odd["marketplace-name"] = "";
  Cells later = UkRow("5");
  f.Row(UkSummary("12")).Row(odd).Row(later).Row(UkRow("7.50")).Row(UkRow("1.234"));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.rejects.size(), 2u);
  EXPECT_EQ(r.sink.rejects[0].line, 3u);
  EXPECT_EQ(r.sink.rejects[0].column, 15);
  EXPECT_EQ(r.sink.rejects[0].column_name, "amount");
  EXPECT_EQ(r.sink.rejects[0].raw.substr(0, 12), "23395380562\t");
  EXPECT_THAT(r.sink.rejects[0].reason, HasSubstr("amount '1.234' is ambiguous"));
  EXPECT_THAT(r.sink.rejects[0].reason, HasSubstr("set the decimal style"));
  // "7.50" proved dot decimals; the later "1.234" is then 1.234, which GBP cannot hold.
  EXPECT_EQ(r.sink.rejects[1].line, 6u);
  EXPECT_THAT(r.sink.rejects[1].reason, HasSubstr("amount '1.234' does not fit GBP"));
  ASSERT_EQ(r.sink.entries.size(), 2u);
  EXPECT_EQ(r.sink.entries[0].line, 4u);
  EXPECT_EQ(r.sink.entries[1].amount.MinorUnits(), 750);
  EXPECT_EQ(r.info.decimal_style, DecimalStyle::kDotDecimal);
  ReadResult again = ReadAll(f.Text());
  EXPECT_EQ(again.Dump(), r.Dump());
}

TEST(SettlementReader, MarketplaceHintsTheStyleWhenAmountsHaveNot) {
  FileBuilder f(testing::V2Columns());
  Cells de = testing::FrRow("1.234");
  de["marketplace-name"] = "Amazon.de";
  Cells next = testing::FrRow("5.00");  // contradicts the style the hint committed to
  f.Row(testing::FrSummary("12")).Row(de).Row(next);
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.entries.size(), 1u);
  EXPECT_EQ(r.sink.entries[0].amount.MinorUnits(), 123400);
  EXPECT_EQ(r.info.decimal_style, DecimalStyle::kCommaDecimal);
  ASSERT_EQ(r.sink.rejects.size(), 1u);
  EXPECT_EQ(r.sink.rejects[0].line, 4u);
  EXPECT_THAT(r.sink.rejects[0].reason, HasSubstr("amount '5.00' is not a number"));

  FileBuilder uk(testing::V2Columns());
  uk.Row(UkSummary("12")).Row(UkRow("1.234", "ItemFees", "Commission"));
  ReadResult u = ReadAll(uk.Text());
  ASSERT_TRUE(u.status.Ok());
  ASSERT_EQ(u.sink.rejects.size(), 1u);  // Amazon.co.uk says dot: 1.234 GBP has too many decimals
  EXPECT_THAT(u.sink.rejects[0].reason, HasSubstr("does not fit GBP"));
  EXPECT_EQ(u.info.decimal_style, DecimalStyle::kDotDecimal);
}

TEST(SettlementReader, ExplicitDecimalStyleWins) {
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("12")).Row(UkRow("1.234"));
  ReaderOptions o;
  o.decimal_style = DecimalStyle::kCommaDecimal;
  ReadResult r = ReadAll(f.Text(), o);
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.entries.size(), 1u);
  EXPECT_EQ(r.sink.entries[0].amount.MinorUnits(), 123400);
  EXPECT_EQ(r.info.decimal_style, DecimalStyle::kCommaDecimal);
}

TEST(SettlementReader, PostedDateTimeStandsInForAMissingPostedDate) {
  auto columns = Without(testing::V2Columns(), "posted-date");
  FileBuilder f(columns);
  Cells row = UkRow("1.00");
  row.erase("posted-date");
  row["posted-date-time"] = "2024-11-16 23:28:38 PDT";  // already the 17th in UTC
  f.Row(UkSummary("2.00")).Row(row);
  Cells empty_date = UkRow("1.00");
  empty_date.erase("posted-date");
  f.Row(empty_date);
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.entries.size(), 2u);
  EXPECT_EQ(r.sink.entries[0].posted_date, (CivilDate{2024, 11, 16}));
  EXPECT_EQ(r.sink.entries[0].posted_text, "2024-11-16 23:28:38 PDT");
  EXPECT_EQ(r.sink.entries[1].posted_date, (CivilDate{2024, 11, 15}));

  // With both columns, an empty posted-date falls back too.
  FileBuilder g(testing::V2Columns());
  Cells blank = UkRow("1.00");
  blank["posted-date"] = "";
  g.Row(UkSummary("1.00")).Row(blank);
  ReadResult s = ReadAll(g.Text());
  ASSERT_EQ(s.sink.entries.size(), 1u);
  EXPECT_EQ(s.sink.entries[0].posted_text, "15.11.2024 10:00:37 UTC");
}

TEST(SettlementReader, UsFormatsAndIsoDates) {
  FileBuilder f(testing::V2Columns());
  Cells summary = UkSummary("-12.34");
  summary["settlement-start-date"] = "2024-10-09 14:28:38 UTC";
  summary["settlement-end-date"] = "2024-10-23 14:28:38 UTC";
  summary["deposit-date"] = "2024-10-25";
  summary["currency"] = "USD";
  Cells row = UkRow("-12.34", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal");
  row["marketplace-name"] = "Amazon.com";
  row["posted-date"] = "2024-10-18";
  f.Row(summary).Row(row);
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.info.date_style, "YYYY-MM-DD HH:MM:SS UTC");
  EXPECT_EQ(r.sink.summaries[0].deposit.ToIso8601(), "2024-10-25T00:00:00Z");
  EXPECT_EQ(r.sink.summaries[0].total.ToString(), "-12.34");
  EXPECT_EQ(r.sink.entries[0].posted_date, (CivilDate{2024, 10, 18}));
}

TEST(SettlementReader, SeveralSettlementsInOneFile) {
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("10.00", "111"))
      .Row(UkRow("10.00", "ItemPrice", "Principal", "111"))
      .Row(UkSummary("-2.50", "222"))
      .Row(UkRow("-2.50", "ItemFees", "Commission", "222"))
      .Row(UkRow("1.00", "ItemPrice", "Principal", "111"));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.summaries.size(), 2u);
  EXPECT_EQ(r.sink.summaries[0].settlement_id, "111");
  EXPECT_EQ(r.sink.summaries[1].settlement_id, "222");
  EXPECT_EQ(r.sink.summaries[1].line, 4u);
  EXPECT_EQ(r.sink.summaries[1].total.MinorUnits(), -250);
  ASSERT_EQ(r.sink.entries.size(), 2u);
  EXPECT_EQ(r.sink.entries[1].line, 5u);
  // A row of the first settlement after the second began belongs to neither.
  ASSERT_EQ(r.sink.rejects.size(), 1u);
  EXPECT_EQ(r.sink.rejects[0].line, 6u);
  EXPECT_THAT(r.sink.rejects[0].reason,
              HasSubstr("settlement-id '111' does not match the summary's '222'"));
}

TEST(SettlementReader, BlankLinesAreSkippedAndAFinalLineNeedNoNewline) {
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("3.00")).Line("").Row(UkRow("1.00")).Line("");
  std::string text = f.Text();
  FileBuilder last(testing::V2Columns());
  last.Row(UkRow("2.00"));
  std::string tail = last.Text().substr(last.Text().find('\n') + 1);
  tail.pop_back();  // complete, but no newline
  ReadResult r = ReadAll(text + tail);
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.entries.size(), 2u);
  EXPECT_EQ(r.sink.entries[0].line, 4u);
  EXPECT_EQ(r.sink.entries[1].line, 6u);
  EXPECT_EQ(r.sink.entries[1].amount.MinorUnits(), 200);
  EXPECT_EQ(r.info.lines, 6u);
}

TEST(SettlementReader, JapaneseYenHasNoMinorUnits) {
  FileBuilder f(testing::V2Columns());
  Cells summary = UkSummary("1234");
  summary["settlement-start-date"] = "2024/10/01 09:00:00 JST";
  summary["settlement-end-date"] = "2024/10/15 09:00:00 JST";
  summary["deposit-date"] = "2024/10/17 09:00:00 JST";
  summary["currency"] = "JPY";
  Cells row = UkRow("1234");
  row["marketplace-name"] = "Amazon.co.jp";
  row["posted-date"] = "2024/10/02";
  f.Row(summary).Row(row).Row(UkRow("12.5"));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.info.date_style, "YYYY/MM/DD HH:MM:SS JST");
  EXPECT_EQ(r.sink.summaries[0].start.offset_minutes, 540);
  ASSERT_EQ(r.sink.entries.size(), 1u);
  EXPECT_EQ(r.sink.entries[0].amount.MinorUnits(), 1234);
  ASSERT_EQ(r.sink.rejects.size(), 1u);
  EXPECT_THAT(r.sink.rejects[0].reason, HasSubstr("does not fit JPY"));
}

}  // namespace
}  // namespace fbaflow::settlement
