// Forking the reader's row parser (SettlementReader::ForkRows): a fork reads later lines exactly
// as the reader would, numbering them from its own start, and stops at another settlement.

#include "core/settlement/row_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/settlement/reader.h"
#include "core/settlement/reader_fixtures.h"
#include "core/settlement/recording_sink.h"

namespace fbaflow::settlement {
namespace {

using testing::Cells;
using testing::FileBuilder;

// The first `n` lines of `text` (with their line ends) and the rest.
std::pair<std::string, std::string> SplitAfterLines(const std::string& text, std::size_t n) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < n; ++i) at = text.find('\n', at) + 1;
  return {text.substr(0, at), text.substr(at)};
}

// What `sink` recorded from line `from` on, with every line number shifted by `shift`.
std::string Events(const RecordingSink& sink, uint64_t from, uint64_t shift) {
  ReadResult shown;
  for (const OwnedEntry& e : sink.entries) {
    if (e.line < from) continue;
    shown.sink.entries.push_back(e);
    shown.sink.entries.back().line += shift;
  }
  for (const uint64_t n : sink.non_monetary) {
    if (n >= from) shown.sink.non_monetary.push_back(n + shift);
  }
  for (const Reject& r : sink.rejects) {
    if (r.line < from) continue;
    shown.sink.rejects.push_back(r);
    shown.sink.rejects.back().line += shift;
  }
  return shown.Dump();
}

std::string Mixed(const std::string& eol) {
  FileBuilder f(testing::V2Columns(), eol);
  Cells cafe = testing::UkRow("1.00", "ItemPrice", "Tax");
  cafe["sku"] = "Caf\xE9";  // windows-1252
  Cells utf8 = testing::UkRow("2.00", "ItemFees", "Commission");
  utf8["sku"] = "Caf\xC3\xA9";
  f.Row(testing::UkSummary("100.00"))
      .Row(testing::UkRow("1.00"))
      .Row(testing::UkRow("-0.50", "ItemFees", "FBAPerUnitFulfillmentFee"))
      .Row(cafe)
      .Line("")
      .Row(testing::UkRow("1,2,3"))
      .Line("23395380562\tshort row")
      .Row(utf8)
      .Row(testing::UkRow("3.00", "ItemPrice", "Principal", "99999999999"))
      .Row(testing::UkRow("4.00"));
  return f.Text();
}

TEST(RowParserFork, ReadsLaterLinesLikeTheReaderNumberedFromItsStart) {
  for (const std::string eol : {"\n", "\r\n"}) {
    const std::string text = Mixed(eol);
    const ReadResult whole = ReadAll(text);
    ASSERT_TRUE(whole.status.Ok()) << whole.status.ToString();
    ASSERT_GE(whole.sink.rejects.size(), 3U);

    for (std::size_t head_lines = 2; head_lines <= 11; ++head_lines) {
      const auto [head, rest] = SplitAfterLines(text, head_lines);
      RecordingSink sink;
      SettlementReader reader({}, sink);
      ASSERT_TRUE(reader.Feed(head).Ok());
      ASSERT_TRUE(reader.CanForkRows()) << head_lines;

      RecordingSink forked;
      RowParser fork = reader.ForkRows(forked);
      ASSERT_TRUE(fork.ParseLines(rest).Ok());
      EXPECT_FALSE(fork.StoppedAtSummary());
      EXPECT_EQ(fork.Info().lines, whole.info.lines - head_lines);
      EXPECT_EQ(Events(forked, 0, head_lines), Events(whole.sink, head_lines + 1, 0))
          << "forked after line " << head_lines;

      // The reader, told about the fork's lines, numbers what follows after them.
      reader.AddForkedLines(fork.Info().lines, fork.Info().windows1252_lines);
      EXPECT_EQ(reader.Info().lines, whole.info.lines);
      EXPECT_EQ(reader.Info().windows1252_lines, whole.info.windows1252_lines);
      ASSERT_TRUE(reader.Feed("short\n").Ok());
      ASSERT_FALSE(sink.rejects.empty());
      EXPECT_EQ(sink.rejects.back().line, whole.info.lines + 1);
    }
  }
}

