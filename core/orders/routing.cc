#include "core/orders/routing.h"

namespace fbaflow {

std::string_view FulfilmentRoleName(FulfilmentRole role) {
  return role == FulfilmentRole::kAmazonFba ? "fba" : "own";
}

std::string_view OrderTransitionName(OrderTransition t) {
  switch (t) {
    case OrderTransition::kSale:
      return "sale";
    case OrderTransition::kShip:
      return "ship";
    case OrderTransition::kCancel:
      return "cancel";
    case OrderTransition::kConfirm:
      return "confirm";
  }
  return "?";
}

std::string_view RoutingProblemType(RoutingProblem p) {
  switch (p) {
    case RoutingProblem::kNone:
      return "";
    case RoutingProblem::kUnknownChannel:
      return "order-unknown-channel";
    case RoutingProblem::kCancelledAfterShipping:
      return "order-cancelled-after-shipping";
    case RoutingProblem::kUnfulfillable:
      return "order-unfulfillable";
    case RoutingProblem::kNoLines:
      return "order-without-lines";
  }
  return "";
}

RoutingDecision RouteOrder(const OrderFacts& facts, const OrderProgress& progress) {
  RoutingDecision d;
  const TransitionSet queued = progress.queued;
  const bool erp_shipped = progress.erp_shipped;
  const bool fba = facts.fulfilled_by == "AMAZON";
  const bool fbm = facts.fulfilled_by == "MERCHANT";
  d.role = fbm ? FulfilmentRole::kOwnWarehouse : FulfilmentRole::kAmazonFba;
  const std::string_view s = facts.status;

  if (s == "CANCELLED") {
    // Nothing in the ERP yet: nothing to undo. A sale queued or made: cancel it, unless it
    // already left a warehouse, which is a return for a person.
    if (!queued.Has(OrderTransition::kSale) || queued.Has(OrderTransition::kCancel)) return d;
    if (erp_shipped || queued.Has(OrderTransition::kShip) ||
        queued.Has(OrderTransition::kConfirm)) {
      d.problem = RoutingProblem::kCancelledAfterShipping;
      return d;
    }
    d.enqueue.Add(OrderTransition::kCancel);
    return d;
  }
  if (s == "PENDING" || s == "PENDING_AVAILABILITY" || !facts.priced) {
    d.waiting = true;
    return d;
  }
  if (!fba && !fbm) {
    d.problem = RoutingProblem::kUnknownChannel;
    return d;
  }
  if (!facts.has_lines) {
    d.problem = RoutingProblem::kNoLines;
    return d;
  }
  if (s == "UNFULFILLABLE") {
    d.problem = RoutingProblem::kUnfulfillable;
    return d;
  }
  if (queued.Has(OrderTransition::kCancel)) return d;  // cancelled before: stays cancelled
  if (!queued.Has(OrderTransition::kSale)) d.enqueue.Add(OrderTransition::kSale);
  if (fba && s == "SHIPPED" && progress.sale_done && !queued.Has(OrderTransition::kShip)) {
    d.enqueue.Add(OrderTransition::kShip);
  }
  if (fbm && erp_shipped && !queued.Has(OrderTransition::kConfirm) && s != "SHIPPED") {
    d.enqueue.Add(OrderTransition::kConfirm);
  }
  return d;
}

}  // namespace fbaflow
