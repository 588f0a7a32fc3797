#pragma once
// The payload of an "amazon.confirm" outbox item: which ERP shipment is confirmed and when it
// shipped, fixed when the warehouse shipped so that a retry confirms exactly the same thing.
// Text form "shipment=<id>;shipped_on=YYYY-MM-DD;tracking=<text>".

#include <optional>
#include <string>
#include <string_view>

#include "core/time/civil.h"

namespace fbaflow::orders {

struct ShipmentPayload {
  std::string shipment_id;
  CivilDate shipped_on;
  std::string tracking;  // "" when the ERP has none
};

std::string FormatShipmentPayload(const ShipmentPayload& payload);
std::optional<ShipmentPayload> ParseShipmentPayload(std::string_view text);

}  // namespace fbaflow::orders
