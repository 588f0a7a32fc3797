#include "sim/proxy/fault_proxy.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <thread>

namespace fbaflow::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A backend that commits every request it is sent: it counts them and keeps the last one. A
// request may ask for its answer's status with X-Want-Status.
class Backend {
 public:
  Backend() {
    const auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mu_);
      ++commits_;
      last_ = req;
      res.status =
          req.has_header("X-Want-Status") ? std::stoi(req.get_header_value("X-Want-Status")) : 200;
      res.set_header("X-Backend", "committed");
      res.set_content("commit " + std::to_string(commits_.load()) + ": " + req.body, "text/plain");
    };
    server_.Get(".*", handle);
    server_.Post(".*", handle);
    server_.Put(".*", handle);
    server_.Delete(".*", handle);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Backend() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int Commits() const { return commits_; }
  httplib::Request Last() const {
    const std::lock_guard<std::mutex> lock(mu_);
    return last_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> commits_{0};
  mutable std::mutex mu_;
  httplib::Request last_;
};

// A proxy in front of `backend` with `faults`, started.
std::unique_ptr<FaultProxy> StartProxy(const Backend& backend, std::string_view faults,
                                       uint64_t seed = 1) {
  FaultProxyOptions options;
  options.backend_url = backend.Url();
  Result<ProxyFaults> parsed = ParseProxyFaults(faults);
  EXPECT_TRUE(parsed.Ok()) << parsed.GetStatus().ToString();
  options.faults = *parsed;
  options.seed = seed;
  auto proxy = std::make_unique<FaultProxy>(options);
  const Status started = proxy->Start();
  EXPECT_TRUE(started.Ok()) << started.ToString();
  return proxy;
}

httplib::Client ClientOf(const FaultProxy& proxy) {
  httplib::Client client(proxy.BaseUrl());
  client.set_read_timeout(std::chrono::seconds(10));
  return client;
}

// What a raw client sees: the bytes until the connection ended, and how it ended (0: closed by
// the proxy; else the errno of the failed read).
struct RawExchange {
  std::string bytes;
  int error = 0;
};

// A socket connected to 127.0.0.1:port (-1 when it cannot connect).
int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends `request` on `fd`, reads until the connection ends and closes it.
RawExchange Exchange(int fd, const std::string& request) {
  RawExchange out;
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  char buf[4096];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0) out.error = errno;
    if (n <= 0) break;
    out.bytes.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

RawExchange RawRequest(int port, const std::string& request) {
  const int fd = Connect(port);
  if (fd < 0) return {"", errno};
  return Exchange(fd, request);
}

const std::string kPost =
    "POST /db/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
    "Connection: close\r\n\r\n{}";

