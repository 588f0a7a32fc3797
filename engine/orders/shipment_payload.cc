#include "engine/orders/shipment_payload.h"

#include <fmt/format.h>

#include "core/time/date_parse.h"

namespace fbaflow::orders {

std::string FormatShipmentPayload(const ShipmentPayload& p) {
  return fmt::format("shipment={};shipped_on={};tracking={}", p.shipment_id,
                     p.shipped_on.ToString(), p.tracking);
}

std::optional<ShipmentPayload> ParseShipmentPayload(std::string_view text) {
  ShipmentPayload p;
  bool have_id = false, have_date = false;
  while (!text.empty()) {
    const size_t end = text.find(';');
    std::string_view field = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const size_t eq = field.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view name = field.substr(0, eq), value = field.substr(eq + 1);
    if (name == "shipment") {
      p.shipment_id = std::string(value);
      have_id = !value.empty();
    } else if (name == "shipped_on") {
      Result<ParsedDate> date = ParseDate(value);
      if (!date.Ok() || date->style.has_time || date->style.layout != DateLayout::kYmdDash) {
        return std::nullopt;
      }
      p.shipped_on = date->date;
      have_date = true;
    } else if (name == "tracking") {
      p.tracking = std::string(value);
    }
  }
  if (!have_id || !have_date) return std::nullopt;
  return p;
}

}  // namespace fbaflow::orders
