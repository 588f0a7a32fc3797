// FBA Inventory (getInventorySummaries) and Listings Items 2021-08-01.
#include <fmt/format.h>

#include <algorithm>

#include "sim/amazon/iso_time.h"
#include "sim/amazon/service.h"

namespace fbaflow::sim {
namespace {

constexpr size_t kInventoryPageSize = 50;
constexpr SimMillis kInventoryTokenLifetime = 30 * kSecond;  // documented: 30 seconds after issue

const std::set<std::string> kListingsData = {
    "summaries",   "attributes",    "issues",      "offers", "fulfillmentAvailability",
    "procurement", "relationships", "productTypes"};

// FBA Inventory's error list sits in GetInventorySummariesResponse.errors.
ApiResponse InventoryError(int status, const std::string& code, const std::string& message) {
  return ErrorResponse(status, code, message);
}

}  // namespace

ApiResponse AmazonSim::Service::GetInventorySummaries(Call& c) {
  const World& w = *c.world;
  const std::string& marketplace = w.GetMarketplace().id;
  // Required on every page, the first and the following ones.
  if (QueryValue(c.req, "granularityType") != "Marketplace") {
    return InventoryError(400, "InvalidInput",
                          "granularityType is required and must be Marketplace.");
  }
  if (QueryValue(c.req, "granularityId") != marketplace) {
    return InventoryError(
        400, "InvalidInput",
        fmt::format("granularityId must be the marketplace id ({}).", marketplace));
  }
  const std::vector<std::string> marketplaces = QueryList(c.req, "marketplaceIds");
  if (marketplaces.size() != 1 || marketplaces[0] != marketplace) {
    return InventoryError(
        400, "InvalidInput",
        fmt::format("marketplaceIds must hold exactly one marketplace ({}).", marketplace));
  }
  const std::string details_text = QueryValue(c.req, "details");
  const bool details = details_text == "true";
  std::string next;
  std::vector<std::string> page;
  const std::string token_text = QueryValue(c.req, "nextToken");
  if (!token_text.empty()) {
    if (auto err = ContinuePage(c, token_text, "nextToken", &page, &next)) return *err;
  } else {
    std::optional<SimMillis> since;
    const std::string start = QueryValue(c.req, "startDateTime");
    if (!start.empty()) {
      Result<SimMillis> t = ParseIso(start);
      if (!t.Ok())
        return InventoryError(
            400, "InvalidInput",
            "Query parameter [startDateTime] value is not a valid ISO date-time object");
      if (*t < c.now - 548 * kDay)
        return InventoryError(400, "InvalidInput",
                              "startDateTime must be within the last 18 months.");
      since = *t;
    }
    std::set<std::string> wanted;
    for (const std::string& s : QueryList(c.req, "sellerSkus")) wanted.insert(s);
    if (wanted.size() > 50)
      return InventoryError(400, "InvalidInput", "sellerSkus accepts at most 50 SKUs.");
    const std::string one = QueryValue(c.req, "sellerSku");
    if (!one.empty()) wanted.insert(one);
    std::vector<const Sku*> found;
    for (const Sku& s : w.Skus()) {
      if (!s.afn) continue;
      if (!wanted.empty() && !wanted.count(s.seller_sku)) continue;
      if (since && s.last_updated < *since) continue;
      found.push_back(&s);
    }
    std::sort(found.begin(), found.end(),
              [](const Sku* a, const Sku* b) { return a->seller_sku < b->seller_sku; });
    auto ids = std::make_shared<std::vector<std::string>>();
    for (const Sku* s : found) ids->push_back(s->seller_sku);
    PageToken token;
    token.operation = c.op.operation_id;
    token.seller = c.seller;
    token.ids = std::move(ids);
    token.page_size = kInventoryPageSize;
    page = FirstPage(std::move(token), kInventoryTokenLifetime, &next);
  }
  json summaries = json::array();
  for (const std::string& sku : page) {
    if (const Sku* s = w.FindSku(sku)) summaries.push_back(InventorySummaryJson(w, *s, details));
  }
  json body = {
      {"payload",
       {{"granularity", {{"granularityType", "Marketplace"}, {"granularityId", marketplace}}},
        {"inventorySummaries", std::move(summaries)}}}};
  if (!next.empty()) body["pagination"] = {{"nextToken", next}};
  return JsonResponse(200, body);
}

ApiResponse AmazonSim::Service::GetListingsItem(Call& c) {
  const World& w = *c.world;
  if (c.Path(1) != w.SellerId())
    return ErrorResponse(403, "Unauthorized", "Access to requested resource is denied.");
  const std::vector<std::string> marketplaces = QueryList(c.req, "marketplaceIds");
  if (marketplaces.empty()) return InvalidInput("marketplaceIds is required.");
  std::set<std::string> included;
  for (const std::string& v : QueryList(c.req, "includedData")) {
    if (!kListingsData.count(v))
      return InvalidInput(fmt::format("Invalid includedData value '{}'.", v));
    included.insert(v);
  }
  if (included.empty()) included.insert("summaries");
  const std::string sku = c.Path(2);
  const Sku* s = w.FindSku(sku);
  if (s == nullptr || marketplaces[0] != w.GetMarketplace().id) {
    return ErrorResponse(404, "NOT_FOUND",
                         fmt::format("SKU '{}' not found in marketplace {}", sku, marketplaces[0]));
  }
  return JsonResponse(200, ListingsItemJson(w, *s, included));
}

ApiResponse AmazonSim::Service::PatchListingsItem(Call& c) {
  World& w = *c.world;
  if (c.Path(1) != w.SellerId())
    return ErrorResponse(403, "Unauthorized", "Access to requested resource is denied.");
  if (QueryList(c.req, "marketplaceIds").empty())
    return InvalidInput("marketplaceIds is required.");
  json body = json::parse(c.req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("productType") ||
      !body["productType"].is_string() || !body.contains("patches") ||
      !body["patches"].is_array() || body["patches"].empty()) {
    return InvalidInput("The body needs a productType and a non-empty patches array.");
  }
  const std::string sku = c.Path(2);
  const bool preview = QueryValue(c.req, "mode") == "VALIDATION_PREVIEW";
  auto answer = [&](const char* status, json issues, const std::string& submission) {
    return JsonResponse(200, json{{"sku", sku},
                                  {"status", status},
                                  {"submissionId", submission},
                                  {"issues", std::move(issues)}});
  };
  auto issue = [](const std::string& code, const std::string& message) {
    return json::array({{{"code", code},
                         {"message", message},
                         {"severity", "ERROR"},
                         {"attributeNames", json::array({"fulfillment_availability"})},
                         {"categories", json::array({"INVALID_ATTRIBUTE"})}}});
  };
  std::optional<int> quantity;
  for (const json& p : body["patches"]) {
    if (!p.is_object() || !p.contains("op") || !p.contains("path"))
      return InvalidInput("Each patch needs op and path.");
    const std::string op = p.value("op", "");
    if (op != "add" && op != "replace" && op != "merge" && op != "delete") {
      return InvalidInput(fmt::format("Invalid patch op '{}'.", op));
    }
    if (p.value("path", "") != "/attributes/fulfillment_availability") continue;
    const json& v = p.contains("value") ? p["value"] : json();
    if (!v.is_array() || v.empty() || !v[0].is_object() || !v[0].contains("quantity") ||
        !v[0]["quantity"].is_number_integer() || v[0]["quantity"].get<int64_t>() < 0) {
      return answer(
          "INVALID",
          issue("4000004", "fulfillment_availability needs a non-negative integer quantity."),
          id_rng_.Hex(32));
    }
    quantity = static_cast<int>(v[0]["quantity"].get<int64_t>());
  }
  const Sku* s = w.FindSku(sku);
  if (s == nullptr) {
    return answer("INVALID",
                  issue("18027", fmt::format("SKU '{}' does not exist in marketplace {}.", sku,
                                             w.GetMarketplace().id)),
                  id_rng_.Hex(32));
  }
  if (quantity && s->afn) {
    return answer(
        "INVALID",
        issue("4000005",
              fmt::format("SKU '{}' is fulfilled by Amazon: its quantity comes from FBA stock.",
                          sku)),
        id_rng_.Hex(32));
  }
  if (preview) return answer("VALID", json::array(), id_rng_.Hex(32));
  if (!quantity) return answer("ACCEPTED", json::array(), id_rng_.Hex(32));
  Result<std::string> submission = w.SubmitQuantity({sku, *quantity});
  if (!submission.Ok())
    return answer("INVALID", issue("4000000", submission.GetStatus().Message()), id_rng_.Hex(32));
  return answer("ACCEPTED", json::array(), *submission);
}

}  // namespace fbaflow::sim
