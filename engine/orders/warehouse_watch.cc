#include "engine/orders/warehouse_watch.h"

#include <fmt/format.h>

#include "engine/orders/order_exceptions.h"
#include "engine/orders/route_record.h"
#include "engine/orders/shipment_payload.h"

namespace fbaflow::orders {

Result<WatchReport> WatchWarehouse(Erp& erp, OrderStore& store, Clock& clock,
                                   const OrderSettings& settings) {
  WatchReport report;
  ASSIGN_OR_RETURN(std::vector<OrderRecord> waiting, store.OrdersAwaitingWarehouse());
  StoreBatch batch;
  const Timestamp now = clock.WallTimestamp();
  for (OrderRecord& rec : waiting) {
    if (rec.erp_sale_id.empty()) continue;  // the sale has not landed yet
    ++report.watched;
    Result<ErpShipment> shipment = erp.ShipmentOf(rec.order_id);
    if (!shipment.Ok()) {
      if (shipment.GetStatus().IsRetryable()) {
        // The ERP is down or busy: the rest waits for the next pass; what was seen is kept.
        report.unavailable = shipment.GetStatus();
        break;
      }
      // A refused login is a configuration error, not this order's: end the pass with it.
      if (shipment.GetStatus().Code() == StatusCode::kUnauthenticated) return shipment.GetStatus();
      const std::string type(kErpRejected);
      batch.raise.push_back({type, OwnerOf(settings, type), OrderEntity(rec.order_id),
                             "cannot read the ERP shipment: " + shipment.GetStatus().Message(),
                             RouteKey(rec.order_id), now});
      ++report.problems;
      continue;
    }
    if (shipment->state == ErpShipmentState::kCancelled && rec.amazon_status != "CANCELLED") {
      const std::string type(kErpShipmentCancelled);
      batch.raise.push_back(
          {type, OwnerOf(settings, type), OrderEntity(rec.order_id),
           fmt::format("the ERP shipment of sale {} was cancelled but Amazon still expects order "
                       "{} to ship: ship it, or cancel the order in Seller Central",
                       rec.erp_sale_number, rec.order_id),
           RouteKey(rec.order_id), now});
      ++report.problems;
      continue;
    }
    if (shipment->state != ErpShipmentState::kDone) continue;
    rec.erp_shipped = true;
    const ShipmentPayload payload{shipment->id, shipment->shipped_on.value_or(now.UtcDate()), ""};
    const RouteOutcome routed =
        RouteRecord(rec, settings, now, batch, FormatShipmentPayload(payload));
    report.shipped += routed.queued;
    batch.audit.push_back({now, "fbaflow", "warehouse shipped", OrderEntity(rec.order_id),
                           fmt::format("ERP shipment {} done on {}", payload.shipment_id,
                                       payload.shipped_on.ToString())});
    batch.orders.push_back(std::move(rec));
  }
  if (!batch.Empty()) RETURN_IF_ERROR(store.Apply(batch));
  return report;
}

}  // namespace fbaflow::orders
