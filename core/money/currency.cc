#include "core/money/currency.h"

#include <algorithm>

namespace fbaflow {

struct CurrencyTable {
  struct Entry {
    std::string_view code;
    int minor;
  };
  // ISO 4217 active codes with a minor-unit count other than 2, and the common 2-digit ones.
  // A code absent from this table is refused rather than assumed to have 2 decimals.
  static constexpr Entry kEntries[] = {
      {"AED", 2}, {"ARS", 2}, {"AUD", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0}, {"BRL", 2},
      {"CAD", 2}, {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CZK", 2}, {"DJF", 0},
      {"DKK", 2}, {"EGP", 2}, {"EUR", 2}, {"GBP", 2}, {"GNF", 0}, {"HKD", 2}, {"HUF", 2},
      {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0},
      {"KMF", 0}, {"KRW", 0}, {"KWD", 3}, {"LYD", 3}, {"MXN", 2}, {"MYR", 2}, {"NOK", 2},
      {"NZD", 2}, {"OMR", 3}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2},
      {"RON", 2}, {"RWF", 0}, {"SAR", 2}, {"SEK", 2}, {"SGD", 2}, {"THB", 2}, {"TND", 3},
      {"TRY", 2}, {"TWD", 2}, {"UGX", 0}, {"USD", 2}, {"UYI", 0}, {"VND", 0}, {"VUV", 0},
      {"XAF", 0}, {"XOF", 0}, {"XPF", 0}, {"ZAR", 2},
  };

  static Result<Currency> Find(std::string_view code) {
    const auto* it = std::find_if(std::begin(kEntries), std::end(kEntries),
                                  [&](const Entry& e) { return e.code == code; });
    if (it == std::end(kEntries)) {
      return InvalidArgument("unknown currency code '" + std::string(code) + "'");
    }
    return Currency({code[0], code[1], code[2]}, it->minor);
  }
};

Result<Currency> Currency::FromCode(std::string_view code) { return CurrencyTable::Find(code); }

}  // namespace fbaflow
