// AmazonSim's wiring: routes, the per-request pipeline (auth, throttling, faults), Login with
// Amazon, paging tokens and the /_sim endpoints.
#include "sim/amazon/service.h"

#include <fmt/format.h>
#include <sys/socket.h>

#include <chrono>

#include "sim/amazon/iso_time.h"

namespace fbaflow::sim {
namespace {

constexpr SimMillis kAccessTokenLifetime = 3600 * kSecond;
constexpr const char* kTokenAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

ApiResponse OAuthError(int status, const std::string& error, const std::string& description) {
  ApiResponse r = JsonResponse(status, json{{"error_description", description}, {"error", error}});
  r.content_type = "application/json;charset=UTF-8";
  return r;
}

}  // namespace

ApiResponse JsonResponse(int status, const json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

ApiResponse ErrorResponse(int status, const std::string& code, const std::string& message,
                          const std::string& details) {
  return JsonResponse(
      status, json{{"errors",
                    json::array({{{"code", code}, {"message", message}, {"details", details}}})}});
}

std::optional<ApiResponse> ParseBody(const httplib::Request& req, json* out) {
  *out = json::parse(req.body, nullptr, false);
  if (out->is_discarded() || !out->is_object())
    return InvalidInput("The request body is not a valid JSON object.");
  return std::nullopt;
}

std::vector<std::string> QueryList(const httplib::Request& req, const std::string& key) {
  std::vector<std::string> out;
  auto range = req.params.equal_range(key);
  for (auto it = range.first; it != range.second; ++it) {
    size_t start = 0;
    const std::string& v = it->second;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      if (comma == std::string::npos) comma = v.size();
      if (comma > start) out.push_back(v.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

// httplib parses application/x-www-form-urlencoded bodies into params too: form fields as well.
std::string QueryValue(const httplib::Request& req, const std::string& key) {
  return req.has_param(key) ? req.get_param_value(key) : std::string();
}

AmazonSim::Service::Service(AmazonSimOptions options)
    : options_(std::move(options)),
      auth_rng_(options_.seed * 0x2545F4914F6CDD1DULL + 3),
      fault_rng_(options_.faults.seed.value_or(options_.seed) * 0x9E3779B97F4A7C15ULL + 5),
      id_rng_(options_.seed * 0xBF58476D1CE4E5B9ULL + 7),
      limiter_(options_.faults.rate_factor) {}

AmazonSim::Service::~Service() { Stop(); }

Status AmazonSim::Service::Start() {
  if (started_) return FailedPrecondition("the emulator is already running");
  if (options_.sellers < 1 || options_.sellers > 100)
    return InvalidArgument("sellers must be 1..100");
  if (!MarketplaceByCode(options_.marketplace)) {
    return InvalidArgument("unknown marketplace '" + options_.marketplace + "' (US, UK, DE)");
  }
  if (!options_.refresh_tokens.empty() &&
      static_cast<int>(options_.refresh_tokens.size()) != options_.sellers) {
    return InvalidArgument(fmt::format("{} refresh tokens given for {} sellers",
                                       options_.refresh_tokens.size(), options_.sellers));
  }
  if (!options_.start) {
    const auto real = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch());
    options_.start = real.count() * kSecond;
  }
  start_ = options_.clock ? options_.clock->Now() : *options_.start;

  client_id_ = options_.client_id.empty() ? "amzn1.application-oa2-client." + auth_rng_.Hex(32)
                                          : options_.client_id;
  client_secret_ = options_.client_secret.empty() ? "amzn1.oa2-cs.v1." + auth_rng_.Hex(64)
                                                  : options_.client_secret;
  application_id_ = "amzn1.sellerapps.app." + auth_rng_.Uuid();
  signing_secret_ = auth_rng_.Hex(32);
  for (int i = 0; i < options_.sellers; ++i) {
    WorldConfig wc;
    wc.seed = options_.seed + static_cast<uint64_t>(i) * 7919;
    wc.marketplace = options_.marketplace;
    wc.sku_count = options_.sku_count;
    wc.orders_per_day = options_.orders_per_day;
    wc.history_days = options_.history_days;
    wc.start = start_;
    wc.fault_seed = options_.faults.seed.value_or(options_.seed) + static_cast<uint64_t>(i);
    wc.report_fatal = options_.faults.fatal;
    wc.report_cancelled = options_.faults.cancelled;
    wc.document_gzip = options_.faults.gzip;
    wc.document_cp1252 = options_.faults.cp1252;
    wc.cp1252_label = options_.faults.charset_label;
    Seller seller;
    seller.world = std::make_unique<World>(wc);
    seller.credentials.seller_id = seller.world->SellerId();
    seller.credentials.refresh_token = options_.refresh_tokens.empty()
                                           ? "Atzr|IwEB" + auth_rng_.Chars(kTokenAlphabet, 96)
                                           : options_.refresh_tokens[static_cast<size_t>(i)];
    sellers_.push_back(std::move(seller));
  }
  EnsureQueue("000000000000", "fbaflow-notifications");
  // The clock starts once the worlds are built, so simulated time starts at `start`.
  clock_ =
      options_.clock ? options_.clock : std::make_shared<ScaledClock>(start_, options_.time_scale);

  server_.new_task_queue = [n = options_.threads] {
    return new httplib::ThreadPool(static_cast<size_t>(n));
  };
  server_.set_payload_max_length(64 * 1024 * 1024);
  // Without it a response written in two pieces waits for the client's delayed ACK (~40 ms).
  server_.set_tcp_nodelay(true);
  server_.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        res.set_content(
            json{{"errors", json::array({{{"code", "NotFound"},
                                          {"message", "The emulator serves no such resource."},
                                          {"details", ""}}})}}
                .dump(),
            "application/json");
        return httplib::Server::HandlerResponse::Handled;
      }));
  server_.Post("/auth/o2/token", [this](const httplib::Request& req, httplib::Response& res) {
    HandleToken(req, res);
  });
  Route("searchOrders", &Service::SearchOrders);
  Route("getOrder", &Service::GetOrder);
  Route("confirmShipment", &Service::ConfirmShipment);
  Route("createReport", &Service::CreateReport);
  Route("getReports", &Service::GetReports);
  Route("getReport", &Service::GetReport);
  Route("cancelReport", &Service::CancelReport);
  Route("getReportDocument", &Service::GetReportDocument);
  Route("getInventorySummaries", &Service::GetInventorySummaries);
  Route("getListingsItem", &Service::GetListingsItem);
  Route("patchListingsItem", &Service::PatchListingsItem);
  Route("createFeedDocument", &Service::CreateFeedDocument);
  Route("createFeed", &Service::CreateFeed);
  Route("getFeeds", &Service::GetFeeds);
  Route("getFeed", &Service::GetFeed);
  Route("cancelFeed", &Service::CancelFeed);
  Route("getFeedDocument", &Service::GetFeedDocument);
  Route("listTransactions", &Service::ListTransactions);
  Route("getDestinations", &Service::GetDestinations);
  Route("createDestination", &Service::CreateDestination);
  Route("getDestination", &Service::GetDestination);
  Route("deleteDestination", &Service::DeleteDestination);
  Route("getSubscriptions", &Service::GetSubscriptions);
  Route("getSubscriptionById", &Service::GetSubscriptionById);
  Route("deleteSubscriptionById", &Service::DeleteSubscriptionById);
  Route("getSubscription", &Service::GetSubscription);
  Route("createSubscription", &Service::CreateSubscription);
  server_.Get(R"(/_docs/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    HandleDownload(req, res);
  });
  server_.Put(R"(/_uploads/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    HandleUpload(req, res);
  });
  server_.Get(R"(/_sim/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    HandleSimEndpoint(req, res);
  });
  server_.Post(R"(/_sim/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    HandleSimEndpoint(req, res);
  });
  server_.Post(
      "/", [this](const httplib::Request& req, httplib::Response& res) { HandleSqs(req, res); });
  server_.Post(
      R"(/\d{12}/[A-Za-z0-9_.-]+)",
      [this](const httplib::Request& req, httplib::Response& res) { HandleSqs(req, res); });

  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a second emulator on a
  // port in use starts anyway and the kernel splits the requests between two different worlds.
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  if (options_.port == 0) {
    port_ = server_.bind_to_any_port(options_.host);
    if (port_ <= 0) return Unavailable("cannot bind a port on " + options_.host);
  } else {
    if (!server_.bind_to_port(options_.host, options_.port)) {
      return InvalidArgument(
          fmt::format("port {} in use (or {} cannot be bound): choose another "
                      "--port, or 0 for any free port",
                      options_.port, options_.host));
    }
    port_ = options_.port;
  }
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  for (int i = 0; i < 500 && !server_.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  started_ = true;
  return OkStatus();
}

