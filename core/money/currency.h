#pragma once
// Currency: an ISO 4217 code and its number of minor units (GBP 2, JPY 0, KWD 3).
// Values are trivially copyable and 4 bytes; comparisons look at the code only.

#include <array>
#include <string>
#include <string_view>

#include "core/base/status.h"

namespace fbaflow {

class Currency {
 public:
  // "XXX" (ISO's "no currency"), 2 minor units: the value of a default-built Money.
  constexpr Currency() : code_{'X', 'X', 'X'}, minor_units_(2) {}

  // Looks the code up in the ISO 4217 table (case-sensitive, three upper-case letters).
  // Unknown codes are kInvalidArgument: fbaflow never guesses how many decimals a currency has.
  static Result<Currency> FromCode(std::string_view code);

  std::string_view Code() const { return {code_.data(), code_.size()}; }
  int MinorUnits() const { return minor_units_; }

  friend constexpr bool operator==(const Currency& a, const Currency& b) {
    return a.code_ == b.code_;
  }

 private:
  constexpr Currency(std::array<char, 3> code, int minor)
      : code_(code), minor_units_(static_cast<char>(minor)) {}
  friend struct CurrencyTable;

  std::array<char, 3> code_;
  char minor_units_;
};

}  // namespace fbaflow
