// Loopback tests of the libcurl adapter against cpp-httplib servers started in the test.
#include "adapters/http/curl_http.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/testing/gzip.h"

namespace fbaflow {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Runs a cpp-httplib server on a free loopback port for the life of the object.
template <typename ServerT>
class Running {
 public:
  template <typename... Args>
  explicit Running(Args&&... args) : server_(std::forward<Args>(args)...) {}
  ~Running() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  ServerT& operator*() { return server_; }
  ServerT* operator->() { return &server_; }

  void Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // The socket is bound and listening already, so early connections wait in its backlog; this
    // only keeps stop() from racing the server's start.
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  int Port() const { return port_; }

 private:
  ServerT server_;
  std::thread thread_;
  int port_ = 0;
};

std::string Url(int port, std::string_view path, std::string_view scheme = "http") {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(port) + std::string(path);
}

class StringSink : public BodySink {
 public:
  Status Write(std::string_view chunk) override {
    ++writes;
    data.append(chunk);
    if (fail_after >= 0 && static_cast<int>(data.size()) > fail_after) {
      return Cancelled("sink is full");
    }
    return OkStatus();
  }
  std::string data;
  int writes = 0;
  int fail_after = -1;
};

// Captures spdlog output for the life of the object.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string Text() const { return stream_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream stream_;
};

TEST(CurlHttpTest, SendsMethodHeadersAndBodyAndReadsHeadersCaseInsensitively) {
  Running<httplib::Server> server;
  server->Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Amzn-RequestId", "req-123");
    res.set_header("x-amzn-RateLimit-Limit", "0.5");
    res.set_content(req.get_header_value("X-Test") + "|" + req.body, "text/plain");
  });
  server.Start();

  CurlHttp http;
  HttpRequest request;
  request.method = HttpMethod::kPost;
  request.url = Url(server.Port(), "/echo");
  request.headers.Add("x-test", "hello");
  request.body = "payload";
  LogCapture logs;
  const auto response = http.Send(request);
  ASSERT_TRUE(response.Ok()) << response.GetStatus().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello|payload");
  EXPECT_EQ(response->headers.Get("x-amzn-requestid"), "req-123");
  EXPECT_EQ(response->headers.Get("X-AMZN-RATELIMIT-LIMIT"), "0.5");
  EXPECT_THAT(logs.Text(), HasSubstr("request-id req-123"));
  EXPECT_THAT(logs.Text(), HasSubstr("POST http://127.0.0.1:"));
}

TEST(CurlHttpTest, PutPatchAndDeleteUseTheirMethods) {
  Running<httplib::Server> server;
  auto echo = [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.method + ":" + req.body, "text/plain");
  };
  server->Put("/r", echo);
  server->Patch("/r", echo);
  server->Delete("/r", echo);
  server.Start();
  CurlHttp http;
  for (HttpMethod method : {HttpMethod::kPut, HttpMethod::kPatch, HttpMethod::kDelete}) {
    HttpRequest request;
    request.method = method;
    request.url = Url(server.Port(), "/r");
    if (method != HttpMethod::kDelete) request.body = "{}";
    const auto response = http.Send(request);
    ASSERT_TRUE(response.Ok()) << response.GetStatus().ToString();
    EXPECT_EQ(response->body, std::string(HttpMethodName(method)) + ":" + request.body);
  }
}

TEST(CurlHttpTest, ErrorStatusIsAResponseNotAFailure) {
  Running<httplib::Server> server;
  server->Get("/throttled", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_content(R"({"errors":[{"code":"QuotaExceeded"}]})", "application/json");
  });
  server.Start();
  CurlHttp http;
  HttpRequest request;
  request.url = Url(server.Port(), "/throttled");
  const auto response = http.Send(request);
  ASSERT_TRUE(response.Ok());
  EXPECT_EQ(response->status, 429);
  EXPECT_THAT(response->body, HasSubstr("QuotaExceeded"));
}

