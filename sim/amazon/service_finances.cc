// Finances 2024-06-19: listTransactions.
#include <fmt/format.h>

#include "sim/amazon/iso_time.h"
#include "sim/amazon/service.h"

namespace fbaflow::sim {

ApiResponse AmazonSim::Service::ListTransactions(Call& c) {
  const World& w = *c.world;
  std::string next;
  std::vector<std::string> page;
  const std::string token_text = QueryValue(c.req, "nextToken");
  if (!token_text.empty()) {
    // Amazon asks for the same arguments again with nextToken; the token alone decides the page.
    if (auto err = ContinuePage(c, token_text, "nextToken", &page, &next)) return *err;
  } else {
    const std::string name = QueryValue(c.req, "relatedIdentifierName");
    const std::string value = QueryValue(c.req, "relatedIdentifierValue");
    if (name.empty() != value.empty()) {
      return InvalidInput(
          "relatedIdentifierName and relatedIdentifierValue must be given together.");
    }
    if (!name.empty() && name != "ORDER_ID" && name != "FINANCIAL_EVENT_GROUP_ID") {
      return InvalidInput(fmt::format(
          "relatedIdentifierName {} cannot be used to filter (ORDER_ID, FINANCIAL_EVENT_GROUP_ID).",
          name));
    }
    const SimMillis latest = c.now - 2 * kMinute;
    const std::string after_text = QueryValue(c.req, "postedAfter");
    if (after_text.empty() && name.empty()) {
      return InvalidInput("postedAfter is required when no related identifier is given.");
    }
    SimMillis after = 0;
    if (!after_text.empty()) {
      Result<SimMillis> t = ParseIso(after_text);
      if (!t.Ok()) return InvalidInput("postedAfter: " + t.GetStatus().Message());
      if (*t > latest)
        return InvalidInput(
            "postedAfter must be more than two minutes before the time of the request.");
      after = *t;
    }
    SimMillis before = latest;
    const std::string before_text = QueryValue(c.req, "postedBefore");
    if (!before_text.empty()) {
      Result<SimMillis> t = ParseIso(before_text);
      if (!t.Ok()) return InvalidInput("postedBefore: " + t.GetStatus().Message());
      if (*t > latest)
        return InvalidInput(
            "postedBefore must be more than two minutes before the time of the request.");
      if (*t <= after) return InvalidInput("postedBefore must be later than postedAfter.");
      before = *t;
    }
    const std::string status = QueryValue(c.req, "transactionStatus");
    if (!status.empty() && status != "DEFERRED" && status != "RELEASED" &&
        status != "DEFERRED_RELEASED") {
      return InvalidInput(fmt::format("Invalid transactionStatus {}.", status));
    }
    const std::string marketplace = QueryValue(c.req, "marketplaceId");
    const bool empty =
        (!marketplace.empty() && marketplace != w.GetMarketplace().id) ||
        (status == "DEFERRED" || status == "DEFERRED_RELEASED") ||
        (!after_text.empty() &&
         before - after > 180 * kDay);  // documented: more than 180 days apart is empty
    auto ids = std::make_shared<std::vector<std::string>>();
    if (!empty) {
      const auto& all = w.Transactions();
      for (size_t i = 0; i < all.size(); ++i) {
        const FinanceTransaction& t = all[i];
        if (!after_text.empty() && (t.posted < after || t.posted >= before)) continue;
        if (name == "ORDER_ID" && t.order_id != value) continue;
        if (name == "FINANCIAL_EVENT_GROUP_ID" && t.group_id != value) continue;
        ids->push_back(std::to_string(i));
      }
    }
    PageToken token;
    token.operation = c.op.operation_id;
    token.seller = c.seller;
    token.ids = std::move(ids);
    token.page_size = 100;
    page = FirstPage(std::move(token), kHour, &next);
  }
  json transactions = json::array();
  for (const std::string& id : page) {
    const size_t i = std::stoul(id);
    if (i < w.Transactions().size())
      transactions.push_back(TransactionJson(w, w.Transactions()[i]));
  }
  json payload = {{"transactions", std::move(transactions)}};
  if (!next.empty()) payload["nextToken"] = next;
  return JsonResponse(200, json{{"payload", std::move(payload)}});
}

}  // namespace fbaflow::sim
