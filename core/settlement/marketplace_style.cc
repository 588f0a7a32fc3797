#include "core/settlement/marketplace_style.h"

#include <string>

namespace fbaflow::settlement {
namespace {

struct Known {
  std::string_view suffix;  // after "amazon." or "non-amazon "
  DecimalStyle style;
};

constexpr Known kDomains[] = {
    {"de", DecimalStyle::kCommaDecimal},     {"fr", DecimalStyle::kCommaDecimal},
    {"it", DecimalStyle::kCommaDecimal},     {"es", DecimalStyle::kCommaDecimal},
    {"nl", DecimalStyle::kCommaDecimal},     {"se", DecimalStyle::kCommaDecimal},
    {"pl", DecimalStyle::kCommaDecimal},     {"com.be", DecimalStyle::kCommaDecimal},
    {"com.tr", DecimalStyle::kCommaDecimal}, {"com.br", DecimalStyle::kCommaDecimal},
    {"com", DecimalStyle::kDotDecimal},      {"co.uk", DecimalStyle::kDotDecimal},
    {"ca", DecimalStyle::kDotDecimal},       {"com.mx", DecimalStyle::kDotDecimal},
    {"co.jp", DecimalStyle::kDotDecimal},    {"com.au", DecimalStyle::kDotDecimal},
    {"in", DecimalStyle::kDotDecimal},       {"sg", DecimalStyle::kDotDecimal},
    {"ae", DecimalStyle::kDotDecimal},       {"sa", DecimalStyle::kDotDecimal},
};

// Country codes of "Non-Amazon XX" (Multi-Channel Fulfilment) rows.
constexpr Known kCountries[] = {
    {"de", DecimalStyle::kCommaDecimal}, {"fr", DecimalStyle::kCommaDecimal},
    {"it", DecimalStyle::kCommaDecimal}, {"es", DecimalStyle::kCommaDecimal},
    {"nl", DecimalStyle::kCommaDecimal}, {"se", DecimalStyle::kCommaDecimal},
    {"pl", DecimalStyle::kCommaDecimal}, {"be", DecimalStyle::kCommaDecimal},
    {"uk", DecimalStyle::kDotDecimal},   {"gb", DecimalStyle::kDotDecimal},
    {"us", DecimalStyle::kDotDecimal},   {"ca", DecimalStyle::kDotDecimal},
    {"mx", DecimalStyle::kDotDecimal},   {"jp", DecimalStyle::kDotDecimal},
    {"au", DecimalStyle::kDotDecimal},
};

DecimalStyle Lookup(std::string_view key, const Known* begin, const Known* end) {
  for (const Known* k = begin; k != end; ++k) {
    if (k->suffix == key) return k->style;
  }
  return DecimalStyle::kUnknown;
}

}  // namespace

DecimalStyle MarketplaceDecimalStyle(std::string_view marketplace_name) {
  if (marketplace_name.size() > 32) return DecimalStyle::kUnknown;
  std::string lower(marketplace_name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const std::string_view name = lower;
  constexpr std::string_view kAmazon = "amazon.";
  constexpr std::string_view kNonAmazon = "non-amazon ";
  if (name.substr(0, kAmazon.size()) == kAmazon) {
    return Lookup(name.substr(kAmazon.size()), std::begin(kDomains), std::end(kDomains));
  }
  if (name.substr(0, kNonAmazon.size()) == kNonAmazon) {
    return Lookup(name.substr(kNonAmazon.size()), std::begin(kCountries), std::end(kCountries));
  }
  return DecimalStyle::kUnknown;
}

}  // namespace fbaflow::settlement
