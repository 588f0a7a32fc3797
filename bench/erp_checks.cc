#include "bench/erp_checks.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <unordered_map>

namespace fbaflow::bench {
namespace {

bool ShippedByAmazon(const amazon::Order& o) {
  return o.fulfilled_by == amazon::FulfilledBy::kAmazon && o.fulfillment_status == "SHIPPED";
}

FulfilmentRole RoleOf(const amazon::Order& o) {
  return o.fulfilled_by == amazon::FulfilledBy::kMerchant ? FulfilmentRole::kOwnWarehouse
                                                          : FulfilmentRole::kAmazonFba;
}

Status Wrong(const std::string& order_id, const std::string& what) {
  return FailedPrecondition(fmt::format("the ERP is wrong for order {}: {}", order_id, what));
}

Status CheckLines(const OrderMix& mix, const amazon::Order& o, const ErpSaleRequest& sale) {
  if (sale.lines.size() != o.items.size()) {
    return Wrong(o.order_id,
                 fmt::format("{} sale lines for {} items", sale.lines.size(), o.items.size()));
  }
  for (size_t i = 0; i < o.items.size(); ++i) {
    const amazon::OrderItem& item = o.items[i];
    const ErpSaleLine& line = sale.lines[i];
    const sim::Sku* sku = mix.FindSku(item.seller_sku);
    if (sku == nullptr || line.item_code != sku->erp_item_code ||
        line.quantity != item.quantity_ordered || line.unit_price != *item.unit_price) {
      return Wrong(o.order_id, fmt::format("line {} is {} x {} for SKU {}", i + 1, line.quantity,
                                           line.item_code, item.seller_sku));
    }
  }
  return OkStatus();
}

}  // namespace

Status CheckFakeErp(const OrderMix& mix, const std::vector<amazon::Order>& orders,
                    const testing::FakeErp& erp) {
  const std::vector<testing::FakeErp::Sale> sales = erp.Sales();
  std::unordered_map<std::string, const testing::FakeErp::Sale*> by_reference;
  for (const testing::FakeErp::Sale& s : sales) {
    if (!by_reference.emplace(s.sale.reference, &s).second) {
      return Wrong(s.sale.reference, "two ERP sales");
    }
  }
  size_t landing = 0;
  for (const amazon::Order& o : orders) {
    auto it = by_reference.find(o.order_id);
    if (!mix.Lands(o)) {
      if (it != by_reference.end()) return Wrong(o.order_id, "a sale despite an unmapped SKU");
      continue;
    }
    ++landing;
    if (it == by_reference.end()) return Wrong(o.order_id, "no ERP sale");
    const testing::FakeErp::Sale& s = *it->second;
    if (s.sale.role != RoleOf(o)) return Wrong(o.order_id, "the wrong warehouse");
    RETURN_IF_ERROR(CheckLines(mix, o, s.request));
    const bool done = s.shipment.state == ErpShipmentState::kDone;
    if (done != ShippedByAmazon(o)) {
      return Wrong(o.order_id,
                   fmt::format("shipment {} for an order {} at Amazon",
                               ErpShipmentStateName(s.shipment.state), o.fulfillment_status));
    }
  }
  if (sales.size() != landing) {
    return FailedPrecondition(
        fmt::format("the ERP holds {} sales for {} landing orders", sales.size(), landing));
  }
  return OkStatus();
}

Status CheckTryton(const OrderMix& mix, const std::vector<amazon::Order>& orders,
                   erp::TrytonErp& erp) {
  nlohmann::json references = nlohmann::json::array();
  size_t landing = 0;
  for (const amazon::Order& o : orders) {
    references.push_back(o.order_id);
    if (mix.Lands(o)) ++landing;
  }
  const nlohmann::json domain =
      nlohmann::json::array({nlohmann::json::array({"reference", "in", references})});
  ASSIGN_OR_RETURN(nlohmann::json count,
                   erp.Rpc().Call("model.sale.sale.search_count", nlohmann::json::array({domain})));
  if (!count.is_number_integer() || count.get<int64_t>() != static_cast<int64_t>(landing)) {
    return FailedPrecondition(
        fmt::format("Tryton holds {} sales for {} landing orders", count.dump(), landing));
  }
  for (const amazon::Order& o : orders) {
    ASSIGN_OR_RETURN(std::optional<ErpSale> sale, erp.FindSale(o.order_id));
    if (!mix.Lands(o)) {
      if (sale) return Wrong(o.order_id, "a sale despite an unmapped SKU");
      continue;
    }
    if (!sale) return Wrong(o.order_id, "no ERP sale");
    if (sale->role != RoleOf(o)) return Wrong(o.order_id, "the wrong warehouse");
    if (!ShippedByAmazon(o)) continue;
    ASSIGN_OR_RETURN(ErpShipment shipment, erp.ShipmentOf(o.order_id));
    if (shipment.state != ErpShipmentState::kDone) {
      return Wrong(o.order_id, fmt::format("shipment {} for an order Amazon shipped",
                                           ErpShipmentStateName(shipment.state)));
    }
  }
  return OkStatus();
}

}  // namespace fbaflow::bench
