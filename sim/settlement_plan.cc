#include "sim/settlement_plan.h"

#include <algorithm>
#include <utility>

namespace fbaflow::sim {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
// Amazon's refund administration fee is capped at 5.00 in every marketplace simulated here.
constexpr int64_t kMaxRefundCommission = 500;
constexpr int kRefundCommissionBp = 2000;

void AddIf(SettlementEvent& event, std::string_view type, std::string_view description,
           int64_t minor) {
  if (minor != 0) event.amounts.push_back({type, description, minor, {}});
}

std::string_view ChannelId(Channel channel) { return channel == Channel::kAfn ? "AFN" : "MFN"; }

}  // namespace

SettlementHeader MakeHeader(Marketplace marketplace, std::string settlement_id, Timestamp start) {
  SettlementHeader header;
  header.settlement_id = std::move(settlement_id);
  header.marketplace = marketplace;
  header.start = start;
  header.end = {start.utc_seconds + 14 * kSecondsPerDay - 1, 0};
  header.deposit = {header.end.utc_seconds + 2 * kSecondsPerDay, 0};
  return header;
}

SettlementPlan::SettlementPlan(SettlementHeader header) : header_(std::move(header)) {}

void SettlementPlan::ForEachEvent(const EventVisitor& visit) const {
  for (const SettlementEvent& event : events_) visit(event);
}

std::string_view SettlementPlan::Intern(std::string_view text) {
  if (text.empty()) return {};
  auto it = strings_.find(text);
  if (it == strings_.end()) it = strings_.emplace(text).first;
  return *it;
}

void SettlementPlan::Add(SettlementEvent event) {
  for (Amount& amount : event.amounts) {
    amount.amount_type = Intern(amount.amount_type);
    amount.amount_description = Intern(amount.amount_description);
  }
  events_.push_back(std::move(event));
}

int64_t ApplyRate(int64_t amount, int rate_bp) {
  // |amount| stays far below 2^63 / 10^4 for any real price, so the product cannot overflow.
  const int64_t product = amount * rate_bp;
  return product >= 0 ? (product + 5000) / 10000 : -((-product + 5000) / 10000);
}

void PriceOrderItem(const MarketplaceProfile& profile, const ItemSale& sale, OrderItem& item) {
  const int rate = sale.tax_rate_bp >= 0 ? sale.tax_rate_bp : profile.tax_rate_bp;
  const int64_t gross_items = sale.unit_price * sale.quantity;
  // VAT marketplaces print the net price as Principal and the VAT apart: 47.99 at 20% is
  // 39.99 + 8.00. The US prints the shelf price and adds the sales tax on top.
  auto split = [&](int64_t price, int64_t& net, int64_t& tax) {
    if (profile.vat_inclusive_prices) {
      net = (price * 10000 + (10000 + rate) / 2) / (10000 + rate);
      tax = price - net;
    } else {
      net = price;
      tax = ApplyRate(price, rate);
    }
  };
  split(gross_items, item.principal, item.tax);
  split(sale.shipping_price, item.shipping, item.shipping_tax);
  item.tax_withheld = profile.tax_withheld && (item.tax != 0 || item.shipping_tax != 0);

  item.shipping_promotion = 0;
  item.tax_discount = 0;
  item.shipping_chargeback = 0;
  if (item.shipping != 0) {
    if (sale.free_shipping_promotion) {
      item.shipping_promotion = item.shipping;
      if (profile.vat_inclusive_prices) item.tax_discount = item.shipping_tax;
    } else if (item.channel == Channel::kAfn && profile.shipping_chargeback) {
      // Amazon delivered the parcel, so it keeps what the buyer paid for delivery.
      item.shipping_chargeback = item.shipping;
    }
  }

  // Referral fee: a rate of the VAT-inclusive item price, plus VAT on the fee where it applies
  // (39.99 + 8.00 at 15% + 20% VAT = 8.64, as in the UK file).
  const int64_t base = item.principal + (profile.vat_inclusive_prices ? item.tax : 0);
  int64_t commission = base * profile.referral_rate_bp * (10000 + profile.fee_vat_bp);
  commission = (commission + 50'000'000) / 100'000'000;
  item.commission = std::max(commission, profile.min_referral_minor * sale.quantity);
  item.fba_fee = item.channel == Channel::kAfn ? sale.fba_fee_per_unit * sale.quantity : 0;
  item.digital_services_fee =
      ApplyRate(item.commission + item.fba_fee, profile.digital_services_rate_bp);
  item.quantity = sale.quantity;
}

