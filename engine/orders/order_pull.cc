#include "engine/orders/order_pull.h"

#include <fmt/format.h>

#include <unordered_map>

#include "core/amazon/marketplaces.h"
#include "engine/orders/order_exceptions.h"
#include "engine/orders/route_record.h"

namespace fbaflow::orders {
namespace {

constexpr int64_t kDefaultFirstPullSeconds = 7 * 24 * 3600;

// The order's Amazon facts onto its record; fbaflow's own fields stay as they were.
void TakeAmazonVersion(const amazon::Order& o, const std::string& account, OrderRecord& r) {
  r.order_id = o.order_id;
  r.account = account;
  r.marketplace_id = o.marketplace_id;
  const amazon::Marketplace* m = amazon::FindMarketplace(o.marketplace_id);
  r.marketplace = m != nullptr ? std::string(m->country_code) : o.marketplace_id;
  r.fulfilled_by = o.fulfilled_by == amazon::FulfilledBy::kUnknown
                       ? std::string()
                       : std::string(amazon::FulfilledByName(o.fulfilled_by));
  r.amazon_status = o.fulfillment_status;
  r.created_time = o.created_time;
  r.last_updated_time = o.last_updated_time;
  if (o.shipped_time) r.shipped_time = o.shipped_time;
  r.lines.clear();
  r.lines.reserve(o.items.size());
  for (const amazon::OrderItem& item : o.items) {
    r.lines.push_back(
        {item.order_item_id, item.seller_sku, item.quantity_ordered, item.unit_price});
  }
}

}  // namespace

std::string OrdersCursorName(const OrderSettings& settings) { return "orders/" + settings.account; }

Result<PullReport> PullOrders(amazon::OrdersApi& amazon, OrderStore& store, Clock& clock,
                              const OrderSettings& settings) {
  PullReport report;
  const Timestamp now = clock.WallTimestamp();
  const std::string cursor_name = OrdersCursorName(settings);
  ASSIGN_OR_RETURN(std::optional<Timestamp> cursor, store.Cursor(cursor_name));
  if (cursor) {
    report.from = Timestamp{cursor->utc_seconds - settings.overlap_seconds, 0};
    // An explicit --since earlier than the cursor is a backfill the user asked for.
    if (settings.since && *settings.since < report.from) report.from = *settings.since;
  } else {
    report.from = settings.since.value_or(Timestamp{now.utc_seconds - kDefaultFirstPullSeconds, 0});
  }

  amazon::OrderQuery query;
  query.last_updated_after = report.from;
  query.marketplace_ids = settings.marketplace_ids;
  query.included_data = {"FULFILLMENT", "PACKAGES", "PROCEEDS"};
  query.max_results_per_page = settings.page_size;

  auto on_page = [&](amazon::OrdersPage& page) -> Status {
    ++report.pages;
    report.orders += static_cast<int64_t>(page.orders.size());
    report.rejects += static_cast<int64_t>(page.rejects.size());
    std::vector<std::string> ids;
    ids.reserve(page.orders.size());
    for (const amazon::Order& o : page.orders) ids.push_back(o.order_id);
    ASSIGN_OR_RETURN(std::vector<OrderRecord> known, store.FindOrders(ids));
    std::unordered_map<std::string, OrderRecord> by_id;
    by_id.reserve(known.size());
    for (OrderRecord& r : known) by_id.emplace(r.order_id, std::move(r));

    StoreBatch batch;
    batch.orders.reserve(page.orders.size());
    batch.audit.reserve(page.orders.size());
    for (const amazon::Order& o : page.orders) {
      auto it = by_id.find(o.order_id);
      const bool seen = it != by_id.end();
      if (seen && !(it->second.last_updated_time < o.last_updated_time)) {
        ++report.unchanged;
        continue;
      }
      OrderRecord record = seen ? std::move(it->second) : OrderRecord{};
      TakeAmazonVersion(o, settings.account, record);
      if (seen) by_id.erase(it);  // a page never holds one order twice, but be sure
      const RouteOutcome routed = RouteRecord(record, settings, now, batch);
      if (seen && !routed.problem) {
        batch.close.push_back({RouteKey(record.order_id), now, "fbaflow", "no longer applies"});
      }
      report.queued += routed.queued;
      report.waiting += routed.waiting ? 1 : 0;
      report.problems += routed.problem ? 1 : 0;
      ++report.recorded;
      batch.audit.push_back(
          {now, "fbaflow", seen ? "order updated" : "order seen", OrderEntity(record.order_id),
           fmt::format("{} {} {} updated {}", record.marketplace, record.fulfilled_by,
                       record.amazon_status, record.last_updated_time.ToIso8601())});
      batch.orders.push_back(std::move(record));
    }
    for (const amazon::RecordReject& reject : page.rejects) {
      const std::string entity = OrderEntity(reject.record_id.empty() ? "?" : reject.record_id);
      batch.raise.push_back(
          {"amazon-unreadable-order", OwnerOf(settings, "amazon-unreadable-order"), entity,
           "Amazon sent an order fbaflow cannot read: " + reject.reason, "", now});
    }
    if (batch.Empty()) return OkStatus();
    return store.Apply(batch);
  };

  ASSIGN_OR_RETURN(amazon::OrderSearchResult result, amazon.SearchOrders(query, on_page));
  report.cursor = result.window_end;
  StoreBatch done;
  done.cursors.emplace_back(cursor_name, result.window_end);
  RETURN_IF_ERROR(store.Apply(done));
  return report;
}

}  // namespace fbaflow::orders
