#include "sim/amazon/world_notify.h"

#include "sim/amazon/iso_time.h"

namespace fbaflow::sim {

using nlohmann::json;

WorldNotification OrderNotification(const World& world, const Order& order, SimMillis now,
                                    const std::string& change_type, const std::string& reason) {
  int shipped = 0;
  int unshipped = 0;
  json items = json::array();
  for (const OrderLine& item : order.items) {
    shipped += item.quantity_shipped;
    unshipped += item.quantity - item.quantity_shipped;
    json j = {{"OrderItemId", item.order_item_id},
              {"SellerSKU", world.Skus()[static_cast<size_t>(item.sku)].seller_sku},
              {"SupplySourceId", nullptr},
              {"Quantity", item.quantity},
              {"QuantityShipped", item.quantity_shipped},
              {"IsBuyerRequestedCancel", order.buyer_requested_cancel}};
    if (order.status == OrderStatus::kShipped) j["OrderItemStatus"] = "Shipped";
    if (order.status == OrderStatus::kUnshipped) j["OrderItemStatus"] = "Unshipped";
    items.push_back(std::move(j));
  }
  json summary = {
      {"MarketplaceId", world.GetMarketplace().id},
      {"OrderStatus", OrderStatusNotificationName(order.status)},
      {"PurchaseDate", FormatIsoMillis(order.created)},
      {"DestinationPostalCode", order.address.postal_code},
      {"FulfillmentType", order.afn ? "AFN" : "MFN"},
      {"OrderType", "StandardOrder"},
      {"NumberOfItemsShipped", shipped},
      {"NumberOfItemsUnshipped", order.status == OrderStatus::kCancelled ? 0 : unshipped},
      {"OrderItems", std::move(items)}};
  if (order.prime) summary["OrderPrograms"] = json::array({"Prime"});
  if (order.status == OrderStatus::kCancelled)
    summary["CancelNotifyDate"] = FormatIsoMillis(order.cancelled);
  json body = {{"NotificationVersion", "1.0"},
               {"NotificationType", "ORDER_CHANGE"},
               {"PayloadVersion", "1.0"},
               {"EventTime", FormatIsoMillis(now)},
               {"Payload",
                {{"OrderChangeNotification",
                  {{"NotificationLevel", "OrderLevel"},
                   {"SellerId", world.SellerId()},
                   {"AmazonOrderId", order.order_id},
                   {"OrderChangeType", change_type},
                   {"OrderChangeTrigger",
                    {{"TimeOfOrderChange", FormatIsoMillis(now)}, {"ChangeReason", reason}}},
                   {"Summary", std::move(summary)}}}}}};
  return {"ORDER_CHANGE", now, std::move(body)};
}

WorldNotification InventoryNotification(const World& world, const Sku& sku, SimMillis now) {
  json inventory = {{"InboundQuantityBreakdown",
                     {{"Working", sku.inbound_working},
                      {"Shipped", sku.inbound_shipped},
                      {"Receiving", sku.inbound_receiving}}},
                    {"Fulfillable", sku.fulfillable},
                    {"Unfulfillable", sku.Unfulfillable()},
                    {"Researching", sku.researching},
                    {"ReservedQuantityBreakdown",
                     {{"WarehouseProcessing", sku.reserved_fc_processing},
                      {"WarehouseTransfer", 0},
                      {"PendingCustomerOrder", sku.reserved_pending_customer}}},
                    {"FutureSupplyBuyable", 0},
                    {"PendingCustomerOrderInTransit", 0}};
  json body = {{"NotificationVersion", "1.0"},
               {"NotificationType", "FBA_INVENTORY_AVAILABILITY_CHANGES"},
               {"PayloadVersion", "1.0"},
               {"EventTime", FormatIsoMillis(now)},
               {"Payload",
                {{"SellerId", world.SellerId()},
                 {"FNSKU", sku.fnsku},
                 {"ASIN", sku.asin},
                 {"SKU", sku.seller_sku},
                 {"FulfillmentInventoryByMarketplace",
                  json::array({{{"MarketplaceId", world.GetMarketplace().id},
                                {"ItemName", sku.title},
                                {"FulfillmentInventory", std::move(inventory)}}})}}}};
  return {"FBA_INVENTORY_AVAILABILITY_CHANGES", now, std::move(body)};
}

WorldNotification ReportNotification(const World& world, const Report& report, SimMillis now) {
  json inner = {{"sellerId", world.SellerId()},
                {"accountId", "amzn1.merchant.o." + world.SellerId()},
                {"reportId", report.report_id},
                {"reportType", report.report_type},
                {"processingStatus", ProcessingStatusName(report.status)}};
  if (!report.document_id.empty()) inner["reportDocumentId"] = report.document_id;
  json body = {{"notificationVersion", "2020-09-04"},
               {"notificationType", "REPORT_PROCESSING_FINISHED"},
               {"payloadVersion", "2020-09-04"},
               {"eventTime", FormatIsoMillis(now)},
               {"payload", {{"reportProcessingFinishedNotification", std::move(inner)}}}};
  return {"REPORT_PROCESSING_FINISHED", now, std::move(body)};
}

}  // namespace fbaflow::sim
