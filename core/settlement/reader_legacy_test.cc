// SettlementReader on the retired 36-column flat file: one Entry per non-empty amount column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/settlement/reader.h"
#include "core/settlement/reader_fixtures.h"
#include "core/settlement/recording_sink.h"

namespace fbaflow::settlement {
namespace {

using testing::CaLegacyRow;
using testing::CaLegacySummary;
using testing::FileBuilder;
using ::testing::HasSubstr;

TEST(SettlementReaderLegacy, DetectsTheFormatAndReadsTheSummary) {
  FileBuilder f(testing::LegacyColumns());
  f.Row(CaLegacySummary("34.99"))
      .Row(CaLegacyRow("Order", {{"price-type", "Principal"}, {"price-amount", "34.99"}}));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kLegacy);
  EXPECT_EQ(FormatName(r.info.format), "legacy");
  EXPECT_EQ(r.info.columns, 36);
  EXPECT_EQ(r.info.date_style, "YYYY-MM-DDTHH:MM:SS+HH:MM");
  ASSERT_EQ(r.sink.summaries.size(), 1u);
  EXPECT_EQ(r.sink.summaries[0].settlement_id, "24495221541");
  EXPECT_EQ(r.sink.summaries[0].start.ToIso8601(), "2025-09-11T22:07:19Z");
  EXPECT_EQ(r.sink.summaries[0].currency.Code(), "CAD");
  ASSERT_EQ(r.sink.entries.size(), 1u);
  const OwnedEntry& e = r.sink.entries[0];
  EXPECT_EQ(e.transaction_type, "Order");
  EXPECT_EQ(e.amount_type, "price-type");
  EXPECT_EQ(e.amount_description, "Principal");
  EXPECT_EQ(e.column, 25);
  EXPECT_EQ(e.amount.MinorUnits(), 3499);
  EXPECT_EQ(e.posted_date, (CivilDate{2025, 9, 13}));
  EXPECT_EQ(e.posted_text, "2025-09-13T06:20:55+00:00");
}

TEST(SettlementReaderLegacy, AServiceFeeRowGivesTwoEntries) {
  FileBuilder f(testing::LegacyColumns());
  f.Row(CaLegacySummary("-560.02"))
      .Row(CaLegacyRow("ServiceFee", {{"item-related-fee-type", "Cost of Advertising"},
                                      {"item-related-fee-amount", "-500.02"},
                                      {"other-fee-amount", "-60.00"},
                                      {"other-fee-reason-description", "TaxAmount"}}));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.entries.size(), 2u);
  const OwnedEntry& fee = r.sink.entries[0];
  EXPECT_EQ(fee.line, 3u);
  EXPECT_EQ(fee.column, 27);
  EXPECT_EQ(fee.transaction_type, "ServiceFee");
  EXPECT_EQ(fee.amount_type, "item-related-fee-type");
  EXPECT_EQ(fee.amount_description, "Cost of Advertising");
  EXPECT_EQ(fee.amount.MinorUnits(), -50002);
  const OwnedEntry& tax = r.sink.entries[1];
  EXPECT_EQ(tax.line, 3u);
  EXPECT_EQ(tax.column, 29);
  EXPECT_EQ(tax.amount_type, "other-fee-reason-description");
  EXPECT_EQ(tax.amount_description, "TaxAmount");
  EXPECT_EQ(tax.amount.MinorUnits(), -6000);
}

