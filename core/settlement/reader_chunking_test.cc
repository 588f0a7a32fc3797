// SettlementReader gives the same result whatever the sizes of the chunks it is fed.
#include <gtest/gtest.h>

#include <random>

#include "core/settlement/reader.h"
#include "core/settlement/reader_fixtures.h"
#include "core/settlement/recording_sink.h"

namespace fbaflow::settlement {
namespace {

using testing::Cells;
using testing::FileBuilder;

// A file that exercises every path: BOM, CRLF, windows-1252, rejects, two settlements, blank
// lines, a final line without newline.
std::string Mixed() {
  FileBuilder f(testing::V2Columns(), "\r\n");
  Cells cafe = testing::UkRow("1.00", "ItemPrice", "Tax", "111");
  cafe["sku"] = "Caf\xE9";
  Cells bad = testing::UkRow("1,2,3", "ItemPrice", "Principal", "111");
  f.Row(testing::UkSummary("2.00", "111"))
      .Row(testing::UkRow("1.00", "ItemPrice", "Principal", "111"))
      .Row(cafe)
      .Line("")
      .Row(bad)
      .Line("111\tshort")
      .Row(testing::UkSummary("-1.00", "222"))
      .Row(testing::UkRow("-1.00", "ItemFees", "Commission", "222"));
  std::string text = "\xEF\xBB\xBF" + f.Text();
  text.resize(text.size() - 2);  // drop the final CRLF
  return text;
}

std::string Legacy() {
  FileBuilder f(testing::LegacyColumns());
  f.Row(testing::CaLegacySummary("-560.02"))
      .Row(testing::CaLegacyRow("Order", {{"quantity-purchased", "1"}}))
      .Row(testing::CaLegacyRow("ServiceFee", {{"item-related-fee-type", "Cost of Advertising"},
                                               {"item-related-fee-amount", "-500.02"},
                                               {"other-fee-amount", "-60.00"},
                                               {"other-fee-reason-description", "TaxAmount"}}));
  return f.Text();
}

void ExpectSameForEveryChunking(const std::string& text) {
  const std::string whole = ReadAll(text).Dump();
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 16u, 17u, 64u, 255u, 4096u}) {
    EXPECT_EQ(ReadAll(text, {}, chunk).Dump(), whole) << "chunk " << chunk;
  }
  // Random chunk sizes, as a network read delivers them.
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    ReadResult result;
    SettlementReader reader(ReaderOptions{}, result.sink);
    std::size_t at = 0;
    while (at < text.size() && result.status.Ok()) {
      const std::size_t n = std::min<std::size_t>(text.size() - at, rng() % 300);
      result.status = reader.Feed(std::string_view(text).substr(at, n));
      at += n;
    }
    if (result.status.Ok()) result.status = reader.Finish();
    result.info = reader.Info();
    EXPECT_EQ(result.Dump(), whole) << "round " << round;
  }
}

TEST(SettlementReaderChunking, ByteByByteEqualsWhole) {
  const std::string text = Mixed();
  ReadResult whole = ReadAll(text);
  ASSERT_TRUE(whole.status.Ok()) << whole.status.ToString();
  ASSERT_EQ(whole.sink.summaries.size(), 2u);
  ASSERT_EQ(whole.sink.entries.size(), 3u);
  ASSERT_EQ(whole.sink.rejects.size(), 2u);
  EXPECT_EQ(whole.info.windows1252_lines, 1u);
  EXPECT_TRUE(whole.info.bom);
  EXPECT_TRUE(whole.info.crlf);
  ExpectSameForEveryChunking(text);
}

TEST(SettlementReaderChunking, LegacyAndErrorsAreChunkIndependentToo) {
  ExpectSameForEveryChunking(Legacy());
  const std::string text = Mixed();
  ExpectSameForEveryChunking(text.substr(0, text.size() - 30));        // truncated
  ExpectSameForEveryChunking("amazon-order-id\tsku\n1\t2\n");          // wrong report
  ExpectSameForEveryChunking(std::string("settlement-id\t\0\n", 16));  // binary
  ExpectSameForEveryChunking("");
}

}  // namespace
}  // namespace fbaflow::settlement