void AmazonSim::Service::Stop() {
  if (!started_) return;
  started_ = false;
  server_.stop();
  sqs_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string AmazonSim::Service::BaseUrl() const {
  return fmt::format("http://{}:{}", options_.host, port_);
}

std::vector<SellerCredentials> AmazonSim::Service::Sellers() const {
  std::vector<SellerCredentials> out;
  for (const Seller& s : sellers_) out.push_back(s.credentials);
  return out;
}

std::string AmazonSim::Service::QueueUrl() const {
  return BaseUrl() + "/000000000000/fbaflow-notifications";
}
std::string AmazonSim::Service::QueueArn() const {
  return "arn:aws:sqs:us-east-1:000000000000:fbaflow-notifications";
}

void AmazonSim::Service::Route(const char* operation_id, Handler handler) {
  const amazon::OperationSpec* op = amazon::FindOperation(operation_id);
  if (op == nullptr) throw std::logic_error(std::string("no catalogue entry for ") + operation_id);
  // "/orders/2026-01-01/orders/{orderId}" -> "/orders/2026-01-01/orders/([^/]+)"
  std::string pattern;
  bool in_param = false;
  for (char ch : op->path) {
    if (ch == '{') {
      in_param = true;
      pattern += "([^/]+)";
    } else if (ch == '}') {
      in_param = false;
    } else if (!in_param) {
      if (ch == '.' || ch == '-') pattern += '\\';
      pattern += ch;
    }
  }
  auto fn = [this, op, handler](const httplib::Request& req, httplib::Response& res) {
    Dispatch(*op, handler, req, res);
  };
  if (op->method == "GET") server_.Get(pattern, fn);
  if (op->method == "POST") server_.Post(pattern, fn);
  if (op->method == "PUT") server_.Put(pattern, fn);
  if (op->method == "PATCH") server_.Patch(pattern, fn);
  if (op->method == "DELETE") server_.Delete(pattern, fn);
}

std::string AmazonSim::Service::NewRequestId() { return id_rng_.Uuid(); }

void AmazonSim::Service::Reply(httplib::Response& res, const ApiResponse& r, SimMillis now,
                               const std::string& request_id) {
  res.status = r.status;
  res.set_header("x-amzn-RequestId", request_id);
  res.set_header("Date", FormatHttpDate(now));
  res.set_content(r.body, r.content_type);
}

void AmazonSim::Service::Advance(SimMillis now) {
  bool delivered = false;
  for (size_t i = 0; i < sellers_.size(); ++i) {
    World& w = *sellers_[i].world;
    w.AdvanceTo(now);
    for (const WorldNotification& n : w.TakeNotifications()) {
      Deliver(static_cast<int>(i), n);
      delivered = true;
    }
  }
  if (delivered) sqs_cv_.notify_all();
}

void AmazonSim::Service::Dispatch(const amazon::OperationSpec& op, Handler handler,
                                  const httplib::Request& req, httplib::Response& res) {
  std::unique_lock<std::mutex> lock(mu_);
  const SimMillis now = clock_->Now();
  Advance(now);
  const std::string request_id = NewRequestId();
  OpStats& st = stats_[std::string(op.operation_id)];
  ++st.requests;

  // Authentication: the LWA access token in x-amz-access-token.
  auto deny = [&](const std::string& details) {
    ++st.client_errors;
    Reply(res,
          ErrorResponse(403, "Unauthorized", "Access to requested resource is denied.", details),
          now, request_id);
  };
  const std::string token_text = req.get_header_value("x-amz-access-token");
  if (token_text.empty()) return deny("");
  auto tok = access_tokens_.find(token_text);
  if (tok == access_tokens_.end())
    return deny("The access token you provided is revoked, malformed or invalid.");
  if (tok->second.expires <= now) return deny("The access token you provided has expired.");
  if (op.grantless != (tok->second.seller < 0)) {
    // Grantless operations take a client-credentials token; seller operations a seller's token.
    return deny("");
  }
  if (op.grantless && tok->second.scope != "sellingpartnerapi::notifications") return deny("");
  const int seller = tok->second.seller;
  const std::string caller = seller >= 0
                                 ? sellers_[static_cast<size_t>(seller)].credentials.seller_id
                                 : "app:" + client_id_;

  // Throttling: a 429 storm, then the operation's token bucket. A 429 carries no rate header.
  if (options_.faults.InStorm(now - start_) || !limiter_.TryAcquire(caller, op, now)) {
    ++st.throttled;
    return Reply(
        res,
        ErrorResponse(429, "QuotaExceeded", "You exceeded your quota for the requested resource."),
        now, request_id);
  }

  // Injected faults. Every die is rolled on every request so that one setting never shifts another.
  const bool hang = fault_rng_.Chance(options_.faults.timeout);
  const bool fail = fault_rng_.Chance(options_.faults.server_error);
  const bool unavailable = fault_rng_.Chance(0.5);
  if (hang) {
    ++st.timeouts;
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.faults.hang_real_ms));
    return Reply(res, ErrorResponse(504, "RequestTimeout", "The request timed out."), now,
                 request_id);
  }
  if (fail) {
    ++st.server_errors;
    return Reply(res,
                 unavailable ? ErrorResponse(503, "ServiceUnavailable",
                                             "Service temporarily unavailable. Please try again.")
                             : ErrorResponse(500, "InternalFailure",
                                             "We encountered an internal error. Please try again."),
                 now, request_id);
  }

  Call call{req, op, seller,
            seller >= 0 ? sellers_[static_cast<size_t>(seller)].world.get() : nullptr, now};
  const ApiResponse r = (this->*handler)(call);
  if (r.status >= 200 && r.status < 300) {
    ++st.ok;
  } else if (r.status >= 500) {
    ++st.server_errors;
  } else {
    ++st.client_errors;
  }
  Reply(res, r, now, request_id);
  if ((r.status >= 200 && r.status < 300) || r.status == 400 || r.status == 404) {
    res.set_header("x-amzn-RateLimit-Limit", FormatRateHeader(limiter_.EffectiveRate(op)));
  }
}

