#pragma once
// Internals of AmazonSim (amazon_sim.h): the state behind the HTTP server and the handler of
// each operation. Not a public header.
//
// One mutex guards everything; a request takes it, brings every world up to the simulated
// "now", checks auth, throttling and faults, then runs its handler. Long-polling SQS receives wait
// on a condition variable with the mutex released.

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/amazon/operation_catalog.h"
#include "sim/amazon/amazon_sim.h"
#include "sim/amazon/rng.h"
#include "sim/amazon/token_bucket.h"
#include "sim/amazon/world.h"

namespace fbaflow::sim {

using nlohmann::json;

// What a handler answers.
struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

ApiResponse JsonResponse(int status, const json& body);
// {"errors":[{"code":..,"message":..,"details":..}]}: the SP-API error list.
ApiResponse ErrorResponse(int status, const std::string& code, const std::string& message,
                          const std::string& details = "");
inline ApiResponse InvalidInput(const std::string& message, const std::string& details = "") {
  return ErrorResponse(400, "InvalidInput", message, details);
}

// One paging token: the snapshot of results it continues and when it stops working.
struct PageToken {
  std::string operation;
  int seller = -1;
  SimMillis expires = 0;
  SimMillis ttl = 0;  // the lifetime every token of this listing gets
  std::shared_ptr<const std::vector<std::string>> ids;  // the full result list, frozen at page one
  size_t offset = 0;                                    // where the next page starts
  size_t page_size = 0;
  json extra;             // what the response echoes (createdBefore, granularity...)
  bool repeated = false;  // token_repeat already used on this token
};

struct AccessToken {
  int seller = -1;  // -1: grantless (client credentials)
  std::string scope;
  SimMillis expires = 0;
};

struct SqsMessage {
  std::string message_id;
  std::string body;
  std::string receipt_handle;
  SimMillis sent = 0;
  SimMillis visible_at = 0;
  int receive_count = 0;
};

struct SqsQueue {
  std::string name;
  std::string account;
  std::deque<SqsMessage> messages;
  uint64_t sent = 0, received = 0, deleted = 0;
};

struct Destination {
  std::string id;
  std::string name;
  std::string arn;
  std::string queue;  // name of the emulated queue
};

struct Subscription {
  std::string id;
  int seller = 0;
  std::string notification_type;
  std::string payload_version;
  std::string destination_id;
  json processing_directive;
};

struct OpStats {
  uint64_t requests = 0;
  uint64_t ok = 0;             // 2xx
  uint64_t throttled = 0;      // 429
  uint64_t client_errors = 0;  // other 4xx
  uint64_t server_errors = 0;  // 5xx (injected)
  uint64_t timeouts = 0;       // injected hangs
};

// What a handler gets about its request.
struct Call {
  const httplib::Request& req;
  const amazon::OperationSpec& op;
  int seller = -1;  // index into sellers_ (-1 for grantless calls)
  World* world = nullptr;
  SimMillis now = 0;
  std::string Path(size_t group) const {
    return group < req.matches.size() ? req.matches[group].str() : "";
  }
};

class AmazonSim::Service {
 public:
  explicit Service(AmazonSimOptions options);
  ~Service();

  Status Start();
  void Stop();
  int Port() const { return port_; }
  std::string BaseUrl() const;
  const std::string& ClientId() const { return client_id_; }
  const std::string& ClientSecret() const { return client_secret_; }
  std::vector<SellerCredentials> Sellers() const;
  std::string QueueUrl() const;
  std::string QueueArn() const;
  SimClock& Clock() { return *clock_; }
  std::string StatsJson();
  std::vector<ShipmentConfirmation> Confirmations(std::string_view order_id, int seller);

 private:
  using Handler = ApiResponse (Service::*)(Call&);
  struct Seller {
    SellerCredentials credentials;
    std::unique_ptr<World> world;
  };

  // Wiring (service.cc).
  void Route(const char* operation_id, Handler handler);
  void Dispatch(const amazon::OperationSpec& op, Handler handler, const httplib::Request& req,
                httplib::Response& res);
  void Advance(SimMillis now);  // worlds up to `now`, then their notifications into the queues
  std::string NewRequestId();
  void Reply(httplib::Response& res, const ApiResponse& r, SimMillis now,
             const std::string& request_id);
  void HandleToken(const httplib::Request& req, httplib::Response& res);
  void HandleSimEndpoint(const httplib::Request& req, httplib::Response& res);

