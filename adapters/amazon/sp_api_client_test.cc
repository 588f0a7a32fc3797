#include "adapters/amazon/sp_api_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/testing/scripted_http.h"
#include "ports/fake_clock.h"

namespace fbaflow::amazon {
namespace {

using fbaflow::testing::AmazonError;
using fbaflow::testing::AmazonOk;
using fbaflow::testing::QueryParam;
using fbaflow::testing::Reply;
using fbaflow::testing::ScriptedHttp;
using fbaflow::testing::Throttled;
using ::testing::HasSubstr;

constexpr char kToken[] = "/auth/o2/token";

class SpApiClientTest : public ::testing::Test {
 protected:
  SpApiClientTest()
      : lwa_(LwaOptions{.token_url = "https://lwa.test/auth/o2/token"},
             LwaCredentials{"client", Secret("secret"), Secret("Atzr|refresh")}, http_, clock_),
        limiter_(clock_),
        client_(Options(), lwa_, limiter_, http_, clock_) {
    int n = 0;
    http_.On(kToken, [n](const HttpRequest& r) mutable {
      const bool grantless = r.body.find("client_credentials") != std::string::npos;
      const std::string token =
          (grantless ? "Atza|grantless-" : "Atza|seller-") + std::to_string(++n);
      return Result<HttpResponse>(
          Reply(200, R"({"access_token":")" + token + R"(","expires_in":3600})"));
    });
  }

  static SpApiOptions Options() {
    SpApiOptions o;
    o.selling_partner = "A1SELLER";
    o.region = "eu";
    o.endpoint = "https://sp.test/";
    o.jitter_seed = 7;
    o.call_deadline = std::chrono::minutes(10);
    return o;
  }

  static const OperationSpec& Op(std::string_view id) { return *FindOperation(id); }

  BucketSnapshot Bucket(std::string_view op) {
    const OperationSpec& spec = Op(op);
    return limiter_.Snapshot(
        BucketKey{"A1SELLER", "eu", std::string(spec.model) + "/" + std::string(spec.operation_id)},
        spec);
  }

