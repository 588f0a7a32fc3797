#include "adapters/erp/tryton_rpc.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <nlohmann/json.hpp>

namespace fbaflow::erp {

using Json = nlohmann::json;

namespace {

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool NeedsContext(std::string_view method) {
  return method.starts_with("model.") || method.starts_with("wizard.");
}

std::string FirstLine(std::string_view text) {
  const size_t nl = text.find('\n');
  std::string out(text.substr(0, nl));
  if (out.size() > 300) out = out.substr(0, 300) + "...";
  return out;
}

// The message of a Tryton exception's arguments: a string, or the first string of a list.
std::string ErrorMessage(const Json& args) {
  if (args.is_string()) return args.get<std::string>();
  if (args.is_array()) {
    for (const Json& a : args) {
      if (a.is_string() && !a.get<std::string>().empty()) return a.get<std::string>();
    }
  }
  return args.dump();
}

}  // namespace

struct TrytonRpc::Session {
  std::string authorization;  // "Session base64(user:id:session)"
  Json context;
};

TrytonRpc::TrytonRpc(TrytonSettings settings, Http& http)
    : settings_(std::move(settings)), http_(http) {
  if (!settings_.url.empty() && settings_.url.back() != '/') settings_.url += '/';
}

TrytonRpc::~TrytonRpc() = default;

Status StatusFromTrytonError(const Json& error, std::string_view method) {
  const std::string where = fmt::format("Tryton {}", method);
  if (!error.is_array() || error.empty() || !error[0].is_string()) {
    return Internal(where + ": unreadable error " + FirstLine(error.dump()));
  }
  const std::string kind = error[0].get<std::string>();
  const Json args = error.size() > 1 ? error[1] : Json();
  if (kind == "UserError" || kind == "UserWarning") {
    return FailedPrecondition(where + " refused: " + FirstLine(ErrorMessage(args)));
  }
  if (kind == "AccessError") {
    return PermissionDenied(where + ": access denied: " + FirstLine(ErrorMessage(args)));
  }
  if (kind == "ConcurrencyException" || kind.find("database is locked") != std::string::npos) {
    return Unavailable(where + ": " +
                       FirstLine(kind == "ConcurrencyException" ? ErrorMessage(args) : kind));
  }
  if (kind.find("doesn't exist") != std::string::npos) {
    return FailedPrecondition(where + ": " + FirstLine(kind));
  }
  if (kind.empty() && args.is_string()) {
    // An exception without a message (AssertionError): its name ends the traceback.
    std::string_view trace = args.get_ref<const std::string&>();
    while (!trace.empty() && trace.back() == '\n') trace.remove_suffix(1);
    const size_t nl = trace.rfind('\n');
    return Internal(where + " failed: " +
                    FirstLine(nl == std::string_view::npos ? trace : trace.substr(nl + 1)));
  }
  return Internal(where + " failed: " + FirstLine(kind));
}

bool IsReadOnlyCall(std::string_view method) {
  for (std::string_view read : {".search", ".search_read", ".read", ".search_count"}) {
    if (method.ends_with(read)) return true;
  }
  return method == "common.db.login" || method == "common.server.version";
}

Result<Json> TrytonRpc::Post(std::string_view method, const Json& params,
                             const std::string& authorization) {
  HttpRequest req;
  req.method = HttpMethod::kPost;
  req.url = settings_.url + UrlEncode(settings_.database) + "/";
  req.headers.Set("Content-Type", "application/json");
  req.headers.Set("Accept", "application/json");
  if (!authorization.empty()) req.headers.Set("Authorization", authorization);
  req.read_timeout = settings_.timeout;
  req.total_timeout = settings_.timeout;
  // Every call is a POST; only reads may travel on a reused connection (see replay_safe).
  req.replay_safe = IsReadOnlyCall(method);
  const uint64_t id = next_id_++;
  req.body = Json{{"id", id}, {"method", method}, {"params", params}}.dump();
  Result<HttpResponse> resp = http_.Send(req);
  if (!resp.Ok()) return resp.GetStatus().WithContext(fmt::format("Tryton {}", method));
  const int status = resp->status;
  if (status == 401) return Unauthenticated(fmt::format("Tryton {}: HTTP 401", method));
  if (status == 403) return PermissionDenied(fmt::format("Tryton {}: HTTP 403", method));
  if (status == 429) {
    return ResourceExhausted(fmt::format("Tryton {}: HTTP 429 (too many requests)", method));
  }
  if (status >= 500) return Unavailable(fmt::format("Tryton {}: HTTP {}", method, status));
  if (status != 200) {
    return FailedPrecondition(
        fmt::format("Tryton {}: HTTP {} (check the ERP URL and database)", method, status));
  }
  Json answer = Json::parse(resp->body, nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded() || !answer.is_object()) {
    return Unavailable(fmt::format("Tryton {}: the answer is not JSON", method));
  }
  if (auto e = answer.find("error"); e != answer.end() && !e->is_null()) {
    return StatusFromTrytonError(*e, method);
  }
  auto r = answer.find("result");
  if (r == answer.end()) return Internal(fmt::format("Tryton {}: no result", method));
  return std::move(*r);
}

Status TrytonRpc::LoginLocked() {
  Result<Json> login = Post(
      "common.db.login",
      Json::array(
          {settings_.user, {{"password", settings_.password.RevealForWire()}}, settings_.language}),
      "");
  // A refused login is the connection's configuration, not any record's: kUnauthenticated, which
  // stops a run instead of failing every order (ports/erp.h).
  if (!login.Ok()) {
    const Status& s = login.GetStatus();
    if (s.Code() == StatusCode::kUnauthenticated) {
      return Unauthenticated(fmt::format(
          "Tryton refused the login of user '{}' to database '{}': check the ERP user and "
          "password (FBAFLOW_ERP_USER, FBAFLOW_ERP_PASSWORD)",
          settings_.user, settings_.database));
    }
    if (s.Code() == StatusCode::kFailedPrecondition &&
        s.Message().find("doesn't exist") != std::string::npos) {
      return Unauthenticated(
          fmt::format("Tryton at {} has no database '{}': check FBAFLOW_ERP_DATABASE ({})",
                      settings_.url, settings_.database, s.Message()));
    }
    return s;
  }
  const Json& r = *login;
  if (!r.is_array() || r.size() != 2 || !r[0].is_number_integer() || !r[1].is_string()) {
    return Unauthenticated(fmt::format(
        "Tryton refused the login of user '{}' to database '{}': check the ERP user and password",
        settings_.user, settings_.database));
  }
  auto session = std::make_unique<Session>();
  session->authorization =
      "Session " +
      Base64(fmt::format("{}:{}:{}", settings_.user, r[0].get<int64_t>(), r[1].get<std::string>()));
  Result<Json> prefs = Post("model.res.user.get_preferences", Json::array({true, Json::object()}),
                            session->authorization);
  if (!prefs.Ok()) return prefs.GetStatus();
  if (!prefs->is_object()) return Internal("Tryton get_preferences: not an object");
  session->context = std::move(*prefs);
  session_ = std::move(session);
  return OkStatus();
}

Result<Json> TrytonRpc::Context() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!session_) RETURN_IF_ERROR(LoginLocked());
  return session_->context;
}

