// libcurl against the fault proxy: a write whose answer is lost after the server acted on it must
// reach the server once. libcurl resends by itself a request whose reused keep-alive connection
// closes without an answer; CurlHttp sends writes on fresh connections so that never happens.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "adapters/http/curl_http.h"
#include "sim/proxy/fault_proxy.h"

namespace fbaflow {
namespace {

class TransportFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_.Get("/ping", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("pong", "text/plain");
    });
    backend_.Post("/create", [this](const httplib::Request&, httplib::Response& res) {
      ++creates_;
      res.set_content("{\"id\":1}", "application/json");
    });
    port_ = backend_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { backend_.listen_after_bind(); });
    while (!backend_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void TearDown() override {
    backend_.stop();
    thread_.join();
  }

  std::unique_ptr<sim::FaultProxy> Proxy(std::string_view spec) {
    sim::FaultProxyOptions options;
    options.backend_url = "http://127.0.0.1:" + std::to_string(port_);
    Result<sim::ProxyFaults> faults = sim::ParseProxyFaults(spec);
    EXPECT_TRUE(faults.Ok()) << faults.GetStatus().ToString();
    options.faults = *faults;
    auto proxy = std::make_unique<sim::FaultProxy>(options);
    EXPECT_TRUE(proxy->Start().Ok());
    return proxy;
  }

  httplib::Server backend_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> creates_{0};
};

TEST_F(TransportFaultsTest, AWriteWhoseAnswerIsLostAfterItsCommitIsSentOnce) {
  auto proxy = Proxy("drop-after-commit,method=POST,first=1");
  CurlHttp http;
  // Warm a keep-alive connection, so that the POST would go on a reused one.
  HttpRequest ping;
  ping.url = proxy->BaseUrl() + "/ping";
  ASSERT_TRUE(http.Send(ping).Ok());
  HttpRequest create;
  create.method = HttpMethod::kPost;
  create.url = proxy->BaseUrl() + "/create";
  create.body = "{}";
  Result<HttpResponse> lost = http.Send(create);
  EXPECT_FALSE(lost.Ok());
  EXPECT_EQ(lost.GetStatus().Code(), StatusCode::kUnavailable) << lost.GetStatus().ToString();
  EXPECT_EQ(creates_.load(), 1);  // the server acted once; the caller knows the answer was lost
  // The next write goes through normally.
  ASSERT_TRUE(http.Send(create).Ok());
  EXPECT_EQ(creates_.load(), 2);
  proxy->Stop();
}

TEST_F(TransportFaultsTest, AReplaySafeRequestMayReuseItsConnection) {
  auto proxy = Proxy("drop-after-commit,method=GET,every=2");
  CurlHttp http;
  HttpRequest ping;
  ping.url = proxy->BaseUrl() + "/ping";
  // The second GET is dropped on a reused connection; libcurl's own resend gets its answer.
  ASSERT_TRUE(http.Send(ping).Ok());
  Result<HttpResponse> again = http.Send(ping);
  ASSERT_TRUE(again.Ok()) << again.GetStatus().ToString();
  EXPECT_EQ(again->body, "pong");
  proxy->Stop();
}

}  // namespace
}  // namespace fbaflow
