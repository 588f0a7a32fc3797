// SettlementReader on bad input: files that are not settlement reports (a Status naming the
// source, line and column) and bad rows (Rejects, while the rows after them still arrive).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/settlement/reader.h"
#include "core/settlement/reader_fixtures.h"
#include "core/settlement/recording_sink.h"
#include "core/text/charset.h"

namespace fbaflow::settlement {
namespace {

using ::testing::AllOf;
using testing::CaLegacyRow;
using testing::CaLegacySummary;
using testing::Cells;
using testing::FileBuilder;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::UkRow;
using testing::UkSummary;

ReaderOptions Named(std::string name) {
  ReaderOptions o;
  o.source_name = std::move(name);
  return o;
}

std::string GoodFile() {
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("43.99")).Row(UkRow("39.99")).Row(UkRow("4.00", "ItemPrice", "Tax"));
  return f.Text();
}

TEST(SettlementReaderInput, EmptyInputIsNotAReport) {
  ReadResult r = ReadAll("", Named("empty.txt"));
  EXPECT_EQ(r.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status.Message(), "empty.txt:1: empty input: not a settlement report");
}

TEST(SettlementReaderInput, AnOrdersReportIsNotASettlementReport) {
  const std::string orders =
      "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\n"
      "204-0894124-9818718\t\t2024-11-15T10:00:37+00:00\t2024-11-16T10:00:37+00:00\tShipped\n";
  ReadResult r = ReadAll(orders, Named("orders.txt"));
  EXPECT_EQ(r.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(
      r.status.Message(),
      AllOf(
          StartsWith("orders.txt:1: not a settlement report: header has no 'settlement-id', "),
          HasSubstr("'amount-type'"), HasSubstr("'posted-date' or 'posted-date-time' columns"),
          HasSubstr("its header begins 'amazon-order-id', 'merchant-order-id', 'purchase-date'")));
  EXPECT_TRUE(r.sink.summaries.empty());
}

TEST(SettlementReaderInput, AMissingColumnIsNamed) {
  auto columns = testing::V2Columns();
  columns.erase(columns.begin() + 12);  // amount-type
  FileBuilder f(columns);
  ReadResult r = ReadAll(f.Text(), Named("s.txt"));
  EXPECT_EQ(r.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status.Message(),
            "s.txt:1: not a settlement report: header has no 'amount-type' column");

  auto no_dates = testing::V2Columns();
  no_dates.erase(no_dates.begin() + 16, no_dates.begin() + 18);
  ReadResult d = ReadAll(FileBuilder(no_dates).Text(), Named("s.txt"));
  EXPECT_EQ(
      d.status.Message(),
      "s.txt:1: not a settlement report: header has no 'posted-date' or 'posted-date-time' column");
}

TEST(SettlementReaderInput, DuplicateAndCommaSeparatedHeaders) {
  auto columns = testing::V2Columns();
  columns.push_back("amount");
  ReadResult r = ReadAll(FileBuilder(columns).Text(), Named("s.txt"));
  EXPECT_EQ(r.status.Message(), "s.txt:1: header has 'amount' twice (columns 15 and 25)");

  ReadResult csv =
      ReadAll("settlement-id,settlement-start-date,total-amount\n1,2,3\n", Named("s.csv"));
  EXPECT_EQ(csv.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(csv.status.Message(), AllOf(StartsWith("s.csv:1: "), HasSubstr("comma-separated")));
}

TEST(SettlementReaderInput, CrOnlyLineEndsAreNamed) {
  FileBuilder f(testing::V2Columns(), "\r");
  f.Row(UkSummary("1.00")).Row(UkRow("1.00"));
  ReadResult r = ReadAll(f.Text(), Named("mac.txt"));
  EXPECT_EQ(r.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status.Message(), AllOf(StartsWith("mac.txt:1: "), HasSubstr("CR alone")));
}

TEST(SettlementReaderInput, BinaryDataIsDataLoss) {
  std::string garbage;
  for (int i = 0; i < 3000; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) % 256));
  ReadResult r = ReadAll(garbage, Named("blob.bin"));
  EXPECT_EQ(r.status.Code(), StatusCode::kDataLoss);
  EXPECT_THAT(r.status.Message(), AllOf(StartsWith("blob.bin:1: "), HasSubstr("binary")));

  std::string controls = "settlement-id\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\tx\n";
  ReadResult c = ReadAll(controls, Named("c.bin"));
  EXPECT_EQ(c.status.Code(), StatusCode::kDataLoss);
  EXPECT_THAT(c.status.Message(),
              AllOf(StartsWith("c.bin:1: 12 of "), HasSubstr("control characters")));

  ReadResult gz = ReadAll(std::string("\x1F\x8B\x08\x00\x00\x00\x00\x00", 8), Named("s.gz"));
  EXPECT_EQ(gz.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(gz.status.Message(), AllOf(StartsWith("s.gz:1: "), HasSubstr("gzip-compressed")));

  ReadResult utf16 = ReadAll(std::string("\xFF\xFEs\0e\0t\0", 8), Named("s16.txt"));
  EXPECT_THAT(utf16.status.Message(), HasSubstr("UTF-16"));

  ReadResult xml = ReadAll("<?xml version=\"1.0\"?>\n<AmazonEnvelope>\n", Named("s.xml"));
  EXPECT_THAT(xml.status.Message(), AllOf(StartsWith("s.xml:1: "), HasSubstr("XML")));
}

TEST(SettlementReaderInput, ANulByteInARowIsDataLossNamingLineAndColumn) {
  std::string text = GoodFile();
  const std::size_t third = text.find('\n', text.find('\n', text.find('\n') + 1) + 1) + 1;
  text.insert(third + 12, std::string(1, '\0'));  // inside line 4's second field
  ReadResult r = ReadAll(text, Named("s.txt"));
  EXPECT_EQ(r.status.Code(), StatusCode::kDataLoss);
  EXPECT_THAT(r.status.Message(), StartsWith("s.txt:4: column 2: NUL byte"));
  EXPECT_EQ(r.sink.entries.size(), 1u);  // the rows before it were read
}

TEST(SettlementReaderInput, HeaderOnlyAndDetailBeforeSummary) {
  ReadResult header_only = ReadAll(FileBuilder(testing::V2Columns()).Text(), Named("h.txt"));
  EXPECT_EQ(header_only.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(
      header_only.status.Message(),
      "h.txt:2: not a settlement report: the file ends after the header, with no summary row");

  FileBuilder f(testing::V2Columns());
  f.Row(UkRow("1.00")).Row(UkSummary("1.00"));
  ReadResult r = ReadAll(f.Text(), Named("d.txt"));
  EXPECT_EQ(r.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status.Message(),
              StartsWith("d.txt:2: no summary row: the first row after the header is a "
                         "detail row (transaction-type 'Order')"));
  EXPECT_TRUE(r.sink.entries.empty());

  ReadResult blank = ReadAll("\nsettlement-id\n", Named("b.txt"));
  EXPECT_THAT(blank.status.Message(),
              StartsWith("b.txt:1: not a settlement report: line 1 is empty"));
}

TEST(SettlementReaderInput, TruncatedInputIsDataLoss) {
  const std::string text = GoodFile();
  // Cut inside the last row: no final newline and too few fields.
  const std::string cut = text.substr(0, text.size() - 40);
  ReadResult r = ReadAll(cut, Named("cut.txt"));
  EXPECT_EQ(r.status.Code(), StatusCode::kDataLoss);
  EXPECT_THAT(r.status.Message(), StartsWith("cut.txt:4: truncated at line 4: the last line has "));
  EXPECT_THAT(r.status.Message(), HasSubstr("of 24 fields and no line end"));
  EXPECT_EQ(r.sink.entries.size(), 1u);

  // Cut in the summary row.
  ReadResult s = ReadAll(text.substr(0, text.find('\n') + 30), Named("cut.txt"));
  EXPECT_EQ(s.status.Code(), StatusCode::kDataLoss);
  EXPECT_THAT(s.status.Message(), StartsWith("cut.txt:2: truncated at line 2"));

  // Cut right after a line end: a complete file with fewer rows, which the totals will catch.
  ReadResult whole_lines = ReadAll(text.substr(0, text.rfind('\n', text.size() - 2) + 1));
  EXPECT_TRUE(whole_lines.status.Ok()) << whole_lines.status.ToString();
}

struct SummaryCase {
  std::string column;
  std::string value;
  std::string message;
};

TEST(SettlementReaderInput, AnInvalidSummaryIsFatalAndNamesTheField) {
  const std::vector<SummaryCase> cases = {
      {"settlement-id", "", "column 1 'settlement-id': the settlement id is empty"},
      {"settlement-id", "23395A",
       "column 1 'settlement-id': settlement id '23395A' is not a number"},
      {"settlement-start-date", "31.02.2024 08:59:45 UTC",
       "column 2 'settlement-start-date': '31.02.2024 08:59:45 UTC' is not a date: day 31 does not "
       "exist "
       "in February 2024"},
      {"settlement-end-date", "29.11.2024 25:00:00 UTC",
       "column 3 'settlement-end-date': '29.11.2024 25:00:00 UTC' is not a date: hour 25 is out of "
       "range"},
      {"settlement-end-date", "01.11.2024 08:59:44 UTC",
       "column 3 'settlement-end-date': the settlement ends (2024-11-01T08:59:44Z) before it "
       "starts "
       "(2024-11-15T08:59:45Z)"},
      {"deposit-date", "", "column 4 'deposit-date': the date is empty"},
      {"currency", "ZZZ", "column 6 'currency': unknown currency code 'ZZZ'"},
      {"currency", "", "column 6 'currency': the currency is empty"},
      {"total-amount", "12,3,4", "column 5 'total-amount': amount '12,3,4' is not a number: "},
      {"total-amount", "1.234", "column 5 'total-amount': amount '1.234' is ambiguous"},
      {"total-amount", "1.999", "column 5 'total-amount': amount '1.999' is ambiguous"},
      {"total-amount", "10.0001", "column 5 'total-amount': amount '10.0001' does not fit GBP"},
      {"total-amount", "10000000000000000.01",
       "column 5 'total-amount': total amount '10000000000000000.01' is beyond what fbaflow can "
       "total (10000000000000000.00 GBP)"},
      {"total-amount", "-10000000000000000.01",
       "column 5 'total-amount': total amount '-10000000000000000.01' is beyond"},
  };
  for (const SummaryCase& c : cases) {
    Cells summary = UkSummary("10.00");
    summary[c.column] = c.value;
    FileBuilder f(testing::V2Columns());
    f.Row(summary).Row(UkRow("10.00"));
    ReadResult r = ReadAll(f.Text(), Named("s.txt"));
    EXPECT_EQ(r.status.Code(), StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(r.status.Message(), StartsWith("s.txt:2: invalid summary row: " + c.message));
    EXPECT_TRUE(r.sink.summaries.empty());
    EXPECT_TRUE(r.sink.entries.empty());
  }
}

TEST(SettlementReaderInput, ALaterInvalidSummaryIsFatalToo) {
  FileBuilder f(testing::V2Columns());
  Cells second = UkSummary("5.00", "222");
  second["currency"] = "GPB";
  f.Row(UkSummary("1.00", "111")).Row(UkRow("1.00", "ItemPrice", "Principal", "111")).Row(second);
  ReadResult r = ReadAll(f.Text(), Named("s.txt"));
  EXPECT_EQ(r.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status.Message(), StartsWith("s.txt:4: invalid summary row: column 6 'currency'"));
  EXPECT_EQ(r.sink.entries.size(), 1u);

  FileBuilder twice(testing::V2Columns());
  twice.Row(UkSummary("1.00", "111"))
      .Row(UkRow("1.00", "ItemPrice", "Principal", "111"))
      .Row(UkSummary("1.00", "111"));
  ReadResult t = ReadAll(twice.Text(), Named("s.txt"));
  EXPECT_THAT(t.status.Message(),
              StartsWith("s.txt:4: invalid summary row: column 1 'settlement-id': "
                         "settlement 111 appears twice"));
}

// Two reports joined into one file: the second one's header line is a header, not a bad row.
TEST(SettlementReaderInput, ARepeatedHeaderLineIsAHeaderNotARejectedRow) {
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("1.00", "111")).Row(UkRow("1.00", "ItemPrice", "Principal", "111"));
  const std::string header = f.Text().substr(0, f.Text().find('\n'));
  f.Line(header).Row(UkSummary("2.00", "222")).Row(UkRow("2.00", "ItemPrice", "Principal", "222"));
  f.Line("\xEF\xBB\xBF" + header);  // with a byte-order mark, as a joined file may have
  f.Row(UkSummary("3.00", "333")).Row(UkRow("3.00", "ItemPrice", "Principal", "333"));
  ReadResult r = ReadAll(f.Text(), Named("joined.txt"));
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_TRUE(r.sink.rejects.empty()) << r.sink.rejects[0].reason;
  ASSERT_EQ(r.sink.summaries.size(), 3u);
  EXPECT_EQ(r.sink.summaries[1].line, 5u);
  ASSERT_EQ(r.sink.entries.size(), 3u);
  EXPECT_EQ(r.sink.entries[2].line, 9u);
}

// A posted date far outside the settlement's period (a typing error, a corrupt date) is a reject
// naming the column; a date within the tolerance is read.
TEST(SettlementReaderRejects, APostedDateOutsideThePeriodIsRejected) {
  // The period is 15.11.2024 to 29.11.2024.
  auto row = [](const std::string& date) {
    Cells cells = UkRow("1.00");
    cells["posted-date"] = date;
    cells["posted-date-time"] = date + " 10:00:37 UTC";
    return cells;
  };
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("4.00"))
      .Row(row("15.11.2099"))
      .Row(row("15.10.2024"))   // 31 days before the start: within the tolerance
      .Row(row("14.10.2024"))   // 32 days before
      .Row(row("30.12.2024"))   // 31 days after the end
      .Row(row("31.12.2024"));  // 32 days after
  ReadResult r = ReadAll(f.Text(), Named("s.txt"));
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.rejects.size(), 3u);
  EXPECT_EQ(r.sink.rejects[0].line, 3u);
  EXPECT_EQ(r.sink.rejects[0].column, 17);
  EXPECT_EQ(r.sink.rejects[0].column_name, "posted-date");
  EXPECT_THAT(r.sink.rejects[0].raw, HasSubstr("15.11.2099"));
  EXPECT_EQ(r.sink.rejects[0].reason,
            "posted date '15.11.2099' is outside the settlement period 2024-11-15 to 2024-11-29 "
            "by more than 31 days");
  EXPECT_EQ(r.sink.rejects[1].line, 5u);
  EXPECT_EQ(r.sink.rejects[2].line, 7u);
  EXPECT_EQ(r.sink.entries.size(), 2u);

  // Legacy rows too.
  FileBuilder legacy(testing::LegacyColumns());
  Cells far = CaLegacyRow("Order", {{"price-type", "Principal"}, {"price-amount", "1.00"}});
  far["posted-date"] = "2099-09-13T06:20:55+00:00";
  legacy.Row(CaLegacySummary("1.00")).Row(far);
  ReadResult l = ReadAll(legacy.Text(), Named("l.txt"));
  ASSERT_TRUE(l.status.Ok()) << l.status.ToString();
  ASSERT_EQ(l.sink.rejects.size(), 1u);
  EXPECT_EQ(l.sink.rejects[0].column_name, "posted-date");
}

// An entry carries its row and the name of its amount column, for a reject made after reading.
TEST(SettlementReaderRejects, EntriesCarryTheirRowAndAmountColumnName) {
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("1.00")).Row(UkRow("1.00"));
  ReadResult r = ReadAll(f.Text(), Named("s.txt"));
  ASSERT_EQ(r.sink.entries.size(), 1u);
  EXPECT_EQ(r.sink.entries[0].column_name, "amount");
  EXPECT_THAT(r.sink.entries[0].row, AllOf(StartsWith("23395380562\t"), HasSubstr("TM-ATRNS-LL")));