void AmazonSim::Service::HandleToken(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mu_);
  const SimMillis now = clock_->Now();
  Advance(now);
  const std::string request_id = NewRequestId();
  ++lwa_stats_.requests;
  auto answer = [&](const ApiResponse& r) {
    if (r.status == 200) {
      ++lwa_stats_.ok;
    } else {
      ++lwa_stats_.client_errors;
    }
    Reply(res, r, now, request_id);
  };
  const std::string grant = QueryValue(req, "grant_type");
  const std::string client_id = QueryValue(req, "client_id");
  const std::string client_secret = QueryValue(req, "client_secret");
  if (grant.empty())
    return answer(OAuthError(400, "invalid_request",
                             "The request is missing a required parameter : grant_type"));
  if (grant != "refresh_token" && grant != "client_credentials") {
    return answer(
        OAuthError(400, "unsupported_grant_type",
                   "The authorization grant type is not supported by the authorization server"));
  }
  if (client_id.empty())
    return answer(OAuthError(400, "invalid_request",
                             "The request is missing a required parameter : client_id"));
  if (client_id != client_id_ || client_secret != client_secret_) {
    return answer(OAuthError(401, "invalid_client", "Client authentication failed"));
  }
  AccessToken token;
  token.expires = now + kAccessTokenLifetime;
  json body = {{"token_type", "bearer"}, {"expires_in", kAccessTokenLifetime / kSecond}};
  if (grant == "refresh_token") {
    const std::string refresh = QueryValue(req, "refresh_token");
    if (refresh.empty())
      return answer(OAuthError(400, "invalid_request",
                               "The request is missing a required parameter : refresh_token"));
    for (size_t i = 0; i < sellers_.size(); ++i) {
      if (sellers_[i].credentials.refresh_token == refresh) token.seller = static_cast<int>(i);
    }
    if (token.seller < 0)
      return answer(OAuthError(400, "invalid_grant",
                               "The request has an invalid grant parameter : refresh_token"));
    body["refresh_token"] = refresh;
  } else {
    token.scope = QueryValue(req, "scope");
    if (token.scope != "sellingpartnerapi::notifications" &&
        token.scope != "sellingpartnerapi::client_credential:rotation") {
      return answer(
          OAuthError(400, "invalid_scope", "The request has an invalid parameter : scope"));
    }
    body["scope"] = token.scope;
  }
  const std::string access = "Atza|IwEB" + auth_rng_.Chars(kTokenAlphabet, 120);
  access_tokens_[access] = token;
  body["access_token"] = access;
  ApiResponse r = JsonResponse(200, body);
  r.content_type = "application/json;charset=UTF-8";
  answer(r);
}