TEST(CurlHttpTest, DecodesGzipContentEncodingWhenAsked) {
  Running<httplib::Server> server;
  server->Get("/doc", [](const httplib::Request& req, httplib::Response& res) {
    const std::string text = "sku\tqty\nA\t1\n";
    if (req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(testing::Gzip(text), "application/octet-stream");
    } else {
      res.set_content(text, "application/octet-stream");
    }
  });
  server.Start();
  CurlHttp http;
  HttpRequest request;
  request.url = Url(server.Port(), "/doc");
  const auto decoded = http.Send(request);
  ASSERT_TRUE(decoded.Ok()) << decoded.GetStatus().ToString();
  EXPECT_EQ(decoded->body, "sku\tqty\nA\t1\n");
  EXPECT_EQ(decoded->headers.Get("content-encoding"), "gzip");

  request.accept_compressed = false;
  const auto plain = http.Send(request);
  ASSERT_TRUE(plain.Ok());
  EXPECT_EQ(plain->body, "sku\tqty\nA\t1\n");
  EXPECT_FALSE(plain->headers.Has("content-encoding"));
}

TEST(CurlHttpTest, DownloadStreamsTheBodyIntoTheSink) {
  Running<httplib::Server> server;
  const std::string big(3 * 1024 * 1024 + 17, 'z');
  server->Get("/big", [&big](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(big.size(), "text/plain; charset=windows-1252",
                             [&big](size_t offset, size_t length, httplib::DataSink& sink) {
                               const size_t n = std::min<size_t>(length, 65536);
                               sink.write(big.data() + offset, n);
                               return true;
                             });
  });
  server.Start();
  CurlHttp http;
  HttpRequest request;
  request.url = Url(server.Port(), "/big?X-Amz-Signature=secret");
  request.accept_compressed = false;
  StringSink sink;
  LogCapture logs;
  const auto response = http.Download(request, sink);
  ASSERT_TRUE(response.Ok()) << response.GetStatus().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->streamed_bytes, big.size());
  EXPECT_TRUE(response->body.empty());
  EXPECT_EQ(sink.data.size(), big.size());
  EXPECT_GT(sink.writes, 1);
  EXPECT_EQ(ParameterOf(*response->headers.Get("Content-Type"), "charset"), "windows-1252");
  EXPECT_THAT(logs.Text(), Not(HasSubstr("X-Amz-Signature")));
}

TEST(CurlHttpTest, DownloadKeepsAnErrorBodyOutOfTheSink) {
  Running<httplib::Server> server;
  server->Get("/expired", [](const httplib::Request&, httplib::Response& res) {
    res.status = 403;
    res.set_content(
        "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
        "application/xml");
  });
  server.Start();
  CurlHttp http;
  HttpRequest request;
  request.url = Url(server.Port(), "/expired");
  StringSink sink;
  const auto response = http.Download(request, sink);
  ASSERT_TRUE(response.Ok());
  EXPECT_EQ(response->status, 403);
  EXPECT_THAT(response->body, HasSubstr("Request has expired"));
  EXPECT_TRUE(sink.data.empty());
}

TEST(CurlHttpTest, SinkRefusalAbortsTheDownloadWithItsStatus) {
  Running<httplib::Server> server;
  server->Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(1024 * 1024, 'q'), "text/plain");
  });
  server.Start();
  CurlHttp http;
  HttpRequest request;
  request.url = Url(server.Port(), "/big");
  StringSink sink;
  sink.fail_after = 1000;
  const auto response = http.Download(request, sink);
  ASSERT_FALSE(response.Ok());
  EXPECT_EQ(response.GetStatus().Code(), StatusCode::kCancelled);
  EXPECT_THAT(response.GetStatus().Message(), HasSubstr("sink is full"));
}

TEST(CurlHttpTest, StalledServerHitsTheReadTimeout) {
  Running<httplib::Server> server;
  server->Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    res.set_content("late", "text/plain");
  });
  server.Start();
  CurlHttp http;
  HttpRequest request;
  request.url = Url(server.Port(), "/slow");
  request.read_timeout = std::chrono::milliseconds(1000);
  const auto response = http.Send(request);
  ASSERT_FALSE(response.Ok());
  EXPECT_EQ(response.GetStatus().Code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(response.GetStatus().Message(), HasSubstr("GET http://127.0.0.1:"));
  EXPECT_TRUE(response.GetStatus().IsRetryable());
}

