#include "adapters/amazon/sp_api_amazon.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/archive/fs_document_archive.h"
#include "adapters/testing/scripted_http.h"
#include "adapters/testing/temp_dir.h"
#include "core/amazon/document_decoder.h"
#include "core/testing/gzip.h"
#include "ports/fake_clock.h"

namespace fbaflow::amazon {
namespace {

using fbaflow::testing::AmazonError;
using fbaflow::testing::AmazonOk;
using fbaflow::testing::QueryParam;
using fbaflow::testing::QueryParamCount;
using fbaflow::testing::Reply;
using fbaflow::testing::ScriptedHttp;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr int64_t kNow = 1772323200;  // 2026-03-01T00:00:00Z
constexpr char kOrders[] = "/orders/2026-01-01/orders";
constexpr char kSummaries[] = "/fba/inventory/v1/summaries";
constexpr char kReports[] = "/reports/2021-06-30/reports";

std::string OrderJson(const std::string& id, const std::string& total = "23.98",
                      const std::string& sku = "SKU-1") {
  return R"({"orderId":")" + id +
         R"(","createdTime":"2026-02-28T10:00:00Z","lastUpdatedTime":"2026-02-28T11:00:00.123Z",
            "salesChannel":{"channelName":"Amazon.co.uk","marketplaceId":"A1F83G8C2ARO7P"},
            "fulfillment":{"fulfillmentStatus":"SHIPPED","fulfilledBy":"AMAZON"},
            "proceeds":{"grandTotal":{"amount":")" +
         total + R"(","currencyCode":"GBP"}},
            "orderItems":[{"orderItemId":"I-)" +
         id + R"(","quantityOrdered":2,
              "product":{"sellerSku":")" +
         sku +
         R"(","asin":"B000TEST","price":{"unitPrice":{"amount":"11.99","currencyCode":"GBP"}}},
              "fulfillment":{"quantityFulfilled":2,"quantityUnfulfilled":0}}]})";
}

std::string OrdersPageJson(const std::vector<std::string>& orders, const std::string& next = "",
                           const std::string& window_end = "") {
  std::string body = R"({"orders":[)";
  for (std::size_t i = 0; i < orders.size(); ++i) body += (i ? "," : "") + orders[i];
  body += "]";
  if (!next.empty()) body += R"(,"pagination":{"nextToken":")" + next + R"("})";
  if (!window_end.empty()) body += R"(,"createdBefore":")" + window_end + R"(")";
  return body + "}";
}

std::string Summary(const std::string& sku, int fulfillable) {
  return R"({"asin":"B0)" + sku + R"(","fnSku":"X0)" + sku + R"(","sellerSku":")" + sku +
         R"(","condition":"NewItem","productName":"Thing","totalQuantity":)" +
         std::to_string(fulfillable + 3) + R"(,"lastUpdatedTime":"2026-02-28T00:00:00Z",
          "inventoryDetails":{"fulfillableQuantity":)" +
         std::to_string(fulfillable) + R"(,"inboundWorkingQuantity":1,"inboundShippedQuantity":0,
          "inboundReceivingQuantity":0,"reservedQuantity":{"totalReservedQuantity":2,
          "pendingCustomerOrderQuantity":1,"pendingTransshipmentQuantity":1,"fcProcessingQuantity":0},
          "researchingQuantity":{"totalResearchingQuantity":0,"researchingQuantityBreakdown":[]},
          "unfulfillableQuantity":{"totalUnfulfillableQuantity":1,"customerDamagedQuantity":0,
          "warehouseDamagedQuantity":1,"distributorDamagedQuantity":0,"carrierDamagedQuantity":0,
          "defectiveQuantity":0,"expiredQuantity":0}}})";
}

std::string SummariesPage(const std::vector<std::string>& summaries, const std::string& next = "") {
  std::string body = R"({"payload":{"granularity":{"granularityType":"Marketplace",
      "granularityId":"A1F83G8C2ARO7P"},"inventorySummaries":[)";
  for (std::size_t i = 0; i < summaries.size(); ++i) body += (i ? "," : "") + summaries[i];
  body += "]}";
  if (!next.empty()) body += R"(,"pagination":{"nextToken":")" + next + R"("})";
  return body + "}";
}

std::string ReportJson(const std::string& id, const std::string& status,
                       const std::string& doc = "") {
  std::string j = R"({"reportId":")" + id +
                  R"(","reportType":"GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2",
      "dataStartTime":"2026-02-01T00:00:00Z","dataEndTime":"2026-02-15T00:00:00Z",
      "createdTime":"2026-02-15T02:00:00Z","processingStatus":")" +
                  status + R"(","marketplaceIds":["A1F83G8C2ARO7P"])";
  if (!doc.empty()) j += R"(,"reportDocumentId":")" + doc + R"(")";
  return j + "}";
}

HttpResponse ExpiredToken() {
  return AmazonError(400, "InvalidInput", "The nextToken has expired; it is valid for 30 seconds.");
}

class SpApiAmazonTest : public ::testing::Test {
 protected:
  SpApiAmazonTest()
      : clock_(kNow),
        lwa_(LwaOptions{.token_url = "https://lwa.test/auth/o2/token"},
             LwaCredentials{"client", Secret("secret"), Secret("Atzr|refresh")}, http_, clock_),
        limiter_(clock_),
        client_(Options(), lwa_, limiter_, http_, clock_),
        api_(client_) {
    http_.On("/auth/o2/token", [](const HttpRequest& r) {
      const bool grantless = r.body.find("client_credentials") != std::string::npos;
      return Result<HttpResponse>(Reply(200, std::string(R"({"access_token":")") +
                                                 (grantless ? "Atza|grantless" : "Atza|seller") +
                                                 R"(","expires_in":3600})"));
    });
  }

  static SpApiOptions Options() {
    SpApiOptions o;
    o.selling_partner = "A1SELLER";
    o.region = "eu";
    o.endpoint = "https://sp.test";
    o.jitter_seed = 3;
    return o;
  }

  ScriptedHttp http_;
  FakeClock clock_;
  LwaClient lwa_;
  RateLimiter limiter_;
  SpApiClient client_;
  SpApiAmazon api_;
};

// ---- orders ------------------------------------------------------------------------------------

