// Orders 2026-01-01: searchOrders and getOrder; Orders v0: confirmShipment.
#include <fmt/format.h>

#include <algorithm>

#include "sim/amazon/iso_time.h"
#include "sim/amazon/service.h"

namespace fbaflow::sim {
namespace {

const std::set<std::string> kIncludedData = {
    "BUYER",       "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION",         "CANCELLATION",
    "FULFILLMENT", "PACKAGES",  "TAX",      "PAYMENT", "FULFILLMENT_ORDERS"};
const std::set<std::string> kStatuses = {"PENDING_AVAILABILITY", "PENDING", "UNSHIPPED",
                                         "PARTIALLY_SHIPPED",    "SHIPPED", "CANCELLED",
                                         "UNFULFILLABLE"};

// Validates includedData into `out`; an error response on an unknown value.
std::optional<ApiResponse> ParseIncluded(const httplib::Request& req, std::set<std::string>* out) {
  for (const std::string& v : QueryList(req, "includedData")) {
    if (!kIncludedData.count(v))
      return InvalidInput(fmt::format("Invalid includedData value '{}'.", v));
    out->insert(v);
  }
  return std::nullopt;
}

// A required non-empty string member, or the 400 naming it.
std::optional<ApiResponse> RequiredString(const json& object, const char* name, const char* where,
                                          std::string* out) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string() || it->get<std::string>().empty())
    return InvalidInput(
        fmt::format("{}{} is required and must be a non-empty string.", where, name));
  *out = it->get<std::string>();
  return std::nullopt;
}

std::string OptionalString(const json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// ConfirmShipmentRequest (ordersV0.json) into a confirmation, or the 400 to answer.
std::optional<ApiResponse> ParseConfirmation(const json& body, ShipmentConfirmation* out) {
  if (auto err = RequiredString(body, "marketplaceId", "", &out->marketplace_id)) return err;
  auto detail = body.find("packageDetail");
  if (detail == body.end() || !detail->is_object())
    return InvalidInput("packageDetail is required and must be an object.");
  const char* where = "packageDetail.";
  if (auto err = RequiredString(*detail, "packageReferenceId", where, &out->package_reference_id))
    return err;
  // The model: "Only positive numeric values are supported."
  const std::string& ref = out->package_reference_id;
  if (ref.find_first_not_of("0123456789") != std::string::npos ||
      ref.find_first_not_of('0') == std::string::npos) {
    return InvalidInput(
        fmt::format("packageDetail.packageReferenceId '{}' must be a positive number.", ref));
  }
  if (auto err = RequiredString(*detail, "carrierCode", where, &out->carrier_code)) return err;
  if (auto err = RequiredString(*detail, "trackingNumber", where, &out->tracking_number))
    return err;
  std::string ship_date;
  if (auto err = RequiredString(*detail, "shipDate", where, &ship_date)) return err;
  // A date-time, as the model says: a bare date or "02/21/2022" is Amazon's "Invalid Input".
  Result<SimMillis> t = ParseIso(ship_date);
  if (ship_date.find('T') == std::string::npos || !t.Ok()) {
    return InvalidInput(
        fmt::format("packageDetail.shipDate '{}' is not an ISO 8601 date-time.", ship_date));
  }
  out->ship_date = *t;
  out->carrier_name = OptionalString(*detail, "carrierName");
  out->shipping_method = OptionalString(*detail, "shippingMethod");
  if (out->carrier_code == "Other" && out->carrier_name.empty())
    return InvalidInput("packageDetail.carrierName is required when carrierCode is Other.");
  auto items = detail->find("orderItems");
  if (items == detail->end() || !items->is_array())
    return InvalidInput("packageDetail.orderItems is required and must be an array.");
  for (const json& item : *items) {
    if (!item.is_object()) return InvalidInput("packageDetail.orderItems holds a non-object.");
    ConfirmedItem ci;
    if (auto err =
            RequiredString(item, "orderItemId", "packageDetail.orderItems[].", &ci.order_item_id))
      return err;
    auto q = item.find("quantity");
    if (q == item.end() || !q->is_number_integer()) {
      return InvalidInput(fmt::format(
          "packageDetail.orderItems[].quantity of item {} is required and must be an integer.",
          ci.order_item_id));
    }
    const int64_t quantity = q->get<int64_t>();
    if (quantity < 1) {
      return InvalidInput(
          fmt::format("Quantity of order item {} must be at least 1.", ci.order_item_id));
    }
    // Capped far above any order's quantity, which it then still exceeds.
    ci.quantity = static_cast<int>(std::min<int64_t>(quantity, 1'000'000));
    out->items.push_back(std::move(ci));
  }
  return std::nullopt;
}

}  // namespace

