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

std::string_view WriteName(std::string_view kind) {
  if (kind == "erp.sale") return "the ERP sale";
  if (kind == "erp.ship") return "the ERP shipment";
  if (kind == "erp.cancel") return "the ERP cancellation";
  if (kind == "amazon.confirm") return "the shipment confirmation to Amazon";
  if (kind == "erp.move") return "the settlement journal";
  return kind;
}

std::string DescribeKey(std::string_view key) {
  // "order/<id>/<transition>" or "settlement/<id>/<period>"
  const size_t first = key.find('/');
  const size_t last = key.rfind('/');
  if (first == std::string_view::npos || last <= first) return std::string(key);
  const std::string_view head = key.substr(0, first);
  const std::string_view middle = key.substr(first + 1, last - first - 1);
  const std::string_view tail = key.substr(last + 1);
  if (head == "settlement") {
    return "the settlement journal of " + std::string(middle) + " for " + std::string(tail);
  }
  if (head != "order") return std::string(key);
  if (tail == "route")
    return "order " + std::string(middle) + " (nothing is sent until it is resolved)";
  for (OrderTransition t : {OrderTransition::kSale, OrderTransition::kShip,
                            OrderTransition::kCancel, OrderTransition::kConfirm}) {
    if (tail == OrderTransitionName(t)) {
      return std::string(WriteName(OutboxKind(t))) + " of order " + std::string(middle);
    }
  }
  return std::string(key);
}

}  // namespace fbaflow::orders
