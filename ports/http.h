#pragma once
// Http: the port every outbound HTTP call goes through (adapters/http/curl_http.h implements it
// over libcurl; tests script it). One call, one request, one response: retries, rate limits and
// credentials are the caller's business, so the port stays small and every adapter is simple.
//
// Errors: an HTTP status of any value is a successful Send (the caller decides what 429 or 500
// means). A non-ok Status means no complete response arrived:
//   kDeadlineExceeded  connect, read (no byte for `read_timeout`) or total timeout
//   kUnavailable       connection refused or reset, DNS failure, truncated body
//   kFailedPrecondition TLS verification failed, bad proxy configuration (fix, then retry)
//   kInvalidArgument   malformed URL or request
//   whatever the BodySink returned, when it refused a chunk
// Messages name the method and the URL without its query string (pre-signed URLs carry
// signatures in the query) and never a header value or a body.
// Thread safety: implementations must allow concurrent Send calls from many threads.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/status.h"

namespace fbaflow {

enum class HttpMethod : unsigned char { kGet, kPost, kPut, kPatch, kDelete, kHead };

std::string_view HttpMethodName(HttpMethod method);  // "GET", ...

// Header fields in arrival order; names compare case-insensitively (RFC 9110).
class HttpHeaders {
 public:
  HttpHeaders() = default;
  HttpHeaders(std::initializer_list<std::pair<std::string, std::string>> fields);

  // Appends a field (a repeated name keeps every value).
  void Add(std::string name, std::string value);
  // Replaces every field of this name by one.
  void Set(std::string name, std::string value);
  void Remove(std::string_view name);

  // The first value of `name`, or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  std::vector<std::string_view> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }

  const std::vector<std::pair<std::string, std::string>>& Fields() const { return fields_; }
  bool Empty() const { return fields_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// A parameter of a header value: ParameterOf("text/plain; charset=UTF-8", "charset") == "UTF-8".
// Quotes are removed; the name compares case-insensitively. Empty when absent.
std::string ParameterOf(std::string_view header_value, std::string_view parameter);

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string url;  // absolute, query string already encoded
  HttpHeaders headers;
  std::string body;

  std::chrono::milliseconds connect_timeout{10'000};
  // Abort when no byte arrives for this long (a stalled server); zero disables.
  std::chrono::milliseconds read_timeout{30'000};
  // Abort the whole exchange after this long; zero means no limit beyond read_timeout.
  std::chrono::milliseconds total_timeout{0};
  // Ask for and transparently decode Content-Encoding gzip/deflate. Off for downloads whose raw
  // bytes must be archived exactly as served.
  bool accept_compressed = true;
  // Whether the transport may send the request again on its own. libcurl silently resends a
  // request whose reused keep-alive connection died before any answer byte, and the server may
  // have acted on the first copy (a proxy that dropped the answer after the backend committed).
  // A request that is not replay-safe goes on a fresh connection, which is never resent. Unset:
  // GET, HEAD, PUT and DELETE are replay-safe (idempotent by RFC 9110), POST and PATCH are not.
  std::optional<bool> replay_safe;
};

// request.replay_safe, or what its method implies.
bool IsReplaySafe(const HttpRequest& request);

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  // The body; for Download() only when the status was not 2xx (capped at 64 KiB).
  std::string body;
  // Bytes handed to the BodySink by Download(); 0 for Send().
  std::size_t streamed_bytes = 0;
};

// Receives a 2xx response body as it arrives. Returning a non-ok Status aborts the transfer and
// Download() returns that Status.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual Status Write(std::string_view chunk) = 0;
};

class Http {
 public:
  virtual ~Http() = default;

  // Sends the request and buffers the whole response body in memory.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;

  // Sends the request and streams a 2xx body into `sink` without buffering it (for documents of
  // hundreds of megabytes). A non-2xx body is buffered into HttpResponse::body instead, capped.
  virtual Result<HttpResponse> Download(const HttpRequest& request, BodySink& sink) = 0;
};

// The URL without its query string and fragment: what logs and messages may show.
std::string_view UrlForLog(std::string_view url);

// Percent-encodes `text` for a URL query value or path segment (RFC 3986 unreserved kept).
std::string UrlEncode(std::string_view text);
// Decodes %XX escapes (and '+' as space when `plus_is_space`); malformed escapes stay as they are.
std::string UrlDecode(std::string_view text, bool plus_is_space = false);

}  // namespace fbaflow
