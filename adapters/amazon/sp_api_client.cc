#include "adapters/amazon/sp_api_client.h"

#include <spdlog/spdlog.h>

#include "adapters/http/retry_policy.h"

namespace fbaflow::amazon {

namespace {

// Reads {"errors":[{"code","message","details"}]} (every SP-API model's ErrorList).
void ReadErrorList(const std::string& body, ApiError* out) {
  auto json = ParseExactJson(body);
  if (!json.Ok()) return;
  const Json* errors = ArrayField(*json, "errors");
  if (errors == nullptr) {
    // Some wrappers nest it: {"payload":..., "errors": {...}} or a single error object.
    if (const Json* single = ObjectField(*json, "errors")) errors = ArrayField(*single, "errors");
  }
  if (errors == nullptr || errors->empty()) return;
  const Json& first = errors->front();
  out->code = StringField(first, "code");
  out->message = StringField(first, "message");
  const std::string details = StringField(first, "details");
  if (!details.empty()) out->message += " (" + details + ")";
}

}  // namespace

std::string JoinCsv(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += ',';
    out += UrlEncode(v);
  }
  return out;
}

SpApiClient::SpApiClient(SpApiOptions options, LwaClient& lwa, RateLimiter& limiter, Http& http,
                         Clock& clock)
    : options_(std::move(options)), lwa_(lwa), limiter_(limiter), http_(http), clock_(clock) {
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/')
    options_.endpoint.pop_back();
  rng_.seed(options_.jitter_seed != 0 ? options_.jitter_seed : std::random_device{}());
}

