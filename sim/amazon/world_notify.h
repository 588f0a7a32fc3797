#pragma once
// The notification bodies the world raises, shaped as Amazon's notification schemas
// (third_party/spapi-models/*Notification*.json). NotificationMetadata is added at delivery.

#include <string>

#include "sim/amazon/world.h"

namespace fbaflow::sim {

// ORDER_CHANGE (OrderChangeNotification.json): PascalCase envelope.
WorldNotification OrderNotification(const World& world, const Order& order, SimMillis now,
                                    const std::string& change_type, const std::string& reason);
// FBA_INVENTORY_AVAILABILITY_CHANGES (FBAInventoryAvailabilityChangeNotification.json).
WorldNotification InventoryNotification(const World& world, const Sku& sku, SimMillis now);
// REPORT_PROCESSING_FINISHED (ReportProcessingFinishedNotification.json): camelCase envelope.
WorldNotification ReportNotification(const World& world, const Report& report, SimMillis now);

}  // namespace fbaflow::sim