TEST(RowParserFork, RestartsItsCountsForEachRun) {
  const std::string text = Mixed("\n");
  const ReadResult whole = ReadAll(text);
  const auto [head, rest] = SplitAfterLines(text, 2);
  RecordingSink sink;
  SettlementReader reader({}, sink);
  ASSERT_TRUE(reader.Feed(head).Ok());
  RecordingSink first_sink;
  RowParser fork = reader.ForkRows(first_sink);
  const auto [first, second] = SplitAfterLines(rest, 4);
  ASSERT_TRUE(fork.ParseLines(first).Ok());
  EXPECT_EQ(fork.Info().lines, 4U);
  EXPECT_EQ(fork.Info().windows1252_lines, 1U);

  RecordingSink second_sink;
  fork.SetSink(second_sink);
  fork.RestartCounts();
  ASSERT_TRUE(fork.ParseLines(second).Ok());
  EXPECT_EQ(fork.Info().windows1252_lines, 0U);
  EXPECT_TRUE(first_sink.rejects.empty());
  EXPECT_EQ(Events(second_sink, 0, 6), Events(whole.sink, 7, 0));
}

TEST(RowParserFork, StopsAtTheSummaryOfAnotherSettlement) {
  FileBuilder f(testing::V2Columns());
  f.Row(testing::UkSummary("2.00"))
      .Row(testing::UkRow("1.00"))
      .Row(testing::UkSummary("5.00", "222"))
      .Row(testing::UkRow("5.00", "ItemPrice", "Principal", "222"));
  const auto [head, rest] = SplitAfterLines(f.Text(), 2);
  RecordingSink sink;
  SettlementReader reader({}, sink);
  ASSERT_TRUE(reader.Feed(head).Ok());
  RecordingSink forked;
  RowParser fork = reader.ForkRows(forked);
  ASSERT_TRUE(fork.ParseLines(rest).Ok());
  EXPECT_TRUE(fork.StoppedAtSummary());
  EXPECT_TRUE(forked.summaries.empty());
  ASSERT_EQ(forked.entries.size(), 1U);  // the row before it
  EXPECT_EQ(forked.entries[0].line, 1U);
}

TEST(RowParserFork, ReportsFatalErrorsAsTheReaderWould) {
  FileBuilder f(testing::V2Columns());
  f.Row(testing::UkSummary("2.00")).Row(testing::UkRow("1.00"));
  const std::string text = f.Text() + std::string("23395380562\t\0\tOrder\n", 20);
  const auto [head, rest] = SplitAfterLines(text, 2);
  RecordingSink sink;
  SettlementReader reader({}, sink);
  ASSERT_TRUE(reader.Feed(head).Ok());
  RecordingSink forked;
  RowParser fork = reader.ForkRows(forked);
  const Status status = fork.ParseLines(rest);
  EXPECT_EQ(status.Code(), StatusCode::kDataLoss);
  EXPECT_THAT(status.Message(), ::testing::HasSubstr("<input>:2: column 2: NUL byte"));
}

TEST(RowParserFork, OnlyBetweenDetailRowsWithTheDecimalStyleKnown) {
  FileBuilder f(testing::V2Columns());
  // "0" and "5" prove no decimal style; "1,50" proves a decimal comma.
  f.Row(testing::UkSummary("0")).Row(testing::UkRow("5")).Row(testing::UkRow("1,50"));
  const std::string text = f.Text();
  RecordingSink sink;
  SettlementReader reader({}, sink);
  EXPECT_FALSE(reader.CanForkRows());
  const auto [header, after_header] = SplitAfterLines(text, 1);
  ASSERT_TRUE(reader.Feed(header).Ok());
  EXPECT_FALSE(reader.CanForkRows());  // the summary comes first
  const auto [summary, rows] = SplitAfterLines(after_header, 1);
  ASSERT_TRUE(reader.Feed(summary).Ok());
  EXPECT_FALSE(reader.CanForkRows());  // "0": the style is unknown
  const auto [five, comma] = SplitAfterLines(rows, 1);
  ASSERT_TRUE(reader.Feed(five).Ok());
  EXPECT_FALSE(reader.CanForkRows());
  ASSERT_TRUE(reader.Feed(comma.substr(0, 10)).Ok());
  EXPECT_FALSE(reader.CanForkRows());  // in the middle of a line
  ASSERT_TRUE(reader.Feed(comma.substr(10)).Ok());
  EXPECT_TRUE(reader.CanForkRows());
  ASSERT_TRUE(reader.Finish().Ok());
  EXPECT_FALSE(reader.CanForkRows());  // finished
}

}  // namespace
}  // namespace fbaflow::settlement
