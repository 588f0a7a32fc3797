// The emulator over HTTP, in process, on a manual clock.
#include "sim/amazon/amazon_sim.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "sim/amazon/text_encoding.h"

namespace fbaflow::sim {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr SimMillis kStart = 1'772'323'200'000;  // 2026-03-01T00:00:00Z
constexpr const char* kMp = "ATVPDKIKX0DER";

class SimHarness {
 public:
  explicit SimHarness(const std::string& faults = "", int skus = 12, uint64_t seed = 5) {
    AmazonSimOptions o;
    o.seed = seed;
    o.sku_count = skus;
    o.orders_per_day = 60;
    o.history_days = 30;
    o.threads = 4;
    Result<FaultSpec> f = ParseFaultSpec(faults);
    EXPECT_TRUE(f.Ok()) << f.GetStatus().ToString();
    o.faults = *f;
    clock_ = std::make_shared<ManualClock>(kStart);
    o.clock = clock_;
    sim_ = std::make_unique<AmazonSim>(o);
    const Status s = sim_->Start();
    EXPECT_TRUE(s.Ok()) << s.ToString();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", sim_->Port());
    client_->set_read_timeout(30, 0);
  }

  AmazonSim& Sim() { return *sim_; }
  ManualClock& Clock() { return *clock_; }
  httplib::Client& Http() { return *client_; }

  std::string Token(bool grantless = false) {
    httplib::Params p = {{"client_id", sim_->ClientId()}, {"client_secret", sim_->ClientSecret()}};
    if (grantless) {
      p.emplace("grant_type", "client_credentials");
      p.emplace("scope", "sellingpartnerapi::notifications");
    } else {
      p.emplace("grant_type", "refresh_token");
      p.emplace("refresh_token", sim_->Sellers()[0].refresh_token);
    }
    auto r = client_->Post("/auth/o2/token", p);
    EXPECT_TRUE(r && r->status == 200);
    return r ? json::parse(r->body).value("access_token", "") : "";
  }

  httplib::Result Get(const std::string& path, const std::string& token) {
    return client_->Get(path.c_str(), httplib::Headers{{"x-amz-access-token", token}});
  }
  httplib::Result Post(const std::string& path, const std::string& token, const json& body) {
    return client_->Post(path.c_str(), httplib::Headers{{"x-amz-access-token", token}}, body.dump(),
                         "application/json");
  }

 private:
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<AmazonSim> sim_;
  std::unique_ptr<httplib::Client> client_;
};

std::string InventoryQuery(const std::string& extra = "") {
  return std::string("/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=") +
         kMp + "&marketplaceIds=" + kMp + extra;
}

TEST(AmazonSimTest, AccessTokensExpireAfterAnHourOfSimulatedTime) {
  SimHarness h;
  const std::string token = h.Token();
  auto ok = h.Get(InventoryQuery(), token);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_FALSE(ok->get_header_value("x-amzn-RequestId").empty());
  EXPECT_EQ(ok->get_header_value("x-amzn-RateLimit-Limit"), "2.0");
  h.Clock().Advance(3600 * kSecond);
  auto expired = h.Get(InventoryQuery(), token);
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 403);
  EXPECT_THAT(expired->body, HasSubstr("The access token you provided has expired."));
  EXPECT_EQ(h.Get(InventoryQuery(), h.Token())->status, 200);
  auto forged = h.Get(InventoryQuery(), "Atza|forged");
  EXPECT_EQ(forged->status, 403);
  EXPECT_THAT(forged->body, HasSubstr("revoked, malformed or invalid"));
  EXPECT_EQ(h.Get(InventoryQuery(), "")->status, 403);
}