std::string AmazonSim::Service::IssueToken(PageToken token, SimMillis default_ttl) {
  if (page_tokens_.size() > 4096) {
    const SimMillis now = clock_->Now();
    for (auto it = page_tokens_.begin(); it != page_tokens_.end();) {
      it = it->second.expires <= now ? page_tokens_.erase(it) : std::next(it);
    }
  }
  const SimMillis ttl = options_.faults.token_ttl > 0 ? options_.faults.token_ttl : default_ttl;
  token.ttl = ttl;
  token.expires = clock_->Now() + ttl;
  std::string text = id_rng_.Chars(kTokenAlphabet, 48);
  page_tokens_[text] = std::move(token);
  return text;
}

PageToken* AmazonSim::Service::FindToken(const std::string& text, const std::string& operation,
                                         int seller, SimMillis now, ApiResponse* error,
                                         const char* param_name) {
  auto it = page_tokens_.find(text);
  const bool usable = it != page_tokens_.end() && it->second.operation == operation &&
                      it->second.seller == seller && it->second.expires > now;
  // The fault die is rolled for every token presented.
  const bool forced = fault_rng_.Chance(options_.faults.token_expire);
  if (!usable || forced) {
    if (it != page_tokens_.end() && forced) page_tokens_.erase(it);
    *error = InvalidInput(
        fmt::format("The {} is invalid or has expired: the nextToken of a previous page is only "
                    "valid for a limited time. Start again without it.",
                    param_name));
    return nullptr;
  }
  return &it->second;
}

