#include "engine/orders/order_exceptions.h"

namespace fbaflow::orders {

std::string_view DefaultOwner(std::string_view type) {
  if (type == kUnmappedSku || type == kOrderUnpriced ||
      type == RoutingProblemType(RoutingProblem::kUnknownChannel) ||
      type == RoutingProblemType(RoutingProblem::kNoLines)) {
    return "ecommerce";
  }
  if (type.starts_with("settlement") || type.starts_with("orphan")) return "finance";
  return "ops";
}

std::string OwnerOf(const OrderSettings& settings, std::string_view type) {
  if (auto it = settings.owners.find(std::string(type)); it != settings.owners.end()) {
    return it->second;
  }
  return std::string(DefaultOwner(type));
}

std::string OrderEntity(std::string_view order_id) { return "order " + std::string(order_id); }

std::string OutboxKey(std::string_view order_id, OrderTransition transition) {
  std::string key = "order/";
  key.append(order_id).push_back('/');
  key.append(OrderTransitionName(transition));
  return key;
}

std::string RouteKey(std::string_view order_id) {
  return "order/" + std::string(order_id) + "/route";
}

std::string_view OutboxKind(OrderTransition transition) {
  switch (transition) {
    case OrderTransition::kSale:
      return "erp.sale";
    case OrderTransition::kShip:
      return "erp.ship";
    case OrderTransition::kCancel:
      return "erp.cancel";
    case OrderTransition::kConfirm:
      return "amazon.confirm";
  }
  return "?";
}

}  // namespace fbaflow::orders