TEST(AmazonSimTest, LoginWithAmazonErrors) {
  SimHarness h;
  auto bad_grant =
      h.Http().Post("/auth/o2/token", httplib::Params{{"grant_type", "refresh_token"},
                                                      {"refresh_token", "Atzr|nope"},
                                                      {"client_id", h.Sim().ClientId()},
                                                      {"client_secret", h.Sim().ClientSecret()}});
  EXPECT_EQ(bad_grant->status, 400);
  EXPECT_EQ(json::parse(bad_grant->body)["error"], "invalid_grant");
  auto bad_client = h.Http().Post(
      "/auth/o2/token", httplib::Params{{"grant_type", "refresh_token"},
                                        {"refresh_token", h.Sim().Sellers()[0].refresh_token},
                                        {"client_id", h.Sim().ClientId()},
                                        {"client_secret", "wrong"}});
  EXPECT_EQ(bad_client->status, 401);
  EXPECT_EQ(json::parse(bad_client->body)["error"], "invalid_client");
}

TEST(AmazonSimTest, GrantlessOperationsNeedAClientCredentialsToken) {
  SimHarness h;
  EXPECT_EQ(h.Get("/notifications/v1/destinations", h.Token())->status, 403);
  EXPECT_EQ(h.Get("/notifications/v1/destinations", h.Token(true))->status, 200);
  EXPECT_EQ(h.Get(InventoryQuery(), h.Token(true))->status, 403);
}

TEST(AmazonSimTest, BucketsThrottleExactlyAsAmazonDoes) {
  SimHarness h;
  const std::string token = h.Token();
  EXPECT_EQ(h.Get(InventoryQuery(), token)->status, 200);
  EXPECT_EQ(h.Get(InventoryQuery(), token)->status, 200);
  auto throttled = h.Get(InventoryQuery(), token);  // burst 2, rate 2/s, no time has passed
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_EQ(
      json::parse(throttled->body),
      json::parse(
          R"({"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource.","details":""}]})"));
  EXPECT_FALSE(throttled->has_header("x-amzn-RateLimit-Limit"));
  EXPECT_FALSE(throttled->get_header_value("x-amzn-RequestId").empty());
  h.Clock().Advance(499);
  EXPECT_EQ(h.Get(InventoryQuery(), token)->status, 429);
  h.Clock().Advance(1);
  EXPECT_EQ(h.Get(InventoryQuery(), token)->status, 200);
  // A 400 is answered with the rate header and still costs a token.
  h.Clock().Advance(1000);
  auto bad = h.Get("/fba/inventory/v1/summaries?granularityType=Country", token);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->get_header_value("x-amzn-RateLimit-Limit"), "2.0");
  const json stats = json::parse(h.Sim().StatsJson());
  EXPECT_EQ(stats["operations"]["getInventorySummaries"]["requests"], 6);
  EXPECT_EQ(stats["operations"]["getInventorySummaries"]["throttled"], 2);
  EXPECT_EQ(stats["operations"]["getInventorySummaries"]["ok"], 3);
  EXPECT_EQ(stats["operations"]["getInventorySummaries"]["clientErrors"], 1);
}

TEST(AmazonSimTest, InventoryNextTokenExpiresThirtySecondsAfterIssue) {
  SimHarness h("", /*skus=*/200);  // 150 FBA SKUs: three pages of 50
  const std::string token = h.Token();
  auto first = h.Get(InventoryQuery("&details=true"), token);
  ASSERT_EQ(first->status, 200);
  const json page1 = json::parse(first->body);
  ASSERT_EQ(page1["payload"]["inventorySummaries"].size(), 50u);
  const std::string next = page1["pagination"]["nextToken"];
  h.Clock().Advance(29 * kSecond);
  auto second =
      h.Get(InventoryQuery("&nextToken=" + httplib::detail::encode_query_param(next)), token);
  ASSERT_EQ(second->status, 200);
  const std::string next2 = json::parse(second->body)["pagination"]["nextToken"];
  EXPECT_NE(next2, next);
  h.Clock().Advance(31 * kSecond);
  auto stale =
      h.Get(InventoryQuery("&nextToken=" + httplib::detail::encode_query_param(next2)), token);
  ASSERT_EQ(stale->status, 400);
  const json error = json::parse(stale->body)["errors"][0];
  EXPECT_EQ(error["code"], "InvalidInput");
  EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("nextToken"));
  EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("expired"));
}

