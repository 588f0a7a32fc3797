#pragma once
// Test helper: a scripted Tryton JSON-RPC endpoint on top of ScriptedHttp. Each method answers
// through a handler given the call's params (context included); unscripted methods answer a
// Tryton error so the test fails loudly. Records every call in order.
// Thread safety: as ScriptedHttp (the call log locks).

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/testing/scripted_http.h"

namespace fbaflow::erp::testing {

using Json = nlohmann::json;

struct RpcCall {
  std::string method;
  Json params;
  std::string authorization;
};

class TrytonTestServer {
 public:
  using Handler = std::function<Result<HttpResponse>(const Json& params)>;

  static HttpResponse Ok(Json result) {
    return fbaflow::testing::Reply(200, Json{{"id", 1}, {"result", std::move(result)}}.dump());
  }
  static HttpResponse Error(Json error) {
    return fbaflow::testing::Reply(200, Json{{"id", 1}, {"error", std::move(error)}}.dump());
  }

  TrytonTestServer() {
    Answer("common.db.login", [](const Json&) { return Ok(Json::array({7, "abc"})); });
    Answer("model.res.user.get_preferences", [](const Json&) {
      return Ok(Json{{"company", 1}, {"language", "en"}});
    });
    http_.On("/fbaflow/", [this](const HttpRequest& req) -> Result<HttpResponse> {
      const Json body = Json::parse(req.body);
      const std::string method = body["method"];
      Handler handler;
      {
        std::lock_guard<std::mutex> lock(mu_);
        calls_.push_back(
            {method, body["params"], std::string(req.headers.Get("Authorization").value_or(""))});
        auto it = handlers_.find(method);
        if (it == handlers_.end()) return Error(Json::array({"unscripted " + method, ""}));
        handler = it->second;
      }
      return handler(body["params"]);
    });
  }

  void Answer(const std::string& method, Handler handler) {
    std::lock_guard<std::mutex> lock(mu_);
    handlers_[method] = std::move(handler);
  }
  void AnswerOk(const std::string& method, Json result) {
    Answer(method, [result](const Json&) { return Ok(result); });
  }

  std::vector<RpcCall> Calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  std::vector<RpcCall> CallsTo(const std::string& method) const {
    std::vector<RpcCall> out;
    for (const RpcCall& c : Calls()) {
      if (c.method == method) out.push_back(c);
    }
    return out;
  }

  Http& GetHttp() { return http_; }

 private:
  fbaflow::testing::ScriptedHttp http_;
  mutable std::mutex mu_;
  std::map<std::string, Handler> handlers_;
  std::vector<RpcCall> calls_;
};

}  // namespace fbaflow::erp::testing