  // Paging (service.cc).
  std::string IssueToken(PageToken token, SimMillis default_ttl);
  // The token, or an error response when it is unknown, expired (or made expired by a fault),
  // or belongs to another operation or seller.
  PageToken* FindToken(const std::string& text, const std::string& operation, int seller,
                       SimMillis now, ApiResponse* error, const char* param_name);
  // The ids of the page starting at token->offset; advances the token (unless token_repeat serves
  // this page again). Sets *next to the token to hand out, empty on the last page.
  std::vector<std::string> TakePage(PageToken* token, const std::string& token_text,
                                    std::string* next);
  std::vector<std::string> FirstPage(PageToken token, SimMillis ttl, std::string* next);
  // A follow-up page of the call's operation: finds the token `token_text` (sent as `param_name`)
  // and takes its page into *page and *next; *token_out, when given, is the token found. Returns
  // the error answer instead when the token is refused.
  std::optional<ApiResponse> ContinuePage(const Call& c, const std::string& token_text,
                                          const char* param_name, std::vector<std::string>* page,
                                          std::string* next, PageToken** token_out = nullptr);

  // Documents (service_reports.cc).
  std::string SignedUrl(const std::string& kind, const std::string& id, SimMillis now,
                        bool gzip_encoding);
  void HandleDownload(const httplib::Request& req, httplib::Response& res);
  void HandleUpload(const httplib::Request& req, httplib::Response& res);

  // Operations.
  ApiResponse SearchOrders(Call& c);
  ApiResponse GetOrder(Call& c);
  ApiResponse ConfirmShipment(Call& c);
  ApiResponse CreateReport(Call& c);
  ApiResponse GetReports(Call& c);
  ApiResponse GetReport(Call& c);
  ApiResponse CancelReport(Call& c);
  ApiResponse GetReportDocument(Call& c);
  ApiResponse GetInventorySummaries(Call& c);
  ApiResponse GetListingsItem(Call& c);
  ApiResponse PatchListingsItem(Call& c);
  ApiResponse CreateFeedDocument(Call& c);
  ApiResponse CreateFeed(Call& c);
  ApiResponse GetFeed(Call& c);
  ApiResponse GetFeeds(Call& c);
  ApiResponse CancelFeed(Call& c);
  ApiResponse GetFeedDocument(Call& c);
  ApiResponse ListTransactions(Call& c);
  ApiResponse GetDestinations(Call& c);
  ApiResponse CreateDestination(Call& c);
  ApiResponse GetDestination(Call& c);
  ApiResponse DeleteDestination(Call& c);
  ApiResponse GetSubscriptions(Call& c);
  ApiResponse GetSubscription(Call& c);
  ApiResponse CreateSubscription(Call& c);
  ApiResponse GetSubscriptionById(Call& c);
  ApiResponse DeleteSubscriptionById(Call& c);

  // Notifications and SQS (service_notifications.cc).
  void Deliver(int seller, const WorldNotification& n);
  SqsQueue* QueueByUrlOrName(const std::string& url_or_name);
  SqsQueue& EnsureQueue(const std::string& account, const std::string& name);
  void HandleSqs(const httplib::Request& req, httplib::Response& res);

  AmazonSimOptions options_;
  std::shared_ptr<SimClock> clock_;
  SimMillis start_ = 0;
  std::string client_id_;
  std::string client_secret_;
  std::string application_id_;
  std::string signing_secret_;
  std::vector<Seller> sellers_;

  std::mutex mu_;
  std::condition_variable sqs_cv_;
  Rng auth_rng_;
  Rng fault_rng_;
  Rng id_rng_;
  RateLimiter limiter_;
  uint64_t request_counter_ = 0;
  std::map<std::string, AccessToken> access_tokens_;
  std::map<std::string, PageToken> page_tokens_;
  std::map<std::string, OpStats> stats_;
  OpStats lwa_stats_;
  std::map<std::string, SqsQueue> queues_;  // by name
  std::map<std::string, Destination> destinations_;
  std::map<std::string, Subscription> subscriptions_;  // by id
  uint64_t notifications_lost_ = 0, notifications_late_ = 0;

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> started_{false};
};

// JSON renderings of world records (service_json.cc).
json OrderJson(const World& w, const Order& o, const std::set<std::string>& included);
json ReportJson(const Report& r);
json FeedJson(const Feed& f);
json TransactionJson(const World& w, const FinanceTransaction& t);
json InventorySummaryJson(const World& w, const Sku& s, bool details);
json ListingsItemJson(const World& w, const Sku& s, const std::set<std::string>& included);
json MoneyJson(const Money& m);  // {"amount": "12.34", "currencyCode": "USD"}

// The request body as a JSON object into *out, or the 400 to answer instead (service.cc).
std::optional<ApiResponse> ParseBody(const httplib::Request& req, json* out);

// Query helpers (service.cc): every value of `key`, comma lists split ("a,b" and a=..&a=..).
std::vector<std::string> QueryList(const httplib::Request& req, const std::string& key);
std::string QueryValue(const httplib::Request& req, const std::string& key);

}  // namespace fbaflow::sim