TEST(AmazonSimTest, GetReportsFollowUpPagesTakeOnlyTheNextToken) {
  SimHarness h;
  const std::string token = h.Token();
  auto first = h.Get(
      "/reports/2021-06-30/"
      "reports?reportTypes=GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2&pageSize=1",
      token);
  ASSERT_EQ(first->status, 200);
  const json page1 = json::parse(first->body);
  ASSERT_EQ(page1["reports"].size(), 1u);
  const std::string next =
      httplib::detail::encode_query_param(page1["nextToken"].get<std::string>());
  auto mixed =
      h.Get("/reports/2021-06-30/reports?pageSize=1&reportTypes=X&nextToken=" + next, token);
  ASSERT_EQ(mixed->status, 400);
  const json error = json::parse(mixed->body)["errors"][0];
  EXPECT_EQ(error["message"], "NextToken cannot be specified with other input parameters");
  EXPECT_EQ(error["details"], "pageSize;reportTypes;");
  auto alone = h.Get("/reports/2021-06-30/reports?nextToken=" + next, token);
  ASSERT_EQ(alone->status, 200);
  EXPECT_NE(json::parse(alone->body)["reports"][0]["reportId"], page1["reports"][0]["reportId"]);
}

TEST(AmazonSimTest, ReportLifecycleAndFiveMinuteDocumentUrls) {
  SimHarness h;
  std::string token = h.Token();
  auto created = h.Post("/reports/2021-06-30/reports", token,
                        {{"reportType", "GET_LEDGER_DETAIL_VIEW_DATA"}, {"marketplaceIds", {kMp}}});
  ASSERT_EQ(created->status, 202);
  const std::string id = json::parse(created->body)["reportId"];
  auto status = [&] {
    return json::parse(h.Get("/reports/2021-06-30/reports/" + id, token)->body);
  };
  EXPECT_EQ(status()["processingStatus"], "IN_QUEUE");
  h.Clock().Advance(61 * kSecond);
  EXPECT_EQ(status()["processingStatus"], "IN_PROGRESS");
  h.Clock().Advance(4 * kMinute);
  const json done = status();
  ASSERT_EQ(done["processingStatus"], "DONE");
  h.Clock().Advance(60 * kSecond);  // getReportDocument: 0.0167/s, burst 15 is plenty here
  auto doc =
      h.Get("/reports/2021-06-30/documents/" + done["reportDocumentId"].get<std::string>(), token);
  ASSERT_EQ(doc->status, 200);
  const std::string url = json::parse(doc->body)["url"];
  ASSERT_EQ(url.rfind(h.Sim().BaseUrl(), 0), 0u) << url;
  const std::string path = url.substr(h.Sim().BaseUrl().size());
  auto download = h.Http().Get(path.c_str());
  ASSERT_EQ(download->status, 200);
  EXPECT_EQ(download->get_header_value("Content-Type"), "text/plain;charset=UTF-8");
  EXPECT_THAT(download->body,
              HasSubstr("Date\tFNSKU\tASIN\tMSKU\tTitle\tEventType\tReferenceID\tQuantity"));
  h.Clock().Advance(5 * kMinute + kSecond);
  auto late = h.Http().Get(path.c_str());
  EXPECT_EQ(late->status, 403);
  EXPECT_THAT(late->body, HasSubstr("Request has expired"));
  auto tampered = h.Http().Get((path + "x").c_str());
  EXPECT_EQ(tampered->status, 403);
}

TEST(AmazonSimTest, Windows1252AndGzipDocumentsSayWhatTheyAre) {
  SimHarness h("gzip=1,cp1252=1,charset_label=Cp1252");
  const std::string token = h.Token();
  auto created = h.Post(
      "/reports/2021-06-30/reports", token,
      {{"reportType", "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA"}, {"marketplaceIds", {kMp}}});
  const std::string id = json::parse(created->body)["reportId"];
  h.Clock().Advance(10 * kMinute);
  const json report = json::parse(h.Get("/reports/2021-06-30/reports/" + id, token)->body);
  const json doc = json::parse(
      h.Get("/reports/2021-06-30/documents/" + report["reportDocumentId"].get<std::string>(), token)
          ->body);
  EXPECT_EQ(doc["compressionAlgorithm"], "GZIP");
  const std::string url = doc["url"];
  auto download = h.Http().Get(url.substr(h.Sim().BaseUrl().size()).c_str());
  ASSERT_EQ(download->status, 200);
  EXPECT_EQ(download->get_header_value("Content-Type"), "text/plain;charset=Cp1252");
  Result<std::string> text = Gunzip(download->body);
  ASSERT_TRUE(text.Ok());
  EXPECT_THAT(*text, HasSubstr("Caf\xE9"));
}

