#pragma once
// CurlHttp: the Http port over libcurl.
//
// - TLS: peer and host verification always on (a failure is kFailedPrecondition, never ignored);
//   the system CA store unless `ca_bundle` names a PEM file.
// - Timeouts from each HttpRequest: connect, read (aborts when no byte arrives for that long, via
//   curl's low-speed limit) and total.
// - Compression: with accept_compressed, every encoding libcurl supports is offered
//   (Accept-Encoding) and decoded transparently.
// - Proxies: libcurl's environment variables (https_proxy, http_proxy, all_proxy, no_proxy) are
//   honoured as they are; nothing to configure here.
// - Redirects are not followed: an SP-API call carries x-amz-access-token, which must never be
//   replayed to another host.
// - Each exchange is logged at debug level (method, URL without query, status, duration and the
//   x-amzn-RequestId / x-amz-request-id), transport failures at warn. No header value other than
//   the request id and no body is ever logged.
// Handles are pooled (one per concurrent call, reused so connections and TLS sessions are kept).
// Thread safety: Send and Download may be called from any number of threads.

#include <cstddef>
#include <memory>
#include <string>

#include "ports/http.h"

namespace fbaflow {

struct CurlHttpOptions {
  std::string user_agent = "fbaflow/0.1.0";
  std::string ca_bundle;             // PEM file of trusted CAs; empty: the system store
  std::size_t max_idle_handles = 8;  // handles kept for reuse
  std::size_t max_error_body = 64 * 1024;
};

class CurlHttp final : public Http {
 public:
  explicit CurlHttp(CurlHttpOptions options = {});
  ~CurlHttp() override;
  CurlHttp(const CurlHttp&) = delete;
  CurlHttp& operator=(const CurlHttp&) = delete;

  Result<HttpResponse> Send(const HttpRequest& request) override;
  Result<HttpResponse> Download(const HttpRequest& request, BodySink& sink) override;

 private:
  class Pool;
  Result<HttpResponse> Perform(const HttpRequest& request, BodySink* sink);

  CurlHttpOptions options_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace fbaflow
