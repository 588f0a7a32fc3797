// Secrets never reach a log line or an error message: a full connector flow over real libcurl
// against a loopback Amazon that misbehaves (throttles, fails, echoes credentials back in its
// error bodies), with every log line captured and searched for every secret.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "adapters/amazon/sp_api_amazon.h"
#include "adapters/archive/fs_document_archive.h"
#include "adapters/http/curl_http.h"
#include "adapters/testing/log_capture.h"
#include "adapters/testing/temp_dir.h"
#include "core/testing/gzip.h"
#include "ports/fake_clock.h"

namespace fbaflow::amazon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kClientSecret[] = "amzn1.oa2-cs.v1.CLIENT-SECRET-9f8e7d";
constexpr char kRefreshToken[] = "Atzr|IwEBIREFRESH-TOKEN-1a2b3c";
constexpr char kBadRefresh[] = "Atzr|IwEBIREVOKED-TOKEN-4d5e6f";

std::string AccessToken(int n) { return "Atza|IwEBIACCESS-TOKEN-" + std::to_string(n); }

class RedactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Post("/auth/o2/token", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.body.find("REVOKED") != std::string::npos) {
        res.status = 400;
        // A careless server that echoes the grant back.
        res.set_content(R"({"error":"invalid_grant","error_description":"refresh_token )" +
                            UrlDecode(req.get_param_value("refresh_token")) + R"( is revoked"})",
                        "application/json");
        return;
      }
      res.set_content(R"({"access_token":")" + AccessToken(++tokens_) +
                          R"(","token_type":"bearer","expires_in":3600})",
                      "application/json");
    });
    server_.Get("/reports/2021-06-30/reports", [this](const httplib::Request& req,
                                                      httplib::Response& res) {
      const int n = ++report_calls_;
      res.set_header("x-amzn-RequestId", "rid-" + std::to_string(n));
      if (n == 1) {
        res.status = 401;  // forces a token refresh
        res.set_content(R"({"errors":[{"code":"Unauthorized","message":"token )" +
                            req.get_header_value("x-amz-access-token") + R"( expired"}]})",
                        "application/json");
      } else if (n == 2) {
        res.status = 429;
        res.set_content(
            R"({"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource.","details":""}]})",
            "application/json");
      } else if (n == 3) {
        res.status = 500;
        res.set_content(R"({"errors":[{"code":"InternalFailure","message":"echo )" +
                            req.get_header_value("x-amz-access-token") + R"("}]})",
                        "application/json");
      } else {
        res.set_header("x-amzn-RateLimit-Limit", "0.0222");
        res.set_content(
            R"({"reports":[{"reportId":"R1","reportType":"GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2",
            "createdTime":"2026-02-15T02:00:00Z","processingStatus":"DONE","reportDocumentId":"DOC-1"}]})",
            "application/json");
      }
    });
    server_.Get("/reports/2021-06-30/documents/DOC-1", [this](const httplib::Request&,
                                                              httplib::Response& res) {
      res.set_content(
          R"({"reportDocumentId":"DOC-1","url":"http://127.0.0.1:)" + std::to_string(port_) +
              R"(/files/doc1?X-Amz-Signature=SIGNATURE-SECRET","compressionAlgorithm":"GZIP"})",
          "application/json");
    });
    server_.Get(R"(/orders/2026-01-01/orders/(.+))",
                [](const httplib::Request& req, httplib::Response& res) {
                  res.status = 403;
                  res.set_content(R"({"errors":[{"code":"Unauthorized","message":"token )" +
                                      req.get_header_value("x-amz-access-token") +
                                      R"( may not read this order"}]})",
                                  "application/json");
                });
    server_.Get("/files/doc1", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(fbaflow::testing::Gzip("settlement-id\ttotal-amount\n1\t2.00\n"),
                      "text/plain; charset=windows-1252");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }

  std::string Base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> tokens_{0};
  std::atomic<int> report_calls_{0};
};