TEST_F(SpApiAmazonTest, SearchOrdersClampsTheWindowAndPagesWithTheSameFilters) {
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O1"), OrderJson("O2")}, "tok-1",
                                               "2026-02-28T23:57:55Z")));
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O3")})));
  OrderQuery query;
  query.created_after = Timestamp{kNow - 86400, 0};
  query.marketplace_ids = {"A1F83G8C2ARO7P"};
  query.fulfilled_by = {FulfilledBy::kAmazon};
  query.included_data = {"FULFILLMENT", "PROCEEDS"};
  std::vector<Order> got;
  std::vector<int> pages;
  const auto result = api_.SearchOrders(query, [&](OrdersPage& page) {
    pages.push_back(page.page_number);
    for (Order& o : page.orders) got.push_back(std::move(o));
    return OkStatus();
  });
  ASSERT_TRUE(result.Ok()) << result.GetStatus().ToString();
  EXPECT_THAT(pages, ElementsAre(1, 2));
  ASSERT_THAT(got, SizeIs(3));
  EXPECT_EQ(result->paging.pages, 2);
  EXPECT_EQ(result->paging.records, 3);
  EXPECT_EQ(FormatIso8601(result->window_end), "2026-02-28T23:57:55Z");

  const auto requests = http_.RequestsTo(kOrders);
  ASSERT_THAT(requests, SizeIs(2));
  for (const HttpRequest& r : requests) {
    EXPECT_EQ(QueryParam(r.url, "createdAfter"), "2026-02-28T00:00:00Z");
    EXPECT_EQ(QueryParam(r.url, "createdBefore"), "2026-02-28T23:57:55Z");  // now − 125 s
    EXPECT_EQ(QueryParam(r.url, "marketplaceIds"), "A1F83G8C2ARO7P");
    EXPECT_EQ(QueryParam(r.url, "fulfilledBy"), "AMAZON");
    EXPECT_EQ(QueryParam(r.url, "includedData"), "FULFILLMENT,PROCEEDS");
    EXPECT_EQ(QueryParam(r.url, "maxResultsPerPage"), "100");
  }
  EXPECT_EQ(QueryParam(requests[0].url, "paginationToken"), "");
  EXPECT_EQ(QueryParam(requests[1].url, "paginationToken"), "tok-1");

  const Order& o = got[0];
  EXPECT_EQ(o.order_id, "O1");
  EXPECT_EQ(o.marketplace_id, "A1F83G8C2ARO7P");
  EXPECT_EQ(o.fulfilled_by, FulfilledBy::kAmazon);
  EXPECT_EQ(o.fulfillment_status, "SHIPPED");
  EXPECT_EQ(o.last_updated_time.utc_seconds, kNow - 86400 + 11 * 3600);
  ASSERT_TRUE(o.grand_total.has_value());
  EXPECT_EQ(o.grand_total->MinorUnits(), 2398);
  EXPECT_EQ(o.grand_total->GetCurrency().Code(), "GBP");
  ASSERT_THAT(o.items, SizeIs(1));
  EXPECT_EQ(o.items[0].seller_sku, "SKU-1");
  EXPECT_EQ(o.items[0].quantity_ordered, 2);
  EXPECT_EQ(o.items[0].quantity_fulfilled, 2);
  EXPECT_EQ(o.items[0].unit_price->MinorUnits(), 1199);
}

TEST_F(SpApiAmazonTest, SearchOrdersRejectsAnUnreadableOrderAndCarriesOn) {
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O1"), OrderJson("BAD", "1.999"),
                                                R"({"createdTime":"2026-02-28T10:00:00Z"})",
                                                OrderJson("O2")})));
  OrderQuery query;
  query.last_updated_after = Timestamp{kNow - 3600, 0};
  std::vector<RecordReject> rejects;
  int orders = 0;
  const auto result = api_.SearchOrders(query, [&](OrdersPage& page) {
    orders += static_cast<int>(page.orders.size());
    rejects = page.rejects;
    return OkStatus();
  });
  ASSERT_TRUE(result.Ok()) << result.GetStatus().ToString();
  EXPECT_EQ(orders, 2);
  ASSERT_THAT(rejects, SizeIs(2));
  EXPECT_EQ(rejects[0].record_id, "BAD");
  EXPECT_THAT(rejects[0].reason, HasSubstr("'1.999' in GBP"));
  EXPECT_THAT(rejects[1].reason, HasSubstr("without orderId"));
  EXPECT_EQ(result->paging.rejects, 2);
  EXPECT_EQ(QueryParam(http_.RequestsTo(kOrders)[0].url, "lastUpdatedBefore"),
            "2026-02-28T23:57:55Z");
}