SettlementEvent OrderEvent(const MarketplaceProfile& profile, const OrderItem& item) {
  SettlementEvent event;
  event.transaction_type = "Order";
  event.order_id = item.order_id;
  event.merchant_order_id = item.merchant_order_id.empty() ? item.order_id : item.merchant_order_id;
  event.shipment_id = item.shipment_id;
  if (item.multi_channel) {
    event.marketplace_name =
        profile.mcf_name.empty() ? "Non-Amazon " + std::string(profile.code) : profile.mcf_name;
  } else {
    event.marketplace_name = profile.name;
  }
  event.fulfillment_id = ChannelId(item.channel);
  event.posted = item.posted;
  event.order_item_code = item.order_item_code;
  event.merchant_order_item_id = item.merchant_order_item_id;
  event.sku = item.sku;
  event.quantity = item.quantity;

  // Row order follows the real files: prices, withheld tax, fees, promotions.
  event.amounts.push_back({"ItemPrice", "Principal", item.principal, {}});
  AddIf(event, "ItemPrice", "Tax", item.tax);
  AddIf(event, "ItemPrice", "Shipping", item.shipping);
  AddIf(event, "ItemPrice", "ShippingTax", item.shipping_tax);
  if (item.tax_withheld) {
    AddIf(event, "ItemWithheldTax", profile.withheld_shipping, -item.shipping_tax);
    AddIf(event, "ItemWithheldTax", profile.withheld_principal, -item.tax);
  }
  AddIf(event, "ItemFees", "FBAPerUnitFulfillmentFee", -item.fba_fee);
  AddIf(event, "ItemFees", "Commission", -item.commission);
  AddIf(event, "ItemFees", "ShippingChargeback", -item.shipping_chargeback);
  AddIf(event, "ItemFees", "DigitalServicesFee", -item.digital_services_fee);
  if (item.shipping_promotion != 0) {
    event.amounts.push_back({"Promotion", "Shipping", -item.shipping_promotion, item.promotion_id});
  }
  if (item.tax_discount != 0) {
    event.amounts.push_back({"Promotion", "TaxDiscount", -item.tax_discount, item.promotion_id});
  }
  return event;
}

RefundItem RefundOf(const MarketplaceProfile& profile, const OrderItem& order, Timestamp posted,
                    std::string adjustment_id, std::string merchant_adjustment_item_id) {
  RefundItem refund;
  refund.order_id = order.order_id;
  refund.merchant_order_id = order.merchant_order_id;
  refund.adjustment_id = std::move(adjustment_id);
  refund.order_item_code = order.order_item_code;
  refund.merchant_adjustment_item_id = std::move(merchant_adjustment_item_id);
  refund.sku = order.sku;
  refund.posted = posted;
  refund.channel = order.channel;
  refund.principal = order.principal;
  refund.tax = order.tax;
  // A promotion that made shipping free leaves nothing of it to refund.
  refund.shipping = order.shipping - order.shipping_promotion;
  refund.shipping_tax = order.shipping_tax - order.tax_discount;
  refund.tax_withheld = order.tax_withheld;
  refund.commission = order.commission;
  refund.refund_commission =
      std::min(ApplyRate(order.commission, kRefundCommissionBp), kMaxRefundCommission);
  refund.shipping_chargeback = order.shipping_chargeback;
  refund.digital_services_fee = ApplyRate(order.commission, profile.digital_services_rate_bp);
  return refund;
}

