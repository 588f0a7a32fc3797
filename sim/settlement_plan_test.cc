// Plans built by a caller (the emulator's way), and the fee model checked against the amounts of
// real files: a UK order and its refund, and a French order with shipping and withheld VAT.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/flat_file_for_test.h"
#include "sim/settlement_gen.h"

namespace fbaflow::sim {
namespace {

using ::testing::ElementsAre;
using testing::FlatFile;
using ::testing::HasSubstr;
using testing::ParseFlatFile;
using testing::SumAmounts;

Timestamp At(int y, int mo, int d, int h, int mi, int s) {
  return MakeTimestamp({y, mo, d}, h, mi, s, 0);
}

// "type/description=amount" for each amount of `event`.
std::vector<std::string> Rows(const SettlementEvent& event, DecimalStyle style) {
  std::vector<std::string> rows;
  for (const Amount& a : event.amounts) {
    rows.push_back(std::string(a.amount_type) + "/" + std::string(a.amount_description) + "=" +
                   FormatAmount(a.minor, 2, style, false));
  }
  return rows;
}

OrderItem UkOrder() {
  OrderItem item;
  item.order_id = "204-0894124-9818718";
  item.shipment_id = "QffcYy4Hy";
  item.order_item_code = "43864480697602";
  item.sku = "TM-ATRNS-LL";
  item.posted = At(2024, 11, 15, 10, 0, 37);
  ItemSale sale;
  sale.unit_price = 4799;  // £47.99 including VAT
  sale.fba_fee_per_unit = 396;
  PriceOrderItem(ProfileOf(Marketplace::kUK), sale, item);
  return item;
}

TEST(SettlementPlanTest, UkOrderMatchesTheRealFile) {
  const SettlementEvent event = OrderEvent(ProfileOf(Marketplace::kUK), UkOrder());
  // The real file: 39.99, 8.00, -3.96, -8.64, -0.25.
  EXPECT_THAT(Rows(event, DecimalStyle::kDotDecimal),
              ElementsAre("ItemPrice/Principal=39.99", "ItemPrice/Tax=8.00",
                          "ItemFees/FBAPerUnitFulfillmentFee=-3.96", "ItemFees/Commission=-8.64",
                          "ItemFees/DigitalServicesFee=-0.25"));
  EXPECT_EQ(event.transaction_type, "Order");
  EXPECT_EQ(event.merchant_order_id, "204-0894124-9818718");
  EXPECT_EQ(event.marketplace_name, "Amazon.co.uk");
  EXPECT_EQ(event.fulfillment_id, "AFN");
  EXPECT_EQ(event.quantity, 1);
}

TEST(SettlementPlanTest, UkRefundMatchesTheRealFile) {
  const MarketplaceProfile& uk = ProfileOf(Marketplace::kUK);
  const RefundItem refund = RefundOf(uk, UkOrder(), At(2024, 11, 17, 17, 55, 38),
                                     "amzn1:crow:cB7Jg9SuTGC/ZDrh+BdJDA", "1731335184702724873");
  const SettlementEvent event = RefundEvent(uk, refund);
  // The real file: -8.00, -39.99, 8.64, -1.73, 0.17.
  EXPECT_THAT(
      Rows(event, DecimalStyle::kDotDecimal),
      ElementsAre("ItemPrice/Tax=-8.00", "ItemPrice/Principal=-39.99", "ItemFees/Commission=8.64",
                  "ItemFees/RefundCommission=-1.73", "ItemFees/DigitalServicesFee=0.17"));
  EXPECT_EQ(event.adjustment_id, "amzn1:crow:cB7Jg9SuTGC/ZDrh+BdJDA");
  EXPECT_EQ(event.merchant_adjustment_item_id, "1731335184702724873");
  EXPECT_EQ(event.quantity, 0) << "refund rows leave quantity-purchased empty";
  EXPECT_TRUE(event.shipment_id.empty());
}

TEST(SettlementPlanTest, FrenchOrderWithShippingMatchesTheRealFile) {
  OrderItem item;
  item.order_id = "403-5838049-3793138";
  ItemSale sale;
  sale.unit_price = 6293;     // 52,44 + 10,49 VAT
  sale.shipping_price = 250;  // 2,08 + 0,42 VAT
  sale.fba_fee_per_unit = 758;
  PriceOrderItem(ProfileOf(Marketplace::kFR), sale, item);
  const SettlementEvent event = OrderEvent(ProfileOf(Marketplace::kFR), item);
  // The real file's rows, in its order. (Its digital services fee is 0,46; the simple 3% rule
  // used here gives 0,57.)
  EXPECT_THAT(
      Rows(event, DecimalStyle::kCommaDecimal),
      ElementsAre("ItemPrice/Principal=52,44", "ItemPrice/Tax=10,49", "ItemPrice/Shipping=2,08",
                  "ItemPrice/ShippingTax=0,42",
                  "ItemWithheldTax/MarketplaceFacilitatorVAT-Shipping=-0,42",
                  "ItemWithheldTax/MarketplaceFacilitatorVAT-Principal=-10,49",
                  "ItemFees/FBAPerUnitFulfillmentFee=-7,58", "ItemFees/Commission=-11,33",
                  "ItemFees/ShippingChargeback=-2,08", "ItemFees/DigitalServicesFee=-0,57"));
}

TEST(SettlementPlanTest, UkFreeShippingPromotionCancelsShippingAndItsVat) {
  OrderItem item;
  ItemSale sale;
  sale.unit_price = 4799;
  sale.shipping_price = 199;  // 1.66 + 0.33
  sale.fba_fee_per_unit = 396;
  sale.free_shipping_promotion = true;
  PriceOrderItem(ProfileOf(Marketplace::kUK), sale, item);
  item.promotion_id = "FS-123";
  const SettlementEvent event = OrderEvent(ProfileOf(Marketplace::kUK), item);
  const auto rows = Rows(event, DecimalStyle::kDotDecimal);
  EXPECT_THAT(rows, ::testing::Contains("Promotion/Shipping=-1.66"));
  EXPECT_THAT(rows, ::testing::Contains("Promotion/TaxDiscount=-0.33"));
  EXPECT_THAT(rows, ::testing::Not(::testing::Contains(HasSubstr("ShippingChargeback"))));
  EXPECT_EQ(event.amounts.back().promotion_id, "FS-123");
}

TEST(SettlementPlanTest, UsSalesTaxIsAddedAndWithheld) {
  OrderItem item;
  ItemSale sale;
  sale.unit_price = 2000;
  sale.fba_fee_per_unit = 322;
  sale.tax_rate_bp = 825;
  PriceOrderItem(ProfileOf(Marketplace::kUS), sale, item);
  EXPECT_EQ(item.principal, 2000);
  EXPECT_EQ(item.tax, 165);
  EXPECT_EQ(item.commission, 300);  // 15%, no VAT on US fees
  EXPECT_THAT(Rows(OrderEvent(ProfileOf(Marketplace::kUS), item), DecimalStyle::kDotDecimal),
              ::testing::Contains("ItemWithheldTax/MarketplaceFacilitatorTax-Principal=-1.65"));

  sale.tax_rate_bp = 0;  // a state without sales tax: no Tax row, nothing withheld
  PriceOrderItem(ProfileOf(Marketplace::kUS), sale, item);
  EXPECT_EQ(OrderEvent(ProfileOf(Marketplace::kUS), item).amounts.size(), 4u);
}

TEST(SettlementPlanTest, MerchantFulfilledOrdersPayNoFbaFeeAndKeepShipping) {
  OrderItem item;
  item.channel = Channel::kMfn;
  ItemSale sale;
  sale.unit_price = 2400;
  sale.shipping_price = 499;
  sale.fba_fee_per_unit = 500;
  PriceOrderItem(ProfileOf(Marketplace::kDE), sale, item);
  EXPECT_EQ(item.fba_fee, 0);
  EXPECT_EQ(item.shipping_chargeback, 0);
  EXPECT_EQ(OrderEvent(ProfileOf(Marketplace::kDE), item).fulfillment_id, "MFN");
}

TEST(SettlementPlanTest, MinimumReferralFeeApplies) {
  OrderItem item;
  ItemSale sale;
  sale.unit_price = 100;
  sale.quantity = 2;
  PriceOrderItem(ProfileOf(Marketplace::kUS), sale, item);
  EXPECT_EQ(item.commission, 60);  // $0.30 per unit
}

TEST(SettlementPlanTest, RefundCommissionIsCappedAtFive) {
  OrderItem order;
  order.commission = 10'000;
  const RefundItem refund = RefundOf(ProfileOf(Marketplace::kUS), order, {}, "a", "b");
  EXPECT_EQ(refund.refund_commission, 500);
}

TEST(SettlementPlanTest, CallerPlanRendersExactlyWithAMonthSplit) {
  const MarketplaceProfile& uk = ProfileOf(Marketplace::kUK);
  SettlementPlan plan(MakeHeader(Marketplace::kUK, "23395380562", At(2024, 11, 22, 8, 59, 45)));
  plan.Add(ReserveEvent(ReserveKind::kPrevious, 7028, At(2024, 11, 22, 9, 1, 46)));
  OrderItem order = UkOrder();
  order.posted = At(2024, 11, 30, 23, 59, 59);
  plan.Add(OrderEvent(uk, order));
  order.order_id = "205-8365033-5860305";
  order.posted = At(2024, 12, 1, 0, 0, 0);
  plan.Add(OrderEvent(uk, order));
  plan.Add(RefundEvent(uk, RefundOf(uk, order, At(2024, 12, 2, 1, 2, 3), "amzn1:crow:x", "1")));
  plan.Add(
      OtherTransactionEvent("RemovalComplete", -108, At(2024, 11, 27, 14, 11, 10), "24111314VO"));
  plan.Add(ReimbursementEvent({"REVERSAL_REIMBURSEMENT", "204-9758345-7399536", "amzn1:crow:L1F5D",
                               "TM-ATRNS-LL", 1, 2739, At(2024, 11, 25, 3, 58, 23)}));
  plan.Add(InboundDefectFeeEvent(uk, "FBA19CD9HGQ8", -12800, At(2024, 11, 26, 1, 0, 0)));
  plan.Add(AdvertisingEvent(-50002, At(2024, 11, 28, 1, 0, 0)));
  plan.Add(ReserveEvent(ReserveKind::kCurrent, -7028, At(2024, 12, 6, 9, 1, 28)));

  Result<std::string> text = RenderSettlementToString(plan);
  ASSERT_TRUE(text.Ok()) << text.GetStatus().ToString();
  const FlatFile file = ParseFlatFile(*text);
  ASSERT_EQ(file.DetailRows(), 1 + 5 + 5 + 5 + 1 + 1 + 1 + 1 + 1u);
  EXPECT_EQ(file.Summary()[1], "22.11.2024 08:59:45 UTC");
  EXPECT_EQ(file.Summary()[2], "06.12.2024 08:59:44 UTC");
  EXPECT_EQ(file.Summary()[3], "08.12.2024 08:59:44 UTC");
  EXPECT_EQ(testing::ParseMinor(file.Summary()[4], '.'), SumAmounts(file, '.'));
  EXPECT_EQ(file.Cell(2, "posted-date"), "30.11.2024");
  EXPECT_EQ(file.Cell(7, "posted-date"), "01.12.2024");
  EXPECT_EQ(file.Cell(7, "posted-date-time"), "01.12.2024 00:00:00 UTC");
  EXPECT_EQ(file.Cell(17, "order-id"), "24111314VO");
  EXPECT_EQ(file.Cell(18, "amount-type"), "FBA Inventory Reimbursement");
  EXPECT_EQ(file.Cell(18, "sku"), "TM-ATRNS-LL");
  EXPECT_EQ(file.Cell(18, "quantity-purchased"), "1");
  EXPECT_EQ(file.Cell(19, "transaction-type"), "FBAFees");
  EXPECT_EQ(file.Cell(19, "order-id"), "FBA19CD9HGQ8");
  EXPECT_EQ(file.Cell(19, "amount"), "-128.00");
  EXPECT_EQ(file.Cell(20, "transaction-type"), "ServiceFee");
  EXPECT_EQ(file.Cell(21, "amount"), "-70.28");
}

TEST(SettlementPlanTest, PlanOwnsItsAmountKeys) {
  SettlementPlan plan(MakeHeader(Marketplace::kUS, "1", At(2024, 1, 1, 0, 0, 0)));
  {
    std::string type = "other-transaction";
    std::string description = "Subscription Fee";
    SettlementEvent event;
    event.transaction_type = "other-transaction";
    event.amounts.push_back({type, description, -3999, {}});
    plan.Add(std::move(event));
  }  // the caller's strings are gone
  SettlementPlan moved = std::move(plan);
  const FlatFile file = ParseFlatFile(*RenderSettlementToString(moved));
  EXPECT_EQ(file.Cell(1, "amount-description"), "Subscription Fee");
  EXPECT_EQ(file.Cell(1, "amount"), "-39.99");
}

TEST(SettlementPlanTest, McfOrderPrintsUnderNonAmazonWithZeroPrincipal) {
  OrderItem item;
  item.order_id = "S02-9435133-9639110";
  item.merchant_order_id = "#1095";
  item.sku = "TM-ATRNS-LL";
  item.merchant_order_item_id = "TM-ATRNS-LL";
  item.multi_channel = true;
  item.fba_fee = 667;
  const SettlementEvent event = OrderEvent(ProfileOf(Marketplace::kUK), item);
  EXPECT_EQ(event.marketplace_name, "Non-Amazon UK");
  EXPECT_EQ(event.merchant_order_id, "#1095");
  EXPECT_THAT(Rows(event, DecimalStyle::kDotDecimal),
              ElementsAre("ItemPrice/Principal=0.00", "ItemFees/FBAPerUnitFulfillmentFee=-6.67"));
}

TEST(SettlementPlanTest, HeaderPeriodIsFourteenDaysAndDepositTwoDaysLater) {
  const SettlementHeader header =
      MakeHeader(Marketplace::kFR, "23347038192", At(2024, 11, 8, 8, 59, 52));
  EXPECT_EQ(header.end.ToIso8601(), "2024-11-22T08:59:51Z");
  EXPECT_EQ(header.deposit.ToIso8601(), "2024-11-24T08:59:51Z");
}

TEST(SettlementPlanTest, ApplyRateRoundsHalfAwayFromZero) {
  EXPECT_EQ(ApplyRate(1260, 200), 25);  // 25.2
  EXPECT_EQ(ApplyRate(1250, 200), 25);  // 25.0
  EXPECT_EQ(ApplyRate(125, 2000), 25);  // 25.0
  EXPECT_EQ(ApplyRate(1225, 200), 25);  // 24.5 → 25
  EXPECT_EQ(ApplyRate(-1225, 200), -25);
  EXPECT_EQ(ApplyRate(0, 200), 0);
}

TEST(MarketplaceProfileTest, CodesResolve) {
  EXPECT_EQ(*MarketplaceFromCode("us"), Marketplace::kUS);
  EXPECT_EQ(*MarketplaceFromCode("GB"), Marketplace::kUK);
  EXPECT_EQ(*MarketplaceFromCode("Fr"), Marketplace::kFR);
  const Result<Marketplace> bad = MarketplaceFromCode("JP");
  ASSERT_FALSE(bad.Ok());
  EXPECT_EQ(bad.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.GetStatus().Message(), HasSubstr("US, UK, DE, FR"));
  for (const MarketplaceProfile& p : AllProfiles()) {
    EXPECT_EQ(CurrencyOf(p).MinorUnits(), 2) << p.code;
    EXPECT_EQ(&ProfileOf(p.marketplace), &p);
  }
}

}  // namespace
}  // namespace fbaflow::sim
