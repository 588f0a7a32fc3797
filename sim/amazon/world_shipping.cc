// The seller's shipment confirmations (Orders v0 confirmShipment) in the world.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "sim/amazon/world.h"

namespace fbaflow::sim {

Status World::ConfirmShipment(std::string_view order_id, ShipmentConfirmation confirmation) {
  auto found = order_index_.find(order_id);
  if (found == order_index_.end()) return NotFound(fmt::format("Order {} not found.", order_id));
  const size_t index = found->second;
  Order& order = orders_[index];

  // Everything is checked before anything changes: a refused package leaves no trace.
  if (confirmation.marketplace_id != marketplace_.id) {
    return InvalidArgument(fmt::format("Order {} does not belong to marketplace {}.", order_id,
                                       confirmation.marketplace_id));
  }
  if (order.afn) {
    return InvalidArgument(
        fmt::format("Order {} is fulfilled by Amazon; only merchant-fulfilled orders can be "
                    "confirmed.",
                    order_id));
  }
  if (order.status == OrderStatus::kCancelled)
    return InvalidArgument(fmt::format("Order {} is cancelled.", order_id));
  if (order.status == OrderStatus::kPending) {
    return InvalidArgument(fmt::format(
        "Order {} is pending; it cannot be shipped before payment is authorized.", order_id));
  }
  // The same package again is told apart from a new package for a shipped order.
  for (const ShipmentConfirmation& earlier : order.confirmations) {
    if (earlier.package_reference_id == confirmation.package_reference_id) {
      return InvalidArgument(fmt::format("Package {} of order {} has already been confirmed.",
                                         confirmation.package_reference_id, order_id));
    }
  }
  if (order.status == OrderStatus::kShipped)
    return InvalidArgument(fmt::format("Order {} has already been shipped in full.", order_id));
  if (confirmation.items.empty())
    return InvalidArgument("packageDetail.orderItems must list at least one item.");
  if (confirmation.ship_date < order.created) {
    return InvalidArgument(
        fmt::format("shipDate cannot be earlier than the order's purchase date ({}).", order_id));
  }
  if (confirmation.ship_date > now_) {
    return InvalidArgument(fmt::format("shipDate cannot be in the future ({}).", order_id));
  }
  std::map<std::string, int, std::less<>> asked;  // an item listed twice counts twice
  for (const ConfirmedItem& item : confirmation.items) {
    if (item.quantity < 1) {
      return InvalidArgument(
          fmt::format("Quantity of order item {} must be at least 1.", item.order_item_id));
    }
    asked[item.order_item_id] += item.quantity;
  }
  for (const auto& [item_id, quantity] : asked) {
    const OrderLine* line = nullptr;
    for (const OrderLine& l : order.items) {
      if (l.order_item_id == item_id) line = &l;
    }
    if (line == nullptr) {
      return InvalidArgument(
          fmt::format("Order item {} is not part of order {}.", item_id, order_id));
    }
    const int left = line->quantity - line->quantity_shipped;
    if (quantity > left) {
      return InvalidArgument(
          fmt::format("Quantity {} of order item {} exceeds the {} unit(s) left to ship.", quantity,
                      item_id, left));
    }
  }

  bool all_shipped = true;
  for (OrderLine& line : order.items) {
    auto it = asked.find(line.order_item_id);
    if (it != asked.end()) line.quantity_shipped += it->second;
    all_shipped = all_shipped && line.quantity_shipped == line.quantity;
  }
  confirmation.received = now_;
  order.last_updated = now_;
  order.shipped = std::max(order.shipped, confirmation.ship_date);
  order.carrier =
      confirmation.carrier_name.empty() ? confirmation.carrier_code : confirmation.carrier_name;
  order.tracking_number = confirmation.tracking_number;
  order.confirmations.push_back(std::move(confirmation));
  if (!all_shipped) {
    order.status = OrderStatus::kPartiallyShipped;
    NotifyOrder(order, "OrderStatusChange", "Order partially shipped");
    return OkStatus();
  }
  order.status = OrderStatus::kShipped;
  // Ids from the request generator: a client's confirmations never change the orders the world
  // goes on to produce.
  order.shipment_id =
      request_rng_.Chars("ABCDEFGHJKLMNPQRSTVWXYZabcdefghijkmnpqrstuvwxyz0123456789", 9);
  BookShipment(index, "", request_rng_);
  NotifyOrder(order, "OrderStatusChange", "Order shipped");
  return OkStatus();
}

const std::vector<ShipmentConfirmation>& World::Confirmations(std::string_view order_id) const {
  static const std::vector<ShipmentConfirmation> kNone;
  const Order* order = FindOrder(order_id);
  return order == nullptr ? kNone : order->confirmations;
}

}  // namespace fbaflow::sim