TEST_F(SpApiAmazonTest, SearchOrdersNeedsExactlyOneStart) {
  OrderQuery none;
  auto noop = [](OrdersPage&) { return OkStatus(); };
  EXPECT_EQ(api_.SearchOrders(none, noop).GetStatus().Code(), StatusCode::kInvalidArgument);
  OrderQuery both;
  both.created_after = Timestamp{kNow - 600, 0};
  both.last_updated_after = Timestamp{kNow - 600, 0};
  EXPECT_EQ(api_.SearchOrders(both, noop).GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(http_.Requests(), SizeIs(0));
}

TEST_F(SpApiAmazonTest, SearchOrdersInsideTheLastTwoMinutesAsksNothing) {
  OrderQuery query;
  query.last_updated_after = Timestamp{kNow - 60, 0};
  const auto result = api_.SearchOrders(query, [](OrdersPage&) { return OkStatus(); });
  ASSERT_TRUE(result.Ok());
  EXPECT_EQ(result->paging.pages, 0);
  // The next cursor is never later than Amazon's two-minute edge (125 s with the margin).
  EXPECT_EQ(result->window_end, (Timestamp{kNow - 125, 0}));
  EXPECT_THAT(http_.RequestsTo(kOrders), SizeIs(0));

  // Nor for a start in the future, nor when Amazon says its window ended later than asked.
  query.last_updated_after = Timestamp{kNow + 86400 * 365, 0};
  EXPECT_EQ(api_.SearchOrders(query, [](OrdersPage&) { return OkStatus(); })->window_end,
            (Timestamp{kNow - 125, 0}));
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O1")}, "", "2027-01-01T00:00:00Z")));
  query.last_updated_after.reset();
  query.created_after = Timestamp{kNow - 86400, 0};
  EXPECT_EQ(api_.SearchOrders(query, [](OrdersPage&) { return OkStatus(); })->window_end,
            (Timestamp{kNow - 125, 0}));
}

TEST_F(SpApiAmazonTest, ExpiredPaginationTokenRestartsTheSearchWithoutDuplicates) {
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O1"), OrderJson("O2")}, "tok-1")));
  http_.Queue(kOrders, ExpiredToken());
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O1"), OrderJson("O2")}, "tok-2")));
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O3")})));
  OrderQuery query;
  query.created_after = Timestamp{kNow - 86400, 0};
  std::vector<std::string> ids;
  const auto result = api_.SearchOrders(query, [&](OrdersPage& page) {
    for (const Order& o : page.orders) ids.push_back(o.order_id);
    return OkStatus();
  });
  ASSERT_TRUE(result.Ok()) << result.GetStatus().ToString();
  EXPECT_THAT(ids, ElementsAre("O1", "O2", "O3"));
  EXPECT_EQ(result->paging.restarts, 1);
  EXPECT_EQ(QueryParam(http_.RequestsTo(kOrders)[3].url, "paginationToken"), "tok-2");
}

TEST_F(SpApiAmazonTest, APageCallbackErrorStopsTheSearch) {
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O1")}, "tok-1")));
  OrderQuery query;
  query.created_after = Timestamp{kNow - 86400, 0};
  const auto result =
      api_.SearchOrders(query, [](OrdersPage&) { return Cancelled("shutting down"); });
  EXPECT_EQ(result.GetStatus().Code(), StatusCode::kCancelled);
  EXPECT_THAT(http_.RequestsTo(kOrders), SizeIs(1));
}

TEST(ExpiredTokenTest, RecognisesAmazonsWordings) {
  EXPECT_TRUE(IsExpiredTokenError({400, "InvalidInput", "Next token is invalid or expired", ""}));
  EXPECT_TRUE(IsExpiredTokenError(
      {400, "InvalidInput", "Token is not valid, token duration is 25 minutes.", ""}));
  EXPECT_TRUE(IsExpiredTokenError({400, "InvalidInput", "The nextToken has expired.", ""}));
  EXPECT_FALSE(IsExpiredTokenError({400, "InvalidInput", "createdAfter is invalid", ""}));
  EXPECT_FALSE(IsExpiredTokenError({403, "Unauthorized", "token expired", ""}));
}

// ---- inventory ---------------------------------------------------------------------------------

TEST_F(SpApiAmazonTest, InventoryReadsDetailsAndSurvivesTokenExpiry) {
  http_.Queue(kSummaries, AmazonOk(SummariesPage({Summary("A", 5), Summary("B", 7)}, "inv-1")));
  http_.Queue(kSummaries, ExpiredToken());
  // Restarted from the first page; B changed meanwhile.
  http_.Queue(kSummaries, AmazonOk(SummariesPage({Summary("A", 5), Summary("B", 6)}, "inv-2")));
  http_.Queue(kSummaries, AmazonOk(SummariesPage({Summary("C", 1)})));
  InventoryQuery query;
  query.marketplace_id = "A1F83G8C2ARO7P";
  const auto listing = api_.GetInventorySummaries(query);
  ASSERT_TRUE(listing.Ok()) << listing.GetStatus().ToString();
  ASSERT_THAT(listing->summaries, SizeIs(3));
  EXPECT_EQ(listing->paging.restarts, 1);
  EXPECT_EQ(listing->paging.pages, 3);
  EXPECT_EQ(listing->summaries[1].seller_sku, "B");
  EXPECT_EQ(listing->summaries[1].fulfillable, 6);  // the later reading wins
  const InventorySummary& a = listing->summaries[0];
  EXPECT_TRUE(a.has_details);
  EXPECT_EQ(a.fnsku, "X0A");
  EXPECT_EQ(a.total_quantity, 8);
  EXPECT_EQ(a.inbound_working, 1);
  EXPECT_EQ(a.reserved.total, 2);
  EXPECT_EQ(a.reserved.pending_customer_order, 1);
  EXPECT_EQ(a.unfulfillable.warehouse_damaged, 1);

  const auto requests = http_.RequestsTo(kSummaries);
  ASSERT_THAT(requests, SizeIs(4));
  EXPECT_EQ(QueryParam(requests[0].url, "granularityType"), "Marketplace");
  EXPECT_EQ(QueryParam(requests[0].url, "granularityId"), "A1F83G8C2ARO7P");
  EXPECT_EQ(QueryParam(requests[0].url, "marketplaceIds"), "A1F83G8C2ARO7P");
  EXPECT_EQ(QueryParam(requests[0].url, "details"), "true");
  EXPECT_EQ(QueryParam(requests[1].url, "nextToken"), "inv-1");
  EXPECT_EQ(QueryParam(requests[2].url, "nextToken"), "");
  EXPECT_EQ(QueryParam(requests[3].url, "nextToken"), "inv-2");
  EXPECT_EQ(QueryParam(requests[3].url, "granularityType"), "Marketplace");
}

TEST_F(SpApiAmazonTest, InventoryFollowsATokenHandedOutTwiceOnceMore) {
  // The second page is served twice, the same token handed back; asked again, it moves on.
  http_.Queue(kSummaries, AmazonOk(SummariesPage({Summary("A", 5)}, "t1")));
  http_.Queue(kSummaries, AmazonOk(SummariesPage({Summary("B", 5)}, "t2")));
  http_.Queue(kSummaries, AmazonOk(SummariesPage({Summary("B", 5)}, "t2")));
  http_.Queue(kSummaries, AmazonOk(SummariesPage({Summary("C", 5)})));
  InventoryQuery query;
  query.marketplace_id = "A1F83G8C2ARO7P";
  const auto listing = api_.GetInventorySummaries(query);
  ASSERT_TRUE(listing.Ok()) << listing.GetStatus().ToString();
  EXPECT_FALSE(listing->paging.repeated_token);
  ASSERT_THAT(listing->summaries, SizeIs(3));
  EXPECT_EQ(listing->summaries[2].seller_sku, "C");
  const auto requests = http_.RequestsTo(kSummaries);
  ASSERT_THAT(requests, SizeIs(4));
  EXPECT_EQ(QueryParam(requests[2].url, "nextToken"), "t2");
  EXPECT_EQ(QueryParam(requests[3].url, "nextToken"), "t2");
}

TEST_F(SpApiAmazonTest, InventoryEndsOnATokenThatKeepsComingBack) {
  http_.On(kSummaries, [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(SummariesPage({Summary("A", 5)}, "same")));
  });
  InventoryQuery query;
  query.marketplace_id = "A1F83G8C2ARO7P";
  const auto listing = api_.GetInventorySummaries(query);
  ASSERT_TRUE(listing.Ok()) << listing.GetStatus().ToString();
  EXPECT_TRUE(listing->paging.repeated_token);
  EXPECT_THAT(listing->summaries, SizeIs(1));
  EXPECT_THAT(http_.RequestsTo(kSummaries), SizeIs(3));
}

