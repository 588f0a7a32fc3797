#include "sim/amazon/settlement_render.h"

#include <stdexcept>

#include "sim/settlement_gen.h"

namespace fbaflow::sim {
namespace {

Timestamp At(SimMillis t) { return Timestamp{t / 1000 - (t % 1000 < 0 ? 1 : 0), 0}; }

bool SameContext(const SettlementEvent& e, const SettlementRow& r) {
  return e.transaction_type == r.transaction_type && e.order_id == r.order_id &&
         e.merchant_order_id == r.merchant_order_id && e.adjustment_id == r.adjustment_id &&
         e.shipment_id == r.shipment_id && e.marketplace_name == r.marketplace_name &&
         e.fulfillment_id == r.fulfillment_id && e.posted == At(r.posted) &&
         e.order_item_code == r.order_item_code &&
         e.merchant_order_item_id == r.merchant_order_item_id &&
         e.merchant_adjustment_item_id == r.merchant_adjustment_item_id && e.sku == r.sku &&
         e.quantity == r.quantity;
}

}  // namespace

std::string RenderSettlementReport(const SettlementPeriod& period) {
  Result<Marketplace> marketplace = MarketplaceFromCode(period.marketplace.code);
  if (!marketplace.Ok()) throw std::logic_error(marketplace.GetStatus().ToString());
  SettlementHeader header;
  header.settlement_id = period.settlement_id;
  header.marketplace = *marketplace;
  header.start = At(period.start);
  header.end = At(period.end);
  header.deposit = At(period.deposit);
  SettlementPlan plan(std::move(header));
  SettlementEvent event;
  bool open = false;
  for (const SettlementRow& r : period.rows) {
    if (open && !SameContext(event, r)) {
      plan.Add(std::move(event));
      event = SettlementEvent{};
      open = false;
    }
    if (!open) {
      event.transaction_type = r.transaction_type;
      event.order_id = r.order_id;
      event.merchant_order_id = r.merchant_order_id;
      event.adjustment_id = r.adjustment_id;
      event.shipment_id = r.shipment_id;
      event.marketplace_name = r.marketplace_name;
      event.fulfillment_id = r.fulfillment_id;
      event.posted = At(r.posted);
      event.order_item_code = r.order_item_code;
      event.merchant_order_item_id = r.merchant_order_item_id;
      event.merchant_adjustment_item_id = r.merchant_adjustment_item_id;
      event.sku = r.sku;
      event.quantity = r.quantity;
      open = true;
    }
    // The plan copies the key strings when the event is added; the row outlives this loop anyway.
    event.amounts.push_back(
        Amount{r.amount_type, r.amount_description, r.amount.MinorUnits(), r.promotion_id});
  }
  if (open) plan.Add(std::move(event));
  Result<std::string> text = RenderSettlementToString(plan);
  if (!text.Ok()) throw std::logic_error("settlement writer: " + text.GetStatus().ToString());
  return *std::move(text);
}

}  // namespace fbaflow::sim