TEST(AmazonSimTest, RepeatedAndExpiredPaginationTokenFaults) {
  {
    SimHarness h("token_repeat=1");
    const std::string token = h.Token();
    auto first = h.Get(
        "/orders/2026-01-01/orders?createdAfter=2026-02-27T00:00:00Z&maxResultsPerPage=10", token);
    const std::string next = json::parse(first->body)["pagination"]["nextToken"];
    const std::string q =
        "/orders/2026-01-01/orders?paginationToken=" + httplib::detail::encode_query_param(next);
    const json again = json::parse(h.Get(q, token)->body);
    EXPECT_EQ(again["pagination"]["nextToken"], next);  // the same token handed back
    const json following = json::parse(h.Get(q, token)->body);
    EXPECT_EQ(following["orders"], again["orders"]);  // the same page served twice
    EXPECT_NE(following["pagination"]["nextToken"], next);
  }
  {
    SimHarness h("token_expire=1");
    const std::string token = h.Token();
    auto first = h.Get(
        "/orders/2026-01-01/orders?createdAfter=2026-02-27T00:00:00Z&maxResultsPerPage=10", token);
    const std::string next = json::parse(first->body)["pagination"]["nextToken"];
    auto r = h.Get(
        "/orders/2026-01-01/orders?paginationToken=" + httplib::detail::encode_query_param(next),
        token);
    EXPECT_EQ(r->status, 400);
    EXPECT_THAT(r->body, HasSubstr("expired"));
  }
}

TEST(AmazonSimTest, StormsServerErrorsAndTimeouts) {
  {
    SimHarness h("storm=10s/60s");
    const std::string token = h.Token();
    EXPECT_EQ(h.Get(InventoryQuery(), token)->status, 429);
    h.Clock().Advance(10 * kSecond);
    EXPECT_EQ(h.Get(InventoryQuery(), token)->status, 200);
    h.Clock().Advance(50 * kSecond);
    EXPECT_EQ(h.Get(InventoryQuery(), token)->status, 429);
  }
  {
    SimHarness h("5xx=1");
    auto r = h.Get(InventoryQuery(), h.Token());
    EXPECT_TRUE(r->status == 500 || r->status == 503) << r->status;
    EXPECT_FALSE(r->has_header("x-amzn-RateLimit-Limit"));
    EXPECT_EQ(
        json::parse(h.Sim().StatsJson())["operations"]["getInventorySummaries"]["serverErrors"], 1);
  }
  {
    SimHarness h("timeout=1,hang=10ms");
    auto r = h.Get(InventoryQuery(), h.Token());
    EXPECT_EQ(r->status, 504);
    EXPECT_EQ(json::parse(h.Sim().StatsJson())["operations"]["getInventorySummaries"]["timeouts"],
              1);
  }
}

