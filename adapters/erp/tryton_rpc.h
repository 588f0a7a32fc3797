#pragma once
// TrytonRpc: Tryton's JSON-RPC protocol over the Http port: login, the session header, re-login
// when the server forgot the session, the user's context, and Tryton's errors turned into Status
// codes that tell the engine what to do. TrytonErp (tryton_erp.h) speaks the ERP port through it.
//
// Wire: POST {url}{database}/ with {"id", "method", "params"}; the answer is {"id", "result"} or
// {"id", "error": [...]}. Login is common.db.login [user, {"password"}, language] -> [user id,
// session]; later calls carry `Authorization: Session base64(user:user_id:session)`. Model methods
// take the user's context (model.res.user.get_preferences [true, {}]) as their last parameter.
//
// Errors:
//   ["UserError", [message, description, ...]] and ["UserWarning", ...]: a business rule refused
//       -> kFailedPrecondition with Tryton's message (a person must act; retrying fails again)
//   ["AccessError", ...] -> kPermissionDenied
//   ["ConcurrencyException", ...] or "database is locked" -> kUnavailable (retry)
//   anything else the server raised -> kInternal with its first line (alert)
//   HTTP 401 on a call: the session expired; log in again once and repeat the call (the server
//       refused it before running it, so repeating is safe). 401 on login, or an unknown database
//       -> kUnauthenticated
//       (wrong user or password: a configuration error). 403 -> kPermissionDenied,
//       429 -> kResourceExhausted, other 5xx and transport failures -> kUnavailable or
//       kDeadlineExceeded as the Http port says, other statuses -> kFailedPrecondition (a wrong
//       URL or database).
// Messages name the method, never the password or the session.
// Thread safety: Call() may be used from many threads; the session is shared under a lock.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/money/money.h"
#include "core/security/secret.h"
#include "core/time/civil.h"
#include "ports/http.h"

namespace fbaflow::erp {

struct TrytonSettings {
  std::string url;       // "http://127.0.0.1:8000/" (a trailing slash is added when missing)
  std::string database;  // "fbaflow"
  std::string user;
  Secret password;
  std::string language = "en";
  std::chrono::milliseconds timeout{60'000};  // per call; posting a large move takes seconds
  // How the ERP's records are found (scripts/tryton_prepare.py creates them with these codes).
  std::string customer_code_prefix = "AMAZON-";  // + marketplace: the customer party's code
  std::string fba_warehouse_code = "FBA";
  std::string own_warehouse_code = "WH";
  std::string journal_code = "AMZ";
};

class TrytonRpc {
 public:
  TrytonRpc(TrytonSettings settings, Http& http);
  ~TrytonRpc();

  // Calls `method` ("model.sale.sale.search_read") with `params`, logging in first when there is
  // no session. For model and wizard methods the user's context is appended to `params` (pass
  // `context_extra` to add keys to it).
  Result<nlohmann::json> Call(std::string_view method, const nlohmann::json& params);
  Result<nlohmann::json> Call(std::string_view method, const nlohmann::json& params,
                              const nlohmann::json& context_extra);

  // The user's context (company, language...), logging in when needed.
  Result<nlohmann::json> Context();

  const TrytonSettings& Settings() const { return settings_; }

 private:
  struct Session;
  Status LoginLocked();
  Result<nlohmann::json> Post(std::string_view method, const nlohmann::json& params,
                              const std::string& authorization);

  TrytonSettings settings_;
  Http& http_;
  std::mutex mu_;
  std::unique_ptr<Session> session_;
  std::atomic<uint64_t> next_id_{1};
};

// Tryton's error array (the "error" member of an answer) as a Status for `method`.
Status StatusFromTrytonError(const nlohmann::json& error, std::string_view method);

// Tryton's JSON encodings. Decimals never pass through a double.
nlohmann::json EncodeDecimal(const Decimal& value);  // {"__class__": "Decimal", "decimal": "12.99"}
nlohmann::json EncodeMoney(const Money& value);
// A Decimal object (or a JSON integer) in `currency`, exactly: more decimals than the currency has
// are kept only when they are zeros ("12.990" is 12.99, "12.995" is kDataLoss).
Result<Money> DecodeMoney(const nlohmann::json& value, Currency currency);
nlohmann::json EncodeDate(const CivilDate& date);  // {"__class__": "date", "year", "month", "day"}
Result<CivilDate> DecodeDate(const nlohmann::json& value);

// Whether a JSON-RPC method only reads (search, read, login): such calls may be resent by the
// transport; every other call (create, write, a workflow button) goes on a fresh connection.
bool IsReadOnlyCall(std::string_view method);

}  // namespace fbaflow::erp