TEST(SettlementReaderLegacy, EveryAmountColumnHasItsKey) {
  struct Case {
    std::string type_column, type_value, amount_column, key_type, key_description;
  };
  const std::vector<Case> cases = {
      {"shipment-fee-type", "FBA transportation fee", "shipment-fee-amount", "shipment-fee-type",
       "FBA transportation fee"},
      {"order-fee-type", "Some order fee", "order-fee-amount", "order-fee-type", "Some order fee"},
      {"price-type", "Shipping", "price-amount", "price-type", "Shipping"},
      {"item-related-fee-type", "Commission", "item-related-fee-amount", "item-related-fee-type",
       "Commission"},
      {"", "", "misc-fee-amount", "misc-fee-amount", ""},
      {"other-fee-reason-description", "TaxAmount", "other-fee-amount",
       "other-fee-reason-description", "TaxAmount"},
      {"promotion-type", "Shipping", "promotion-amount", "promotion-type", "Shipping"},
      {"direct-payment-type", "Successful charge", "direct-payment-amount", "direct-payment-type",
       "Successful charge"},
      {"", "", "other-amount", "other-amount", ""},
  };
  for (const Case& c : cases) {
    testing::Cells amounts = {{c.amount_column, "-1.23"}};
    if (!c.type_column.empty()) amounts[c.type_column] = c.type_value;
    FileBuilder f(testing::LegacyColumns());
    f.Row(CaLegacySummary("-1.23")).Row(CaLegacyRow("Storage Fee", amounts));
    ReadResult r = ReadAll(f.Text());
    ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
    ASSERT_EQ(r.sink.entries.size(), 1u) << c.amount_column;
    EXPECT_EQ(r.sink.entries[0].amount_type, c.key_type);
    EXPECT_EQ(r.sink.entries[0].amount_description, c.key_description);
    EXPECT_EQ(r.sink.entries[0].amount.MinorUnits(), -123);
  }
}

TEST(SettlementReaderLegacy, QuantityOnlyRowsAreNonMonetary) {
  FileBuilder f(testing::LegacyColumns());
  testing::Cells quantity =
      CaLegacyRow("Order", {{"sku", "SALTT15-ALLT"}, {"quantity-purchased", "1"}});
  f.Row(CaLegacySummary("34.99"))
      .Row(quantity)
      .Row(CaLegacyRow("Order", {{"price-type", "Principal"}, {"price-amount", "34.99"}}));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(r.sink.non_monetary, std::vector<uint64_t>{3});
  ASSERT_EQ(r.sink.entries.size(), 1u);
  EXPECT_EQ(r.sink.entries[0].line, 4u);
}

TEST(SettlementReaderLegacy, ARowWithOneBadAmountIsRejectedWhole) {
  FileBuilder f(testing::LegacyColumns());
  f.Row(CaLegacySummary("0.00"))
      .Row(CaLegacyRow("ServiceFee", {{"item-related-fee-type", "Cost of Advertising"},
                                      {"item-related-fee-amount", "-500.02"},
                                      {"other-fee-amount", "-60.0.0"},
                                      {"other-fee-reason-description", "TaxAmount"}}))
      .Row(CaLegacyRow("Order", {{"price-type", "Principal"}, {"price-amount", "34.99"}}));
  ReadResult r = ReadAll(f.Text());
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  ASSERT_EQ(r.sink.rejects.size(), 1u);
  EXPECT_EQ(r.sink.rejects[0].line, 3u);
  EXPECT_EQ(r.sink.rejects[0].column, 29);
  EXPECT_EQ(r.sink.rejects[0].column_name, "other-fee-amount");
  EXPECT_THAT(r.sink.rejects[0].reason, HasSubstr("amount '-60.0.0' is not a number"));
  ASSERT_EQ(r.sink.entries.size(), 1u);  // none from the rejected row
  EXPECT_EQ(r.sink.entries[0].line, 4u);
}

TEST(SettlementReaderLegacy, ALegacyHeaderWithoutPriceColumnsIsNamed) {
  auto columns = testing::LegacyColumns();
  columns.erase(std::find(columns.begin(), columns.end(), "price-type"));
  ReaderOptions o;
  o.source_name = "old.txt";
  ReadResult r = ReadAll(FileBuilder(columns).Text(), o);
  EXPECT_EQ(r.status.Code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status.Message(),
            "old.txt:1: not a settlement report: header has no 'price-type' column");
}

}  // namespace
}  // namespace fbaflow::settlement