  ScriptedHttp http_;
  FakeClock clock_;
  LwaClient lwa_;
  RateLimiter limiter_;
  SpApiClient client_;
};

TEST_F(SpApiClientTest, BuildsTheRequestFromTheCatalogue) {
  http_.Queue("/orders/2026-01-01/orders/", AmazonOk(R"({"order":{}})", "0.5", "rid-1"));
  ApiCall call{&Op("getOrder"),
               {{"orderId", "123-4567890-1234567"}},
               {{"includedData", JoinCsv({"FULFILLMENT", "PROCEEDS"})}},
               {}};
  const auto response = client_.Call(call);
  ASSERT_TRUE(response.Ok()) << response.GetStatus().ToString();
  EXPECT_EQ(response->request_id, "rid-1");
  const HttpRequest sent = http_.RequestsTo("/orders/")[0];
  EXPECT_EQ(sent.method, HttpMethod::kGet);
  EXPECT_EQ(sent.url,
            "https://sp.test/orders/2026-01-01/orders/"
            "123-4567890-1234567?includedData=FULFILLMENT,PROCEEDS");
  EXPECT_EQ(sent.headers.Get("x-amz-access-token"), "Atza|seller-1");
  EXPECT_EQ(sent.headers.Get("accept"), "application/json");
}

TEST_F(SpApiClientTest, GrantlessOperationsUseTheClientCredentialsToken) {
  http_.Queue("/notifications/v1/destinations", AmazonOk(R"({"payload":[]})"));
  ASSERT_TRUE(client_.Call(ApiCall{&Op("getDestinations"), {}, {}, {}}).Ok());
  EXPECT_EQ(http_.RequestsTo("/destinations")[0].headers.Get("x-amz-access-token"),
            "Atza|grantless-1");
  EXPECT_THAT(http_.RequestsTo(kToken)[0].body, HasSubstr("scope=sellingpartnerapi"));
}

TEST_F(SpApiClientTest, ThrottledCallBacksOffLowersTheBucketAndSucceeds) {
  http_.Queue("/fba/inventory/v1/summaries", Throttled());
  http_.Queue("/fba/inventory/v1/summaries", Throttled());
  http_.Queue("/fba/inventory/v1/summaries", AmazonOk("{}"));
  const auto response = client_.Call(ApiCall{&Op("getInventorySummaries"), {}, {}, {}});
  ASSERT_TRUE(response.Ok()) << response.GetStatus().ToString();
  EXPECT_EQ(http_.RequestsTo("/summaries").size(), 3u);
  const BucketSnapshot b = Bucket("getInventorySummaries");
  EXPECT_EQ(b.throttles, 2);
  EXPECT_DOUBLE_EQ(b.rate, 2.0 * 0.25 + 2.0 * 0.05);        // halved twice, one recovery step
  EXPECT_GT(clock_.TotalSlept(), std::chrono::seconds(1));  // backoff plus the bucket's wait
}

TEST_F(SpApiClientTest, ThrottlingBeyondTheDeadlineIsResourceExhausted) {
  http_.On("/reports/2021-06-30/reports",
           [](const HttpRequest&) { return Result<HttpResponse>(Throttled()); });
  ApiError error;
  const auto response = client_.Call(ApiCall{&Op("createReport"), {}, {}, "{}"}, &error);
  ASSERT_FALSE(response.Ok());
  EXPECT_EQ(response.GetStatus().Code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(response.GetStatus().Message(), HasSubstr("QuotaExceeded"));
  EXPECT_THAT(response.GetStatus().Message(), HasSubstr("rid-429"));
  EXPECT_TRUE(response.GetStatus().IsRetryable());
  EXPECT_EQ(error.http_status, 429);
  // The deadline held: no sleep crossed it.
  EXPECT_LE(clock_.TotalSlept(), std::chrono::minutes(10));
}

TEST_F(SpApiClientTest, ServerErrorsAreRetried) {
  http_.Queue("/reports/2021-06-30/reports/R1", AmazonError(503, "ServiceUnavailable", "down"));
  http_.Queue("/reports/2021-06-30/reports/R1",
              Result<HttpResponse>(DeadlineExceeded("read timeout")));
  http_.Queue("/reports/2021-06-30/reports/R1", AmazonError(500, "InternalFailure", "oops"));
  http_.Queue("/reports/2021-06-30/reports/R1", AmazonOk(R"({"reportId":"R1"})"));
  const auto response = client_.Call(ApiCall{&Op("getReport"), {{"reportId", "R1"}}, {}, {}});
  ASSERT_TRUE(response.Ok()) << response.GetStatus().ToString();
  EXPECT_EQ(StringField(response->json, "reportId"), "R1");
  EXPECT_EQ(clock_.SleepCount(), 3);
}

TEST_F(SpApiClientTest, PersistentServerErrorsGiveUpUnavailable) {
  http_.On("/reports/2021-06-30/reports/R1", [](const HttpRequest&) {
    return Result<HttpResponse>(AmazonError(502, "BadGateway", "gateway"));
  });
  const auto response = client_.Call(ApiCall{&Op("getReport"), {{"reportId", "R1"}}, {}, {}});
  ASSERT_FALSE(response.Ok());
  EXPECT_EQ(response.GetStatus().Code(), StatusCode::kUnavailable);
  EXPECT_THAT(response.GetStatus().Message(), HasSubstr("HTTP 502"));
  EXPECT_LE(static_cast<int>(http_.RequestsTo("/reports/").size()), Options().max_attempts);
}

TEST_F(SpApiClientTest, ClientErrorsAreNotRetried) {
  http_.Queue("/orders/2026-01-01/orders",
              AmazonError(400, "InvalidInput", "createdAfter is required", "rid-400"));
  ApiError error;
  const auto response = client_.Call(ApiCall{&Op("searchOrders"), {}, {}, {}}, &error);
  ASSERT_FALSE(response.Ok());
  EXPECT_EQ(response.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(response.GetStatus().Message(),
            "searchOrders: HTTP 400 InvalidInput: createdAfter is required (x-amzn-RequestId "
            "rid-400)");
  EXPECT_EQ(error.code, "InvalidInput");
  EXPECT_EQ(http_.RequestsTo("/orders/").size(), 1u);
  EXPECT_EQ(clock_.SleepCount(), 0);
}

TEST_F(SpApiClientTest, NotFoundIsNotFound) {
  http_.Queue("/orders/2026-01-01/orders/X", AmazonError(404, "NotFound", "no such order"));
  const auto response = client_.Call(ApiCall{&Op("getOrder"), {{"orderId", "X"}}, {}, {}});
  ASSERT_FALSE(response.Ok());
  EXPECT_EQ(response.GetStatus().Code(), StatusCode::kNotFound);
  EXPECT_EQ(http_.RequestsTo("/orders/").size(), 1u);
}

TEST_F(SpApiClientTest, UnauthorizedRefreshesTheTokenOnce) {
  http_.Queue("/orders/2026-01-01/orders/X", AmazonError(401, "Unauthorized", "token expired"));
  http_.Queue("/orders/2026-01-01/orders/X", AmazonOk(R"({"order":{}})"));
  const auto response = client_.Call(ApiCall{&Op("getOrder"), {{"orderId", "X"}}, {}, {}});
  ASSERT_TRUE(response.Ok()) << response.GetStatus().ToString();
  const auto calls = http_.RequestsTo("/orders/");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].headers.Get("x-amz-access-token"), "Atza|seller-1");
  EXPECT_EQ(calls[1].headers.Get("x-amz-access-token"), "Atza|seller-2");
  EXPECT_EQ(lwa_.Fetches(), 2);
}

TEST_F(SpApiClientTest, ForbiddenTwiceIsPermissionDenied) {
  http_.On("/orders/2026-01-01/orders/X", [](const HttpRequest&) {
    return Result<HttpResponse>(
        AmazonError(403, "Unauthorized", "Access to requested resource is denied."));
  });
  const auto response = client_.Call(ApiCall{&Op("getOrder"), {{"orderId", "X"}}, {}, {}});
  ASSERT_FALSE(response.Ok());
  EXPECT_EQ(response.GetStatus().Code(), StatusCode::kPermissionDenied);
  EXPECT_FALSE(response.GetStatus().IsRetryable());
  EXPECT_EQ(http_.RequestsTo("/orders/").size(), 2u);
}

TEST_F(SpApiClientTest, AdoptsTheRateHeaderOfASuccess) {
  http_.Queue("/orders/2026-01-01/orders", AmazonOk(R"({"orders":[]})", "0.0167"));
  ASSERT_TRUE(client_.Call(ApiCall{&Op("searchOrders"), {}, {}, {}}).Ok());
  const BucketSnapshot b = Bucket("searchOrders");
  EXPECT_DOUBLE_EQ(b.ceiling, 0.0167);
  EXPECT_DOUBLE_EQ(b.rate, 0.0167);
  EXPECT_DOUBLE_EQ(b.burst, 20);
}

TEST_F(SpApiClientTest, WaitsForTheBucketInsteadOfProvokingThrottles) {
  http_.On("/fba/inventory/v1/summaries",
           [](const HttpRequest&) { return Result<HttpResponse>(AmazonOk("{}")); });
  const auto start = clock_.MonotonicNow();
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(client_.Call(ApiCall{&Op("getInventorySummaries"), {}, {}, {}}).Ok());
  }
  // Burst 2 at once, then one every 0.5 s: 4 more calls take 2 s.
  EXPECT_EQ(clock_.MonotonicNow() - start, std::chrono::seconds(2));
}

TEST_F(SpApiClientTest, UnreadableJsonIsDataLoss) {
  http_.Queue("/reports/2021-06-30/reports/R1", AmazonOk("<html>gateway</html>"));
  const auto response = client_.Call(ApiCall{&Op("getReport"), {{"reportId", "R1"}}, {}, {}});
  ASSERT_FALSE(response.Ok());
  EXPECT_EQ(response.GetStatus().Code(), StatusCode::kDataLoss);
  EXPECT_THAT(response.GetStatus().Message(), HasSubstr("not valid JSON"));
}

TEST(ExactJsonTest, KeepsDecimalsAsTheirText) {
  const auto json =
      ParseExactJson(R"({"a": 0.1, "b": -1234.5678, "c": 12, "d": "9.99", "e": 1e3})");
  ASSERT_TRUE(json.Ok());
  EXPECT_EQ((*json)["a"], "0.1");
  EXPECT_EQ((*json)["b"], "-1234.5678");
  EXPECT_EQ((*json)["c"], 12);
  EXPECT_EQ((*json)["d"], "9.99");
  EXPECT_EQ((*json)["e"], "1e3");
}

TEST(ExactJsonTest, MoneyFromBothSpellings) {
  const auto a = ParseExactJson(R"({"amount":"19.99","currencyCode":"GBP"})");
  const auto b = ParseExactJson(R"({"currencyAmount":-3.10,"currencyCode":"EUR"})");
  const auto c = ParseExactJson(R"({"currencyAmount":1500,"currencyCode":"JPY"})");
  EXPECT_EQ(MoneyFromJson(*a, "a")->MinorUnits(), 1999);
  EXPECT_EQ(MoneyFromJson(*b, "b")->MinorUnits(), -310);
  EXPECT_EQ(MoneyFromJson(*c, "c")->MinorUnits(), 1500);
  const auto too_fine = ParseExactJson(R"({"amount":"1.005","currencyCode":"USD"})");
  const auto bad = MoneyFromJson(*too_fine, "item price");
  ASSERT_FALSE(bad.Ok());
  EXPECT_THAT(bad.GetStatus().Message(), HasSubstr("item price amount '1.005' in USD"));
}

TEST(ExactJsonTest, MalformedJsonIsDataLoss) {
  const auto json = ParseExactJson(R"({"a": )");
  ASSERT_FALSE(json.Ok());
  EXPECT_EQ(json.GetStatus().Code(), StatusCode::kDataLoss);
}

TEST(Iso8601Test, ParsesAmazonsSpellings) {
  EXPECT_EQ(ParseIso8601("2026-01-05T12:34:56Z")->utc_seconds, 1767616496);
  EXPECT_EQ(ParseIso8601("2026-01-05T12:34:56.789Z")->utc_seconds, 1767616496);
  EXPECT_EQ(ParseIso8601("2026-01-05T13:34:56+01:00")->utc_seconds, 1767616496);
  EXPECT_EQ(ParseIso8601("2026-01-05T04:34:56-0800")->utc_seconds, 1767616496);
  EXPECT_EQ(ParseIso8601("2026-01-05")->utc_seconds, 1767571200);
  EXPECT_FALSE(ParseIso8601("2026-01-05T12:34:56").Ok());  // no offset: ambiguous
  EXPECT_FALSE(ParseIso8601("2026-02-30T00:00:00Z").Ok());
  EXPECT_FALSE(ParseIso8601("yesterday").Ok());
  EXPECT_EQ(FormatIso8601(Timestamp{1767616496, 60}), "2026-01-05T12:34:56Z");
}

TEST(RateLimitHeaderTest, ParsesPositiveNumbersOnly) {
  EXPECT_EQ(ParseRateLimitHeader("0.0167"), 0.0167);
  EXPECT_EQ(ParseRateLimitHeader(" 2.0 "), 2.0);
  EXPECT_FALSE(ParseRateLimitHeader("").has_value());
  EXPECT_FALSE(ParseRateLimitHeader("0").has_value());
  EXPECT_FALSE(ParseRateLimitHeader("fast").has_value());
}

}  // namespace
}  // namespace fbaflow::amazon
