#include "adapters/amazon/lwa_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "adapters/clock/system_clock.h"
#include "adapters/http/curl_http.h"
#include "adapters/testing/scripted_http.h"
#include "adapters/testing/silent_server.h"
#include "ports/fake_clock.h"

namespace fbaflow::amazon {
namespace {

using fbaflow::testing::Reply;
using fbaflow::testing::ScriptedHttp;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTokenPath[] = "/auth/o2/token";

LwaCredentials Creds() {
  return LwaCredentials{"amzn1.application-oa2-client.abc", Secret("client-secret-XYZ"),
                        Secret("Atzr|refresh-token-123")};
}

HttpResponse TokenReply(const std::string& token, int expires_in = 3600) {
  return Reply(200,
               R"({"access_token":")" + token + R"(","token_type":"bearer","expires_in":)" +
                   std::to_string(expires_in) + "}",
               HttpHeaders{{"Content-Type", "application/json"}});
}

class LwaClientTest : public ::testing::Test {
 protected:
  LwaClient Make(LwaCredentials creds = Creds(), double time_scale = 1.0) {
    LwaOptions options;
    options.token_url = "https://lwa.test/auth/o2/token";
    options.time_scale = time_scale;
    return LwaClient(options, std::move(creds), http_, clock_);
  }
  ScriptedHttp http_;
  FakeClock clock_;
};

TEST_F(LwaClientTest, RefreshTokenGrantSendsTheFormAndCachesTheToken) {
  http_.Queue(kTokenPath, TokenReply("Atza|first"));
  LwaClient lwa = Make();
  const auto token = lwa.Token(TokenKind::kSeller);
  ASSERT_TRUE(token.Ok()) << token.GetStatus().ToString();
  EXPECT_EQ(token->token.RevealForWire(), "Atza|first");
  EXPECT_EQ(token->expires_in, std::chrono::seconds(3600));
  const auto again = lwa.Token(TokenKind::kSeller);
  ASSERT_TRUE(again.Ok());
  EXPECT_EQ(again->token.RevealForWire(), "Atza|first");
  EXPECT_EQ(lwa.Fetches(), 1);

  const auto requests = http_.RequestsTo(kTokenPath);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, HttpMethod::kPost);
  EXPECT_EQ(requests[0].headers.Get("content-type"),
            "application/x-www-form-urlencoded;charset=UTF-8");
  EXPECT_EQ(requests[0].body,
            "grant_type=refresh_token&refresh_token=Atzr%7Crefresh-token-123"
            "&client_id=amzn1.application-oa2-client.abc&client_secret=client-secret-XYZ");
}

TEST_F(LwaClientTest, RefreshesShortlyBeforeExpiry) {
  http_.Queue(kTokenPath, TokenReply("Atza|first"));
  http_.Queue(kTokenPath, TokenReply("Atza|second"));
  LwaClient lwa = Make();
  ASSERT_TRUE(lwa.Token(TokenKind::kSeller).Ok());
  clock_.Advance(std::chrono::seconds(3600 - 301));  // 301 s left: still cached (margin 300 s)
  EXPECT_EQ(lwa.Token(TokenKind::kSeller)->token.RevealForWire(), "Atza|first");
  clock_.Advance(std::chrono::seconds(2));  // 299 s left: refreshed
  EXPECT_EQ(lwa.Token(TokenKind::kSeller)->token.RevealForWire(), "Atza|second");
  EXPECT_EQ(lwa.Fetches(), 2);
}

TEST_F(LwaClientTest, ATimeScaledEndpointsTokensLiveItsSeconds) {
  // An emulator at 600x issues tokens for 3600 of its seconds: 6 of ours. Refreshed 300 of its
  // seconds (0.5 of ours) before that.
  http_.Queue(kTokenPath, TokenReply("Atza|first"));
  http_.Queue(kTokenPath, TokenReply("Atza|second"));
  LwaClient lwa = Make(Creds(), /*time_scale=*/600);
  ASSERT_TRUE(lwa.Token(TokenKind::kSeller).Ok());
  clock_.Advance(std::chrono::milliseconds(5400));  // 600 ms left: still cached
  EXPECT_EQ(lwa.Token(TokenKind::kSeller)->token.RevealForWire(), "Atza|first");
  clock_.Advance(std::chrono::milliseconds(200));  // 400 ms left: refreshed
  EXPECT_EQ(lwa.Token(TokenKind::kSeller)->token.RevealForWire(), "Atza|second");
  EXPECT_EQ(lwa.Fetches(), 2);
}

TEST_F(LwaClientTest, InvalidateDropsOnlyTheRejectedToken) {
  http_.Queue(kTokenPath, TokenReply("Atza|first"));
  http_.Queue(kTokenPath, TokenReply("Atza|second"));
  LwaClient lwa = Make();
  const Secret first = lwa.Token(TokenKind::kSeller)->token;
  lwa.Invalidate(TokenKind::kSeller, first);
  const Secret second = lwa.Token(TokenKind::kSeller)->token;
  EXPECT_EQ(second.RevealForWire(), "Atza|second");
  lwa.Invalidate(TokenKind::kSeller, first);  // a late caller with the old token: no effect
  EXPECT_EQ(lwa.Token(TokenKind::kSeller)->token.RevealForWire(), "Atza|second");
  EXPECT_EQ(lwa.Fetches(), 2);
}

TEST_F(LwaClientTest, GrantlessUsesClientCredentialsWithTheNotificationsScope) {
  http_.Queue(kTokenPath, TokenReply("Atza|grantless"));
  LwaClient lwa = Make(LwaCredentials{"client", Secret("s3cr3t"), Secret()});
  const auto token = lwa.Token(TokenKind::kGrantless);
  ASSERT_TRUE(token.Ok()) << token.GetStatus().ToString();
  EXPECT_EQ(http_.Requests()[0].body,
            "grant_type=client_credentials&scope=sellingpartnerapi%3A%3Anotifications"
            "&client_id=client&client_secret=s3cr3t");
  // Seller and grantless tokens are cached apart.
  const auto seller = lwa.Token(TokenKind::kSeller);
  ASSERT_FALSE(seller.Ok());
  EXPECT_EQ(seller.GetStatus().Code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(seller.GetStatus().Message(), HasSubstr("FBAFLOW_LWA_REFRESH_TOKEN"));
}

TEST_F(LwaClientTest, InvalidGrantIsUnauthenticatedAndNamesNoSecret) {
  http_.Queue(
      kTokenPath,
      Reply(
          400,
          R"({"error":"invalid_grant","error_description":"The request has an invalid grant parameter : refresh_token Atzr|refresh-token-123"})",
          HttpHeaders{{"Content-Type", "application/json"}}));
  LwaClient lwa = Make();
  const auto token = lwa.Token(TokenKind::kSeller);
  ASSERT_FALSE(token.Ok());
  EXPECT_EQ(token.GetStatus().Code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(token.GetStatus().Message(), HasSubstr("invalid_grant"));
  EXPECT_THAT(token.GetStatus().Message(), HasSubstr("invalid grant parameter"));
  EXPECT_THAT(token.GetStatus().Message(), Not(HasSubstr("refresh-token-123")));
  EXPECT_THAT(token.GetStatus().Message(), Not(HasSubstr("client-secret-XYZ")));
  EXPECT_EQ(lwa.Fetches(), 1);  // not retried
}

TEST_F(LwaClientTest, TransientFailuresAreRetriedWithBackoff) {
  http_.Queue(kTokenPath, Reply(503, "busy"));
  http_.Queue(kTokenPath, Result<HttpResponse>(Unavailable("connection reset")));
  http_.Queue(kTokenPath, TokenReply("Atza|third-time"));
  LwaClient lwa = Make();
  const auto token = lwa.Token(TokenKind::kSeller);
  ASSERT_TRUE(token.Ok()) << token.GetStatus().ToString();
  EXPECT_EQ(token->token.RevealForWire(), "Atza|third-time");
  EXPECT_EQ(lwa.Fetches(), 3);
  EXPECT_EQ(clock_.Sleeps(), (std::vector<Clock::Duration>{std::chrono::milliseconds(500),
                                                           std::chrono::milliseconds(1000)}));
}

TEST_F(LwaClientTest, GivesUpAfterMaxAttempts) {
  http_.On(kTokenPath, [](const HttpRequest&) { return Result<HttpResponse>(Reply(500, "")); });
  LwaClient lwa = Make();
  const auto token = lwa.Token(TokenKind::kSeller);
  ASSERT_FALSE(token.Ok());
  EXPECT_EQ(token.GetStatus().Code(), StatusCode::kUnavailable);
  EXPECT_THAT(token.GetStatus().Message(), HasSubstr("gave up after 4 attempts"));
  EXPECT_EQ(lwa.Fetches(), 4);
}

TEST_F(LwaClientTest, MalformedAnswerIsDataLoss) {
  http_.Queue(kTokenPath, Reply(200, R"({"token_type":"bearer"})"));
  LwaClient lwa = Make();
  const auto token = lwa.Token(TokenKind::kSeller);
  ASSERT_FALSE(token.Ok());
  EXPECT_EQ(token.GetStatus().Code(), StatusCode::kDataLoss);
}

TEST_F(LwaClientTest, ConcurrentCallersShareOneFetch) {
  std::atomic<int> calls{0};
  http_.On(kTokenPath, [&calls](const HttpRequest&) {
    ++calls;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return Result<HttpResponse>(TokenReply("Atza|shared"));
  });
  LwaClient lwa = Make();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (lwa.Token(TokenKind::kSeller).Ok()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(calls.load(), 1);
}

}  // namespace
}  // namespace fbaflow::amazon

namespace fbaflow::amazon {
namespace {

// Against a real socket that accepts and never answers: the whole token request, retries
// included, ends at the call's deadline, not after attempts × (connect + read) timeouts.
TEST(LwaDeadlineTest, ATokenEndpointThatNeverAnswersIsBoundedByTheDeadline) {
  fbaflow::testing::SilentServer silent;
  CurlHttp http;
  SystemClock clock;
  LwaOptions options;
  options.token_url = silent.Url("/auth/o2/token");
  options.call_deadline = std::chrono::seconds(2);
  LwaClient lwa(options, Creds(), http, clock);
  const auto start = std::chrono::steady_clock::now();
  const auto token = lwa.Token(TokenKind::kSeller);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(token.Ok());
  EXPECT_EQ(token.GetStatus().Code(), StatusCode::kDeadlineExceeded)
      << token.GetStatus().ToString();
  EXPECT_LT(took, std::chrono::seconds(4));
  EXPECT_GE(took, std::chrono::milliseconds(1500));
}

TEST_F(LwaClientTest, ARefusalIsNotRetriedAThrottleWaitsForRetryAfter) {
  http_.Queue(kTokenPath, Reply(429, "", HttpHeaders{{"Retry-After", "7"}}));
  http_.Queue(kTokenPath, TokenReply("Atza|after-wait"));
  auto lwa = Make();
  const auto start = clock_.MonotonicNow();
  const auto token = lwa.Token(TokenKind::kSeller);
  ASSERT_TRUE(token.Ok()) << token.GetStatus().ToString();
  EXPECT_EQ(clock_.MonotonicNow() - start, std::chrono::seconds(7));
}

}  // namespace
}  // namespace fbaflow::amazon
