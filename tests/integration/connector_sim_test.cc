// The real SP-API connector against the in-process emulator: credentials, paging, rate limits,
// retries, reports and documents, with the emulator's faults. Both sides run on one simulated
// clock (SimHarness), so hours of rate-limited traffic take milliseconds and every run is the same.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "adapters/archive/fs_document_archive.h"
#include "adapters/testing/temp_dir.h"
#include "core/amazon/document_decoder.h"
#include "tests/integration/sim_harness.h"

namespace fbaflow::testing {
namespace {

using amazon::ProcessingStatus;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kSimStartSeconds = kSimStart / 1000;
constexpr int64_t kDay = 86400;

// The orders created in [from, to), every page, by the real connector.
struct OrderPull {
  Status status;
  amazon::PagingSummary paging;
  std::vector<std::string> ids;
};

OrderPull PullOrders(amazon::AmazonApi& api, int64_t from, std::optional<int64_t> to = {}) {
  amazon::OrderQuery q;
  q.created_after = Timestamp{from, 0};
  if (to) q.created_before = Timestamp{*to, 0};
  q.marketplace_ids = {kUsMarketplace};
  OrderPull out;
  auto r = api.SearchOrders(q, [&out](amazon::OrdersPage& page) {
    for (const amazon::Order& o : page.orders) out.ids.push_back(o.order_id);
    return OkStatus();
  });
  out.status = r.GetStatus();
  if (r.Ok()) out.paging = r->paging;
  return out;
}

std::string ReadArchived(const ArchivedDocument& doc) {
  std::ifstream in(doc.location, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---- Login with Amazon ------------------------------------------------------------------------

TEST(ConnectorSimTest, LoginAndRefreshAfterTheAccessTokenExpires) {
  SimHarness h;
  auto check = h.Api().CheckCredentials(/*grantless=*/true);
  ASSERT_TRUE(check.Ok()) << check.GetStatus().ToString();
  EXPECT_TRUE(check->seller_token);
  EXPECT_TRUE(check->grantless_token);
  EXPECT_EQ(check->seller_token_expires_in, std::chrono::seconds(3600));
  EXPECT_EQ(h.Client().Lwa().Fetches(), 2);  // one seller token, one grantless token

  // Within the hour the cached token is used.
  ASSERT_TRUE(PullOrders(h.Api(), kSimStartSeconds - kDay).status.Ok());
  EXPECT_EQ(h.Client().Lwa().Fetches(), 2);

  // An hour of simulated time later the emulator refuses the old token; the client, on the same
  // clock, refreshes before using it.
  h.SimClock().Advance(3600 * sim::kSecond);
  const OrderPull after = PullOrders(h.Api(), kSimStartSeconds - kDay);
  ASSERT_TRUE(after.status.Ok()) << after.status.ToString();
  EXPECT_EQ(h.Client().Lwa().Fetches(), 3);
  EXPECT_EQ(h.Stat("lwa", "ok"), 3);
  EXPECT_EQ(h.Stat("searchOrders", "clientErrors"), 0);  // no call went out with a stale token
}

TEST(ConnectorSimTest, ATokenTheEmulatorCallsExpiredIsRefreshedOnceAndTheCallSucceeds) {
  // A client whose clock lags the emulator's (a suspended laptop, a skewed host) still holds a
  // token Amazon already expired: the 403 makes it fetch a new one and retry, once.
  SimHarness h;
  sim::ManualClock lagging(kSimStart);
  SimTimeClock client_clock(lagging);
  amazon::RateLimiter limiter(client_clock);
  amazon::AmazonConnection connection(h.Settings(), h.Http(), client_clock, limiter);
  ASSERT_TRUE(PullOrders(connection.Api(), kSimStartSeconds - kDay).status.Ok());
  h.SimClock().Advance(3700 * sim::kSecond);  // only the emulator's time moves
  const OrderPull r = PullOrders(connection.Api(), kSimStartSeconds - kDay);
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_EQ(connection.Client().Lwa().Fetches(), 2);
  EXPECT_EQ(h.Stat("searchOrders", "clientErrors"), 1);  // the one 403
}

TEST(ConnectorSimTest, WrongCredentialsAreUnauthenticatedWithoutRetrying) {
  SimHarness h;
  amazon::ConnectionSettings s = h.Settings();
  s.credentials.refresh_token = Secret("Atzr|not-a-grant");
  amazon::RateLimiter limiter(h.ClientClock());
  amazon::AmazonConnection connection(s, h.Http(), h.ClientClock(), limiter);
  const OrderPull r = PullOrders(connection.Api(), kSimStartSeconds - kDay);
  EXPECT_EQ(r.status.Code(), StatusCode::kUnauthenticated) << r.status.ToString();
  EXPECT_THAT(r.status.Message(), HasSubstr("invalid_grant"));
  EXPECT_THAT(r.status.Message(), Not(HasSubstr("not-a-grant")));
  EXPECT_EQ(h.Stat("lwa", "requests"), 1);
  EXPECT_EQ(h.Stat("searchOrders", "requests"), 0);
}

// ---- Orders -----------------------------------------------------------------------------------

TEST(ConnectorSimTest, OrdersSearchPagesThroughThousandsOfOrdersAtTheRateLimit) {
  SimHarness h(Options("", 40, 300, 20));
  const int64_t from = kSimStartSeconds - 20 * kDay;
  const int64_t to = kSimStartSeconds - 3600;
  const sim::SimMillis before = h.SimClock().Now();
  const OrderPull all = PullOrders(h.Api(), from, to);
  ASSERT_TRUE(all.status.Ok()) << all.status.ToString();

  // Thousands of orders over dozens of 100-order pages, each order once.
  EXPECT_GT(all.ids.size(), 4000u);
  EXPECT_EQ(all.paging.records, static_cast<int64_t>(all.ids.size()));
  EXPECT_EQ(all.paging.pages, static_cast<int>((all.ids.size() + 99) / 100));
  EXPECT_EQ(std::set<std::string>(all.ids.begin(), all.ids.end()).size(), all.ids.size());
  // One request per page, and not one 429: the client's bucket kept in step with Amazon's.
  EXPECT_EQ(h.Stat("searchOrders", "requests"), all.paging.pages);
  EXPECT_EQ(h.Stat("searchOrders", "throttled"), 0);
  // It waited for its tokens: the burst of 20, then one every 1 / 0.0056 s.
  const double waited_s = static_cast<double>(h.SimClock().Now() - before) / 1000.0;
  EXPECT_GE(waited_s, (all.paging.pages - 20) / 0.0056 * 0.99);

  // The same window in two halves holds the same orders.
  const int64_t mid = from + 10 * kDay;
  const OrderPull first = PullOrders(h.Api(), from, mid);
  const OrderPull second = PullOrders(h.Api(), mid, to);
  ASSERT_TRUE(first.status.Ok() && second.status.Ok());
  std::set<std::string> halves(first.ids.begin(), first.ids.end());
  halves.insert(second.ids.begin(), second.ids.end());
  EXPECT_EQ(halves, std::set<std::string>(all.ids.begin(), all.ids.end()));
  EXPECT_EQ(h.Stat("searchOrders", "throttled"), 0);
}

// Every order of the search, all pages, by the real connector.
std::vector<amazon::Order> SearchAll(amazon::AmazonApi& api, const amazon::OrderQuery& q) {
  std::vector<amazon::Order> out;
  auto r = api.SearchOrders(q, [&out](amazon::OrdersPage& page) {
    for (amazon::Order& o : page.orders) out.push_back(std::move(o));
    return OkStatus();
  });
  EXPECT_TRUE(r.Ok()) << r.GetStatus().ToString();
  return out;
}

TEST(ConnectorSimTest, AMerchantOrderIsConfirmedOnceAndThenSearchedAsShippedWithItsShipTime) {
  SimHarness h;
  amazon::OrderQuery unshipped;
  unshipped.created_after = Timestamp{kSimStartSeconds - 3 * kDay, 0};
  unshipped.marketplace_ids = {kUsMarketplace};
  unshipped.fulfilled_by = {amazon::FulfilledBy::kMerchant};
  unshipped.fulfillment_statuses = {"UNSHIPPED"};
  unshipped.included_data = {"FULFILLMENT"};
  const std::vector<amazon::Order> candidates = SearchAll(h.Api(), unshipped);
  ASSERT_FALSE(candidates.empty());
  const amazon::Order& order = candidates.front();

  amazon::ShipmentConfirmation c;
  c.order_id = order.order_id;
  c.marketplace_id = kUsMarketplace;
  c.package_reference_id = "90001";
  c.carrier_code = "UPS";
  c.shipping_method = "UPS Ground";
  c.tracking_number = "1Z999AA10123456784";
  c.ship_date = Timestamp{kSimStartSeconds + 30, 0};
  for (const amazon::OrderItem& item : order.items)
    c.items.push_back({item.order_item_id, item.quantity_ordered});
  h.SimClock().Advance(60 * sim::kSecond);
  const Status confirmed = h.Api().ConfirmShipment(c);
  ASSERT_TRUE(confirmed.Ok()) << confirmed.ToString();
  ASSERT_EQ(h.Sim().Confirmations(order.order_id).size(), 1u);  // seen by the emulator once
  EXPECT_EQ(h.Sim().Confirmations(order.order_id)[0].package_reference_id, "90001");
  EXPECT_EQ(h.Stat("confirmShipment", "ok"), 1);

  // Once Amazon's two-minute edge has passed, the change is found by its last-updated time.
  h.SimClock().Advance(180 * sim::kSecond);
  amazon::OrderQuery changed;
  changed.last_updated_after = Timestamp{kSimStartSeconds, 0};
  changed.marketplace_ids = {kUsMarketplace};
  changed.fulfilled_by = {amazon::FulfilledBy::kMerchant};
  changed.included_data = {"FULFILLMENT", "PACKAGES"};
  const std::vector<amazon::Order> after = SearchAll(h.Api(), changed);
  auto shipped = std::find_if(after.begin(), after.end(),
                              [&](const amazon::Order& o) { return o.order_id == order.order_id; });
  ASSERT_NE(shipped, after.end());
  EXPECT_EQ(shipped->fulfillment_status, "SHIPPED");
  EXPECT_EQ(shipped->last_updated_time.utc_seconds, kSimStartSeconds + 60);
  ASSERT_TRUE(shipped->shipped_time.has_value());
  EXPECT_EQ(*shipped->shipped_time, c.ship_date);
  ASSERT_EQ(shipped->packages.size(), 1u);
  EXPECT_EQ(shipped->packages[0].tracking_number, "1Z999AA10123456784");
  for (const amazon::OrderItem& item : shipped->items)
    EXPECT_EQ(item.quantity_unfulfilled, std::optional<int64_t>(0));

  // The same package again: Amazon's 400, not retried, and nothing new recorded.
  const Status again = h.Api().ConfirmShipment(c);
  EXPECT_EQ(again.Code(), StatusCode::kInvalidArgument) << again.ToString();
  EXPECT_THAT(again.Message(), HasSubstr("has already been confirmed"));
  EXPECT_EQ(h.Sim().Confirmations(order.order_id).size(), 1u);
  EXPECT_EQ(h.Stat("confirmShipment", "requests"), 2);

  c.order_id = "111-0000000-0000000";
  EXPECT_EQ(h.Api().ConfirmShipment(c).Code(), StatusCode::kNotFound);
}

TEST(ConnectorSimTest, ServerErrorsAreRetriedAndTheListingCompletes) {
  SimHarness h(Options("5xx=0.3,seed=3", 40, 200, 10));
  const OrderPull r = PullOrders(h.Api(), kSimStartSeconds - 10 * kDay, kSimStartSeconds - 3600);
  ASSERT_TRUE(r.status.Ok()) << r.status.ToString();
  EXPECT_GT(h.Stat("searchOrders", "serverErrors"), 0);
  EXPECT_EQ(h.Stat("searchOrders", "ok"), r.paging.pages);
  EXPECT_EQ(std::set<std::string>(r.ids.begin(), r.ids.end()).size(), r.ids.size());
  EXPECT_GT(r.ids.size(), 1000u);
}

TEST(ConnectorSimTest, A429StormIsWaitedOutWithoutFailingTheCall) {
  // For the first 90 simulated seconds every call is throttled, whatever the buckets hold.
  SimHarness h(Options("storm=90s/1d"));
  auto listing = h.Api().GetInventorySummaries(UsInventory());
  ASSERT_TRUE(listing.Ok()) << listing.GetStatus().ToString();
  EXPECT_FALSE(listing->summaries.empty());
  EXPECT_GT(h.Stat("getInventorySummaries", "throttled"), 2);
  EXPECT_GE(h.Stat("getInventorySummaries", "ok"), 1);
  EXPECT_GE(h.SimClock().Now() - kSimStart, 90 * sim::kSecond);
  // The storm lowered the client's rate; later successes bring it back up.
  const amazon::OperationSpec& op = *amazon::FindOperation("getInventorySummaries");
  const amazon::BucketKey key{h.Sim().Sellers()[0].seller_id, "na",
                              std::string(op.model) + "/" + std::string(op.operation_id)};
  EXPECT_GT(h.Limiter().Snapshot(key, op).throttles, 0);
}

// ---- FBA Inventory ----------------------------------------------------------------------------

// Forwards to libcurl; once the `nth` inventory page fetched with a nextToken has arrived, it moves
// the emulator's clock past the 30-second lifetime of the token that page carries: a client that
// took too long over one page (a slow ERP write, a paused process) before asking for the next.
class StallingHttp final : public Http {
 public:
  StallingHttp(Http& inner, sim::SimClock& clock, int nth)
      : inner_(inner), clock_(clock), nth_(nth) {}
  Result<HttpResponse> Send(const HttpRequest& request) override {
    auto response = inner_.Send(request);
    if (request.url.find("/fba/inventory/v1/summaries") != std::string::npos &&
        request.url.find("nextToken=") != std::string::npos && ++seen_ == nth_) {
      clock_.Advance(31 * sim::kSecond);
    }
    return response;
  }
  Result<HttpResponse> Download(const HttpRequest& request, BodySink& sink) override {
    return inner_.Download(request, sink);
  }

 private:
  Http& inner_;
  sim::SimClock& clock_;
  const int nth_;
  int seen_ = 0;
};

std::set<std::string> Skus(const amazon::InventoryListing& listing) {
  std::set<std::string> out;
  for (const amazon::InventorySummary& s : listing.summaries) out.insert(s.seller_sku);
  return out;
}

TEST(ConnectorSimTest, InventoryPagingSurvivesTheThirtySecondTokenExpiry) {
  SimHarness h(Options("", 400));
  // At its own pace (2 calls/s) the client never lets a token expire.
  auto reference = h.Api().GetInventorySummaries(UsInventory());
  ASSERT_TRUE(reference.Ok()) << reference.GetStatus().ToString();
  EXPECT_EQ(reference->paging.restarts, 0);
  EXPECT_GE(reference->paging.pages, 5);  // 300 FBA SKUs, 50 a page
  EXPECT_EQ(reference->summaries.size(), Skus(*reference).size());
  EXPECT_EQ(h.Stat("getInventorySummaries", "clientErrors"), 0);

  // Stalled after its second follow-up page, it finds the next token expired, restarts the
  // listing and still returns every SKU once.
  StallingHttp stalling(h.Http(), h.SimClock(), 2);
  amazon::AmazonConnection connection(h.Settings(), stalling, h.ClientClock(), h.Limiter());
  auto listing = connection.Api().GetInventorySummaries(UsInventory());
  ASSERT_TRUE(listing.Ok()) << listing.GetStatus().ToString();
  EXPECT_EQ(listing->paging.restarts, 1);
  EXPECT_EQ(h.Stat("getInventorySummaries", "clientErrors"), 1);  // the expired token
  EXPECT_EQ(listing->summaries.size(), Skus(*listing).size());
  EXPECT_EQ(Skus(*listing), Skus(*reference));
  EXPECT_EQ(h.Stat("getInventorySummaries", "throttled"), 0);
}

// ---- Reports and documents --------------------------------------------------------------------

struct ReportRun {
  amazon::ReportInfo report;
  amazon::FetchedDocument document;
  std::string stored;  // the archived bytes
  std::string text;    // decoded UTF-8
};

void RunInventoryReport(SimHarness& h, const std::filesystem::path& dir, ReportRun* out) {
  amazon::ReportRequest request;
  request.report_type = "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA";
  request.marketplace_ids = {kUsMarketplace};
  auto id = h.Api().CreateReport(request);
  ASSERT_TRUE(id.Ok()) << id.GetStatus().ToString();
  auto first = h.Api().GetReport(*id);
  ASSERT_TRUE(first.Ok()) << first.GetStatus().ToString();
  EXPECT_FALSE(amazon::IsFinal(first->status));  // IN_QUEUE at first
  amazon::PollOptions poll;
  poll.first_interval = std::chrono::seconds(15);
  poll.max_interval = std::chrono::seconds(60);
  auto done = h.Api().WaitForReport(*id, poll);
  ASSERT_TRUE(done.Ok()) << done.GetStatus().ToString();
  out->report = *done;
  EXPECT_GT(h.Stat("getReport", "requests"), 2);  // it polled
  if (done->document_id.empty()) return;
  auto archive = FsDocumentArchive::Open(dir);
  ASSERT_TRUE(archive.Ok());
  auto doc = h.Api().FetchReportDocument(done->document_id, ArchiveKey{"report", *id}, **archive,
                                         request.report_type);
  ASSERT_TRUE(doc.Ok()) << doc.GetStatus().ToString();
  out->document = *doc;
  out->stored = ReadArchived(doc->archived);
  EXPECT_EQ(out->stored.size(), doc->archived.size);
  auto charset = amazon::CharsetForLabel(doc->charset_label);
  ASSERT_TRUE(charset.Ok()) << charset.GetStatus().ToString();
  auto text = amazon::DecodeDocument(out->stored, doc->gzip, *charset);
  ASSERT_TRUE(text.Ok()) << text.GetStatus().ToString();
  out->text = *text;
}

TEST(ConnectorSimTest, ReportLifecycleFromCreateToDoneAndItsDocument) {
  SimHarness h;
  TempDir dir;
  ReportRun run;
  RunInventoryReport(h, dir.Path(), &run);
  ASSERT_EQ(run.report.status, ProcessingStatus::kDone);
  EXPECT_FALSE(run.document.gzip);
  EXPECT_EQ(run.stored, run.text);  // plain UTF-8, stored as served
  EXPECT_THAT(run.text, HasSubstr("sku\tfnsku\tasin\tproduct-name"));
  EXPECT_THAT(run.text, HasSubstr(" – "));  // every title has an en dash
}

TEST(ConnectorSimTest, GzipAndWindows1252DocumentsAreArchivedAsServedAndDecoded) {
  SimHarness h(Options("gzip=1,cp1252=1,charset_label=Cp1252"));
  TempDir dir;
  ReportRun run;
  RunInventoryReport(h, dir.Path(), &run);
  ASSERT_EQ(run.report.status, ProcessingStatus::kDone);
  EXPECT_TRUE(run.document.gzip);
  EXPECT_EQ(run.document.charset_label, "Cp1252");
  ASSERT_GE(run.stored.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(run.stored[0]), 0x1f);  // the gzip bytes, as served
  EXPECT_EQ(static_cast<unsigned char>(run.stored[1]), 0x8b);
  EXPECT_THAT(run.text, HasSubstr("sku\tfnsku\tasin\tproduct-name"));
  EXPECT_THAT(run.text, HasSubstr(" \xE2\x80\x93 "));     // windows-1252 0x96 became U+2013
  EXPECT_THAT(run.text, Not(HasSubstr("\xEF\xBF\xBD")));  // no replacement characters

  // The same report from a clean emulator reads the same, byte for byte, once decoded.
  SimHarness clean;
  TempDir clean_dir;
  ReportRun plain;
  RunInventoryReport(clean, clean_dir.Path(), &plain);
  EXPECT_EQ(run.text, plain.text);
}

TEST(ConnectorSimTest, AFatalReportEndsTheWaitWithItsErrorDocument) {
  SimHarness h(Options("fatal=1"));
  TempDir dir;
  ReportRun run;
  RunInventoryReport(h, dir.Path(), &run);
  EXPECT_EQ(run.report.status, ProcessingStatus::kFatal);
  ASSERT_FALSE(run.report.document_id.empty());
  EXPECT_THAT(run.text, HasSubstr("errorDetails"));
}

}  // namespace
}  // namespace fbaflow::testing
