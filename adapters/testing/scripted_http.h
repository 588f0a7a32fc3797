#pragma once
// Test helper: an Http port whose answers a test scripts, route by route, recording every
// request. A route is a fragment of the URL path; the longest fragment the path contains wins.
// One-shot answers queued on a route are used first, in order; then the route's handler; a route
// with neither falls through to shorter ones; an unscripted request gets HTTP 599 so the test
// fails loudly.
// Thread safety: every method locks.

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ports/http.h"

namespace fbaflow::testing {

inline HttpResponse Reply(int status, std::string body, HttpHeaders headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

// A 2xx as Amazon sends it: JSON with a request id and, optionally, the rate header.
inline HttpResponse AmazonOk(std::string body, std::string rate = "",
                             std::string request_id = "rid-ok") {
  HttpHeaders h{{"Content-Type", "application/json"}, {"x-amzn-RequestId", std::move(request_id)}};
  if (!rate.empty()) h.Add("x-amzn-RateLimit-Limit", std::move(rate));
  return Reply(200, std::move(body), std::move(h));
}

inline HttpResponse AmazonError(int status, std::string code, std::string message,
                                std::string request_id = "rid-err") {
  std::string body =
      R"({"errors":[{"code":")" + code + R"(","message":")" + message + R"(","details":""}]})";
  return Reply(status, std::move(body),
               HttpHeaders{{"Content-Type", "application/json"},
                           {"x-amzn-RequestId", std::move(request_id)}});
}

inline HttpResponse Throttled() {
  return AmazonError(429, "QuotaExceeded", "You exceeded your quota for the requested resource.",
                     "rid-429");
}

class ScriptedHttp final : public Http {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

  void On(std::string route, Handler handler) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[std::move(route)].handler = std::make_shared<Handler>(std::move(handler));
  }
  void Queue(std::string route, Result<HttpResponse> answer) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[std::move(route)].queue.push_back(std::move(answer));
  }

  Result<HttpResponse> Send(const HttpRequest& request) override { return Answer(request); }

  Result<HttpResponse> Download(const HttpRequest& request, BodySink& sink) override {
    auto answer = Answer(request);
    if (!answer.Ok() || answer->status < 200 || answer->status >= 300) return answer;
    HttpResponse r = std::move(answer).Value();
    for (std::size_t i = 0; i < r.body.size(); i += 1000) {
      RETURN_IF_ERROR(sink.Write(std::string_view(r.body).substr(i, 1000)));
    }
    r.streamed_bytes = r.body.size();
    r.body.clear();
    return r;
  }

  std::vector<HttpRequest> Requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  // Requests whose URL path contains `route`.
  std::vector<HttpRequest> RequestsTo(std::string_view route) const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<HttpRequest> out;
    for (const HttpRequest& r : requests_) {
      if (UrlForLog(r.url).find(route) != std::string_view::npos) out.push_back(r);
    }
    return out;
  }

 private:
  struct Route {
    std::deque<Result<HttpResponse>> queue;
    std::shared_ptr<Handler> handler;  // shared, so a stateful handler keeps its state
  };

  Result<HttpResponse> Answer(const HttpRequest& request) {
    std::shared_ptr<Handler> handler;
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(request);
      const std::string_view path = UrlForLog(request.url);
      // The longest matching fragment that still has something to say; exhausted routes fall
      // through to shorter ones.
      Route* best = nullptr;
      std::size_t best_len = 0;
      for (auto& [fragment, route] : routes_) {
        const bool live = !route.queue.empty() || route.handler != nullptr;
        if (live && path.find(fragment) != std::string_view::npos && fragment.size() >= best_len) {
          best = &route;
          best_len = fragment.size();
        }
      }
      if (best == nullptr) return Reply(599, "no scripted route for " + std::string(path));
      if (!best->queue.empty()) {
        Result<HttpResponse> next = std::move(best->queue.front());
        best->queue.pop_front();
        return next;
      }
      handler = best->handler;
    }
    return (*handler)(request);
  }

  mutable std::mutex mu_;
  std::map<std::string, Route> routes_;
  std::vector<HttpRequest> requests_;
};

// The value of a query parameter of a URL ("" when absent), percent-decoded.
inline std::string QueryParam(std::string_view url, std::string_view name) {
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view rest = url.substr(q + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string() : UrlDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return {};
}

// How many query parameters a URL carries.
inline int QueryParamCount(std::string_view url) {
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos || q + 1 == url.size()) return 0;
  int n = 1;
  for (char c : url.substr(q + 1)) n += c == '&' ? 1 : 0;
  return n;
}

}  // namespace fbaflow::testing