TEST_F(SpApiAmazonTest, OrdersServedTwiceAreDeliveredOnce) {
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O1")}, "p1")));
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O2")}, "p1")));  // page 2, token again
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O2")}, "p2")));  // page 2 once more
  http_.Queue(kOrders, AmazonOk(OrdersPageJson({OrderJson("O3")})));
  OrderQuery query;
  query.created_after = Timestamp{kNow - 86400, 0};
  std::vector<std::string> ids;
  const auto result = api_.SearchOrders(query, [&](OrdersPage& page) {
    for (const Order& o : page.orders) ids.push_back(o.order_id);
    return OkStatus();
  });
  ASSERT_TRUE(result.Ok()) << result.GetStatus().ToString();
  EXPECT_THAT(ids, ElementsAre("O1", "O2", "O3"));
  EXPECT_EQ(result->paging.records, 3);
}

TEST_F(SpApiAmazonTest, InventoryGivesUpWhenTokensKeepExpiring) {
  int n = 0;
  http_.On(kSummaries, [&n](const HttpRequest& r) {
    if (QueryParam(r.url, "nextToken").empty()) {
      return Result<HttpResponse>(
          AmazonOk(SummariesPage({Summary("A", 1)}, "t" + std::to_string(++n))));
    }
    return Result<HttpResponse>(ExpiredToken());
  });
  InventoryQuery query;
  query.marketplace_id = "A1F83G8C2ARO7P";
  const auto listing = api_.GetInventorySummaries(query);
  ASSERT_FALSE(listing.Ok());
  EXPECT_EQ(listing.GetStatus().Code(), StatusCode::kUnavailable);
  EXPECT_THAT(listing.GetStatus().Message(), HasSubstr("expired 6 times"));
}

TEST_F(SpApiAmazonTest, InventorySplitsSkuListsIntoFifties) {
  http_.On(kSummaries,
           [](const HttpRequest&) { return Result<HttpResponse>(AmazonOk(SummariesPage({}))); });
  InventoryQuery query;
  query.marketplace_id = "A1F83G8C2ARO7P";
  for (int i = 0; i < 120; ++i) query.seller_skus.push_back("SKU," + std::to_string(i));
  ASSERT_TRUE(api_.GetInventorySummaries(query).Ok());
  const auto requests = http_.RequestsTo(kSummaries);
  ASSERT_THAT(requests, SizeIs(3));
  auto count = [](const std::string& url) {
    const std::string skus = QueryParam(url, "sellerSkus");
    return std::count(skus.begin(), skus.end(), ',') + 1;
  };
  // Commas inside a SKU are escaped, so they do not split it.
  EXPECT_EQ(count(requests[0].url), 50 + 50);
  EXPECT_THAT(requests[0].url, HasSubstr("SKU%2C0,SKU%2C1,"));
  EXPECT_EQ(count(requests[2].url), 20 + 20);
}

// ---- reports -----------------------------------------------------------------------------------

TEST_F(SpApiAmazonTest, GetReportsSendsNextTokenAloneOnFollowUpPages) {
  http_.Queue(kReports, AmazonOk(R"({"reports":[)" + ReportJson("R1", "DONE", "D1") + "," +
                                 ReportJson("R2", "DONE", "D2") + R"(],"nextToken":"n/1+"})"));
  http_.Queue(kReports, AmazonOk(R"({"reports":[)" + ReportJson("R2", "DONE", "D2") + "," +
                                 ReportJson("R3", "FATAL") + "]}"));
  ReportsQuery query;
  query.report_types = {"GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"};
  query.created_since = Timestamp{kNow - 30 * 86400, 0};
  const auto reports = api_.GetReports(query);
  ASSERT_TRUE(reports.Ok()) << reports.GetStatus().ToString();
  ASSERT_THAT(*reports, SizeIs(3));
  EXPECT_EQ((*reports)[2].status, ProcessingStatus::kFatal);
  EXPECT_EQ((*reports)[0].document_id, "D1");
  EXPECT_EQ((*reports)[0].data_end->utc_seconds, 1771113600);
  const auto requests = http_.RequestsTo(kReports);
  ASSERT_THAT(requests, SizeIs(2));
  EXPECT_EQ(QueryParam(requests[0].url, "reportTypes"),
            "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2");
  EXPECT_EQ(QueryParam(requests[0].url, "createdSince"), "2026-01-30T00:00:00Z");
  EXPECT_EQ(QueryParam(requests[0].url, "pageSize"), "100");
  EXPECT_EQ(QueryParamCount(requests[1].url), 1);
  EXPECT_EQ(QueryParam(requests[1].url, "nextToken"), "n/1+");
  EXPECT_THAT(requests[1].url, HasSubstr("nextToken=n%2F1%2B"));
}

TEST_F(SpApiAmazonTest, WaitForReportPollsWithGrowingIntervalsUntilDone) {
  const std::string path = std::string(kReports) + "/R9";
  http_.Queue(path, AmazonOk(ReportJson("R9", "IN_QUEUE")));
  http_.Queue(path, AmazonOk(ReportJson("R9", "IN_PROGRESS")));
  http_.Queue(path, AmazonOk(ReportJson("R9", "IN_PROGRESS")));
  http_.Queue(path, AmazonOk(ReportJson("R9", "DONE", "DOC-9")));
  const auto report = api_.WaitForReport("R9", PollOptions{});
  ASSERT_TRUE(report.Ok()) << report.GetStatus().ToString();
  EXPECT_EQ(report->status, ProcessingStatus::kDone);
  EXPECT_EQ(report->document_id, "DOC-9");
  EXPECT_EQ(clock_.Sleeps(), (std::vector<Clock::Duration>{std::chrono::milliseconds(15000),
                                                           std::chrono::milliseconds(22500),
                                                           std::chrono::milliseconds(33750)}));
}

