#include "adapters/amazon/exact_json.h"

#include <vector>

#include "core/time/timestamp_parse.h"

namespace fbaflow::amazon {

namespace {

// Builds a DOM like nlohmann's own SAX-DOM parser, except that floating-point numbers are stored
// as their source text.
class ExactDomBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  explicit ExactDomBuilder(Json& root) : root_(root) {}

  bool null() { return Put(Json(nullptr)); }
  bool boolean(bool v) { return Put(Json(v)); }
  bool number_integer(number_integer_t v) { return Put(Json(v)); }
  bool number_unsigned(number_unsigned_t v) { return Put(Json(v)); }
  bool number_float(number_float_t /*v*/, const string_t& text) { return Put(Json(text)); }
  bool string(string_t& v) { return Put(Json(std::move(v))); }
  bool binary(binary_t& v) { return Put(Json::binary(std::move(v))); }
  bool start_object(std::size_t /*n*/) {
    Json* added = PutContainer(Json::object());
    stack_.push_back(added);
    return true;
  }
  bool key(string_t& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*n*/) {
    Json* added = PutContainer(Json::array());
    stack_.push_back(added);
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    error_ = DataLoss("response is not valid JSON at byte " + std::to_string(position) + ": " +
                      ex.what());
    return false;
  }

  const Status& Error() const { return error_; }

 private:
  bool Put(Json value) {
    PutContainer(std::move(value));
    return true;
  }

  Json* PutContainer(Json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json* parent = stack_.back();
    if (parent->is_array()) {
      parent->push_back(std::move(value));
      return &parent->back();
    }
    Json& slot = (*parent)[key_];
    slot = std::move(value);
    return &slot;
  }

  Json& root_;
  std::vector<Json*> stack_;
  std::string key_;
  Status error_;
};

}  // namespace

Result<Json> ParseExactJson(std::string_view text) {
  Json root;
  ExactDomBuilder builder(root);
  const bool ok = Json::sax_parse(text, &builder);
  if (!ok) {
    if (!builder.Error().Ok()) return builder.Error();
    return DataLoss("response is not valid JSON");
  }
  return root;
}

std::string StringField(const Json& object, std::string_view name) {
  if (!object.is_object()) return {};
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

std::optional<int64_t> IntField(const Json& object, std::string_view name) {
  if (!object.is_object()) return std::nullopt;
  const auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    if (s.empty() || s.size() > 18) return std::nullopt;
    int64_t v = 0;
    std::size_t i = 0;
    const bool negative = s[0] == '-';
    if (negative) i = 1;
    if (i == s.size()) return std::nullopt;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return negative ? -v : v;
  }
  return std::nullopt;
}

const Json* ObjectField(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(name);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

const Json* ArrayField(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(name);
  return it != object.end() && it->is_array() ? &*it : nullptr;
}

Result<Money> MoneyFromJson(const Json& money, std::string_view what) {
  if (!money.is_object()) return InvalidArgument(std::string(what) + " is not a money object");
  const std::string code = StringField(money, "currencyCode");
  auto currency = Currency::FromCode(code);
  if (!currency.Ok()) {
    return InvalidArgument(std::string(what) + ": unknown currency '" + code + "'");
  }
  const Json* amount = nullptr;
  for (const char* name : {"amount", "currencyAmount"}) {
    const auto it = money.find(name);
    if (it != money.end()) {
      amount = &*it;
      break;
    }
  }
  if (amount == nullptr) return InvalidArgument(std::string(what) + " has no amount");
  std::string text;
  if (amount->is_string()) {
    text = amount->get<std::string>();
  } else if (amount->is_number_integer()) {
    text = std::to_string(amount->get<int64_t>());
  } else if (amount->is_number_unsigned()) {
    text = std::to_string(amount->get<uint64_t>());
  } else {
    return InvalidArgument(std::string(what) + " amount is not a number");
  }
  auto parsed = ParseMoney(text, *currency, DecimalStyle::kDotDecimal);
  if (!parsed.Ok()) {
    return InvalidArgument(std::string(what) + " amount '" + text + "' in " + code + ": " +
                           parsed.GetStatus().Message());
  }
  return parsed;
}

Result<Timestamp> ParseIso8601(std::string_view s) {
  return ParseTimestamp(s, TimeTextMode::kStrict);
}

std::string FormatIso8601(Timestamp t) { return Timestamp{t.utc_seconds, 0}.ToIso8601(); }

}  // namespace fbaflow::amazon
