#include "adapters/amazon/lwa_client.h"

#include <spdlog/spdlog.h>

#include "adapters/amazon/exact_json.h"
#include "adapters/http/retry_policy.h"

namespace fbaflow::amazon {

namespace {

std::size_t Index(TokenKind kind) { return kind == TokenKind::kSeller ? 0 : 1; }

std::string_view KindName(TokenKind kind) {
  return kind == TokenKind::kSeller ? "refresh-token" : "client-credentials";
}

}  // namespace

LwaClient::LwaClient(LwaOptions options, LwaCredentials credentials, Http& http, Clock& clock)
    : options_(std::move(options)),
      credentials_(std::move(credentials)),
      http_(http),
      clock_(clock) {}

int LwaClient::Fetches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fetches_;
}

Clock::Duration LwaClient::OurTime(std::chrono::seconds endpoint_seconds) const {
  const double scale = options_.time_scale > 0 ? options_.time_scale : 1.0;
  return std::chrono::duration_cast<Clock::Duration>(
      std::chrono::duration<double>(static_cast<double>(endpoint_seconds.count()) / scale));
}

Result<AccessToken> LwaClient::Token(TokenKind kind, std::optional<Clock::MonoTime> deadline) {
  const Clock::MonoTime until = deadline.value_or(clock_.MonotonicNow() + options_.call_deadline);
  const std::size_t i = Index(kind);
  auto cached = [this, i]() -> std::optional<AccessToken> {
    std::lock_guard<std::mutex> lock(mu_);
    if (cache_[i] &&
        clock_.MonotonicNow() + OurTime(options_.refresh_margin) < cache_[i]->expires_at) {
      return cache_[i];
    }
    return std::nullopt;
  };
  if (auto hit = cached()) return *hit;
  // One fetch per kind at a time; whoever waited here finds the fresh token in the cache.
  std::lock_guard<std::mutex> fetch_lock(fetch_mu_[i]);
  if (auto hit = cached()) return *hit;
  ASSIGN_OR_RETURN(AccessToken token, Fetch(kind, until));
  std::lock_guard<std::mutex> lock(mu_);
  cache_[i] = token;
  return token;
}

void LwaClient::Invalidate(TokenKind kind, const Secret& rejected) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = cache_[Index(kind)];
  if (slot && slot->token == rejected) slot.reset();
}

Status LwaClient::Classify(const HttpResponse& response, TokenKind kind) const {
  // OAuth2 error bodies: {"error": "invalid_grant", "error_description": "..."}.
  std::string code;
  std::string description;
  if (auto json = ParseExactJson(response.body); json.Ok()) {
    code = StringField(*json, "error");
    description = StringField(*json, "error_description");
  }
  description = Scrub(description, {&credentials_.client_secret, &credentials_.refresh_token});
  std::string message = "Login with Amazon refused the " + std::string(KindName(kind)) +
                        " grant for client " + credentials_.client_id + ": HTTP " +
                        std::to_string(response.status);
  if (!code.empty()) message += " " + code;
  if (!description.empty()) message += " (" + description + ")";
  const Status by_status = HttpError(response.status, message);
  if (by_status.IsRetryable()) return by_status;
  if (code == "invalid_request" || code == "unsupported_grant_type" || code == "invalid_scope") {
    return InvalidArgument(std::move(message));
  }
  // OAuth2 answers a refused grant with 400 or 401: the credentials are what to fix.
  return Unauthenticated(std::move(message));
}

Result<AccessToken> LwaClient::Fetch(TokenKind kind, Clock::MonoTime deadline) {
  if (credentials_.client_id.empty() || credentials_.client_secret.Empty()) {
    return FailedPrecondition(
        "Login with Amazon needs a client id and client secret (FBAFLOW_LWA_CLIENT_ID, "
        "FBAFLOW_LWA_CLIENT_SECRET)");
  }
  if (kind == TokenKind::kSeller && credentials_.refresh_token.Empty()) {
    return FailedPrecondition(
        "this operation needs the selling partner's refresh token (FBAFLOW_LWA_REFRESH_TOKEN)");
  }
  HttpRequest request;
  request.method = HttpMethod::kPost;
  request.url = options_.token_url;
  request.connect_timeout = options_.connect_timeout;
  request.read_timeout = options_.read_timeout;
  request.headers.Add("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8");
  request.headers.Add("Accept", "application/json");
  if (kind == TokenKind::kSeller) {
    request.body = "grant_type=refresh_token&refresh_token=" +
                   UrlEncode(credentials_.refresh_token.RevealForWire());
  } else {
    request.body =
        "grant_type=client_credentials&scope=" + UrlEncode("sellingpartnerapi::notifications");
  }
  request.body += "&client_id=" + UrlEncode(credentials_.client_id) +
                  "&client_secret=" + UrlEncode(credentials_.client_secret.RevealForWire());

  RetrySchedule schedule(
      clock_, deadline,
      RetryPolicy{options_.max_attempts, options_.backoff, std::chrono::minutes(1)});
  Status last = DeadlineExceeded("no time left for a token request");
  while (schedule.Begin()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++fetches_;
    }
    request.connect_timeout = schedule.TimeoutFor(options_.connect_timeout);
    request.read_timeout = schedule.TimeoutFor(options_.read_timeout);
    request.total_timeout = schedule.TotalTimeout();
    const Clock::MonoTime sent = clock_.MonotonicNow();
    auto response = http_.Send(request);
    std::optional<std::chrono::seconds> retry_after;
    if (!response.Ok()) {
      last = response.GetStatus().WithContext("Login with Amazon");
    } else if (response->status >= 200 && response->status < 300) {
      auto json = ParseExactJson(response->body);
      if (!json.Ok()) return DataLoss("Login with Amazon answered with something that is not JSON");
      const std::string token = StringField(*json, "access_token");
      const auto expires_in = IntField(*json, "expires_in");
      if (token.empty() || !expires_in || *expires_in <= 0) {
        return DataLoss("Login with Amazon's answer has no access_token/expires_in");
      }
      spdlog::debug("lwa: {} token for client {} issued, expires in {} s", KindName(kind),
                    credentials_.client_id, *expires_in);
      return AccessToken{Secret(token), sent + OurTime(std::chrono::seconds(*expires_in)),
                         std::chrono::seconds(*expires_in)};
    } else {
      last = Classify(*response, kind);
      retry_after = RetryAfter(response->headers, clock_.WallTimestamp());
    }
    if (!last.IsRetryable()) return last;
    spdlog::warn("lwa: token request attempt {}/{} failed: {}", schedule.Attempts(),
                 options_.max_attempts, last.ToString());
    if (!schedule.WaitToRetry(last, retry_after)) break;
  }
  return last.WithContext("Login with Amazon (gave up after " +
                          std::to_string(schedule.Attempts()) + " attempts)");
}

}  // namespace fbaflow::amazon
