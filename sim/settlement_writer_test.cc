// The writer: amount formatting, layouts (24, 23 and 36 columns), encodings, line ends, errors,
// and bounded memory (streamed chunks).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <limits>
#include <regex>
#include <set>
#include <string>

#include "sim/flat_file_for_test.h"
#include "sim/settlement_gen.h"
#include "sim/windows1252.h"

namespace fbaflow::sim {
namespace {

using testing::FlatFile;
using ::testing::HasSubstr;
using testing::ParseFlatFile;
using testing::ParseMinor;

RandomSettlementOptions Options(Marketplace marketplace, uint64_t rows, uint64_t seed) {
  RandomSettlementOptions options;
  options.marketplace = marketplace;
  options.rows = rows;
  options.seed = seed;
  return options;
}

TEST(FormatAmountTest, PrintsEveryStyle) {
  EXPECT_EQ(FormatAmount(3999, 2, DecimalStyle::kDotDecimal, false), "39.99");
  EXPECT_EQ(FormatAmount(-396, 2, DecimalStyle::kDotDecimal, false), "-3.96");
  EXPECT_EQ(FormatAmount(0, 2, DecimalStyle::kDotDecimal, false), "0.00");
  EXPECT_EQ(FormatAmount(5, 2, DecimalStyle::kDotDecimal, false), "0.05");
  EXPECT_EQ(FormatAmount(-5, 2, DecimalStyle::kCommaDecimal, true), "-0,05");
  EXPECT_EQ(FormatAmount(5244, 2, DecimalStyle::kCommaDecimal, true), "52,44");
  EXPECT_EQ(FormatAmount(0, 2, DecimalStyle::kCommaDecimal, true), "0,00");
  EXPECT_EQ(FormatAmount(99999, 2, DecimalStyle::kCommaDecimal, true), "999,99");
  EXPECT_EQ(FormatAmount(123456, 2, DecimalStyle::kCommaDecimal, true), "1.234,56");
  EXPECT_EQ(FormatAmount(-123456789, 2, DecimalStyle::kCommaDecimal, true), "-1.234.567,89");
  EXPECT_EQ(FormatAmount(123456789, 2, DecimalStyle::kDotDecimal, false), "1234567.89");
  EXPECT_EQ(FormatAmount(123456789, 2, DecimalStyle::kDotDecimal, true), "1,234,567.89");
  EXPECT_EQ(FormatAmount(1234, 0, DecimalStyle::kDotDecimal, true), "1,234");
  EXPECT_EQ(FormatAmount(std::numeric_limits<int64_t>::min(), 2, DecimalStyle::kDotDecimal, false),
            "-92233720368547758.08");
}

TEST(SettlementWriterTest, CrlfEndsEveryLine) {
  RenderOptions render;
  render.crlf = true;
  const std::string text =
      *RenderSettlementToString(RandomSettlement(Options(Marketplace::kUK, 500, 1)), render);
  const FlatFile file = ParseFlatFile(text);
  EXPECT_TRUE(file.every_line_crlf);
  EXPECT_EQ(file.DetailRows(), 500u);
  const FlatFile lf =
      ParseFlatFile(*RenderSettlementToString(RandomSettlement(Options(Marketplace::kUK, 500, 1))));
  EXPECT_FALSE(lf.any_line_crlf);
  EXPECT_EQ(file.rows, lf.rows);
}

TEST(SettlementWriterTest, Utf8ByteOrderMark) {
  RenderOptions render;
  render.utf8_bom = true;
  const std::string text =
      *RenderSettlementToString(RandomSettlement(Options(Marketplace::kUS, 5, 1)), render);
  EXPECT_EQ(text.substr(0, 16), "\xEF\xBB\xBFsettlement-id");
  render.encoding = TextEncoding::kWindows1252;
  const Result<std::string> refused =
      RenderSettlementToString(RandomSettlement(Options(Marketplace::kUS, 5, 1)), render);
  ASSERT_FALSE(refused.Ok());
  EXPECT_EQ(refused.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.GetStatus().Message(), HasSubstr("byte-order mark"));
}

TEST(SettlementWriterTest, Windows1252EncodesAccentedSkus) {
  const RandomSettlement settlement(Options(Marketplace::kFR, 3000, 1));
  RenderOptions render;
  render.encoding = TextEncoding::kWindows1252;
  const std::string cp1252 = *RenderSettlementToString(settlement, render);
  const std::string utf8 = *RenderSettlementToString(settlement);
  EXPECT_THAT(cp1252, HasSubstr("CAF\xC9-MUG-350"));
  EXPECT_THAT(cp1252, HasSubstr("Cr\xE8me-Br\xFBl\xE9"
                                "e-Set"));
  EXPECT_THAT(cp1252, ::testing::Not(HasSubstr("CAFÉ")));
  EXPECT_THAT(utf8, HasSubstr("CAFÉ-MUG-350"));
  // Same text otherwise: decoding the windows-1252 bytes gives the UTF-8 file back.
  std::string back;
  for (char c : cp1252) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      back.push_back(c);
    } else {  // the SKUs use only Latin-1 letters
      back.push_back(static_cast<char>(0xC0 | (b >> 6)));
      back.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  EXPECT_EQ(back, utf8);
}

TEST(SettlementWriterTest, Windows1252RefusesWhatItCannotEncode) {
  SettlementPlan plan(MakeHeader(Marketplace::kDE, "1", {}));
  SettlementEvent event = OtherTransactionEvent("Storage Fee", -100, {});
  event.sku = "茶-1";
  plan.Add(std::move(event));
  RenderOptions render;
  render.encoding = TextEncoding::kWindows1252;
  int writes = 0;
  const Result<RenderStats> result = RenderSettlement(plan, render, [&](std::string_view) {
    ++writes;
    return OkStatus();
  });
  ASSERT_FALSE(result.Ok());
  EXPECT_EQ(result.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(result.GetStatus().Message(), HasSubstr("sku"));
  EXPECT_THAT(result.GetStatus().Message(), HasSubstr("no windows-1252 encoding"));
  EXPECT_EQ(writes, 0) << "nothing is written when the file cannot be complete";
  EXPECT_TRUE(RenderSettlementToString(plan).Ok()) << "UTF-8 holds it";
}

TEST(SettlementWriterTest, TabsAndLineBreaksInFieldsAreRefused) {
  for (const char* bad : {"A\tB", "A\nB", "A\rB"}) {
    SettlementPlan plan(MakeHeader(Marketplace::kUS, "1", {}));
    SettlementEvent event = OtherTransactionEvent("Storage Fee", -100, {});
    event.order_id = bad;
    plan.Add(std::move(event));
    const Result<std::string> result = RenderSettlementToString(plan);
    ASSERT_FALSE(result.Ok());
    EXPECT_THAT(result.GetStatus().Message(), HasSubstr("order-id"));
    EXPECT_THAT(result.GetStatus().Message(), HasSubstr("tab or line break"));
  }
}

TEST(SettlementWriterTest, TotalOverflowIsRefused) {
  SettlementPlan plan(MakeHeader(Marketplace::kUS, "1", {}));
  plan.Add(OtherTransactionEvent("A", std::numeric_limits<int64_t>::max(), {}));
  plan.Add(OtherTransactionEvent("B", 1, {}));
  const Result<std::string> result = RenderSettlementToString(plan);
  ASSERT_FALSE(result.Ok());
  EXPECT_THAT(result.GetStatus().Message(), HasSubstr("overflows"));
}

TEST(SettlementWriterTest, WriterErrorStopsTheOutput) {
  const RandomSettlement settlement(Options(Marketplace::kUS, 50'000, 1));
  int calls = 0;
  const Result<RenderStats> result = RenderSettlement(settlement, {}, [&](std::string_view) {
    ++calls;
    return Unavailable("disk full");
  });
  ASSERT_FALSE(result.Ok());
  EXPECT_EQ(result.GetStatus().Code(), StatusCode::kUnavailable);
  EXPECT_EQ(result.GetStatus().Message(), "disk full");
  EXPECT_EQ(calls, 1);
}

TEST(SettlementWriterTest, StreamsInBoundedChunksThatEndAtLineEnds) {
  const RandomSettlement settlement(Options(Marketplace::kDE, 200'000, 3));
  std::size_t largest = 0, chunks = 0, bytes = 0;
  const Result<RenderStats> stats = RenderSettlement(settlement, {}, [&](std::string_view chunk) {
    largest = std::max(largest, chunk.size());
    ++chunks;
    bytes += chunk.size();
    EXPECT_EQ(chunk.back(), '\n');
    return OkStatus();
  });
  ASSERT_TRUE(stats.Ok());
  EXPECT_GT(chunks, 10u);
  EXPECT_LE(largest, (std::size_t{1} << 20) + 64 * 1024);
  EXPECT_EQ(bytes, stats->bytes);
  EXPECT_EQ(stats->rows, 200'000u);
}

TEST(SettlementWriterTest, TwentyThreeColumnLayoutDropsPromotionId) {
  RenderOptions render;
  render.layout = FileLayout::kV2NoPromotionId;
  const FlatFile file = ParseFlatFile(
      *RenderSettlementToString(RandomSettlement(Options(Marketplace::kUK, 800, 2)), render));
  ASSERT_EQ(file.header.size(), 23u);
  EXPECT_EQ(file.header.back(), "quantity-purchased");
  for (const auto& row : file.rows) ASSERT_EQ(row.size(), 23u);
  EXPECT_EQ(ParseMinor(file.Summary()[4], '.'), testing::SumAmounts(file, '.'));
}

// Legacy amounts live in several columns: the sum covers all of them.
int64_t LegacySum(const FlatFile& file) {
  int64_t sum = 0;
  for (std::size_t r = 1; r < file.rows.size(); ++r) {
    for (const char* column : {"shipment-fee-amount", "order-fee-amount", "price-amount",
                               "item-related-fee-amount", "misc-fee-amount", "other-fee-amount",
                               "promotion-amount", "direct-payment-amount", "other-amount"}) {
      const std::string& cell = file.Cell(r, column);
      if (!cell.empty()) sum += ParseMinor(cell, '.');
    }
  }
  return sum;
}

TEST(SettlementWriterTest, LegacyLayoutHasThirtySixColumnsIsoDatesAndQuantityRows) {
  RenderOptions render;
  render.layout = FileLayout::kLegacy;
  RandomSettlementOptions options = Options(Marketplace::kUS, 3000, 4);
  options.scenario = Scenario::kLoss;  // many fee and reimbursement rows
  const RandomSettlement settlement(options);
  Result<RenderStats> stats =
      RenderSettlement(settlement, render, [](std::string_view) { return OkStatus(); });
  const FlatFile file = ParseFlatFile(*RenderSettlementToString(settlement, render));
  ASSERT_EQ(file.header.size(), 36u);
  for (const auto& row : file.rows) ASSERT_EQ(row.size(), 36u);
  const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00)");
  for (std::size_t i = 1; i <= 3; ++i) EXPECT_TRUE(std::regex_match(file.Summary()[i], iso));
  EXPECT_EQ(ParseMinor(file.Summary()[4], '.'), LegacySum(file));

  uint64_t quantity_rows = 0;
  std::set<std::string> transaction_types;
  for (std::size_t r = 1; r < file.rows.size(); ++r) {
    ASSERT_TRUE(std::regex_match(file.Cell(r, "posted-date"), iso));
    transaction_types.insert(file.Cell(r, "transaction-type"));
    bool any_amount = false;
    for (std::size_t c = 12; c < 36; ++c) {
      if (file.header[c].find("amount") != std::string::npos && !file.rows[r][c].empty()) {
        any_amount = true;
      }
    }
    if (!any_amount) {
      ++quantity_rows;
      EXPECT_EQ(file.Cell(r, "transaction-type"), "Order");
      EXPECT_FALSE(file.Cell(r, "quantity-purchased").empty());
    } else if (file.Cell(r, "transaction-type") == "Order") {
      // As in the real archives: the quantity sits on the item's first row only.
      EXPECT_EQ(file.Cell(r, "quantity-purchased"), "") << "line " << r + 2;
    }
  }
  EXPECT_GT(quantity_rows, 0u);
  EXPECT_EQ(file.DetailRows(), 3000u + quantity_rows);
  ASSERT_TRUE(stats.Ok());
  EXPECT_EQ(stats->rows, file.DetailRows());
  EXPECT_EQ(stats->amounts, 3000u);
  for (const char* type :
       {"Order", "Refund", "Storage Fee", "Current Reserve Amount",
        "Previous Reserve Amount Balance", "REVERSAL_REIMBURSEMENT", "ServiceFee"}) {
    EXPECT_EQ(transaction_types.count(type), 1u) << type;
  }
}

TEST(SettlementWriterTest, LegacyHeaderMatchesTheRealArchive) {
  std::ifstream in(std::string(FBAFLOW_SAMPLES_DIR) + "/legacy-flatfile_CA_CAD_50044020356.txt");
  if (!in) GTEST_SKIP() << "samples folder absent";
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, HeaderLine(FileLayout::kLegacy));
}

TEST(SettlementWriterTest, ThousandsGroupingCanBeOverridden) {
  SettlementPlan plan(MakeHeader(Marketplace::kDE, "1", {}));
  plan.Add(OtherTransactionEvent("Storage Fee", -123456, {}));
  RenderOptions render;
  EXPECT_EQ(ParseFlatFile(*RenderSettlementToString(plan, render)).Cell(1, "amount"), "-1.234,56");
  render.group_thousands = false;
  EXPECT_EQ(ParseFlatFile(*RenderSettlementToString(plan, render)).Cell(1, "amount"), "-1234,56");
}

TEST(SettlementWriterTest, NamesRoundTrip) {
  for (FileLayout layout : {FileLayout::kV2, FileLayout::kV2NoPromotionId, FileLayout::kLegacy}) {
    EXPECT_EQ(*FileLayoutFromName(FileLayoutName(layout)), layout);
  }
  EXPECT_EQ(*TextEncodingFromName("CP1252"), TextEncoding::kWindows1252);
  EXPECT_EQ(*TextEncodingFromName("UTF-8"), TextEncoding::kUtf8);
  EXPECT_THAT(TextEncodingFromName("latin9").GetStatus().Message(), HasSubstr("unknown encoding"));
  EXPECT_THAT(FileLayoutFromName("v3").GetStatus().Message(), HasSubstr("unknown layout"));
}

TEST(Windows1252Test, EncodesLatin1AndTheC1Punctuation) {
  std::string out;
  ASSERT_TRUE(AppendUtf8AsWindows1252("é€’ŸAz", out).Ok());
  EXPECT_EQ(out,
            "\xE9\x80\x92\x9F"
            "Az");
}

TEST(Windows1252Test, RefusesUnencodableAndInvalidText) {
  std::string out;
  Status status = AppendUtf8AsWindows1252("ab茶", out);
  EXPECT_EQ(status.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.Message(), HasSubstr("U+8336 at byte 2"));
  EXPECT_EQ(out, "ab");
  EXPECT_THAT(AppendUtf8AsWindows1252("\xC3", out).Message(), HasSubstr("invalid UTF-8 at byte 0"));
  EXPECT_THAT(AppendUtf8AsWindows1252("\xE0\x80\xA9", out).Message(), HasSubstr("invalid UTF-8"));
  EXPECT_THAT(AppendUtf8AsWindows1252("\xED\xA0\x80", out).Message(), HasSubstr("invalid UTF-8"));
  EXPECT_TRUE(IsAsciiText("plain\t text"));
  EXPECT_FALSE(IsAsciiText("caf\xC3\xA9"));
}

}  // namespace
}  // namespace fbaflow::sim
