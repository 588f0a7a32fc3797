#include "adapters/amazon/sp_api_amazon.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "adapters/amazon/model_parsers.h"
#include "adapters/http/retry_policy.h"
#include "core/amazon/document_decoder.h"
#include "core/amazon/settlement_discovery.h"

namespace fbaflow::amazon {

namespace {

const OperationSpec& Op(std::string_view model, std::string_view id) {
  const OperationSpec* op = FindOperation(id, model);
  // The catalogue is generated from the vendored models; a missing entry is a build bug.
  if (op == nullptr) throw std::logic_error("operation not in catalogue: " + std::string(id));
  return *op;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct Pager {
  std::function<Result<ApiResponse>(const std::string& token, ApiError* error)> fetch;
  std::function<std::string(const Json& body)> next_token;
  std::function<Status(const Json& body)> handle;
};

// Walks a token-paged listing (see the class comment of SpApiAmazon).
Status RunPaged(std::string_view what, const Pager& pager, int max_restarts, int max_pages,
                PagingSummary* summary) {
  std::string token;
  std::unordered_map<std::string, int> seen;  // page token → times Amazon handed it out
  for (;;) {
    if (summary->pages >= max_pages) {
      return DataLoss(std::string(what) + ": more than " + std::to_string(max_pages) +
                      " pages; stopped");
    }
    ApiError error;
    auto page = pager.fetch(token, &error);
    if (!page.Ok()) {
      if (!token.empty() && IsExpiredTokenError(error)) {
        if (summary->restarts >= max_restarts) {
          return Unavailable(std::string(what) + ": the page token expired " +
                             std::to_string(summary->restarts + 1) +
                             " times; the listing could not be completed (" + error.message + ")");
        }
        ++summary->restarts;
        spdlog::warn("{}: page token refused after {} pages ({}); restarting the listing", what,
                     summary->pages, error.message);
        token.clear();
        seen.clear();
        continue;
      }
      return page.GetStatus();
    }
    ++summary->pages;
    RETURN_IF_ERROR(pager.handle(page->json));
    std::string next = pager.next_token(page->json);
    if (next.empty()) return OkStatus();
    const int times = ++seen[next];
    if (times == 2) {
      // A page served twice with the same token: ask with it once more (pages already read are
      // not delivered twice).
      spdlog::warn(
          "{}: Amazon handed out the same page token again after {} pages; asking once "
          "more",
          what, summary->pages);
    } else if (times > 2) {
      // The same token over and over is Amazon's end-of-listing bug; following it never ends.
      summary->repeated_token = true;
      spdlog::warn(
          "{}: Amazon keeps handing out the same page token after {} pages; treating it "
          "as the end of the listing",
          what, summary->pages);
      return OkStatus();
    }
    token = std::move(next);
  }
}

std::string NextTokenAt(const Json& body, std::initializer_list<std::string_view> path) {
  const Json* node = &body;
  std::string_view last;
  std::size_t i = 0;
  for (std::string_view step : path) {
    if (++i == path.size()) {
      last = step;
      break;
    }
    node = ObjectField(*node, step);
    if (node == nullptr) return {};
  }
  return StringField(*node, last);
}

void AddCsv(ApiCall& call, std::string name, const std::vector<std::string>& values) {
  if (!values.empty()) call.query.emplace_back(std::move(name), JoinCsv(values));
}

void AddTime(ApiCall& call, std::string name, const std::optional<Timestamp>& t) {
  if (t) call.query.emplace_back(std::move(name), UrlEncode(FormatIso8601(*t)));
}

// A BodySink that streams into an archive writer.
class ArchiveSink final : public BodySink {
 public:
  explicit ArchiveSink(ArchiveWriter& writer) : writer_(writer) {}
  Status Write(std::string_view chunk) override { return writer_.Write(chunk); }

 private:
  ArchiveWriter& writer_;
};

std::string QuantityPatchValue(const QuantityUpdate& u) {
  const Json patches = Json::array(
      {Json{{"op", "replace"},
            {"path", "/attributes/fulfillment_availability"},
            {"value", Json::array({Json{{"fulfillment_channel_code", u.fulfillment_channel_code},
                                        {"quantity", u.quantity}}})}}});
  return patches.dump();
}

Status ValidateUpdate(const QuantityUpdate& u) {
  if (u.sku.empty()) return InvalidArgument("quantity update without a SKU");
  if (u.quantity < 0) {
    return InvalidArgument("quantity for " + u.sku + " is negative (" + std::to_string(u.quantity) +
                           ")");
  }
  return OkStatus();
}

}  // namespace

bool IsExpiredTokenError(const ApiError& error) {
  if (error.http_status != 400) return false;
  // Amazon's wordings: "Next token is invalid or expired" (FBA Inventory), "Token is not valid,
  // token duration is 25 minutes." (Finances); the emulator's names nextToken and "expired".
  const std::string m = Lower(error.message);
  return m.find("token") != std::string::npos &&
         (m.find("expired") != std::string::npos || m.find("invalid") != std::string::npos ||
          m.find("not valid") != std::string::npos);
}

SpApiAmazon::SpApiAmazon(SpApiClient& client, SpApiAmazonOptions options)
    : client_(client), options_(options) {}

Timestamp SpApiAmazon::LatestWindowEnd() {
  const Timestamp now = client_.GetClock().WallTimestamp();
  return Timestamp{now.utc_seconds - options_.window_lag.count(), 0};
}

// ---- credentials -------------------------------------------------------------------------------

Result<CredentialCheck> SpApiAmazon::CheckCredentials(bool grantless) {
  CredentialCheck check;
  LwaClient& lwa = client_.Lwa();
  if (!lwa.Credentials().refresh_token.Empty()) {
    ASSIGN_OR_RETURN(AccessToken token, lwa.Token(TokenKind::kSeller));
    check.seller_token = true;
    check.seller_token_expires_in = token.expires_in;
    ApiCall call{&Op("reports_2021-06-30", "getReports"), {}, {}, {}};
    call.query.emplace_back("reportTypes", UrlEncode(kSettlementReportType));
    call.query.emplace_back("pageSize", "1");
    ASSIGN_OR_RETURN(ApiResponse response, client_.Call(call));
    const Json* reports = ArrayField(response.json, "reports");
    check.api_probe = "getReports answered HTTP " + std::to_string(response.status) + " with " +
                      std::to_string(reports != nullptr ? reports->size() : 0) +
                      " settlement report(s) on the first page (x-amzn-RequestId " +
                      (response.request_id.empty() ? "-" : response.request_id) + ")";
  } else if (!grantless) {
    return FailedPrecondition(
        "no refresh token: set FBAFLOW_LWA_REFRESH_TOKEN (or use --grantless to check only the "
        "application's client credentials)");
  }
  if (grantless) {
    ASSIGN_OR_RETURN(AccessToken token, lwa.Token(TokenKind::kGrantless));
    (void)token;
    check.grantless_token = true;
    ASSIGN_OR_RETURN(std::vector<Destination> destinations, GetDestinations());
    if (!check.api_probe.empty()) check.api_probe += "; ";
    check.api_probe += "getDestinations (grantless) listed " + std::to_string(destinations.size()) +
                       " destination(s)";
  }
  return check;
}

// ---- orders ------------------------------------------------------------------------------------

Result<OrderSearchResult> SpApiAmazon::SearchOrders(const OrderQuery& query,
                                                    const OrdersPageFn& on_page) {
  const bool by_created = query.created_after.has_value();
  if (by_created == query.last_updated_after.has_value()) {
    return InvalidArgument("searchOrders needs exactly one of createdAfter and lastUpdatedAfter");
  }
  if (by_created && query.last_updated_before) {
    return InvalidArgument("searchOrders: lastUpdatedBefore cannot go with createdAfter");
  }
  if (!by_created && query.created_before) {
    return InvalidArgument("searchOrders: createdBefore cannot go with lastUpdatedAfter");
  }
  if (query.max_results_per_page < 1 || query.max_results_per_page > 100) {
    return InvalidArgument("maxResultsPerPage must be between 1 and 100");
  }
  const Timestamp after = by_created ? *query.created_after : *query.last_updated_after;
  const std::optional<Timestamp>& asked_end =
      by_created ? query.created_before : query.last_updated_before;
  Timestamp end = LatestWindowEnd();  // Amazon refuses windows ending less than 2 minutes ago
  if (asked_end && *asked_end < end) end = *asked_end;
  OrderSearchResult result{PagingSummary{}, end};
  if (end < after) {
    // The cursor is within the last two minutes: nothing can be asked for yet, and the next
    // cursor is never later than Amazon's two-minute edge.
    result.window_end = end;
    return result;
  }

  ApiCall base{&Op("orders_2026-01-01", "searchOrders"), {}, {}, {}};
  AddTime(base, by_created ? "createdAfter" : "lastUpdatedAfter", after);
  AddTime(base, by_created ? "createdBefore" : "lastUpdatedBefore", end);
  std::vector<std::string> fulfilled_by;
  for (FulfilledBy f : query.fulfilled_by) {
    if (f != FulfilledBy::kUnknown) fulfilled_by.emplace_back(FulfilledByName(f));
  }
  AddCsv(base, "marketplaceIds", query.marketplace_ids);
  AddCsv(base, "fulfilledBy", fulfilled_by);
  AddCsv(base, "fulfillmentStatuses", query.fulfillment_statuses);
  AddCsv(base, "includedData", query.included_data);
  base.query.emplace_back("maxResultsPerPage", std::to_string(query.max_results_per_page));

  std::unordered_set<std::string> delivered;
  int page_number = 0;
  bool window_read = false;
  Pager pager;
  pager.fetch = [&](const std::string& token, ApiError* error) {
    ApiCall call = base;
    if (!token.empty()) call.query.emplace_back("paginationToken", UrlEncode(token));
    return client_.Call(call, error);
  };
  pager.next_token = [](const Json& body) {
    return NextTokenAt(body, {"pagination", "nextToken"});
  };
  pager.handle = [&](const Json& body) -> Status {
    if (!window_read) {
      // Amazon says which end it used; that is the next incremental cursor.
      const std::string used =
          StringField(body, by_created ? "createdBefore" : "lastUpdatedBefore");
      // Never beyond the end asked for (two minutes ago at the latest).
      if (auto t = ParseIso8601(used); t.Ok() && *t <= end) result.window_end = *t;
      window_read = true;
    }
    const Json* orders = ArrayField(body, "orders");
    if (orders == nullptr) return DataLoss("searchOrders answer has no orders array");
    OrdersPage page;
    page.page_number = ++page_number;
    for (const Json& j : *orders) {
      auto order = ParseOrder(j);
      if (!order.Ok()) {
        page.rejects.push_back(
            RecordReject{StringField(j, "orderId"), order.GetStatus().Message()});
        continue;
      }
      if (!delivered.insert(order->order_id).second) continue;  // seen before a restart
      page.orders.push_back(std::move(order).Value());
    }
    result.paging.records += static_cast<int64_t>(page.orders.size());
    result.paging.rejects += static_cast<int64_t>(page.rejects.size());
    return on_page(page);
  };
  RETURN_IF_ERROR(
      RunPaged("searchOrders", pager, options_.max_restarts, options_.max_pages, &result.paging));
  return result;
}

Result<Order> SpApiAmazon::GetOrder(std::string_view order_id,
                                    const std::vector<std::string>& included_data) {
  ApiCall call{&Op("orders_2026-01-01", "getOrder"), {{"orderId", std::string(order_id)}}, {}, {}};
  AddCsv(call, "includedData", included_data);
  ASSIGN_OR_RETURN(ApiResponse response, client_.Call(call));
  const Json* order = ObjectField(response.json, "order");
  if (order == nullptr) return DataLoss("getOrder answer has no order");
  auto parsed = ParseOrder(*order);
  if (!parsed.Ok())
    return DataLoss("getOrder " + std::string(order_id) + ": " + parsed.GetStatus().Message());
  return parsed;
}

// ---- shipment confirmation (Orders v0) ------------------------------------------------------

namespace {

// What ordersV0.json's ConfirmShipmentRequest requires, checked before the call so that a
// confirmation with a hole costs no request and says which field it lacks.
Status CheckConfirmation(const ShipmentConfirmation& c) {
  const std::pair<std::string_view, const std::string*> required[] = {
      {"order id", &c.order_id},
      {"marketplace id", &c.marketplace_id},
      {"package reference id", &c.package_reference_id},
      {"carrier code", &c.carrier_code},
      {"tracking number", &c.tracking_number}};
  for (const auto& [name, value] : required) {
    if (value->empty())
      return InvalidArgument("confirmShipment: the " + std::string(name) + " is empty");
  }
  // ordersV0.json: "Only positive numeric values are supported."
  if (c.package_reference_id.find_first_not_of("0123456789") != std::string::npos ||
      c.package_reference_id.find_first_not_of('0') == std::string::npos) {
    return InvalidArgument("confirmShipment: the package reference id '" + c.package_reference_id +
                           "' is not a positive number, as Amazon requires");
  }
  if (c.ship_date.utc_seconds <= 0) return InvalidArgument("confirmShipment: no ship date");
  if (c.carrier_code == "Other" && c.carrier_name.empty())
    return InvalidArgument("confirmShipment: carrier code Other needs a carrier name");
  if (c.items.empty()) return InvalidArgument("confirmShipment needs at least one order item");
  for (const ShipmentItem& item : c.items) {
    if (item.order_item_id.empty())
      return InvalidArgument("confirmShipment: an order item without its id");
    if (item.quantity < 1) {
      return InvalidArgument("confirmShipment: order item " + item.order_item_id +
                             " has quantity " + std::to_string(item.quantity));
    }
  }
  return OkStatus();
}

}  // namespace

Status SpApiAmazon::ConfirmShipment(const ShipmentConfirmation& c) {
  RETURN_IF_ERROR(CheckConfirmation(c));
  Json items = Json::array();
  for (const ShipmentItem& item : c.items)
    items.push_back({{"orderItemId", item.order_item_id}, {"quantity", item.quantity}});
  Json package = {{"packageReferenceId", c.package_reference_id},
                  {"carrierCode", c.carrier_code},
                  {"trackingNumber", c.tracking_number},
                  {"shipDate", FormatIso8601(c.ship_date)},
                  {"orderItems", std::move(items)}};
  if (!c.carrier_name.empty()) package["carrierName"] = c.carrier_name;
  if (!c.shipping_method.empty()) package["shippingMethod"] = c.shipping_method;
  const Json body = {{"marketplaceId", c.marketplace_id}, {"packageDetail", std::move(package)}};
  ApiCall call{&Op("ordersV0", "confirmShipment"), {{"orderId", c.order_id}}, {}, body.dump()};
  // 204 and no body. A 400 or 404 comes back as SpApiClient's kInvalidArgument / kNotFound with
  // Amazon's message, not retried.
  return client_.Call(call).GetStatus();
}

// ---- inventory ---------------------------------------------------------------------------------

Result<InventoryListing> SpApiAmazon::GetInventorySummaries(const InventoryQuery& query) {
  if (query.marketplace_id.empty()) {
    return InvalidArgument("getInventorySummaries needs a marketplace id");
  }
  if (query.seller_skus.empty()) return ListInventoryBatch(query, {});
  InventoryListing all;
  for (std::size_t i = 0; i < query.seller_skus.size(); i += 50) {
    const std::size_t n = std::min<std::size_t>(50, query.seller_skus.size() - i);
    std::vector<std::string> batch(query.seller_skus.begin() + static_cast<std::ptrdiff_t>(i),
                                   query.seller_skus.begin() + static_cast<std::ptrdiff_t>(i + n));
    ASSIGN_OR_RETURN(InventoryListing part, ListInventoryBatch(query, batch));
    for (auto& s : part.summaries) all.summaries.push_back(std::move(s));
    for (auto& r : part.rejects) all.rejects.push_back(std::move(r));
    all.paging.pages += part.paging.pages;
    all.paging.restarts += part.paging.restarts;
    all.paging.repeated_token = all.paging.repeated_token || part.paging.repeated_token;
  }
  all.paging.records = static_cast<int64_t>(all.summaries.size());
  all.paging.rejects = static_cast<int64_t>(all.rejects.size());
  return all;
}

Result<InventoryListing> SpApiAmazon::ListInventoryBatch(const InventoryQuery& query,
                                                         const std::vector<std::string>& skus) {
  ApiCall base{&Op("fbaInventory", "getInventorySummaries"), {}, {}, {}};
  base.query.emplace_back("details", query.details ? "true" : "false");
  base.query.emplace_back("granularityType", "Marketplace");
  base.query.emplace_back("granularityId", UrlEncode(query.marketplace_id));
  base.query.emplace_back("marketplaceIds", UrlEncode(query.marketplace_id));
  AddTime(base, "startDateTime", query.start_date_time);
  AddCsv(base, "sellerSkus", skus);

  InventoryListing listing;
  std::unordered_map<std::string, std::size_t> by_sku;
  Pager pager;
  pager.fetch = [&](const std::string& token, ApiError* error) {
    ApiCall call = base;
    if (!token.empty()) call.query.emplace_back("nextToken", UrlEncode(token));
    return client_.Call(call, error);
  };
  pager.next_token = [](const Json& body) {
    return NextTokenAt(body, {"pagination", "nextToken"});
  };
  pager.handle = [&](const Json& body) -> Status {
    const Json* payload = ObjectField(body, "payload");
    const Json* summaries =
        payload != nullptr ? ArrayField(*payload, "inventorySummaries") : nullptr;
    if (summaries == nullptr) {
      return DataLoss("getInventorySummaries answer has no payload.inventorySummaries");
    }
    for (const Json& j : *summaries) {
      auto summary = ParseInventorySummary(j);
      if (!summary.Ok()) {
        listing.rejects.push_back(
            RecordReject{StringField(j, "sellerSku"), summary.GetStatus().Message()});
        continue;
      }
      // After a restart the same SKUs come again, newer: keep one entry per SKU, the latest.
      auto [it, inserted] = by_sku.emplace(summary->seller_sku, listing.summaries.size());
      if (inserted) {
        listing.summaries.push_back(std::move(summary).Value());
      } else {
        listing.summaries[it->second] = std::move(summary).Value();
      }
    }
    return OkStatus();
  };
  RETURN_IF_ERROR(RunPaged("getInventorySummaries", pager, options_.max_restarts,
                           options_.max_pages, &listing.paging));
  listing.paging.records = static_cast<int64_t>(listing.summaries.size());
  listing.paging.rejects = static_cast<int64_t>(listing.rejects.size());
  return listing;
}

// ---- reports -----------------------------------------------------------------------------------

Result<std::string> SpApiAmazon::CreateReport(const ReportRequest& request) {
  if (request.report_type.empty() || request.marketplace_ids.empty()) {
    return InvalidArgument("createReport needs a report type and at least one marketplace");
  }
  Json body = {{"reportType", request.report_type}, {"marketplaceIds", request.marketplace_ids}};
  if (request.data_start) body["dataStartTime"] = FormatIso8601(*request.data_start);
  if (request.data_end) body["dataEndTime"] = FormatIso8601(*request.data_end);
  if (!request.options.empty()) {
    Json options = Json::object();
    for (const auto& [k, v] : request.options) options[k] = v;
    body["reportOptions"] = options;
  }
  ApiCall call{&Op("reports_2021-06-30", "createReport"), {}, {}, body.dump()};
  ASSIGN_OR_RETURN(ApiResponse response, client_.Call(call));
  std::string id = StringField(response.json, "reportId");
  if (id.empty()) return DataLoss("createReport answer has no reportId");
  return id;
}

Result<ReportInfo> SpApiAmazon::GetReport(std::string_view report_id) {
  ApiCall call{
      &Op("reports_2021-06-30", "getReport"), {{"reportId", std::string(report_id)}}, {}, {}};
  ASSIGN_OR_RETURN(ApiResponse response, client_.Call(call));
  auto report = ParseReport(response.json);
  if (!report.Ok())
    return DataLoss("getReport " + std::string(report_id) + ": " + report.GetStatus().Message());
  return report;
}

Result<ReportInfo> SpApiAmazon::WaitForReport(std::string_view report_id, const PollOptions& poll) {
  Clock& clock = client_.GetClock();
  const Clock::MonoTime give_up = clock.MonotonicNow() + poll.timeout;
  auto wait = std::chrono::duration<double>(poll.first_interval);
  for (;;) {
    ASSIGN_OR_RETURN(ReportInfo report, GetReport(report_id));
    if (IsFinal(report.status)) {
      if (report.status != ProcessingStatus::kDone) {
        spdlog::warn("report {} ({}) ended {}", report.report_id, report.report_type,
                     ProcessingStatusName(report.status));
      }
      return report;
    }
    const auto step = std::chrono::duration_cast<Clock::Duration>(wait);
    if (clock.MonotonicNow() + step > give_up) {
      return DeadlineExceeded(
          "report " + std::string(report_id) + " is still " +
          std::string(ProcessingStatusName(report.status)) + " after " +
          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(poll.timeout).count()) +
          " s of polling");
    }
    clock.SleepFor(step);
    wait = std::min(std::chrono::duration<double>(poll.max_interval), wait * poll.growth);
  }
}

Result<std::vector<ReportInfo>> SpApiAmazon::GetReports(const ReportsQuery& query) {
  if (query.report_types.empty() || query.report_types.size() > 10) {
    return InvalidArgument("getReports needs 1 to 10 report types");
  }
  if (query.page_size < 1 || query.page_size > 100) {
    return InvalidArgument("getReports pageSize must be between 1 and 100");
  }
  ApiCall first{&Op("reports_2021-06-30", "getReports"), {}, {}, {}};
  AddCsv(first, "reportTypes", query.report_types);
  std::vector<std::string> statuses;
  for (ProcessingStatus s : query.statuses) statuses.emplace_back(ProcessingStatusName(s));
  AddCsv(first, "processingStatuses", statuses);
  AddCsv(first, "marketplaceIds", query.marketplace_ids);
  first.query.emplace_back("pageSize", std::to_string(query.page_size));
  AddTime(first, "createdSince", query.created_since);
  AddTime(first, "createdUntil", query.created_until);

  std::vector<ReportInfo> reports;
  std::unordered_set<std::string> ids;
  PagingSummary paging;
  Pager pager;
  pager.fetch = [&](const std::string& token, ApiError* error) {
    if (token.empty()) return client_.Call(first, error);
    // The Reports API refuses follow-up requests that repeat the filters.
    ApiCall next{first.op, {}, {{"nextToken", UrlEncode(token)}}, {}};
    return client_.Call(next, error);
  };
  pager.next_token = [](const Json& body) { return StringField(body, "nextToken"); };
  pager.handle = [&](const Json& body) -> Status {
    const Json* list = ArrayField(body, "reports");
    if (list == nullptr) return DataLoss("getReports answer has no reports array");
    for (const Json& j : *list) {
      auto report = ParseReport(j);
      if (!report.Ok()) {
        spdlog::warn("getReports: skipping an unreadable report ({}): {}",
                     StringField(j, "reportId"), report.GetStatus().Message());
        continue;
      }
      if (ids.insert(report->report_id).second) reports.push_back(std::move(report).Value());
    }
    return OkStatus();
  };
  RETURN_IF_ERROR(
      RunPaged("getReports", pager, options_.max_restarts, options_.max_pages, &paging));
  return reports;
}

Result<std::pair<std::string, std::string>> SpApiAmazon::DocumentLink(
    std::string_view operation, std::string_view id_param, std::string_view document_id) {
  const std::string_view model =
      operation == "getReportDocument" ? "reports_2021-06-30" : "feeds_2021-06-30";
  ApiCall call{&Op(model, operation), {{std::string(id_param), std::string(document_id)}}, {}, {}};
  ASSIGN_OR_RETURN(ApiResponse response, client_.Call(call));
  std::string url = StringField(response.json, "url");
  if (url.empty()) return DataLoss(std::string(operation) + " answer has no url");
  return std::make_pair(std::move(url), StringField(response.json, "compressionAlgorithm"));
}

RetrySchedule SpApiAmazon::Schedule() {
  Clock& clock = client_.GetClock();
  return RetrySchedule(
      clock, clock.MonotonicNow() + client_.Options().call_deadline,
      RetryPolicy{options_.download_attempts, std::chrono::seconds(2), std::chrono::seconds(60)},
      [this] { return client_.Jitter(); });
}

Result<FetchedDocument> SpApiAmazon::FetchReportDocument(std::string_view document_id,
                                                         const ArchiveKey& key,
                                                         DocumentArchive& archive,
                                                         std::string_view note) {
  ASSIGN_OR_RETURN(auto link, DocumentLink("getReportDocument", "reportDocumentId", document_id));
  Clock& clock = client_.GetClock();
  RetrySchedule schedule = Schedule();
  Status last = DeadlineExceeded("report document " + std::string(document_id) +
                                 ": no time left to download it");
  bool relinked = false;
  while (schedule.Begin()) {
    ASSIGN_OR_RETURN(std::unique_ptr<ArchiveWriter> writer, archive.Create(key));
    ArchiveSink sink(*writer);
    HttpRequest request;
    request.url = link.first;           // pre-signed: no access token goes to the storage host
    request.accept_compressed = false;  // archive the bytes exactly as stored
    request.read_timeout = schedule.TimeoutFor(options_.download_read_timeout);
    request.connect_timeout = schedule.TimeoutFor(request.connect_timeout);
    request.total_timeout = schedule.TotalTimeout();
    auto response = client_.Transport().Download(request, sink);
    std::optional<std::chrono::seconds> retry_after;
    if (!response.Ok()) {
      last = response.GetStatus().WithContext("report document " + std::string(document_id));
    } else if (response->status >= 200 && response->status < 300) {
      DocumentMetadata meta;
      meta.source = "amazon:getReportDocument " + std::string(document_id);
      meta.content_type = std::string(response->headers.Get("Content-Type").value_or(""));
      meta.compression = link.second;
      meta.fetched_at = FormatIso8601(clock.WallTimestamp());
      meta.note = std::string(note);
      ASSIGN_OR_RETURN(ArchivedDocument archived, writer->Commit(meta));
      FetchedDocument fetched;
      fetched.document_id = std::string(document_id);
      fetched.gzip = link.second == "GZIP";
      fetched.charset_label = ParameterOf(meta.content_type, "charset");
      fetched.archived = std::move(archived);
      spdlog::info("report document {} archived at {} ({} bytes, {}, charset {})", document_id,
                   fetched.archived.location, fetched.archived.size,
                   fetched.gzip ? "gzip" : "plain",
                   fetched.charset_label.empty() ? "unlabelled" : fetched.charset_label);
      return fetched;
    } else if ((response->status == 403 || response->status == 400) && !relinked) {
      // The pre-signed URL lives five minutes: ask for a fresh one, once.
      relinked = true;
      spdlog::warn("report document {}: download refused with HTTP {}; asking for a new URL",
                   document_id, response->status);
      ASSIGN_OR_RETURN(link, DocumentLink("getReportDocument", "reportDocumentId", document_id));
      continue;
    } else {
      last = HttpError(response->status, "report document " + std::string(document_id) +
                                             ": download got HTTP " +
                                             std::to_string(response->status));
      retry_after = RetryAfter(response->headers, clock.WallTimestamp());
    }
    if (!last.IsRetryable()) return last;
    spdlog::warn("report document {} attempt {}: {}", document_id, schedule.Attempts(),
                 last.ToString());
    if (!schedule.WaitToRetry(last, retry_after)) break;
  }
  return last;
}

// ---- listings and feeds ------------------------------------------------------------------------

Result<ListingsSubmission> SpApiAmazon::PatchListingQuantity(std::string_view seller_id,
                                                             std::string_view marketplace_id,
                                                             const QuantityUpdate& update) {
  RETURN_IF_ERROR(ValidateUpdate(update));
  if (seller_id.empty() || marketplace_id.empty()) {
    return InvalidArgument("patchListingsItem needs the seller id and a marketplace id");
  }
  Json body = {{"productType", update.product_type},
               {"patches", Json::parse(QuantityPatchValue(update))}};
  ApiCall call{&Op("listingsItems_2021-08-01", "patchListingsItem"),
               {{"sellerId", std::string(seller_id)}, {"sku", update.sku}},
               {{"marketplaceIds", UrlEncode(marketplace_id)}, {"includedData", "issues"}},
               body.dump()};
  ASSIGN_OR_RETURN(ApiResponse response, client_.Call(call));
  auto submission = ParseListingsSubmission(response.json);
  if (!submission.Ok()) return DataLoss("patchListingsItem: " + submission.GetStatus().Message());
  if (submission->status == "INVALID") {
    std::string reasons;
    for (const ListingsIssue& i : submission->issues) {
      if (!reasons.empty()) reasons += "; ";
      reasons += i.severity + " " + i.code + ": " + i.message;
    }
    spdlog::warn("patchListingsItem {}: INVALID: {}", update.sku, reasons);
  }
  return submission;
}

Result<std::string> SpApiAmazon::SubmitQuantityFeed(std::string_view seller_id,
                                                    const std::vector<std::string>& marketplace_ids,
                                                    const std::vector<QuantityUpdate>& updates) {
  if (seller_id.empty() || marketplace_ids.empty() || updates.empty()) {
    return InvalidArgument("a quantity feed needs the seller id, marketplaces and updates");
  }
  Json messages = Json::array();
  int message_id = 0;
  for (const QuantityUpdate& u : updates) {
    RETURN_IF_ERROR(ValidateUpdate(u));
    messages.push_back(Json{{"messageId", ++message_id},
                            {"sku", u.sku},
                            {"operationType", "PATCH"},
                            {"productType", u.product_type},
                            {"patches", Json::parse(QuantityPatchValue(u))}});
  }
  const Json feed = {{"header", {{"sellerId", std::string(seller_id)}, {"version", "2.0"}}},
                     {"messages", messages}};
  const std::string content_type = "application/json; charset=UTF-8";

  ApiCall create_doc{&Op("feeds_2021-06-30", "createFeedDocument"),
                     {},
                     {},
                     Json{{"contentType", content_type}}.dump()};
  ASSIGN_OR_RETURN(ApiResponse doc, client_.Call(create_doc));
  const std::string document_id = StringField(doc.json, "feedDocumentId");
  const std::string url = StringField(doc.json, "url");
  if (document_id.empty() || url.empty()) {
    return DataLoss("createFeedDocument answer has no feedDocumentId/url");
  }

  HttpRequest upload;
  upload.method = HttpMethod::kPut;
  upload.url = url;  // pre-signed: no access token
  upload.headers.Add("Content-Type", content_type);
  upload.body = feed.dump();
  upload.read_timeout = options_.upload_read_timeout;
  RetrySchedule schedule = Schedule();
  Status last = DeadlineExceeded("feed upload: no time left");
  bool uploaded = false;
  while (!uploaded && schedule.Begin()) {
    upload.read_timeout = schedule.TimeoutFor(options_.upload_read_timeout);
    upload.connect_timeout = schedule.TimeoutFor(upload.connect_timeout);
    upload.total_timeout = schedule.TotalTimeout();
    auto response = client_.Transport().Send(upload);
    if (response.Ok() && response->status >= 200 && response->status < 300) {
      uploaded = true;
      break;
    }
    last = response.Ok() ? HttpError(response->status,
                                     "feed upload got HTTP " + std::to_string(response->status))
                         : response.GetStatus().WithContext("feed upload");
    if (!last.IsRetryable()) return last;
    const auto retry_after = response.Ok()
                                 ? RetryAfter(response->headers, client_.GetClock().WallTimestamp())
                                 : std::nullopt;
    if (!schedule.WaitToRetry(last, retry_after)) break;
  }
  if (!uploaded) return last;

  const Json spec = {{"feedType", "JSON_LISTINGS_FEED"},
                     {"marketplaceIds", marketplace_ids},
                     {"inputFeedDocumentId", document_id}};
  ApiCall create_feed{&Op("feeds_2021-06-30", "createFeed"), {}, {}, spec.dump()};
  ASSIGN_OR_RETURN(ApiResponse created, client_.Call(create_feed));
  std::string feed_id = StringField(created.json, "feedId");
  if (feed_id.empty()) return DataLoss("createFeed answer has no feedId");
  spdlog::info("JSON_LISTINGS_FEED {} submitted with {} quantity update(s)", feed_id,
               updates.size());
  return feed_id;
}

Result<FeedInfo> SpApiAmazon::GetFeed(std::string_view feed_id) {
  ApiCall call{&Op("feeds_2021-06-30", "getFeed"), {{"feedId", std::string(feed_id)}}, {}, {}};
  ASSIGN_OR_RETURN(ApiResponse response, client_.Call(call));
  auto feed = ParseFeed(response.json);
  if (!feed.Ok())
    return DataLoss("getFeed " + std::string(feed_id) + ": " + feed.GetStatus().Message());
  return feed;
}

Result<FeedInfo> SpApiAmazon::WaitForFeed(std::string_view feed_id, const PollOptions& poll) {
  Clock& clock = client_.GetClock();
  const Clock::MonoTime give_up = clock.MonotonicNow() + poll.timeout;
  auto wait = std::chrono::duration<double>(poll.first_interval);
  for (;;) {
    ASSIGN_OR_RETURN(FeedInfo feed, GetFeed(feed_id));
    if (IsFinal(feed.status)) return feed;
    const auto step = std::chrono::duration_cast<Clock::Duration>(wait);
    if (clock.MonotonicNow() + step > give_up) {
      return DeadlineExceeded("feed " + std::string(feed_id) + " is still " +
                              std::string(ProcessingStatusName(feed.status)));
    }
    clock.SleepFor(step);
    wait = std::min(std::chrono::duration<double>(poll.max_interval), wait * poll.growth);
  }
}

Result<std::string> SpApiAmazon::GetFeedResult(const FeedInfo& feed) {
  if (feed.result_document_id.empty()) {
    return FailedPrecondition("feed " + feed.feed_id + " has no result document (status " +
                              std::string(ProcessingStatusName(feed.status)) + ")");
  }
  ASSIGN_OR_RETURN(auto link,
                   DocumentLink("getFeedDocument", "feedDocumentId", feed.result_document_id));
  HttpRequest request;
  request.url = link.first;
  request.accept_compressed = false;
  RetrySchedule schedule = Schedule();
  Status last = DeadlineExceeded("feed result download: no time left");
  std::optional<HttpResponse> got;
  while (!got && schedule.Begin()) {
    request.read_timeout = schedule.TimeoutFor(options_.download_read_timeout);
    request.connect_timeout = schedule.TimeoutFor(request.connect_timeout);
    request.total_timeout = schedule.TotalTimeout();
    auto sent = client_.Transport().Send(request);
    std::optional<std::chrono::seconds> retry_after;
    if (sent.Ok() && sent->status >= 200 && sent->status < 300) {
      got = std::move(sent).Value();
      break;
    }
    if (sent.Ok()) {
      last =
          HttpError(sent->status, "feed result download got HTTP " + std::to_string(sent->status));
      retry_after = RetryAfter(sent->headers, client_.GetClock().WallTimestamp());
    } else {
      last = sent.GetStatus().WithContext("feed result download");
    }
    if (!schedule.WaitToRetry(last, retry_after)) return last;
  }
  if (!got) return last;
  const HttpResponse& response = *got;
  const std::string label =
      ParameterOf(std::string(response.headers.Get("Content-Type").value_or("")), "charset");
  ASSIGN_OR_RETURN(Charset charset, CharsetForLabel(label));
  return DecodeDocument(response.body, link.second == "GZIP", charset);
}

// ---- finances ----------------------------------------------------------------------------------

Result<PagingSummary> SpApiAmazon::ListTransactions(const TransactionQuery& query,
                                                    const TransactionsPageFn& on_page) {
  const bool by_identifier = !query.related_identifier_name.empty();
  if (!by_identifier && !query.posted_after) {
    return InvalidArgument("listTransactions needs postedAfter or a related identifier");
  }
  ApiCall base{&Op("finances_2024-06-19", "listTransactions"), {}, {}, {}};
  if (query.posted_after) {
    Timestamp end = LatestWindowEnd();
    if (query.posted_before && *query.posted_before < end) end = *query.posted_before;
    if (end <= *query.posted_after) return PagingSummary{};
    AddTime(base, "postedAfter", query.posted_after);
    AddTime(base, "postedBefore", end);
  }
  if (!query.marketplace_id.empty()) {
    base.query.emplace_back("marketplaceId", UrlEncode(query.marketplace_id));
  }
  if (!query.transaction_status.empty()) {
    base.query.emplace_back("transactionStatus", UrlEncode(query.transaction_status));
  }
  if (by_identifier) {
    base.query.emplace_back("relatedIdentifierName", UrlEncode(query.related_identifier_name));
    base.query.emplace_back("relatedIdentifierValue", UrlEncode(query.related_identifier_value));
  }
  PagingSummary paging;
  std::unordered_set<std::string> delivered;
  int page_number = 0;
  Pager pager;
  pager.fetch = [&](const std::string& token, ApiError* error) {
    ApiCall call = base;
    if (!token.empty()) call.query.emplace_back("nextToken", UrlEncode(token));
    return client_.Call(call, error);
  };
  pager.next_token = [](const Json& body) { return NextTokenAt(body, {"payload", "nextToken"}); };
  pager.handle = [&](const Json& body) -> Status {
    const Json* payload = ObjectField(body, "payload");
    TransactionsPage page;
    page.page_number = ++page_number;
    const Json* list = payload != nullptr ? ArrayField(*payload, "transactions") : nullptr;
    if (list != nullptr) {
      for (const Json& j : *list) {
        auto t = ParseTransaction(j);
        if (!t.Ok()) {
          page.rejects.push_back(
              RecordReject{StringField(j, "transactionId"), t.GetStatus().Message()});
          continue;
        }
        if (!t->transaction_id.empty() && !delivered.insert(t->transaction_id).second) continue;
        page.transactions.push_back(std::move(t).Value());
      }
    }
    paging.records += static_cast<int64_t>(page.transactions.size());
    paging.rejects += static_cast<int64_t>(page.rejects.size());
    return on_page(page);  // Amazon may send empty pages; they are passed on too
  };
  RETURN_IF_ERROR(
      RunPaged("listTransactions", pager, options_.max_restarts, options_.max_pages, &paging));
  return paging;
}

// ---- notifications -----------------------------------------------------------------------------

Result<std::vector<Destination>> SpApiAmazon::GetDestinations() {
  ApiCall call{&Op("notifications", "getDestinations"), {}, {}, {}};
  ASSIGN_OR_RETURN(ApiResponse response, client_.Call(call));
  std::vector<Destination> out;
  if (const Json* list = ArrayField(response.json, "payload")) {
    for (const Json& j : *list) {
      auto d = ParseDestination(j);
      if (!d.Ok()) return DataLoss("getDestinations: " + d.GetStatus().Message());
      out.push_back(std::move(d).Value());
    }
  }
  return out;
}

Result<Destination> SpApiAmazon::CreateSqsDestination(std::string_view name,
                                                      std::string_view sqs_arn) {
  const Json body = {{"name", std::string(name)},
                     {"resourceSpecification", {{"sqs", {{"arn", std::string(sqs_arn)}}}}}};
  ApiCall call{&Op("notifications", "createDestination"), {}, {}, body.dump()};
  ASSIGN_OR_RETURN(ApiResponse response, client_.Call(call));
  const Json* payload = ObjectField(response.json, "payload");
  if (payload == nullptr) return DataLoss("createDestination answer has no payload");
  auto d = ParseDestination(*payload);
  if (!d.Ok()) return DataLoss("createDestination: " + d.GetStatus().Message());
  return d;
}

Status SpApiAmazon::DeleteDestination(std::string_view destination_id) {
  ApiCall call{&Op("notifications", "deleteDestination"),
               {{"destinationId", std::string(destination_id)}},
               {},
               {}};
  return client_.Call(call).GetStatus();
}

Result<std::optional<Subscription>> SpApiAmazon::GetSubscription(
    std::string_view notification_type) {
  ApiCall call{&Op("notifications", "getSubscription"),
               {{"notificationType", std::string(notification_type)}},
               {},
               {}};
  auto response = client_.Call(call);
  if (!response.Ok()) {
    if (response.GetStatus().Code() == StatusCode::kNotFound) return std::optional<Subscription>();
    return response.GetStatus();
  }
  const Json* payload = ObjectField(response->json, "payload");
  if (payload == nullptr) return std::optional<Subscription>();
  auto s = ParseSubscription(*payload);
  if (!s.Ok()) return DataLoss("getSubscription: " + s.GetStatus().Message());
  return std::optional<Subscription>(std::move(s).Value());
}

Result<Subscription> SpApiAmazon::CreateSubscription(std::string_view notification_type,
                                                     std::string_view destination_id,
                                                     std::string_view payload_version) {
  const Json body = {{"payloadVersion", std::string(payload_version)},
                     {"destinationId", std::string(destination_id)}};
  ApiCall call{&Op("notifications", "createSubscription"),
               {{"notificationType", std::string(notification_type)}},
               {},
               body.dump()};
  ASSIGN_OR_RETURN(ApiResponse response, client_.Call(call));
  const Json* payload = ObjectField(response.json, "payload");
  if (payload == nullptr) return DataLoss("createSubscription answer has no payload");
  auto s = ParseSubscription(*payload);
  if (!s.Ok()) return DataLoss("createSubscription: " + s.GetStatus().Message());
  return s;
}

Status SpApiAmazon::DeleteSubscription(std::string_view notification_type,
                                       std::string_view subscription_id) {
  ApiCall call{&Op("notifications", "deleteSubscriptionById"),
               {{"notificationType", std::string(notification_type)},
                {"subscriptionId", std::string(subscription_id)}},
               {},
               {}};
  return client_.Call(call).GetStatus();
}

}  // namespace fbaflow::amazon