TEST_F(RedactionTest, NoSecretInAnyLogLineOrErrorMessage) {
  fbaflow::testing::LogCapture logs;
  fbaflow::testing::TempDir dir;
  std::vector<std::string> messages;
  {
    CurlHttp http;
    FakeClock clock;  // backoffs pass instantly
    RateLimiter limiter(clock);
    LwaOptions lwa_options;
    lwa_options.token_url = Base() + "/auth/o2/token";
    LwaClient lwa(lwa_options,
                  LwaCredentials{"amzn1.application-oa2-client.test", Secret(kClientSecret),
                                 Secret(kRefreshToken)},
                  http, clock);
    SpApiOptions options;
    options.selling_partner = "A1SELLER";
    options.endpoint = Base();
    SpApiClient client(options, lwa, limiter, http, clock);
    SpApiAmazon api(client);

    ReportsQuery query;
    query.report_types = {"GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"};
    const auto reports = api.GetReports(query);
    ASSERT_TRUE(reports.Ok()) << reports.GetStatus().ToString();
    ASSERT_EQ(reports->size(), 1u);

    auto archive = FsDocumentArchive::Open(dir.Path());
    const auto fetched =
        api.FetchReportDocument("DOC-1", ArchiveKey{"settlement", "R1"}, **archive, "note");
    ASSERT_TRUE(fetched.Ok()) << fetched.GetStatus().ToString();

    // An error body that quotes the access token, twice (refresh, then give up).
    const auto forbidden = api.GetOrder("302-1", {});
    ASSERT_FALSE(forbidden.Ok());
    EXPECT_EQ(forbidden.GetStatus().Code(), StatusCode::kPermissionDenied);
    EXPECT_THAT(forbidden.GetStatus().Message(), HasSubstr("may not read this order"));
    messages.push_back(forbidden.GetStatus().ToString());

    // A revoked refresh token: the error path.
    LwaClient revoked(lwa_options,
                      LwaCredentials{"amzn1.application-oa2-client.test", Secret(kClientSecret),
                                     Secret(kBadRefresh)},
                      http, clock);
    SpApiClient revoked_client(options, revoked, limiter, http, clock);
    SpApiAmazon revoked_api(revoked_client);
    const auto refused = revoked_api.GetReports(query);
    ASSERT_FALSE(refused.Ok());
    EXPECT_EQ(refused.GetStatus().Code(), StatusCode::kUnauthenticated);
    messages.push_back(refused.GetStatus().ToString());
    spdlog::error("run failed: {}", refused.GetStatus().ToString());
    const auto check = revoked_api.CheckCredentials(false);
    messages.push_back(check.GetStatus().ToString());

    // Formatting the credentials themselves prints nothing secret either.
    spdlog::info("credentials: {} {} {}", lwa.Credentials().client_id,
                 lwa.Credentials().client_secret, lwa.Credentials().refresh_token);
  }
  const std::string text = logs.Text();
  ASSERT_THAT(text, HasSubstr("rid-"));  // the flow did log, with request ids
  ASSERT_THAT(text, HasSubstr("[redacted]"));
  std::vector<std::string> secrets = {
      kClientSecret,          kRefreshToken,     kBadRefresh, UrlEncode(kRefreshToken),
      UrlEncode(kBadRefresh), "SIGNATURE-SECRET"};
  for (int i = 1; i <= tokens_.load(); ++i) secrets.push_back(AccessToken(i));
  ASSERT_GE(tokens_.load(), 2);  // the refresh happened
  for (const std::string& secret : secrets) {
    EXPECT_THAT(text, Not(HasSubstr(secret))) << "a log line holds " << secret;
    // Access tokens share a prefix; check the distinctive part too.
    for (const std::string& m : messages) {
      EXPECT_THAT(m, Not(HasSubstr(secret))) << "an error message holds " << secret;
    }
  }
  EXPECT_THAT(text, Not(HasSubstr("ACCESS-TOKEN")));
  EXPECT_THAT(text, Not(HasSubstr("REFRESH-TOKEN")));
  EXPECT_THAT(text, Not(HasSubstr("REVOKED-TOKEN")));
  EXPECT_THAT(text, Not(HasSubstr("CLIENT-SECRET")));
  EXPECT_THAT(messages[1], HasSubstr("invalid_grant"));
}

}  // namespace
}  // namespace fbaflow::amazon