TEST(CurlHttpTest, TotalTimeoutAppliesToo) {
  Running<httplib::Server> server;
  server->Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content("late", "text/plain");
  });
  server.Start();
  CurlHttp http;
  HttpRequest request;
  request.url = Url(server.Port(), "/slow");
  request.read_timeout = std::chrono::milliseconds(0);
  request.total_timeout = std::chrono::milliseconds(300);
  const auto response = http.Send(request);
  ASSERT_FALSE(response.Ok());
  EXPECT_EQ(response.GetStatus().Code(), StatusCode::kDeadlineExceeded);
}

TEST(CurlHttpTest, RefusedConnectionIsUnavailable) {
  // A port bound but never listened on: connections to it are refused.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  CurlHttp http;
  HttpRequest request;
  request.url = Url(port, "/nothing");
  const auto response = http.Send(request);
  ASSERT_FALSE(response.Ok());
  ::close(fd);
  EXPECT_EQ(response.GetStatus().Code(), StatusCode::kUnavailable);
  EXPECT_TRUE(response.GetStatus().IsRetryable());
}

TEST(CurlHttpTest, DoesNotFollowRedirects) {
  Running<httplib::Server> server;
  server->Get("/moved", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("http://192.0.2.1/elsewhere");
  });
  server.Start();
  CurlHttp http;
  HttpRequest request;
  request.url = Url(server.Port(), "/moved");
  request.headers.Add("x-amz-access-token", "Atza|must-not-travel");
  const auto response = http.Send(request);
  ASSERT_TRUE(response.Ok());
  EXPECT_EQ(response->status, 302);
}

TEST(CurlHttpTest, ConcurrentCallsShareThePool) {
  Running<httplib::Server> server;
  server->Get(R"(/n/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.matches[1].str(), "text/plain");
  });
  server.Start();
  CurlHttp http;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        HttpRequest request;
        const std::string n = std::to_string(t * 100 + i);
        request.url = Url(server.Port(), "/n/" + n);
        const auto response = http.Send(request);
        if (response.Ok() && response->body == n) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 40);
}

// ---- TLS ---------------------------------------------------------------------------------------

struct SelfSigned {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  std::string pem;
  ~SelfSigned() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
};

// A self-signed certificate for 127.0.0.1, made with OpenSSL at test time.
std::unique_ptr<SelfSigned> MakeSelfSigned() {
  auto out = std::make_unique<SelfSigned>();
  out->key = EVP_EC_gen("P-256");
  out->cert = X509_new();
  X509_set_version(out->cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(out->cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(out->cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(out->cert), 3600);
  X509_set_pubkey(out->cert, out->key);
  X509_NAME* name = X509_get_subject_name(out->cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(out->cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, out->cert, out->cert, nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1");
  X509_add_ext(out->cert, san, -1);
  X509_EXTENSION_free(san);
  X509_sign(out->cert, out->key, EVP_sha256());
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, out->cert);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  out->pem.assign(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

TEST(CurlHttpTest, TlsVerificationRefusesAnUntrustedCertificate) {
  auto cert = MakeSelfSigned();
  Running<httplib::SSLServer> server(cert->cert, cert->key);
  ASSERT_TRUE(server->is_valid());
  server->Get("/hello", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hi", "text/plain");
  });
  server.Start();

  CurlHttp untrusting;
  HttpRequest request;
  request.url = Url(server.Port(), "/hello", "https");
  const auto refused = untrusting.Send(request);
  ASSERT_FALSE(refused.Ok());
  EXPECT_EQ(refused.GetStatus().Code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(refused.GetStatus().IsRetryable());

  const std::filesystem::path ca =
      std::filesystem::temp_directory_path() / ("fbaflow-ca-" + std::to_string(getpid()) + ".pem");
  std::ofstream(ca) << cert->pem;
  CurlHttpOptions options;
  options.ca_bundle = ca.string();
  CurlHttp trusting(options);
  const auto accepted = trusting.Send(request);
  std::filesystem::remove(ca);
  ASSERT_TRUE(accepted.Ok()) << accepted.GetStatus().ToString();
  EXPECT_EQ(accepted->body, "hi");
}

}  // namespace
}  // namespace fbaflow