Result<Json> TrytonRpc::Call(std::string_view method, const Json& params) {
  return Call(method, params, Json::object());
}

Result<Json> TrytonRpc::Call(std::string_view method, const Json& params,
                             const Json& context_extra) {
  for (int attempt = 0;; ++attempt) {
    std::string authorization;
    Json full = params;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!session_) RETURN_IF_ERROR(LoginLocked());
      authorization = session_->authorization;
      if (NeedsContext(method)) {
        Json context = session_->context;
        context.update(context_extra);
        full.push_back(std::move(context));
      }
    }
    Result<Json> r = Post(method, full, authorization);
    if (r.GetStatus().Code() == StatusCode::kUnauthenticated && attempt == 0) {
      // The server forgot the session (expiry, restart): it refused the call before running
      // it, so logging in again and repeating it is safe.
      std::lock_guard<std::mutex> lock(mu_);
      if (session_ && session_->authorization == authorization) session_.reset();
      continue;
    }
    return r;
  }
}

Json EncodeDecimal(const Decimal& value) {
  return Json{{"__class__", "Decimal"}, {"decimal", value.ToString()}};
}

Json EncodeMoney(const Money& value) { return EncodeDecimal(value.ToDecimal()); }

Result<Money> DecodeMoney(const Json& value, Currency currency) {
  std::string text;
  if (value.is_object() && value.value("__class__", "") == "Decimal" && value.contains("decimal") &&
      value["decimal"].is_string()) {
    text = value["decimal"].get<std::string>();
  } else if (value.is_number_integer()) {
    text = std::to_string(value.get<int64_t>());
  } else {
    return DataLoss("Tryton sent an amount that is not a Decimal: " + FirstLine(value.dump()));
  }
  Result<ParsedDecimal> parsed = ParseDecimal(text, DecimalStyle::kDotDecimal);
  if (!parsed.Ok()) return DataLoss("Tryton sent an unreadable amount '" + text + "'");
  Result<Money> money = Money::FromDecimal(parsed->value, currency, Rounding::kExact);
  if (!money.Ok()) {
    return DataLoss(fmt::format("Tryton sent {} in {}, which has {} decimals", text,
                                currency.Code(), currency.MinorUnits()));
  }
  return money;
}

Json EncodeDate(const CivilDate& date) {
  return Json{{"__class__", "date"}, {"year", date.year}, {"month", date.month}, {"day", date.day}};
}

Result<CivilDate> DecodeDate(const Json& value) {
  if (!value.is_object() || value.value("__class__", "") != "date" ||
      !value.value("year", Json()).is_number_integer() ||
      !value.value("month", Json()).is_number_integer() ||
      !value.value("day", Json()).is_number_integer()) {
    return DataLoss("Tryton sent a date that is not a date: " + FirstLine(value.dump()));
  }
  CivilDate d{value["year"].get<int>(), value["month"].get<int>(), value["day"].get<int>()};
  if (!d.IsValid()) return DataLoss("Tryton sent an impossible date " + FirstLine(value.dump()));
  return d;
}

}  // namespace fbaflow::erp
