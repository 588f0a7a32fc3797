#include "adapters/http/curl_http.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <vector>

namespace fbaflow {

namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string_view TrimCrlf(std::string_view s) {
  while (!s.empty() &&
         (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// State shared with libcurl's callbacks for one exchange.
struct Exchange {
  BodySink* sink = nullptr;
  std::size_t max_error_body = 0;
  HttpResponse response;
  Status sink_status;
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  const std::string_view line = TrimCrlf(std::string_view(data, n));
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (after 100 Continue or a proxy's CONNECT): start over.
    ex->response.headers = HttpHeaders();
    const std::size_t sp = line.find(' ');
    ex->response.status =
        sp == std::string_view::npos ? 0 : std::atoi(std::string(line.substr(sp + 1, 3)).c_str());
    return n;
  }
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    ex->response.headers.Add(std::string(line.substr(0, colon)),
                             std::string(TrimCrlf(line.substr(colon + 1))));
  }
  return n;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  const bool success = ex->response.status >= 200 && ex->response.status < 300;
  if (ex->sink != nullptr && success) {
    Status s = ex->sink->Write(std::string_view(data, n));
    if (!s.Ok()) {
      ex->sink_status = std::move(s);
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    ex->response.streamed_bytes += n;
    return n;
  }
  if (ex->sink != nullptr) {
    const std::size_t room = ex->max_error_body > ex->response.body.size()
                                 ? ex->max_error_body - ex->response.body.size()
                                 : 0;
    ex->response.body.append(data, n < room ? n : room);
    return n;
  }
  ex->response.body.append(data, n);
  return n;
}

Status MapCurlError(CURLcode code, const HttpRequest& request, const char* detail) {
  std::string message = std::string(HttpMethodName(request.method)) + " " +
                        std::string(UrlForLog(request.url)) + ": " + curl_easy_strerror(code);
  if (detail != nullptr && detail[0] != '\0') {
    message += " (";
    message += detail;
    message += ")";
  }
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return DeadlineExceeded(std::move(message));
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return InvalidArgument(std::move(message));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return FailedPrecondition(std::move(message));
    case CURLE_BAD_CONTENT_ENCODING:
      return DataLoss(std::move(message));
    default:
      return Unavailable(std::move(message));
  }
}

}  // namespace

class CurlHttp::Pool {
 public:
  explicit Pool(std::size_t max_idle) : max_idle_(max_idle) {}
  ~Pool() {
    for (CURL* h : idle_) curl_easy_cleanup(h);
  }

  CURL* Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!idle_.empty()) {
        CURL* h = idle_.back();
        idle_.pop_back();
        return h;
      }
    }
    return curl_easy_init();
  }

  void Release(CURL* h) {
    // Reset drops the options but keeps live connections, TLS sessions and the DNS cache.
    curl_easy_reset(h);
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(h);
      return;
    }
    curl_easy_cleanup(h);
  }

 private:
  std::mutex mu_;
  std::vector<CURL*> idle_;
  std::size_t max_idle_;
};

CurlHttp::CurlHttp(CurlHttpOptions options)
    : options_(std::move(options)), pool_(std::make_unique<Pool>(options_.max_idle_handles)) {
  GlobalInit();
}

CurlHttp::~CurlHttp() = default;

Result<HttpResponse> CurlHttp::Send(const HttpRequest& request) {
  return Perform(request, nullptr);
}

Result<HttpResponse> CurlHttp::Download(const HttpRequest& request, BodySink& sink) {
  return Perform(request, &sink);
}

Result<HttpResponse> CurlHttp::Perform(const HttpRequest& request, BodySink* sink) {
  CURL* h = pool_->Acquire();
  if (h == nullptr) return Internal("curl_easy_init failed");
  struct Releaser {
    Pool* pool;
    CURL* h;
    ~Releaser() { pool->Release(h); }
  } releaser{pool_.get(), h};

  Exchange ex;
  ex.sink = sink;
  ex.max_error_body = options_.max_error_body;
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers.Fields()) {
    const std::string line = name + ": " + value;
    headers = curl_slist_append(headers, line.c_str());
  }
  // libcurl would add "Expect: 100-continue" to large bodies, costing a round trip.
  headers = curl_slist_append(headers, "Expect:");
  struct SlistFree {
    curl_slist* list;
    ~SlistFree() { curl_slist_free_all(list); }
  } free_headers{headers};

  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_bundle.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  if (request.read_timeout.count() > 0) {
    const long seconds = static_cast<long>((request.read_timeout.count() + 999) / 1000);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, seconds);
  }
  if (request.total_timeout.count() > 0) {
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.total_timeout.count()));
  }
  // "" offers every encoding this libcurl can decode; nullptr turns decoding off.
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, request.accept_compressed ? "" : nullptr);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &ex);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &ex);
  if (!IsReplaySafe(request)) {
    // A fresh connection, closed after use: libcurl resends only on reused connections, so a
    // write is sent exactly once by the transport (see HttpRequest::replay_safe).
    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  }

  switch (request.method) {
    case HttpMethod::kGet:
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
      break;
    case HttpMethod::kHead:
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
      break;
    case HttpMethod::kPost:
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      break;
    case HttpMethod::kPut:
    case HttpMethod::kPatch:
    case HttpMethod::kDelete:
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST,
                       std::string(HttpMethodName(request.method)).c_str());
      break;
  }
  if (request.method != HttpMethod::kGet && request.method != HttpMethod::kHead &&
      (request.method != HttpMethod::kDelete || !request.body.empty())) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }

  const auto started = std::chrono::steady_clock::now();
  const CURLcode rc = curl_easy_perform(h);
  const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();
  const std::string_view method = HttpMethodName(request.method);
  const std::string_view url = UrlForLog(request.url);

  if (rc != CURLE_OK) {
    if (rc == CURLE_WRITE_ERROR && !ex.sink_status.Ok()) {
      spdlog::warn("http {} {} aborted after {} ms: the body sink refused a chunk: {}", method, url,
                   elapsed_ms, ex.sink_status.ToString());
      return ex.sink_status;
    }
    Status status = MapCurlError(rc, request, error_buffer);
    spdlog::warn("http {} {} failed after {} ms: {}", method, url, elapsed_ms, status.ToString());
    return status;
  }
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  ex.response.status = static_cast<int>(code);
  std::string_view request_id = "-";
  if (auto id = ex.response.headers.Get("x-amzn-RequestId")) {
    request_id = *id;
  } else if (auto s3_id = ex.response.headers.Get("x-amz-request-id")) {
    request_id = *s3_id;
  }
  spdlog::debug("http {} {} -> {} in {} ms, {} bytes, request-id {}", method, url,
                ex.response.status, elapsed_ms,
                sink != nullptr ? ex.response.streamed_bytes : ex.response.body.size(), request_id);
  return std::move(ex.response);
}

}  // namespace fbaflow