ApiResponse AmazonSim::Service::SearchOrders(Call& c) {
  const World& w = *c.world;
  std::set<std::string> included;
  if (auto err = ParseIncluded(c.req, &included)) return *err;
  std::string next;
  std::vector<std::string> page;
  json echo;
  const std::string token_text = QueryValue(c.req, "paginationToken");
  if (!token_text.empty()) {
    PageToken* token = nullptr;
    if (auto err = ContinuePage(c, token_text, "paginationToken", &page, &next, &token))
      return *err;
    echo = token->extra;
  } else {
    const std::string created_after = QueryValue(c.req, "createdAfter");
    const std::string created_before = QueryValue(c.req, "createdBefore");
    const std::string updated_after = QueryValue(c.req, "lastUpdatedAfter");
    const std::string updated_before = QueryValue(c.req, "lastUpdatedBefore");
    if (created_after.empty() == updated_after.empty()) {
      return InvalidInput("Exactly one of createdAfter and lastUpdatedAfter must be specified.");
    }
    const bool by_created = !created_after.empty();
    if (by_created && !updated_before.empty()) {
      return InvalidInput("lastUpdatedBefore cannot be specified with createdAfter.");
    }
    if (!by_created && !created_before.empty()) {
      return InvalidInput("createdBefore cannot be specified with lastUpdatedAfter.");
    }
    Result<SimMillis> after = ParseIso(by_created ? created_after : updated_after);
    if (!after.Ok()) return InvalidInput(after.GetStatus().Message());
    const SimMillis latest = c.now - 2 * kMinute;
    SimMillis before = latest;
    const std::string& before_text = by_created ? created_before : updated_before;
    if (!before_text.empty()) {
      Result<SimMillis> b = ParseIso(before_text);
      if (!b.Ok()) return InvalidInput(b.GetStatus().Message());
      if (*b > latest) {
        return InvalidInput(
            fmt::format("{} must be at least two minutes before the time of the request.",
                        by_created ? "createdBefore" : "lastUpdatedBefore"));
      }
      before = *b;
    }
    if (before < *after) {
      return InvalidInput(fmt::format("{} must be equal to or after {}.",
                                      by_created ? "createdBefore" : "lastUpdatedBefore",
                                      by_created ? "createdAfter" : "lastUpdatedAfter"));
    }
    std::set<std::string> statuses;
    for (const std::string& s : QueryList(c.req, "fulfillmentStatuses")) {
      if (!kStatuses.count(s))
        return InvalidInput(fmt::format("Invalid fulfillmentStatuses value '{}'.", s));
      statuses.insert(s);
    }
    std::set<std::string> by;
    for (const std::string& s : QueryList(c.req, "fulfilledBy")) {
      if (s != "AMAZON" && s != "MERCHANT")
        return InvalidInput(fmt::format("Invalid fulfilledBy value '{}'.", s));
      by.insert(s);
    }
    const std::vector<std::string> marketplaces = QueryList(c.req, "marketplaceIds");
    if (marketplaces.size() > 50) return InvalidInput("marketplaceIds accepts at most 50 values.");
    const bool ours = marketplaces.empty() ||
                      std::find(marketplaces.begin(), marketplaces.end(), w.GetMarketplace().id) !=
                          marketplaces.end();
    size_t page_size = 100;
    const std::string size_text = QueryValue(c.req, "maxResultsPerPage");
    if (!size_text.empty()) {
      int n = 0;
      try {
        n = std::stoi(size_text);
      } catch (const std::exception&) {
        n = 0;
      }
      if (n < 1 || n > 100) return InvalidInput("maxResultsPerPage must be between 1 and 100.");
      page_size = static_cast<size_t>(n);
    }
    // Matching orders, oldest first by the field filtered on.
    std::vector<const Order*> found;
    if (ours) {
      for (const Order& o : w.Orders()) {
        const SimMillis t = by_created ? o.created : o.last_updated;
        if (t < *after || t > before) continue;
        if (!statuses.empty() && !statuses.count(std::string(OrderStatusName(o.status)))) continue;
        if (!by.empty() && !by.count(o.afn ? "AMAZON" : "MERCHANT")) continue;
        found.push_back(&o);
      }
    }
    std::stable_sort(found.begin(), found.end(), [by_created](const Order* a, const Order* b) {
      return by_created ? a->created < b->created : a->last_updated < b->last_updated;
    });
    auto ids = std::make_shared<std::vector<std::string>>();
    for (const Order* o : found) ids->push_back(o->order_id);
    echo = json{{by_created ? "createdBefore" : "lastUpdatedBefore", FormatIso(before)}};
    PageToken token;
    token.operation = c.op.operation_id;
    token.seller = c.seller;
    token.ids = std::move(ids);
    token.page_size = page_size;
    token.extra = echo;
    token.extra["includedData"] = json(included);
    page = FirstPage(std::move(token), kHour, &next);
  }
  if (echo.contains("includedData") && token_text.size() > 0) {
    // A follow-up page keeps the datasets the first request asked for.
    for (const auto& v : echo["includedData"]) included.insert(v.get<std::string>());
  }
  json orders = json::array();
  for (const std::string& id : page) {
    const Order* o = w.FindOrder(id);
    if (o != nullptr) orders.push_back(OrderJson(w, *o, included));
  }
  json body = {{"orders", std::move(orders)}};
  if (!next.empty()) body["pagination"] = {{"nextToken", next}};
  for (const char* key : {"createdBefore", "lastUpdatedBefore"}) {
    if (echo.contains(key)) body[key] = echo[key];
  }
  return JsonResponse(200, body);
}