// Subscribes ORDER_CHANGE to the default queue and returns how many notifications arrive within
// `wait`.
int DeliveredOrderChanges(SimHarness& h, SimMillis wait) {
  const std::string app = h.Token(true);
  const std::string seller = h.Token();
  auto d =
      h.Post("/notifications/v1/destinations", app,
             {{"name", "q"}, {"resourceSpecification", {{"sqs", {{"arn", h.Sim().QueueArn()}}}}}});
  EXPECT_EQ(d->status, 200);
  const std::string dest = json::parse(d->body)["payload"]["destinationId"];
  auto s = h.Post("/notifications/v1/subscriptions/ORDER_CHANGE", seller,
                  {{"payloadVersion", "1.0"}, {"destinationId", dest}});
  EXPECT_EQ(s->status, 200);
  h.Clock().Advance(wait);
  int count = 0;
  for (int i = 0; i < 200; ++i) {
    auto r = h.Http().Post("/", httplib::Headers{{"X-Amz-Target", "AmazonSQS.ReceiveMessage"}},
                           json{{"QueueUrl", h.Sim().QueueUrl()},
                                {"MaxNumberOfMessages", 10},
                                {"VisibilityTimeout", 600}}
                               .dump(),
                           "application/x-amz-json-1.0");
    EXPECT_EQ(r->status, 200);
    const json body = json::parse(r->body);
    if (!body.contains("Messages")) break;
    for (const json& m : body["Messages"]) {
      const json n = json::parse(m["Body"].get<std::string>());
      EXPECT_EQ(n["NotificationType"], "ORDER_CHANGE");
      EXPECT_FALSE(n["NotificationMetadata"]["SubscriptionId"].get<std::string>().empty());
      ++count;
    }
  }
  return count;
}

TEST(AmazonSimTest, NotificationsArriveLateOrNotAtAll) {
  SimHarness normal;
  EXPECT_GT(DeliveredOrderChanges(normal, 6 * kHour), 10);
  SimHarness lost("notify_lost=1");
  EXPECT_EQ(DeliveredOrderChanges(lost, 6 * kHour), 0);
  EXPECT_GT(json::parse(lost.Sim().StatsJson())["notifications"]["lost"].get<int>(), 10);
  SimHarness late("notify_late=1,notify_delay=1d");
  EXPECT_EQ(DeliveredOrderChanges(late, 6 * kHour), 0);
  late.Clock().Advance(kDay);
  int delivered = 0;
  auto r = late.Http().Post(
      "/", httplib::Headers{{"X-Amz-Target", "AmazonSQS.ReceiveMessage"}},
      json{{"QueueUrl", late.Sim().QueueUrl()}, {"MaxNumberOfMessages", 10}}.dump(),
      "application/x-amz-json-1.0");
  if (json::parse(r->body).contains("Messages"))
    delivered = static_cast<int>(json::parse(r->body)["Messages"].size());
  EXPECT_GT(delivered, 0);
}

TEST(AmazonSimTest, SqsDeleteAndVisibility) {
  SimHarness h;
  auto send = [&](const char* action, const json& body) {
    return h.Http().Post("/",
                         httplib::Headers{{"X-Amz-Target", std::string("AmazonSQS.") + action}},
                         body.dump(), "application/x-amz-json-1.0");
  };
  ASSERT_EQ(
      send("SendMessage", {{"QueueUrl", h.Sim().QueueUrl()}, {"MessageBody", "hello"}})->status,
      200);
  const json got = json::parse(
      send("ReceiveMessage", {{"QueueUrl", h.Sim().QueueUrl()}, {"VisibilityTimeout", 30}})->body);
  ASSERT_EQ(got["Messages"].size(), 1u);
  EXPECT_EQ(got["Messages"][0]["Body"], "hello");
  EXPECT_EQ(got["Messages"][0]["MD5OfBody"], "5d41402abc4b2a76b9719d911017c592");
  // Invisible for 30 s, then back.
  EXPECT_FALSE(json::parse(send("ReceiveMessage", {{"QueueUrl", h.Sim().QueueUrl()}})->body)
                   .contains("Messages"));
  h.Clock().Advance(31 * kSecond);
  const json again = json::parse(send("ReceiveMessage", {{"QueueUrl", h.Sim().QueueUrl()}})->body);
  ASSERT_TRUE(again.contains("Messages"));
  EXPECT_EQ(
      send("DeleteMessage", {{"QueueUrl", h.Sim().QueueUrl()}, {"ReceiptHandle", "bogus"}})->status,
      400);
  EXPECT_EQ(send("DeleteMessage", {{"QueueUrl", h.Sim().QueueUrl()},
                                   {"ReceiptHandle", again["Messages"][0]["ReceiptHandle"]}})
                ->status,
            200);
  h.Clock().Advance(31 * kSecond);
  EXPECT_FALSE(json::parse(send("ReceiveMessage", {{"QueueUrl", h.Sim().QueueUrl()}})->body)
                   .contains("Messages"));
  auto missing = send("ReceiveMessage", {{"QueueUrl", h.Sim().BaseUrl() + "/000000000000/nope"}});
  EXPECT_EQ(missing->status, 400);
  EXPECT_THAT(missing->body, HasSubstr("QueueDoesNotExist"));
}