TEST_F(SpApiAmazonTest, WaitForReportReturnsFatalAndCancelledReports) {
  const std::string path = std::string(kReports) + "/R";
  http_.Queue(path + "F", AmazonOk(ReportJson("RF", "IN_PROGRESS")));
  http_.Queue(path + "F", AmazonOk(ReportJson("RF", "FATAL", "ERRDOC")));
  http_.Queue(path + "C", AmazonOk(ReportJson("RC", "CANCELLED")));
  const auto fatal = api_.WaitForReport("RF", PollOptions{});
  ASSERT_TRUE(fatal.Ok());
  EXPECT_EQ(fatal->status, ProcessingStatus::kFatal);
  EXPECT_EQ(fatal->document_id, "ERRDOC");
  const auto cancelled = api_.WaitForReport("RC", PollOptions{});
  ASSERT_TRUE(cancelled.Ok());
  EXPECT_EQ(cancelled->status, ProcessingStatus::kCancelled);
}

TEST_F(SpApiAmazonTest, WaitForReportTimesOut) {
  http_.On(std::string(kReports) + "/RS", [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonOk(ReportJson("RS", "IN_PROGRESS")));
  });
  PollOptions poll;
  poll.timeout = std::chrono::minutes(5);
  const auto report = api_.WaitForReport("RS", poll);
  ASSERT_FALSE(report.Ok());
  EXPECT_EQ(report.GetStatus().Code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(report.GetStatus().Message(), HasSubstr("still IN_PROGRESS"));
  EXPECT_LE(clock_.TotalSlept(), std::chrono::minutes(5));
}

TEST_F(SpApiAmazonTest, CreateReportSendsTheSpecification) {
  http_.Queue(kReports, AmazonOk(R"({"reportId":"R77"})"));
  ReportRequest request;
  request.report_type = "GET_LEDGER_DETAIL_VIEW_DATA";
  request.marketplace_ids = {"ATVPDKIKX0DER"};
  request.data_start = Timestamp{kNow - 86400, 0};
  request.options = {{"eventType", "Adjustments"}};
  const auto id = api_.CreateReport(request);
  ASSERT_TRUE(id.Ok()) << id.GetStatus().ToString();
  EXPECT_EQ(*id, "R77");
  const HttpRequest sent = http_.RequestsTo(kReports)[0];
  EXPECT_EQ(sent.method, HttpMethod::kPost);
  EXPECT_EQ(Json::parse(sent.body), Json::parse(R"({"reportType":"GET_LEDGER_DETAIL_VIEW_DATA",
                            "marketplaceIds":["ATVPDKIKX0DER"],
                            "dataStartTime":"2026-02-28T00:00:00Z",
                            "reportOptions":{"eventType":"Adjustments"}})"));
}

class ReportDocumentTest : public SpApiAmazonTest {
 protected:
  void SetUp() override {
    auto archive = FsDocumentArchive::Open(dir_.Path());
    ASSERT_TRUE(archive.Ok());
    archive_ = std::move(archive).Value();
  }
  std::string Stored(const ArchivedDocument& doc) {
    std::string out;
    EXPECT_TRUE(archive_
                    ->Read(doc,
                           [&out](std::string_view c) {
                             out.append(c);
                             return OkStatus();
                           })
                    .Ok());
    return out;
  }
  testing::TempDir dir_;
  std::unique_ptr<FsDocumentArchive> archive_;
};

