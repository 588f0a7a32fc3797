#include "engine/orders/route_record.h"

#include <fmt/format.h>

#include "engine/orders/order_exceptions.h"

namespace fbaflow::orders {
namespace {

OrderFacts FactsOf(const OrderRecord& r) {
  OrderFacts f;
  f.fulfilled_by = r.fulfilled_by;
  f.status = r.amazon_status;
  f.priced = !r.lines.empty();
  for (const OrderLineRecord& line : r.lines) {
    if (line.quantity > 0) f.has_lines = true;
    if (line.quantity > 0 && !line.unit_price) f.priced = false;
  }
  return f;
}

std::string ProblemMessage(RoutingProblem p, const OrderRecord& r) {
  switch (p) {
    case RoutingProblem::kCancelledAfterShipping:
      return fmt::format(
          "Amazon cancelled order {} after it shipped{}: handle it as a return in the ERP, then "
          "resolve this exception",
          r.order_id, r.erp_sale_number.empty() ? "" : " (ERP sale " + r.erp_sale_number + ")");
    case RoutingProblem::kUnfulfillable:
      return fmt::format(
          "Amazon marks order {} unfulfillable: check the stock and the listing; the order stays "
          "out of the ERP until Amazon changes it",
          r.order_id);
    case RoutingProblem::kUnknownChannel:
      return fmt::format(
          "order {} has fulfilment channel '{}', neither AMAZON nor MERCHANT: fbaflow cannot "
          "choose a warehouse",
          r.order_id, r.fulfilled_by);
    case RoutingProblem::kNoLines:
      return fmt::format("order {} has no item with a quantity to sell", r.order_id);
    case RoutingProblem::kNone:
      break;
  }
  return "";
}

}  // namespace

RouteOutcome RouteRecord(OrderRecord& record, const OrderSettings& settings, Timestamp now,
                         StoreBatch& batch, const std::string& confirm_payload) {
  RouteOutcome out;
  const OrderProgress progress{record.queued, !record.erp_sale_id.empty(), record.erp_shipped};
  const RoutingDecision d = RouteOrder(FactsOf(record), progress);
  out.waiting = d.waiting;
  for (OrderTransition t : {OrderTransition::kSale, OrderTransition::kShip,
                            OrderTransition::kCancel, OrderTransition::kConfirm}) {
    if (!d.enqueue.Has(t)) continue;
    OutboxItem item;
    item.key = OutboxKey(record.order_id, t);
    item.kind = std::string(OutboxKind(t));
    item.entity = OrderEntity(record.order_id);
    if (t == OrderTransition::kConfirm) item.payload = confirm_payload;
    item.created_at = now;
    item.next_attempt_at = now;
    batch.enqueue.push_back(std::move(item));
    record.queued.Add(t);
    ++out.queued;
  }
  if (d.problem != RoutingProblem::kNone) {
    const std::string type(RoutingProblemType(d.problem));
    batch.raise.push_back({type, OwnerOf(settings, type), OrderEntity(record.order_id),
                           ProblemMessage(d.problem, record), RouteKey(record.order_id), now});
    out.problem = true;
  }
  return out;
}

}  // namespace fbaflow::orders
