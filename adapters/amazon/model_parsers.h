#pragma once
// JSON objects of the SP-API models (as vendored in third_party/spapi-models) to the typed values
// of ports/amazon_api.h. Each parser takes one object and returns the value, or kInvalidArgument
// with the reason (a missing required field, an unreadable amount or date) so the caller can turn
// it into a RecordReject and carry on with the rest of the page.
// Thread safety: pure functions.

#include "adapters/amazon/exact_json.h"
#include "ports/amazon_api.h"

namespace fbaflow::amazon {

Result<Order> ParseOrder(const Json& order);                          // orders_2026-01-01 Order
Result<InventorySummary> ParseInventorySummary(const Json& summary);  // fbaInventory
Result<ReportInfo> ParseReport(const Json& report);                   // reports_2021-06-30 Report
Result<FeedInfo> ParseFeed(const Json& feed);                         // feeds_2021-06-30 Feed
Result<Transaction> ParseTransaction(const Json& transaction);        // finances_2024-06-19
Result<ListingsSubmission> ParseListingsSubmission(const Json& response);
Result<Destination> ParseDestination(const Json& destination);  // notifications
Result<Subscription> ParseSubscription(const Json& subscription);

}  // namespace fbaflow::amazon