TEST(AmazonSimTest, SameSeedAndRequestsGiveTheSameAnswers) {
  auto transcript = [] {
    SimHarness h("token_repeat=0.5,5xx=0.3", 12, 42);
    std::string out;
    const std::string token = h.Token();
    for (int i = 0; i < 6; ++i) {
      auto r = h.Get(
          "/orders/2026-01-01/"
          "orders?createdAfter=2026-02-25T00:00:00Z&maxResultsPerPage=5&includedData=FULFILLMENT",
          token);
      out += std::to_string(r->status) + r->get_header_value("x-amzn-RequestId") + r->body;
      h.Clock().Advance(kHour);
    }
    auto reports =
        h.Get("/reports/2021-06-30/reports?reportTypes=GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2",
              token);
    return out + reports->body;
  };
  const std::string a = transcript();
  EXPECT_EQ(a, transcript());
  EXPECT_THAT(a, HasSubstr("\"orderId\""));
}

TEST(AmazonSimTest, StopsAndFreesItsPort) {
  SimHarness h;
  const int port = h.Sim().Port();
  EXPECT_GT(port, 0);
  h.Sim().Stop();
  h.Sim().Stop();  // twice is fine
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(1, 0);
  EXPECT_FALSE(c.Get("/_sim/clock"));
}

}  // namespace
}  // namespace fbaflow::sim

namespace fbaflow::sim {
namespace {

// A second emulator on a port in use must refuse to start: with SO_REUSEPORT both would listen
// and the kernel would alternate requests between two different sellers.
TEST(AmazonSimPortTest, APortInUseIsRefused) {
  AmazonSimOptions o;
  o.sku_count = 2;
  o.history_days = 1;
  o.threads = 2;
  AmazonSim first(o);
  ASSERT_TRUE(first.Start().Ok());
  o.port = first.Port();
  o.seed = 99;
  AmazonSim second(o);
  const Status s = second.Start();
  EXPECT_EQ(s.Code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_THAT(s.Message(), HasSubstr("port " + std::to_string(first.Port()) + " in use"));
  first.Stop();
}

// ---- Orders v0 confirmShipment ----------------------------------------------------------------

// Orders of the last month matching `filter` ("&fulfilledBy=MERCHANT..."), with their fulfillment.
json FindOrders(SimHarness& h, const std::string& token, const std::string& filter) {
  auto r = h.Get(
      "/orders/2026-01-01/orders?createdAfter=2026-02-01T00:00:00Z&maxResultsPerPage=100"
      "&includedData=FULFILLMENT" +
          filter,
      token);
  EXPECT_TRUE(r && r->status == 200);
  return r ? json::parse(r->body)["orders"] : json::array();
}

std::string ConfirmPath(const std::string& order_id) {
  return "/orders/v0/orders/" + order_id + "/shipmentConfirmation";
}

// A ConfirmShipmentRequest shipping every unit of `order` in package `reference`.
json Confirmation(const json& order, const std::string& reference = "1") {
  json items = json::array();
  for (const json& item : order["orderItems"])
    items.push_back({{"orderItemId", item["orderItemId"]}, {"quantity", item["quantityOrdered"]}});
  return {{"marketplaceId", kMp},
          {"packageDetail",
           {{"packageReferenceId", reference},
            {"carrierCode", "UPS"},
            {"shippingMethod", "UPS Ground"},
            {"trackingNumber", "1Z999AA10123456784"},
            {"shipDate", "2026-03-01T00:00:00Z"},
            {"orderItems", std::move(items)}}}};
}

TEST(AmazonSimTest, ConfirmShipmentShipsAMerchantOrderAndShowsItsPackage) {
  SimHarness h;
  const std::string token = h.Token();
  const json unshipped =
      FindOrders(h, token, "&fulfilledBy=MERCHANT&fulfillmentStatuses=UNSHIPPED");
  ASSERT_FALSE(unshipped.empty());
  const json& order = unshipped[0];
  const std::string id = order["orderId"];
  h.Clock().Advance(10 * kSecond);

  auto r = h.Post(ConfirmPath(id), token, Confirmation(order));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204) << r->body;
  EXPECT_TRUE(r->body.empty());
  EXPECT_EQ(r->get_header_value("x-amzn-RateLimit-Limit"), "2.0");  // ordersV0.json: 2/s, burst 10

  auto got = h.Get("/orders/2026-01-01/orders/" + id + "?includedData=FULFILLMENT,PACKAGES", token);
  ASSERT_EQ(got->status, 200);
  const json after = json::parse(got->body)["order"];
  EXPECT_EQ(after["fulfillment"]["fulfillmentStatus"], "SHIPPED");
  EXPECT_EQ(after["lastUpdatedTime"], "2026-03-01T00:00:10Z");
  ASSERT_EQ(after["packages"].size(), 1u);
  EXPECT_EQ(after["packages"][0]["packageReferenceId"], "1");
  EXPECT_EQ(after["packages"][0]["shipTime"], "2026-03-01T00:00:00Z");
  EXPECT_EQ(after["packages"][0]["trackingNumber"], "1Z999AA10123456784");
  EXPECT_EQ(after["packages"][0]["carrier"], "UPS");
  EXPECT_EQ(after["packages"][0]["shippingService"], "UPS Ground");
  for (const json& item : after["orderItems"])
    EXPECT_EQ(item["fulfillment"]["quantityUnfulfilled"], 0);

  const std::vector<ShipmentConfirmation> seen = h.Sim().Confirmations(id);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].carrier_code, "UPS");
  EXPECT_EQ(seen[0].tracking_number, "1Z999AA10123456784");
  EXPECT_EQ(seen[0].ship_date, kStart);
  EXPECT_EQ(seen[0].items.size(), order["orderItems"].size());
}

