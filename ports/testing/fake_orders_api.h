#pragma once
// FakeOrdersApi: Amazon's orders in memory, for engine tests. SearchOrders behaves as Amazon's:
// lastUpdatedAfter inclusive, the window's end clamped to two minutes before the clock's now,
// pages of max_results_per_page. ConfirmShipment validates as Amazon does (merchant-fulfilled,
// not cancelled, not shipped, known items) and records every confirmation it accepts.
// Faults: FailNextSearch(status), FailNextConfirm(status), LoseNextConfirmReply(status) (Amazon
// accepted it, the caller sees `status`).
// Thread safety: every method locks.

#include <algorithm>
#include <map>
#include <mutex>
#include <vector>

#include "ports/amazon_api.h"
#include "ports/clock.h"

namespace fbaflow::testing {

class FakeOrdersApi final : public amazon::OrdersApi {
 public:
  explicit FakeOrdersApi(Clock& clock) : clock_(clock) {}

  // Adds or replaces an order (a new version: set its last_updated_time).
  void Put(amazon::Order order) {
    std::lock_guard<std::mutex> lock(mu_);
    orders_[order.order_id] = std::move(order);
  }
  amazon::Order Get(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mu_);
    return orders_.at(id);
  }
  void FailNextSearch(Status s) {
    std::lock_guard<std::mutex> lock(mu_);
    search_failure_ = std::move(s);
  }
  void FailNextConfirm(Status s) {
    std::lock_guard<std::mutex> lock(mu_);
    confirm_failure_ = std::move(s);
  }
  void LoseNextConfirmReply(Status s) {
    std::lock_guard<std::mutex> lock(mu_);
    lost_confirm_reply_ = std::move(s);
  }
  std::vector<amazon::ShipmentConfirmation> Confirmations() const {
    std::lock_guard<std::mutex> lock(mu_);
    return confirmations_;
  }
  int Searches() const {
    std::lock_guard<std::mutex> lock(mu_);
    return searches_;
  }

  Result<amazon::OrderSearchResult> SearchOrders(const amazon::OrderQuery& q,
                                                 const amazon::OrdersPageFn& on_page) override {
    std::vector<amazon::Order> hits;
    amazon::OrderSearchResult result;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++searches_;
      if (!search_failure_.Ok()) return std::exchange(search_failure_, OkStatus());
      if (!q.last_updated_after) return InvalidArgument("the fake searches by lastUpdatedAfter");
      Timestamp end{clock_.WallTimestamp().utc_seconds - 120, 0};
      if (q.last_updated_before && *q.last_updated_before < end) end = *q.last_updated_before;
      result.window_end = end;
      for (const auto& [id, o] : orders_) {
        if (o.last_updated_time < *q.last_updated_after || !(o.last_updated_time < end)) continue;
        if (!q.marketplace_ids.empty() &&
            std::find(q.marketplace_ids.begin(), q.marketplace_ids.end(), o.marketplace_id) ==
                q.marketplace_ids.end()) {
          continue;
        }
        hits.push_back(o);
      }
    }
    std::sort(hits.begin(), hits.end(), [](const amazon::Order& a, const amazon::Order& b) {
      return a.last_updated_time < b.last_updated_time;
    });
    const size_t per_page = static_cast<size_t>(std::max(1, q.max_results_per_page));
    for (size_t at = 0; at < hits.size(); at += per_page) {
      amazon::OrdersPage page;
      page.page_number = result.paging.pages + 1;
      page.orders.assign(
          hits.begin() + static_cast<std::ptrdiff_t>(at),
          hits.begin() + static_cast<std::ptrdiff_t>(std::min(hits.size(), at + per_page)));
      result.paging.pages++;
      result.paging.records += static_cast<int64_t>(page.orders.size());
      Status s = on_page(page);
      if (!s.Ok()) return s;
    }
    return result;
  }

  Result<amazon::Order> GetOrder(std::string_view order_id,
                                 const std::vector<std::string>&) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = orders_.find(std::string(order_id));
    if (it == orders_.end()) return NotFound("no order " + std::string(order_id));
    return it->second;
  }

  Status ConfirmShipment(const amazon::ShipmentConfirmation& c) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!confirm_failure_.Ok()) return std::exchange(confirm_failure_, OkStatus());
    auto it = orders_.find(c.order_id);
    if (it == orders_.end()) return NotFound("no order " + c.order_id);
    amazon::Order& o = it->second;
    if (o.marketplace_id != c.marketplace_id) return InvalidArgument("wrong marketplace");
    if (o.fulfilled_by != amazon::FulfilledBy::kMerchant) {
      return InvalidArgument("order " + c.order_id + " is not merchant-fulfilled");
    }
    if (o.fulfillment_status == "CANCELLED" || o.fulfillment_status == "SHIPPED") {
      return InvalidArgument("order " + c.order_id + " is " + o.fulfillment_status);
    }
    for (const amazon::ShipmentItem& i : c.items) {
      const bool known = std::any_of(o.items.begin(), o.items.end(), [&](const auto& oi) {
        return oi.order_item_id == i.order_item_id && i.quantity <= oi.quantity_ordered;
      });
      if (!known) return InvalidArgument("unknown order item " + i.order_item_id);
    }
    confirmations_.push_back(c);
    o.fulfillment_status = "SHIPPED";
    o.last_updated_time = clock_.WallTimestamp();
    if (!lost_confirm_reply_.Ok()) return std::exchange(lost_confirm_reply_, OkStatus());
    return OkStatus();
  }

 private:
  Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, amazon::Order> orders_;
  std::vector<amazon::ShipmentConfirmation> confirmations_;
  Status search_failure_, confirm_failure_, lost_confirm_reply_;
  int searches_ = 0;
};

}  // namespace fbaflow::testing