  FileBuilder legacy(testing::LegacyColumns());
  legacy.Row(CaLegacySummary("1.00"))
      .Row(CaLegacyRow("Order", {{"price-type", "Principal"}, {"price-amount", "1.00"}}));
  ReadResult l = ReadAll(legacy.Text(), Named("l.txt"));
  ASSERT_EQ(l.sink.entries.size(), 1u);
  EXPECT_EQ(l.sink.entries[0].column_name, "price-amount");
}

TEST(SettlementReaderRejects, BadRowsAreRejectedAndLaterRowsStillArrive) {
  FileBuilder f(testing::V2Columns());
  Cells other_id = UkRow("1.00");
  other_id["settlement-id"] = "999";
  Cells no_type = UkRow("1.00");
  no_type["transaction-type"] = "";
  Cells bad_amount = UkRow("12,3,4");
  Cells empty_amount = UkRow("");
  Cells bad_date = UkRow("1.00");
  bad_date["posted-date"] = "31.02.2024";
  Cells no_date = UkRow("1.00");
  no_date["posted-date"] = "";
  no_date["posted-date-time"] = "";
  Cells words = UkRow("ten");
  f.Row(UkSummary("3.00"))
      .Row(UkRow("1.00"))                     // 3 ok
      .Line("23395380562\tshort\trow")        // 4 too few fields
      .Row(other_id)                          // 5
      .Row(no_type)                           // 6
      .Row(UkRow("1.00"))                     // 7 ok
      .Row(bad_amount)                        // 8
      .Row(empty_amount)                      // 9
      .Row(bad_date)                          // 10
      .Row(no_date)                           // 11
      .Row(words)                             // 12
      .Line(std::string(24, '\t') + "extra")  // 13 too many fields
      .Row(UkRow("1.00"));                    // 14 ok
  ReadResult r = ReadAll(f.Text(), Named("s.txt"));
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.entries.size(), 3u);
  EXPECT_EQ(r.sink.entries[0].line, 3u);
  EXPECT_EQ(r.sink.entries[1].line, 7u);
  EXPECT_EQ(r.sink.entries[2].line, 14u);

  struct Expected {
    uint64_t line;
    int column;
    std::string name;
    std::string reason;
  };
  const std::vector<Expected> expected = {
      {4, 0, "", "the row has 3 fields but the header has 24"},
      {5, 1, "settlement-id", "settlement-id '999' does not match the summary's '23395380562'"},
      {6, 7, "transaction-type", "the transaction-type is empty"},
      {8, 15, "amount", "amount '12,3,4' is not a number: "},
      {9, 15, "amount", "the amount is empty"},
      {10, 17, "posted-date",
       "posted date '31.02.2024' is not a date: day 31 does not exist in February 2024"},
      {11, 17, "posted-date", "the posted date is empty"},
      {12, 15, "amount", "amount 'ten' is not a number: unexpected character 't' in amount"},
      {13, 0, "", "the row has 25 fields but the header has 24"},
  };
  ASSERT_EQ(r.sink.rejects.size(), expected.size());
  const std::vector<std::string> lines = [&] {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < f.Text().size()) {
      const std::size_t nl = f.Text().find('\n', at);
      out.push_back(f.Text().substr(at, nl - at));
      at = nl + 1;
    }
    return out;
  }();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Reject& j = r.sink.rejects[i];
    EXPECT_EQ(j.line, expected[i].line) << i;
    EXPECT_EQ(j.column, expected[i].column) << i;
    EXPECT_EQ(j.column_name, expected[i].name) << i;
    EXPECT_THAT(j.reason, StartsWith(expected[i].reason)) << i;
    EXPECT_EQ(j.raw, lines[j.line - 1]) << i;
  }
}