TEST(AmazonSimTest, ConfirmShipmentPartOfAnOrderLeavesItPartiallyShipped) {
  SimHarness h;
  const std::string token = h.Token();
  const json unshipped =
      FindOrders(h, token, "&fulfilledBy=MERCHANT&fulfillmentStatuses=UNSHIPPED");
  const json* order = nullptr;
  for (const json& o : unshipped) {
    if (o["orderItems"].size() > 1 || o["orderItems"][0]["quantityOrdered"] > 1) order = &o;
  }
  if (order == nullptr) GTEST_SKIP() << "no merchant order of two units in this world";
  const std::string id = (*order)["orderId"];
  json first = Confirmation(*order);
  first["packageDetail"]["orderItems"] =
      json::array({{{"orderItemId", (*order)["orderItems"][0]["orderItemId"]}, {"quantity", 1}}});
  ASSERT_EQ(h.Post(ConfirmPath(id), token, first)->status, 204);
  auto got = h.Get("/orders/2026-01-01/orders/" + id + "?includedData=FULFILLMENT", token);
  EXPECT_EQ(json::parse(got->body)["order"]["fulfillment"]["fulfillmentStatus"],
            "PARTIALLY_SHIPPED");
  const json partial = FindOrders(h, token, "&fulfillmentStatuses=PARTIALLY_SHIPPED");
  ASSERT_EQ(partial.size(), 1u);
  EXPECT_EQ(partial[0]["orderId"], id);
}