std::vector<std::string> AmazonSim::Service::TakePage(PageToken* token,
                                                      const std::string& token_text,
                                                      std::string* next) {
  const std::vector<std::string>& ids = *token->ids;
  const size_t begin = std::min(token->offset, ids.size());
  const size_t end = std::min(begin + token->page_size, ids.size());
  std::vector<std::string> page(ids.begin() + static_cast<std::ptrdiff_t>(begin),
                                ids.begin() + static_cast<std::ptrdiff_t>(end));
  if (!token->repeated && fault_rng_.Chance(options_.faults.token_repeat)) {
    // The same page again, with the same token: the client sees both twice.
    token->repeated = true;
    *next = token_text;
    return page;
  }
  next->clear();
  if (end < ids.size()) {
    PageToken following = *token;
    following.offset = end;
    following.repeated = false;
    const SimMillis ttl = token->ttl;
    *next = IssueToken(std::move(following), ttl);
  }
  return page;
}

std::optional<ApiResponse> AmazonSim::Service::ContinuePage(
    const Call& c, const std::string& token_text, const char* param_name,
    std::vector<std::string>* page, std::string* next, PageToken** token_out) {
  ApiResponse error;
  PageToken* token =
      FindToken(token_text, std::string(c.op.operation_id), c.seller, c.now, &error, param_name);
  if (token == nullptr) return error;
  *page = TakePage(token, token_text, next);
  if (token_out != nullptr) *token_out = token;
  return std::nullopt;
}

std::vector<std::string> AmazonSim::Service::FirstPage(PageToken token, SimMillis ttl,
                                                       std::string* next) {
  const std::vector<std::string>& ids = *token.ids;
  const size_t end = std::min(token.page_size, ids.size());
  std::vector<std::string> page(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(end));
  next->clear();
  if (end < ids.size()) {
    token.offset = end;
    *next = IssueToken(std::move(token), ttl);
  }
  return page;
}

std::string AmazonSim::Service::StatsJson() {
  std::lock_guard<std::mutex> lock(mu_);
  auto row = [](const OpStats& s) {
    return json{{"requests", s.requests},          {"ok", s.ok},
                {"throttled", s.throttled},        {"clientErrors", s.client_errors},
                {"serverErrors", s.server_errors}, {"timeouts", s.timeouts}};
  };
  json ops = json::object();
  for (const auto& [name, s] : stats_) ops[name] = row(s);
  json queues = json::object();
  for (const auto& [name, q] : queues_) {
    queues[name] = {{"sent", q.sent},
                    {"received", q.received},
                    {"deleted", q.deleted},
                    {"inQueue", q.messages.size()}};
  }
  const SimMillis now = clock_->Now();
  return json{{"now", FormatIsoMillis(now)},
              {"operations", ops},
              {"lwa", row(lwa_stats_)},
              {"queues", queues},
              {"notifications", {{"lost", notifications_lost_}, {"late", notifications_late_}}}}
      .dump(2);
}

