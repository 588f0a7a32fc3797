#pragma once
// JSON from Amazon, read without ever turning a decimal into a double.
//
// Most SP-API models send amounts as strings ("12.99"), but some (Finances 2024-06-19
// `currencyAmount`) send JSON numbers. ParseExactJson keeps every non-integer number as the exact
// text Amazon sent, in a JSON string, so amounts reach ParseMoney digit for digit; integers stay
// integers. Helpers below read optional fields without throwing.
// Thread safety: pure functions.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/money/money.h"
#include "core/time/civil.h"

namespace fbaflow::amazon {

using Json = nlohmann::json;

// kDataLoss with the byte offset when `text` is not JSON.
Result<Json> ParseExactJson(std::string_view text);

// A string member, or "" when absent or not a string.
std::string StringField(const Json& object, std::string_view name);
// An integer member (also from a numeric string), or nullopt.
std::optional<int64_t> IntField(const Json& object, std::string_view name);
// The member when it is an object, else nullptr.
const Json* ObjectField(const Json& object, std::string_view name);
// The member when it is an array, else nullptr.
const Json* ArrayField(const Json& object, std::string_view name);

// An SP-API money object {"amount": "12.99", "currencyCode": "GBP"} (or the Finances spelling
// {"currencyAmount": 12.99, "currencyCode": "GBP"}) as Money. kInvalidArgument naming `what` when
// the currency is unknown or the amount has more decimals than the currency allows.
Result<Money> MoneyFromJson(const Json& money, std::string_view what);

// ISO-8601 date-time as Amazon writes it: "2026-01-05T12:34:56Z", with optional fractional
// seconds (truncated) and a "Z", "+01:00" or "+0100" offset; a bare date means midnight UTC.
Result<Timestamp> ParseIso8601(std::string_view text);
// "2026-01-05T12:34:56Z".
std::string FormatIso8601(Timestamp t);

}  // namespace fbaflow::amazon