TEST_F(ReportDocumentTest, ArchivesTheGzippedWindows1252BytesAndDecodesThem) {
  const std::string text = "settlement-id\tamount\n123\t52,44\nCaf\xE9\t\x80\n";
  const std::string gz = fbaflow::testing::Gzip(text);
  http_.Queue(
      "/reports/2021-06-30/documents/DOC-1",
      AmazonOk(
          R"({"reportDocumentId":"DOC-1","url":"https://storage.test/doc1?X-Amz-Signature=abc","compressionAlgorithm":"GZIP"})"));
  http_.Queue("/doc1",
              Reply(200, gz, HttpHeaders{{"Content-Type", "text/plain; charset=windows-1252"}}));
  const auto fetched = api_.FetchReportDocument("DOC-1", ArchiveKey{"settlement", "R1"}, *archive_,
                                                "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2");
  ASSERT_TRUE(fetched.Ok()) << fetched.GetStatus().ToString();
  EXPECT_TRUE(fetched->gzip);
  EXPECT_EQ(fetched->charset_label, "windows-1252");
  EXPECT_EQ(fetched->archived.metadata.compression, "GZIP");
  EXPECT_EQ(fetched->archived.metadata.content_type, "text/plain; charset=windows-1252");
  EXPECT_EQ(fetched->archived.metadata.fetched_at, "2026-03-01T00:00:00Z");
  EXPECT_EQ(Stored(fetched->archived), gz);  // raw bytes, as served

  const auto decoded = DecodeDocument(Stored(fetched->archived), fetched->gzip,
                                      CharsetFromLabel(fetched->charset_label));
  ASSERT_TRUE(decoded.Ok()) << decoded.GetStatus().ToString();
  EXPECT_EQ(*decoded, "settlement-id\tamount\n123\t52,44\nCaf\xC3\xA9\t\xE2\x82\xAC\n");

  const HttpRequest download = http_.RequestsTo("/doc1")[0];
  EXPECT_FALSE(download.headers.Has("x-amz-access-token"));  // never sent to the storage host
  EXPECT_FALSE(download.accept_compressed);
}

TEST_F(ReportDocumentTest, AnExpiredDownloadUrlIsRenewedOnce) {
  http_.Queue("/reports/2021-06-30/documents/DOC-2",
              AmazonOk(R"({"reportDocumentId":"DOC-2","url":"https://storage.test/old"})"));
  http_.Queue("/reports/2021-06-30/documents/DOC-2",
              AmazonOk(R"({"reportDocumentId":"DOC-2","url":"https://storage.test/new"})"));
  http_.Queue("/old", Reply(403, "<Error><Code>AccessDenied</Code>Request has expired</Error>"));
  http_.Queue("/new",
              Reply(200, "sku\tqty\n",
                    HttpHeaders{{"Content-Type", "text/tab-separated-values;charset=UTF-8"}}));
  const auto fetched = api_.FetchReportDocument("DOC-2", ArchiveKey{"report", "R2"}, *archive_, "");
  ASSERT_TRUE(fetched.Ok()) << fetched.GetStatus().ToString();
  EXPECT_FALSE(fetched->gzip);
  EXPECT_EQ(fetched->charset_label, "UTF-8");
  EXPECT_EQ(Stored(fetched->archived), "sku\tqty\n");
  EXPECT_THAT(http_.RequestsTo("/reports/2021-06-30/documents/"), SizeIs(2));
}

TEST_F(ReportDocumentTest, AFailedDownloadLeavesNothingInTheArchive) {
  http_.Queue("/reports/2021-06-30/documents/DOC-3",
              AmazonOk(R"({"reportDocumentId":"DOC-3","url":"https://storage.test/d3"})"));
  http_.On("/d3", [](const HttpRequest&) {
    return Result<HttpResponse>(Unavailable("connection reset by peer"));
  });
  const auto fetched = api_.FetchReportDocument("DOC-3", ArchiveKey{"report", "R3"}, *archive_, "");
  ASSERT_FALSE(fetched.Ok());
  EXPECT_EQ(fetched.GetStatus().Code(), StatusCode::kUnavailable);
  EXPECT_THAT(http_.RequestsTo("/d3"), SizeIs(4));
  const auto found = archive_->Find(ArchiveKey{"report", "R3"});
  ASSERT_TRUE(found.Ok());
  EXPECT_FALSE(found->has_value());
}

TEST_F(ReportDocumentTest, AMissingDocumentIsNotRetriedAThrottledOneWaitsForRetryAfter) {
  http_.On("/reports/2021-06-30/documents/DOC-4", [](const HttpRequest&) {
    return Result<HttpResponse>(
        AmazonOk(R"({"reportDocumentId":"DOC-4","url":"https://storage.test/d4"})"));
  });
  http_.Queue("/d4", Reply(404, "<Error><Code>NoSuchKey</Code></Error>"));
  const auto missing = api_.FetchReportDocument("DOC-4", ArchiveKey{"report", "R4"}, *archive_, "");
  ASSERT_FALSE(missing.Ok());
  EXPECT_EQ(missing.GetStatus().Code(), StatusCode::kNotFound);
  EXPECT_THAT(http_.RequestsTo("/d4"), SizeIs(1));

  http_.Queue("/d4", Reply(429, "slow down", HttpHeaders{{"Retry-After", "11"}}));
  http_.Queue("/d4", Reply(200, "sku\tqty\n"));
  const auto start = clock_.MonotonicNow();
  const auto fetched = api_.FetchReportDocument("DOC-4", ArchiveKey{"report", "R4"}, *archive_, "");
  ASSERT_TRUE(fetched.Ok()) << fetched.GetStatus().ToString();
  EXPECT_EQ(clock_.MonotonicNow() - start, std::chrono::seconds(11));
}

TEST_F(SpApiAmazonTest, AMissingFeedResultIsNotRetried) {
  http_.Queue("/feeds/2021-06-30/documents/RES9",
              AmazonOk(R"({"feedDocumentId":"RES9","url":"https://storage.test/res9"})"));
  http_.On("/res9", [](const HttpRequest&) { return Result<HttpResponse>(Reply(404, "")); });
  FeedInfo feed;
  feed.feed_id = "F9";
  feed.result_document_id = "RES9";
  const auto result = api_.GetFeedResult(feed);
  ASSERT_FALSE(result.Ok());
  EXPECT_EQ(result.GetStatus().Code(), StatusCode::kNotFound) << result.GetStatus().ToString();
  EXPECT_FALSE(result.GetStatus().IsRetryable());
  EXPECT_THAT(http_.RequestsTo("/res9"), SizeIs(1));
}

// ---- finances ----------------------------------------------------------------------------------

TEST_F(SpApiAmazonTest, ListTransactionsPagesAndKeepsAmountsExact) {
  const std::string tx = R"({"transactionId":"T1","transactionType":"Shipment",
      "transactionStatus":"RELEASED","description":"Order Payment",
      "postedDate":"2026-02-20T10:00:00Z","totalAmount":{"currencyCode":"EUR","currencyAmount":19.9},
      "marketplaceDetails":{"marketplaceId":"A1PA6795UKMFR9","marketplaceName":"Amazon.de"},
      "relatedIdentifiers":[{"relatedIdentifierName":"ORDER_ID","relatedIdentifierValue":"302-1"}],
      "breakdowns":[{"breakdownType":"Sales","breakdownAmount":{"currencyCode":"EUR","currencyAmount":24.95},
        "breakdowns":[{"breakdownType":"ProductCharges","breakdownAmount":{"currencyCode":"EUR","currencyAmount":24.95}}]},
        {"breakdownType":"Expenses","breakdownAmount":{"currencyCode":"EUR","currencyAmount":-5.05}}],
      "items":[{}]})";
  http_.Queue("/finances/2024-06-19/transactions",
              AmazonOk(R"({"payload":{"transactions":[)" + tx + R"(],"nextToken":"f1"}})"));
  http_.Queue("/finances/2024-06-19/transactions", AmazonOk(R"({"payload":{"transactions":[]}})"));
  TransactionQuery query;
  query.posted_after = Timestamp{kNow - 7 * 86400, 0};
  query.marketplace_id = "A1PA6795UKMFR9";
  std::vector<Transaction> got;
  int pages = 0;
  const auto paging = api_.ListTransactions(query, [&](TransactionsPage& page) {
    ++pages;
    for (auto& t : page.transactions) got.push_back(std::move(t));
    return OkStatus();
  });
  ASSERT_TRUE(paging.Ok()) << paging.GetStatus().ToString();
  EXPECT_EQ(pages, 2);  // the empty page is passed on too
  ASSERT_THAT(got, SizeIs(1));
  const Transaction& t = got[0];
  EXPECT_EQ(t.total_amount->MinorUnits(), 1990);
  EXPECT_EQ(t.related_identifiers[0].second, "302-1");
  ASSERT_THAT(t.breakdowns, SizeIs(2));
  EXPECT_EQ(t.breakdowns[0].children[0].amount->MinorUnits(), 2495);
  EXPECT_EQ(t.breakdowns[1].amount->MinorUnits(), -505);
  EXPECT_EQ(t.item_count, 1);
  const auto requests = http_.RequestsTo("/finances/");
  EXPECT_EQ(QueryParam(requests[0].url, "postedBefore"), "2026-02-28T23:57:55Z");
  EXPECT_EQ(QueryParam(requests[1].url, "nextToken"), "f1");
  EXPECT_EQ(QueryParam(requests[1].url, "marketplaceId"), "A1PA6795UKMFR9");
}

// ---- shipment confirmation ---------------------------------------------------------------------

ShipmentConfirmation Package() {
  ShipmentConfirmation c;
  c.order_id = "202-1234567-7654321";
  c.marketplace_id = "A1F83G8C2ARO7P";
  c.package_reference_id = "1";
  c.carrier_code = "Other";
  c.carrier_name = "Evri";
  c.shipping_method = "Evri 48";
  c.tracking_number = "H00A0A0000000001";
  c.ship_date = Timestamp{kNow - 3600, 0};
  c.items = {{"11122233344455", 2}};
  return c;
}

TEST_F(SpApiAmazonTest, ConfirmShipmentPostsThePackageAsOrdersV0Wants) {
  http_.Queue("/shipmentConfirmation", Reply(204, ""));
  const Status s = api_.ConfirmShipment(Package());
  ASSERT_TRUE(s.Ok()) << s.ToString();
  const HttpRequest sent = http_.RequestsTo("/shipmentConfirmation")[0];
  EXPECT_EQ(sent.method, HttpMethod::kPost);
  EXPECT_THAT(sent.url, HasSubstr("/orders/v0/orders/202-1234567-7654321/shipmentConfirmation"));
  EXPECT_EQ(Json::parse(sent.body), Json::parse(R"({"marketplaceId":"A1F83G8C2ARO7P",
      "packageDetail":{"packageReferenceId":"1","carrierCode":"Other","carrierName":"Evri",
        "shippingMethod":"Evri 48","trackingNumber":"H00A0A0000000001",
        "shipDate":"2026-02-28T23:00:00Z",
        "orderItems":[{"orderItemId":"11122233344455","quantity":2}]}})"));
}

TEST_F(SpApiAmazonTest, ConfirmShipmentRefusalsAreNotRetried) {
  http_.Queue("/shipmentConfirmation", AmazonError(400, "InvalidInput",
                                                   "Package 1 of order 202-1234567-7654321 has "
                                                   "already been confirmed."));
  const Status duplicate = api_.ConfirmShipment(Package());
  EXPECT_EQ(duplicate.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(duplicate.Message(), HasSubstr("has already been confirmed"));
  http_.Queue("/shipmentConfirmation", AmazonError(404, "NotFound", "Order not found."));
  const Status missing = api_.ConfirmShipment(Package());
  EXPECT_EQ(missing.Code(), StatusCode::kNotFound);
  EXPECT_THAT(http_.RequestsTo("/shipmentConfirmation"), SizeIs(2));  // one each
}

TEST_F(SpApiAmazonTest, AnIncompleteConfirmationIsRefusedBeforeAnyCall) {
  ShipmentConfirmation no_tracking = Package();
  no_tracking.tracking_number.clear();
  ShipmentConfirmation other_unnamed = Package();
  other_unnamed.carrier_name.clear();
  ShipmentConfirmation no_units = Package();
  no_units.items[0].quantity = 0;
  ShipmentConfirmation no_items = Package();
  no_items.items.clear();
  for (const auto& [c, why] : std::vector<std::pair<ShipmentConfirmation, std::string>>{
           {no_tracking, "tracking number"},
           {other_unnamed, "carrier name"},
           {no_units, "quantity 0"},
           {no_items, "at least one order item"}}) {
    const Status s = api_.ConfirmShipment(c);
    EXPECT_EQ(s.Code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(s.Message(), HasSubstr(why));
  }
  EXPECT_THAT(http_.Requests(), SizeIs(0));
}

TEST_F(SpApiAmazonTest, AnOrderCarriesItsPackagesAndTheLatestShipTime) {
  const std::string packages = R"(,"packages":[
      {"packageReferenceId":"1","carrier":"UPS","trackingNumber":"1Z1","shipTime":"2026-02-28T12:00:00Z"},
      {"packageReferenceId":"2","carrier":"UPS","trackingNumber":"1Z2","shipTime":"2026-02-28T15:30:00+01:00"},
      {"packageReferenceId":"3"}]})";
  std::string order = OrderJson("202-0000000-0000001");
  order.pop_back();
  http_.Queue("/orders/2026-01-01/orders/", AmazonOk(R"({"order":)" + order + packages + "}"));
  const auto got = api_.GetOrder("202-0000000-0000001", {"PACKAGES"});
  ASSERT_TRUE(got.Ok()) << got.GetStatus().ToString();
  ASSERT_THAT(got->packages, SizeIs(3));
  EXPECT_EQ(got->packages[1].tracking_number, "1Z2");
  EXPECT_FALSE(got->packages[2].ship_time.has_value());
  ASSERT_TRUE(got->shipped_time.has_value());
  EXPECT_EQ(got->shipped_time->utc_seconds, kNow - 34200);  // 2026-02-28T14:30:00Z, the later

  std::string bad = OrderJson("202-0000000-0000002");
  bad.pop_back();
  http_.Queue("/orders/2026-01-01/orders/",
              AmazonOk(R"({"order":)" + bad +
                       R"(,"packages":[{"packageReferenceId":"1","shipTime":"yesterday"}]}})"));
  const auto refused = api_.GetOrder("202-0000000-0000002", {"PACKAGES"});
  EXPECT_EQ(refused.GetStatus().Code(), StatusCode::kDataLoss);
  EXPECT_THAT(refused.GetStatus().Message(), HasSubstr("shipTime"));
}

// ---- listings, feeds ---------------------------------------------------------------------------

TEST_F(SpApiAmazonTest, PatchListingQuantitySetsFulfillmentAvailability) {
  http_.Queue(
      "/listings/2021-08-01/items/",
      AmazonOk(R"({"sku":"SKU/1","status":"ACCEPTED","submissionId":"sub-1","issues":[]})"));
  const auto submission =
      api_.PatchListingQuantity("A1SELLER", "A1F83G8C2ARO7P", QuantityUpdate{"SKU/1", 12});
  ASSERT_TRUE(submission.Ok()) << submission.GetStatus().ToString();
  EXPECT_EQ(submission->status, "ACCEPTED");
  const HttpRequest sent = http_.RequestsTo("/listings/")[0];
  EXPECT_EQ(sent.method, HttpMethod::kPatch);
  EXPECT_THAT(sent.url, HasSubstr("/listings/2021-08-01/items/A1SELLER/SKU%2F1?"));
  EXPECT_EQ(QueryParam(sent.url, "marketplaceIds"), "A1F83G8C2ARO7P");
  EXPECT_EQ(Json::parse(sent.body), Json::parse(R"({"productType":"PRODUCT","patches":[
      {"op":"replace","path":"/attributes/fulfillment_availability",
       "value":[{"fulfillment_channel_code":"DEFAULT","quantity":12}]}]})"));
}

TEST_F(SpApiAmazonTest, NegativeQuantityIsRefusedBeforeAnyCall) {
  const auto submission =
      api_.PatchListingQuantity("A1SELLER", "A1F83G8C2ARO7P", QuantityUpdate{"SKU", -1});
  EXPECT_EQ(submission.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(http_.Requests(), SizeIs(0));
}

TEST_F(SpApiAmazonTest, QuantityFeedCreatesUploadsAndSubmits) {
  http_.Queue("/feeds/2021-06-30/documents",
              AmazonOk(R"({"feedDocumentId":"FD1","url":"https://upload.test/fd1?sig=1"})"));
  http_.Queue("/fd1", Reply(200, ""));
  http_.Queue("/feeds/2021-06-30/feeds", AmazonOk(R"({"feedId":"F1"})"));
  const auto feed_id = api_.SubmitQuantityFeed("A1SELLER", {"A1F83G8C2ARO7P"},
                                               {QuantityUpdate{"A", 3}, QuantityUpdate{"B", 0}});
  ASSERT_TRUE(feed_id.Ok()) << feed_id.GetStatus().ToString();
  EXPECT_EQ(*feed_id, "F1");
  EXPECT_EQ(Json::parse(http_.RequestsTo("/feeds/2021-06-30/documents")[0].body),
            Json::parse(R"({"contentType":"application/json; charset=UTF-8"})"));
  const HttpRequest upload = http_.RequestsTo("/fd1")[0];
  EXPECT_EQ(upload.method, HttpMethod::kPut);
  EXPECT_FALSE(upload.headers.Has("x-amz-access-token"));
  EXPECT_EQ(upload.headers.Get("Content-Type"), "application/json; charset=UTF-8");
  const Json feed = Json::parse(upload.body);
  EXPECT_EQ(feed["header"]["sellerId"], "A1SELLER");
  ASSERT_EQ(feed["messages"].size(), 2u);
  EXPECT_EQ(feed["messages"][1]["messageId"], 2);
  EXPECT_EQ(feed["messages"][1]["operationType"], "PATCH");
  EXPECT_EQ(feed["messages"][1]["patches"][0]["value"][0]["quantity"], 0);
  EXPECT_EQ(Json::parse(http_.RequestsTo("/feeds/2021-06-30/feeds")[0].body),
            Json::parse(R"({"feedType":"JSON_LISTINGS_FEED","marketplaceIds":["A1F83G8C2ARO7P"],
                            "inputFeedDocumentId":"FD1"})"));
}

TEST_F(SpApiAmazonTest, FeedResultIsDownloadedAndDecoded) {
  http_.Queue(
      "/feeds/2021-06-30/feeds/F1",
      AmazonOk(
          R"({"feedId":"F1","feedType":"JSON_LISTINGS_FEED","createdTime":"2026-02-28T00:00:00Z",
                           "processingStatus":"DONE","resultFeedDocumentId":"RES1"})"));
  http_.Queue(
      "/feeds/2021-06-30/documents/RES1",
      AmazonOk(
          R"({"feedDocumentId":"RES1","url":"https://storage.test/res1","compressionAlgorithm":"GZIP"})"));
  http_.Queue("/res1", Reply(200, fbaflow::testing::Gzip(R"({"summary":{"errors":0}})"),
                             HttpHeaders{{"Content-Type", "application/json; charset=UTF-8"}}));
  const auto feed = api_.WaitForFeed("F1", PollOptions{});
  ASSERT_TRUE(feed.Ok()) << feed.GetStatus().ToString();
  const auto result = api_.GetFeedResult(*feed);
  ASSERT_TRUE(result.Ok()) << result.GetStatus().ToString();
  EXPECT_EQ(*result, R"({"summary":{"errors":0}})");
}

// ---- notifications, credentials ----------------------------------------------------------------

TEST_F(SpApiAmazonTest, NotificationsUseGrantlessTokensWhereTheCatalogueSays) {
  http_.Queue("/notifications/v1/destinations",
              AmazonOk(R"({"payload":[{"destinationId":"D1","name":"fbaflow",
                           "resource":{"sqs":{"arn":"arn:aws:sqs:eu-west-1:1:q"}}}]})"));
  http_.Queue("/notifications/v1/subscriptions/ORDER_CHANGE",
              AmazonError(404, "NotFound", "no subscription"));
  http_.Queue(
      "/notifications/v1/subscriptions/ORDER_CHANGE",
      AmazonOk(
          R"({"payload":{"subscriptionId":"S1","payloadVersion":"1.0","destinationId":"D1"}})"));
  const auto destinations = api_.GetDestinations();
  ASSERT_TRUE(destinations.Ok()) << destinations.GetStatus().ToString();
  ASSERT_THAT(*destinations, SizeIs(1));
  EXPECT_EQ((*destinations)[0].sqs_arn, "arn:aws:sqs:eu-west-1:1:q");
  const auto none = api_.GetSubscription("ORDER_CHANGE");
  ASSERT_TRUE(none.Ok());
  EXPECT_FALSE(none->has_value());
  const auto created = api_.CreateSubscription("ORDER_CHANGE", "D1", "1.0");
  ASSERT_TRUE(created.Ok()) << created.GetStatus().ToString();
  EXPECT_EQ(created->subscription_id, "S1");

  EXPECT_EQ(http_.RequestsTo("/destinations")[0].headers.Get("x-amz-access-token"),
            "Atza|grantless");
  const auto subs = http_.RequestsTo("/subscriptions/");
  EXPECT_EQ(subs[1].headers.Get("x-amz-access-token"), "Atza|seller");
  EXPECT_EQ(Json::parse(subs[1].body),
            Json::parse(R"({"payloadVersion":"1.0","destinationId":"D1"})"));
}

TEST_F(SpApiAmazonTest, CheckCredentialsExchangesBothGrantsAndProbes) {
  http_.Queue(kReports, AmazonOk(R"({"reports":[]})", "0.0222", "rid-probe"));
  http_.Queue("/notifications/v1/destinations", AmazonOk(R"({"payload":[]})"));
  const auto check = api_.CheckCredentials(/*grantless=*/true);
  ASSERT_TRUE(check.Ok()) << check.GetStatus().ToString();
  EXPECT_TRUE(check->seller_token);
  EXPECT_TRUE(check->grantless_token);
  EXPECT_EQ(check->seller_token_expires_in, std::chrono::seconds(3600));
  EXPECT_THAT(check->api_probe, HasSubstr("rid-probe"));
  EXPECT_THAT(check->api_probe, HasSubstr("getDestinations"));
}

}  // namespace
}  // namespace fbaflow::amazon