SettlementEvent RefundEvent(const MarketplaceProfile& profile, const RefundItem& refund) {
  SettlementEvent event;
  event.transaction_type = "Refund";
  event.order_id = refund.order_id;
  event.merchant_order_id =
      refund.merchant_order_id.empty() ? refund.order_id : refund.merchant_order_id;
  event.adjustment_id = refund.adjustment_id;
  event.marketplace_name = profile.name;
  event.fulfillment_id = ChannelId(refund.channel);
  event.posted = refund.posted;
  event.order_item_code = refund.order_item_code;
  event.merchant_adjustment_item_id = refund.merchant_adjustment_item_id;
  event.sku = refund.sku;

  // Row order of the real files: Tax, ShippingTax, Shipping, Principal, withheld tax, fees.
  AddIf(event, "ItemPrice", "Tax", -refund.tax);
  AddIf(event, "ItemPrice", "ShippingTax", -refund.shipping_tax);
  AddIf(event, "ItemPrice", "Shipping", -refund.shipping);
  event.amounts.push_back({"ItemPrice", "Principal", -refund.principal, {}});
  if (refund.tax_withheld) {
    AddIf(event, "ItemWithheldTax", profile.withheld_shipping, refund.shipping_tax);
    AddIf(event, "ItemWithheldTax", profile.withheld_principal, refund.tax);
  }
  AddIf(event, "ItemFees", "Commission", refund.commission);
  AddIf(event, "ItemFees", "RefundCommission", -refund.refund_commission);
  AddIf(event, "ItemFees", "ShippingChargeback", refund.shipping_chargeback);
  AddIf(event, "ItemFees", "DigitalServicesFee", refund.digital_services_fee);
  return event;
}

SettlementEvent ReserveEvent(ReserveKind kind, int64_t amount, Timestamp posted) {
  return OtherTransactionEvent(
      kind == ReserveKind::kPrevious ? "Previous Reserve Amount Balance" : "Current Reserve Amount",
      amount, posted);
}

SettlementEvent OtherTransactionEvent(std::string_view description, int64_t amount,
                                      Timestamp posted, std::string reference) {
  SettlementEvent event;
  event.transaction_type = "other-transaction";
  event.order_id = std::move(reference);
  event.posted = posted;
  event.amounts.push_back({"other-transaction", description, amount, {}});
  return event;
}

SettlementEvent ReimbursementEvent(const Reimbursement& reimbursement) {
  SettlementEvent event;
  event.transaction_type = "other-transaction";
  event.order_id = reimbursement.order_id;
  event.adjustment_id = reimbursement.adjustment_id;
  event.posted = reimbursement.posted;
  event.sku = reimbursement.sku;
  event.quantity = reimbursement.quantity;
  event.amounts.push_back(
      {"FBA Inventory Reimbursement", reimbursement.reason, reimbursement.amount, {}});
  return event;
}

SettlementEvent InboundDefectFeeEvent(const MarketplaceProfile& profile,
                                      std::string fba_shipment_id, int64_t amount,
                                      Timestamp posted) {
  SettlementEvent event;
  event.transaction_type = "FBAFees";
  event.order_id = std::move(fba_shipment_id);
  event.marketplace_name = profile.name;
  event.posted = posted;
  event.amounts.push_back({"Inbound Defect Fee", "Base fee", amount, {}});
  return event;
}

SettlementEvent AdvertisingEvent(int64_t amount, Timestamp posted) {
  SettlementEvent event;
  event.transaction_type = "ServiceFee";
  event.posted = posted;
  event.amounts.push_back({"Cost of Advertising", "TransactionTotalAmount", amount, {}});
  return event;
}

}  // namespace fbaflow::sim
