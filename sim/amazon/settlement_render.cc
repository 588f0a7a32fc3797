#include "sim/amazon/settlement_render.h"

#include <fmt/format.h>

#include "core/time/civil.h"

namespace fbaflow::sim {
namespace {

constexpr const char* kHeader =
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\t"
    "transaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\t"
    "amount-type\tamount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\t"
    "order-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased\t"
    "promotion-id\n";

struct Style {
  bool dotted_dates;
  bool comma_decimals;
};

Style StyleOf(const Marketplace& m) {
  if (m.code == "US") return {false, false};
  if (m.code == "DE") return {true, true};
  return {true, false};
}

std::string DateTime(SimMillis t, const Style& s) {
  const Timestamp ts{t / 1000, 0};
  const CivilDate d = ts.UtcDate();
  const int64_t secs = ts.utc_seconds - d.DaysSinceEpoch() * 86400;
  const auto h = static_cast<int>(secs / 3600), m = static_cast<int>(secs / 60 % 60),
             sec = static_cast<int>(secs % 60);
  if (s.dotted_dates) return fmt::format("{:02d}.{:02d}.{:04d} {:02d}:{:02d}:{:02d} UTC", d.day, d.month, d.year, h, m, sec);
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d} UTC", d.year, d.month, d.day, h, m, sec);
}

std::string Date(SimMillis t, const Style& s) {
  const CivilDate d = Timestamp{t / 1000, 0}.UtcDate();
  if (s.dotted_dates) return fmt::format("{:02d}.{:02d}.{:04d}", d.day, d.month, d.year);
  return d.ToString();
}

std::string Amount(const Money& m, const Style& s) {
  std::string text = m.ToString();
  if (s.comma_decimals) {
    for (char& c : text) {
      if (c == '.') c = ',';
    }
  }
  return text;
}

}  // namespace

std::string RenderSettlementReport(const SettlementPlan& plan) {
  const Style style = StyleOf(plan.marketplace);
  std::string out = kHeader;
  out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}", plan.settlement_id, DateTime(plan.start, style),
                     DateTime(plan.end, style), DateTime(plan.deposit, style),
                     Amount(plan.Total(), style), plan.marketplace.currency.Code());
  out += std::string(18, '\t') + "\n";
  for (const SettlementRow& r : plan.rows) {
    out += fmt::format("{}\t\t\t\t\t\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                       plan.settlement_id, r.transaction_type, r.order_id, r.merchant_order_id,
                       r.adjustment_id, r.shipment_id, r.marketplace_name, r.amount_type,
                       r.amount_description, Amount(r.amount, style), r.fulfillment_id,
                       Date(r.posted, style), DateTime(r.posted, style), r.order_item_code,
                       r.merchant_order_item_id, r.merchant_adjustment_item_id, r.sku,
                       r.quantity > 0 ? std::to_string(r.quantity) : std::string(), r.promotion_id);
  }
  return out;
}

}  // namespace fbaflow::sim