double SpApiClient::Jitter() {
  std::lock_guard<std::mutex> lock(rng_mu_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

BucketKey SpApiClient::Key(const OperationSpec& op) const {
  return BucketKey{options_.selling_partner, options_.region,
                   std::string(op.model) + "/" + std::string(op.operation_id)};
}

std::string SpApiClient::BuildUrl(const ApiCall& call) const {
  std::string path(call.op->path);
  for (const auto& [name, value] : call.path) {
    const std::string placeholder = "{" + name + "}";
    const std::size_t at = path.find(placeholder);
    if (at != std::string::npos) path.replace(at, placeholder.size(), UrlEncode(value));
  }
  std::string url = options_.endpoint + path;
  char sep = '?';
  for (const auto& [name, value] : call.query) {
    url += sep;
    url += UrlEncode(name);
    url += '=';
    url += value;  // already encoded (JoinCsv / UrlEncode by the caller)
    sep = '&';
  }
  return url;
}

Status SpApiClient::ErrorStatus(const ApiCall& call, int status, const ApiError& error,
                                const Secret& access_token) const {
  std::string message = std::string(call.op->operation_id) + ": HTTP " + std::to_string(status);
  if (!error.code.empty()) message += " " + error.code;
  if (!error.message.empty()) message += ": " + error.message;
  if (!error.request_id.empty()) message += " (x-amzn-RequestId " + error.request_id + ")";
  message = Scrub(message, {&lwa_.Credentials().client_secret, &lwa_.Credentials().refresh_token,
                            &access_token});
  return HttpError(status, std::move(message));
}

Result<ApiResponse> SpApiClient::Call(const ApiCall& call, ApiError* error_out) {
  if (call.op == nullptr) return Internal("SpApiClient::Call without an operation");
  const OperationSpec& op = *call.op;
  const BucketKey key = Key(op);
  const TokenKind kind = op.grantless ? TokenKind::kGrantless : TokenKind::kSeller;
  const Clock::MonoTime deadline = clock_.MonotonicNow() + options_.call_deadline;

  HttpRequest request;
  request.method = op.method == "GET"     ? HttpMethod::kGet
                   : op.method == "POST"  ? HttpMethod::kPost
                   : op.method == "PUT"   ? HttpMethod::kPut
                   : op.method == "PATCH" ? HttpMethod::kPatch
                                          : HttpMethod::kDelete;
  request.url = BuildUrl(call);
  request.body = call.body;
  request.connect_timeout = options_.connect_timeout;
  request.headers.Add("Accept", "application/json");
  request.headers.Add("User-Agent", options_.user_agent);
  if (!call.body.empty()) request.headers.Add("Content-Type", "application/json");

  ApiError last_error;
  Status last = Unavailable(std::string(op.operation_id) + ": not attempted");
  bool refreshed = false;
  int throttles = 0;
  int failures = 0;

  // Sleeps for the server's Retry-After or a jittered backoff unless that would pass the
  // deadline.
  auto backoff = [&](int n, std::chrono::milliseconds base,
                     std::optional<std::chrono::seconds> retry_after = {}) -> bool {
    const double seconds =
        BackoffSeconds(n, std::chrono::duration<double>(base).count(),
                       std::chrono::duration<double>(options_.backoff_cap).count(), Jitter());
    const auto wait =
        retry_after
            ? std::chrono::duration_cast<Clock::Duration>(*retry_after)
            : std::chrono::duration_cast<Clock::Duration>(std::chrono::duration<double>(seconds));
    if (clock_.MonotonicNow() + wait >= deadline) return false;
    if (wait >= std::chrono::seconds(5)) {
      spdlog::warn("sp-api {}: waiting {:.0f} s before trying again{}", op.operation_id,
                   std::chrono::duration<double>(wait).count(),
                   retry_after ? " (Amazon's Retry-After)" : "");
    }
    clock_.SleepFor(wait);
    return true;
  };

  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    const auto remaining = deadline - clock_.MonotonicNow();
    if (remaining <= Clock::Duration::zero()) break;
    if (Status s = limiter_.Acquire(key, op, remaining); !s.Ok()) {
      // Out of time while throttled: say so with the code that means "retry later".
      if (error_out != nullptr) *error_out = last_error;
      return attempt == 1 ? s : last.WithContext(s.Message());
    }
    ASSIGN_OR_RETURN(AccessToken token, lwa_.Token(kind, deadline));
    request.headers.Set("x-amz-access-token", token.token.RevealForWire());
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_.MonotonicNow());
    request.read_timeout =
        std::min(options_.read_timeout, std::max(left, std::chrono::milliseconds(1)));
    request.connect_timeout = std::min(options_.connect_timeout, request.read_timeout);
    request.total_timeout = std::max(left, std::chrono::milliseconds(1));

    auto sent = http_.Send(request);
    if (!sent.Ok()) {
      last = sent.GetStatus().WithContext(std::string(op.operation_id));
      if (!last.IsRetryable()) return last;
      spdlog::warn("sp-api {} attempt {}: {}", op.operation_id, attempt, last.ToString());
      if (!backoff(failures++, options_.backoff_base)) break;
      continue;
    }
    HttpResponse& response = *sent;
    std::string request_id(response.headers.Get("x-amzn-RequestId").value_or(""));

    if (response.status >= 200 && response.status < 300) {
      std::optional<double> header_rate;
      if (auto h = response.headers.Get("x-amzn-RateLimit-Limit")) {
        header_rate = ParseRateLimitHeader(*h);
      }
      limiter_.OnSuccess(key, op, header_rate);
      ApiResponse out;
      out.status = response.status;
      out.request_id = std::move(request_id);
      if (!response.body.empty()) {
        auto json = ParseExactJson(response.body);
        if (!json.Ok()) {
          return DataLoss(std::string(op.operation_id) + ": " + json.GetStatus().Message() +
                          " (x-amzn-RequestId " + out.request_id + ")");
        }
        out.json = std::move(json).Value();
      }
      out.headers = std::move(response.headers);
      return out;
    }

    last_error = ApiError{response.status, "", "", request_id};
    ReadErrorList(response.body, &last_error);
    // An error message may quote what was sent; keep credentials out of it.
    last_error.message =
        Scrub(last_error.message,
              {&lwa_.Credentials().client_secret, &lwa_.Credentials().refresh_token, &token.token});
    last = ErrorStatus(call, response.status, last_error, token.token);
    if (error_out != nullptr) *error_out = last_error;
    spdlog::warn("sp-api {} for {} -> HTTP {} {} (x-amzn-RequestId {}), attempt {}",
                 op.operation_id, options_.selling_partner, response.status, last_error.code,
                 request_id.empty() ? "-" : request_id, attempt);

    if (response.status == 429) {
      limiter_.OnThrottled(key, op);
      if (!backoff(throttles++, std::chrono::milliseconds(500),
                   RetryAfter(response.headers, clock_.WallTimestamp()))) {
        break;
      }
      continue;
    }
    if (last.IsRetryable()) {
      if (!backoff(failures++, options_.backoff_base)) break;
      continue;
    }
    if ((response.status == 401 || response.status == 403) && !refreshed) {
      // The token may have been revoked or expired early: fetch a fresh one, once.
      refreshed = true;
      lwa_.Invalidate(kind, token.token);
      continue;
    }
    return last;
  }
  if (error_out != nullptr) *error_out = last_error;
  return last.WithContext("gave up within the call's deadline");
}

}  // namespace fbaflow::amazon