TEST(FaultProxyTest, ForwardsRequestsAndAnswersUntouched) {
  Backend backend;
  auto proxy = StartProxy(backend, "");
  httplib::Client client = ClientOf(*proxy);
  client.set_keep_alive(true);  // several requests on one connection

  httplib::Result got = client.Get("/items/a%20b?x=1&y=two%20words", {{"X-Trace", "t-1"}});
  ASSERT_TRUE(got) << httplib::to_string(got.error());
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->get_header_value("X-Backend"), "committed");
  EXPECT_EQ(backend.Last().target, "/items/a%20b?x=1&y=two%20words");
  EXPECT_EQ(backend.Last().get_header_value("X-Trace"), "t-1");
  EXPECT_EQ(backend.Last().get_header_value("Host"), backend.Url().substr(7));

  const std::string body = R"({"method":"model.account.move.create","params":[1, "é"]})";
  httplib::Result posted =
      client.Post("/db/", {{"X-Want-Status", "201"}}, body, "application/json");
  ASSERT_TRUE(posted) << httplib::to_string(posted.error());
  EXPECT_EQ(posted->status, 201);
  EXPECT_EQ(posted->body, "commit 2: " + body);
  EXPECT_EQ(backend.Last().method, "POST");
  EXPECT_EQ(backend.Last().get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(backend.Last().body, body);

  httplib::Result missing = client.Delete("/db/gone", {{"X-Want-Status", "404"}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  const FaultProxyCounters counters = proxy->Counters();
  EXPECT_EQ(counters.requests, 3u);
  EXPECT_EQ(counters.forwarded, 3u);
  EXPECT_EQ(counters.Faults(), 0u);
}

TEST(FaultProxyTest, AnswersExpectContinueBeforeReadingTheBody) {
  Backend backend;
  auto proxy = StartProxy(backend, "");
  const int fd = Connect(proxy->Port());
  ASSERT_GE(fd, 0);
  const std::string head =
      "PUT /f HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n"
      "Connection: close\r\n\r\n";
  ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  const std::string expected = "HTTP/1.1 100 Continue\r\n\r\n";
  std::string interim(expected.size(), '\0');
  ASSERT_EQ(::recv(fd, interim.data(), interim.size(), MSG_WAITALL),
            static_cast<ssize_t>(interim.size()));
  EXPECT_EQ(interim, expected);
  const RawExchange r = Exchange(fd, "abc");
  EXPECT_THAT(r.bytes, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_EQ(backend.Last().body, "abc");
  EXPECT_FALSE(backend.Last().has_header("Expect"));
}

TEST(FaultProxyTest, InjectedStatusNeverReachesTheBackend) {
  Backend backend;
  auto proxy = StartProxy(backend, "status=503,path=/db/");
  httplib::Client client = ClientOf(*proxy);
  httplib::Result refused = client.Post("/db/", "{}", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_THAT(refused->body, HasSubstr("injected 503"));
  EXPECT_EQ(backend.Commits(), 0);
  httplib::Result other = client.Get("/other");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  EXPECT_EQ(backend.Commits(), 1);
  EXPECT_EQ(proxy->Counters().status, 1u);
  EXPECT_EQ(proxy->Counters().forwarded, 1u);
}

TEST(FaultProxyTest, ResetCutsTheConnectionBeforeForwarding) {
  Backend backend;
  auto proxy = StartProxy(backend, "reset");
  const RawExchange r = RawRequest(proxy->Port(), kPost);
  EXPECT_EQ(r.bytes, "");
  EXPECT_EQ(r.error, ECONNRESET);
  EXPECT_EQ(backend.Commits(), 0);
  EXPECT_EQ(proxy->Counters().reset, 1u);
  EXPECT_EQ(proxy->Counters().forwarded, 0u);
}

TEST(FaultProxyTest, SlowHoldsTheAnswer) {
  Backend backend;
  auto proxy = StartProxy(backend, "slow=300ms");
  httplib::Client client = ClientOf(*proxy);
  const auto start = std::chrono::steady_clock::now();
  httplib::Result got = client.Get("/slow");
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  EXPECT_EQ(proxy->Counters().slow, 1u);
}

TEST(FaultProxyTest, DropAfterCommitLosesTheAnswerOfACommittedWrite) {
  Backend backend;
  auto proxy = StartProxy(backend, "drop-after-commit,method=POST,first=1");
  httplib::Client client = ClientOf(*proxy);
  httplib::Result lost =
      client.Post("/db/", R"({"method":"model.account.move.create"})", "application/json");
  EXPECT_FALSE(lost);               // the client sees a connection error...
  EXPECT_EQ(backend.Commits(), 1);  // ...although the backend committed
  EXPECT_EQ(backend.Last().body, R"({"method":"model.account.move.create"})");
  // The second write goes through (first=1), and a raw client sees the drop as a clean close
  // with no byte of an answer.
  httplib::Result retried = client.Post("/db/", "{}", "application/json");
  ASSERT_TRUE(retried);
  EXPECT_EQ(backend.Commits(), 2);

  auto raw_proxy = StartProxy(backend, "drop-after-commit");
  const RawExchange r = RawRequest(raw_proxy->Port(), kPost);
  EXPECT_EQ(r.bytes, "");
  EXPECT_EQ(r.error, 0);
  EXPECT_EQ(backend.Commits(), 3);
  EXPECT_EQ(proxy->Counters().drop_after_commit, 1u);
  EXPECT_EQ(proxy->Counters().forwarded, 2u);
}

TEST(FaultProxyTest, HangAfterCommitTimesTheClientOutAndStopCutsIt) {
  Backend backend;
  auto proxy = StartProxy(backend, "hang-after-commit=1m");
  httplib::Client client = ClientOf(*proxy);
  client.set_read_timeout(std::chrono::milliseconds(300));
  httplib::Result lost = client.Post("/db/", "{}", "application/json");
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error(), httplib::Error::Read);
  EXPECT_EQ(backend.Commits(), 1);
  EXPECT_EQ(proxy->Counters().hang_after_commit, 1u);
  const auto start = std::chrono::steady_clock::now();
  proxy->Stop();  // the hanging connection must not hold it for a minute
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

std::string StatusPattern(const Backend& backend, uint64_t seed) {
  auto proxy = StartProxy(backend, "status=500,p=0.5", seed);
  httplib::Client client = ClientOf(*proxy);
  std::string out;
  for (int i = 0; i < 40; ++i) {
    httplib::Result r = client.Get("/n");
    out += r ? (r->status == 500 ? 'x' : '.') : '?';
  }
  return out;
}

TEST(FaultProxyTest, TheSeedMakesRunsRepeatable) {
  Backend backend;
  const std::string first = StatusPattern(backend, 42);
  EXPECT_EQ(StatusPattern(backend, 42), first);
  EXPECT_NE(StatusPattern(backend, 43), first);
  EXPECT_THAT(first, HasSubstr("x"));
  EXPECT_THAT(first, HasSubstr("."));
}

TEST(FaultProxyTest, ABackendThatDoesNotAnswerIsA502) {
  FaultProxyOptions options;
  {
    Backend gone;  // a port that was just free, and is again
    options.backend_url = gone.Url();
  }
  FaultProxy proxy(options);
  ASSERT_TRUE(proxy.Start().Ok());
  httplib::Client client(proxy.BaseUrl());
  httplib::Result r = client.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 502);
  EXPECT_THAT(r->body, HasSubstr("no answer from " + options.backend_url));
  EXPECT_EQ(proxy.Counters().backend_errors, 1u);
}

TEST(FaultProxyTest, StartRefusesABadUrlAndAPortInUse) {
  Backend backend;
  for (const char* url : {"https://127.0.0.1:1/", "127.0.0.1:8000", "http://:80/",
                          "http://h:99999/", "http://h/?q=1"}) {
    FaultProxyOptions options;
    options.backend_url = url;
    FaultProxy proxy(options);
    const Status s = proxy.Start();
    EXPECT_EQ(s.Code(), StatusCode::kInvalidArgument) << url;
    EXPECT_THAT(s.Message(), HasSubstr(url));
  }
  auto first = StartProxy(backend, "");
  FaultProxyOptions options;
  options.backend_url = backend.Url();
  options.port = first->Port();
  FaultProxy second(options);
  const Status s = second.Start();
  EXPECT_EQ(s.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.Message(), HasSubstr(std::to_string(first->Port()) + " in use"));
}

TEST(FaultProxyTest, CountersReadAsOneLine) {
  FaultProxyCounters c;
  c.requests = 3;
  c.forwarded = 2;
  c.drop_after_commit = 1;
  EXPECT_EQ(c.ToString(),
            "requests=3 forwarded=2 backend_errors=0 status=0 reset=0 slow=0 "
            "drop-after-commit=1 hang-after-commit=0");
}

}  // namespace
}  // namespace fbaflow::sim