std::vector<ShipmentConfirmation> AmazonSim::Service::Confirmations(std::string_view order_id,
                                                                    int seller) {
  std::lock_guard<std::mutex> lock(mu_);
  if (seller < 0 || static_cast<size_t>(seller) >= sellers_.size()) return {};
  return sellers_[static_cast<size_t>(seller)].world->Confirmations(order_id);
}

void AmazonSim::Service::HandleSimEndpoint(const httplib::Request& req, httplib::Response& res) {
  if (req.path == "/_sim/stats" && req.method == "GET")
    return res.set_content(StatsJson(), "application/json");
  std::lock_guard<std::mutex> lock(mu_);
  const SimMillis now = clock_->Now();
  if (req.path == "/_sim/stats/reset" && req.method == "POST") {
    stats_.clear();
    lwa_stats_ = {};
    return res.set_content("{}", "application/json");
  }
  if (req.path == "/_sim/clock" && req.method == "GET") {
    return res.set_content(json{{"now", FormatIsoMillis(now)},
                                {"nowMillis", now},
                                {"timeScale", clock_->Scale()},
                                {"startedAt", FormatIsoMillis(start_)}}
                               .dump(),
                           "application/json");
  }
  if (req.path == "/_sim/advance" && req.method == "POST") {
    Result<int64_t> d = ParseDuration(
        req.has_param("seconds") ? req.get_param_value("seconds") + "s" : QueryValue(req, "by"));
    if (!d.Ok()) {
      res.status = 400;
      return res.set_content(json{{"error", d.GetStatus().Message()}}.dump(), "application/json");
    }
    clock_->Advance(*d);
    Advance(clock_->Now());
    return res.set_content(json{{"now", FormatIsoMillis(clock_->Now())}}.dump(),
                           "application/json");
  }
  if (req.path == "/_sim/info" && req.method == "GET") {
    json sellers = json::array();
    for (const Seller& s : sellers_) {
      sellers.push_back({{"sellerId", s.credentials.seller_id},
                         {"refreshToken", s.credentials.refresh_token},
                         {"marketplaceId", s.world->GetMarketplace().id}});
    }
    return res.set_content(json{{"endpoint", BaseUrl()},
                                {"tokenEndpoint", BaseUrl() + "/auth/o2/token"},
                                {"clientId", client_id_},
                                {"clientSecret", client_secret_},
                                {"applicationId", application_id_},
                                {"sellers", sellers},
                                {"queueUrl", QueueUrl()},
                                {"queueArn", QueueArn()},
                                {"faults", options_.faults.ToString()},
                                {"now", FormatIsoMillis(now)},
                                {"timeScale", clock_->Scale()}}
                               .dump(2),
                           "application/json");
  }
  res.status = 404;
  res.set_content(json{{"error", "unknown /_sim endpoint"}}.dump(), "application/json");
}

// AmazonSim forwards to its Service.
AmazonSim::AmazonSim(AmazonSimOptions options)
    : service_(std::make_unique<Service>(std::move(options))) {}
AmazonSim::~AmazonSim() = default;
Status AmazonSim::Start() { return service_->Start(); }
void AmazonSim::Stop() { service_->Stop(); }
int AmazonSim::Port() const { return service_->Port(); }
std::string AmazonSim::BaseUrl() const { return service_->BaseUrl(); }
const std::string& AmazonSim::ClientId() const { return service_->ClientId(); }
const std::string& AmazonSim::ClientSecret() const { return service_->ClientSecret(); }
std::vector<SellerCredentials> AmazonSim::Sellers() const { return service_->Sellers(); }
std::string AmazonSim::QueueUrl() const { return service_->QueueUrl(); }
std::string AmazonSim::QueueArn() const { return service_->QueueArn(); }
SimClock& AmazonSim::Clock() { return service_->Clock(); }
std::string AmazonSim::StatsJson() const { return service_->StatsJson(); }
std::vector<ShipmentConfirmation> AmazonSim::Confirmations(std::string_view order_id,
                                                           int seller) const {
  return service_->Confirmations(order_id, seller);
}

}  // namespace fbaflow::sim