TEST(SettlementReaderRejects, RawIsCutAt4KiBOnACharacterBoundary) {
  Cells big = UkRow("1,2,3");
  big["sku"] = "MARK";
  FileBuilder probe(testing::V2Columns());
  probe.Row(big);
  const std::string& probe_text = probe.Text();
  const std::size_t row_offset = probe_text.find("MARK") - (probe_text.find('\n') + 1);
  // An é whose two bytes sit at offsets 4095 and 4096 of the row: the cut must not split it.
  big["sku"] = std::string(4095 - row_offset, 'x') + "\xC3\xA9" + std::string(3000, 'y');
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("1.00")).Row(big);
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok());
  ASSERT_EQ(r.sink.rejects.size(), 1u);
  const std::string& raw = r.sink.rejects[0].raw;
  EXPECT_EQ(raw.size(), 4095u);
  EXPECT_TRUE(IsValidUtf8(raw));
  const std::size_t row_start = f.Text().find('\n', f.Text().find('\n') + 1) + 1;
  EXPECT_EQ(raw, f.Text().substr(row_start, raw.size()));
}

TEST(SettlementReaderRejects, ALineLongerThanOneMebibyteIsRejectedInBoundedMemory) {
  FileBuilder f(testing::V2Columns());
  f.Row(UkSummary("2.00")).Row(UkRow("1.00"));
  std::string text = f.Text() + "23395380562\t" + std::string(3u << 20, 'z') + "\n";
  FileBuilder after(testing::V2Columns());
  after.Row(UkRow("1.00"));
  text += after.Text().substr(after.Text().find('\n') + 1);
  for (std::size_t chunk : {std::size_t{0}, std::size_t{65536}, std::size_t{1000003}}) {
    ReadResult r = ReadAll(text, {}, chunk);
    ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
    ASSERT_EQ(r.sink.rejects.size(), 1u) << chunk;
    EXPECT_EQ(r.sink.rejects[0].line, 4u);
    EXPECT_EQ(r.sink.rejects[0].column, 0);
    EXPECT_THAT(r.sink.rejects[0].reason, HasSubstr("longer than 1 MiB"));
    EXPECT_EQ(r.sink.rejects[0].raw.size(), 4096u);
    ASSERT_EQ(r.sink.entries.size(), 2u);
    EXPECT_EQ(r.sink.entries[1].line, 5u);
    EXPECT_EQ(r.info.lines, 5u);
  }
  ReadResult header = ReadAll(std::string(2u << 20, 'h'), Named("h.txt"));
  EXPECT_EQ(header.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(header.status.Message(),
              StartsWith("h.txt:1: not a settlement report: header line is longer than 1 MiB"));
}

TEST(SettlementReaderInput, ASpentReaderKeepsItsError) {
  RecordingSink sink;
  ReaderOptions o = Named("x.txt");
  SettlementReader reader(o, sink);
  const Status first = reader.Feed("amazon-order-id\tsku\n");
  EXPECT_EQ(first.Code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(reader.Feed(GoodFile()), first);
  EXPECT_EQ(reader.Finish(), first);

  RecordingSink sink2;
  SettlementReader done(ReaderOptions{}, sink2);
  ASSERT_TRUE(done.Feed(GoodFile()).Ok());
  ASSERT_TRUE(done.Finish().Ok());
  EXPECT_TRUE(done.Finish().Ok());
  EXPECT_EQ(done.Feed("more").Code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace fbaflow::settlement