ApiResponse AmazonSim::Service::GetOrder(Call& c) {
  std::set<std::string> included;
  if (auto err = ParseIncluded(c.req, &included)) return *err;
  const std::string id = c.Path(1);
  const Order* o = c.world->FindOrder(id);
  if (o == nullptr)
    return ErrorResponse(404, "NotFound", fmt::format("Order {} was not found.", id));
  return JsonResponse(200, json{{"order", OrderJson(*c.world, *o, included)}});
}

// 204 with an empty body when the package is recorded. A package reference the order already has
// is answered 400 naming it: Amazon's documentation says nothing of duplicates, and its only
// documented answers to a request that cannot be applied are 400 with an errors list, so a
// client that resends a confirmation (after a lost answer) must look at the order's packages to
// tell its own first attempt from a mistake. Nothing is recorded for a refused request.
ApiResponse AmazonSim::Service::ConfirmShipment(Call& c) {
  const std::string id = c.Path(1);
  json body;
  if (auto err = ParseBody(c.req, &body)) return *err;
  ShipmentConfirmation confirmation;
  if (auto err = ParseConfirmation(body, &confirmation)) return *err;
  const Status s = c.world->ConfirmShipment(id, std::move(confirmation));
  if (s.Code() == StatusCode::kNotFound) return ErrorResponse(404, "NotFound", s.Message());
  if (!s.Ok()) return InvalidInput(s.Message());
  ApiResponse r;
  r.status = 204;
  return r;
}

}  // namespace fbaflow::sim