TEST(AmazonSimTest, ConfirmShipmentRefusesWhatAmazonRefuses) {
  SimHarness h;
  const std::string token = h.Token();
  const json mfn = FindOrders(h, token, "&fulfilledBy=MERCHANT&fulfillmentStatuses=UNSHIPPED");
  const json afn = FindOrders(h, token, "&fulfilledBy=AMAZON&fulfillmentStatuses=UNSHIPPED");
  const json cancelled =
      FindOrders(h, token, "&fulfilledBy=MERCHANT&fulfillmentStatuses=CANCELLED");
  ASSERT_FALSE(mfn.empty());
  ASSERT_FALSE(afn.empty());
  ASSERT_FALSE(cancelled.empty());
  const json& order = mfn[0];
  const std::string id = order["orderId"];

  // Each answer is checked; the bucket (burst 10, 2/s) is refilled between calls.
  auto refused = [&](const std::string& order_id, const json& body, int status,
                     const std::string& why) {
    h.Clock().Advance(500);
    auto r = h.Post(ConfirmPath(order_id), token, body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    const json error = json::parse(r->body)["errors"][0];
    EXPECT_EQ(error["code"], status == 404 ? "NotFound" : "InvalidInput");
    EXPECT_THAT(error["message"].get<std::string>(), HasSubstr(why));
    EXPECT_EQ(r->get_header_value("x-amzn-RateLimit-Limit"), "2.0");
  };
  refused("111-0000000-0000000", Confirmation(order), 404, "Order 111-0000000-0000000 not found");
  for (const char* field : {"marketplaceId", "packageDetail"}) {
    json body = Confirmation(order);
    body.erase(field);
    refused(id, body, 400, field);
  }
  for (const char* field :
       {"packageReferenceId", "carrierCode", "trackingNumber", "shipDate", "orderItems"}) {
    json body = Confirmation(order);
    body["packageDetail"].erase(field);
    refused(id, body, 400, std::string("packageDetail.") + field);
  }
  for (const char* field : {"orderItemId", "quantity"}) {
    json body = Confirmation(order);
    body["packageDetail"]["orderItems"][0].erase(field);
    refused(id, body, 400, field);
  }
  json sandbox_date = Confirmation(order);
  sandbox_date["packageDetail"]["shipDate"] = "02/21/2022";  // the model's own 400 example
  refused(id, sandbox_date, 400, "not an ISO 8601 date-time");
  json other_market = Confirmation(order);
  other_market["marketplaceId"] = "A1F83G8C2ARO7P";
  refused(id, other_market, 400, "does not belong to marketplace A1F83G8C2ARO7P");
  refused(afn[0]["orderId"], Confirmation(afn[0]), 400, "is fulfilled by Amazon");
  refused(cancelled[0]["orderId"], Confirmation(cancelled[0]), 400, "is cancelled");
  json unknown_item = Confirmation(order);
  unknown_item["packageDetail"]["orderItems"][0]["orderItemId"] = "00000000000000";
  refused(id, unknown_item, 400, "Order item 00000000000000 is not part of order " + id);
  json too_many = Confirmation(order);
  too_many["packageDetail"]["orderItems"][0]["quantity"] = 99;
  refused(id, too_many, 400, "exceeds the");
  refused(id, "not json", 400, "not a valid JSON object");
  EXPECT_TRUE(h.Sim().Confirmations(id).empty());  // nothing refused was recorded

  // The same package twice: the second is a 400 naming the package, and is not recorded.
  h.Clock().Advance(500);
  ASSERT_EQ(h.Post(ConfirmPath(id), token, Confirmation(order))->status, 204);
  refused(id, Confirmation(order), 400, "Package 1 of order " + id + " has already been confirmed");
  EXPECT_EQ(h.Sim().Confirmations(id).size(), 1u);
  // Another package for an order shipped in full.
  refused(id, Confirmation(order, "2"), 400, "has already been shipped in full");
}

TEST(AmazonSimTest, ConfirmShipmentHasItsOwnBucket) {
  SimHarness h;
  const std::string token = h.Token();
  int throttled = 0;
  for (int i = 0; i < 12; ++i) {
    throttled += h.Post(ConfirmPath("111-0000000-0000000"), token, json::object())->status == 429;
  }
  EXPECT_EQ(throttled, 2);  // burst 10
  h.Clock().Advance(500);
  EXPECT_EQ(h.Post(ConfirmPath("111-0000000-0000000"), token, json::object())->status, 400);
}

}  // namespace
}  // namespace fbaflow::sim
