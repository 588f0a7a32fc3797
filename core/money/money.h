#pragma once
// Money: an exact amount in a currency's minor units (pence, cents, yen). Never floating point.
//
// Arithmetic is exact. Mixing currencies is a bug and throws std::invalid_argument; a sum outside
// ±9.2e18 minor units throws std::overflow_error (no real settlement comes near it). Any rounding
// goes through Decimal::Rescale with an explicit Rounding (see decimal.h for the rule).
// Values are 16 bytes, trivially copyable, thread-compatible.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/money/currency.h"
#include "core/money/decimal.h"

namespace fbaflow {

class Money {
 public:
  constexpr Money() = default;  // zero, currency XXX

  static constexpr Money Zero(Currency currency) { return Money(0, currency); }
  static constexpr Money FromMinor(int64_t minor_units, Currency currency) {
    return Money(minor_units, currency);
  }
  // Converts a decimal to this currency's minor units; kExact refuses to drop digits.
  static Result<Money> FromDecimal(const Decimal& value, Currency currency,
                                   Rounding rounding = Rounding::kExact);

  int64_t MinorUnits() const { return minor_; }
  Currency GetCurrency() const { return currency_; }
  Decimal ToDecimal() const;

  bool IsZero() const { return minor_ == 0; }
  bool IsNegative() const { return minor_ < 0; }

  Money operator-() const;
  Money operator+(const Money& other) const;
  Money operator-(const Money& other) const;
  Money& operator+=(const Money& other) { return *this = *this + other; }
  Money& operator-=(const Money& other) { return *this = *this - other; }

  // Equal when the currencies and amounts are; ordering across currencies throws.
  friend bool operator==(const Money& a, const Money& b) {
    return a.currency_ == b.currency_ && a.minor_ == b.minor_;
  }
  friend std::strong_ordering operator<=>(const Money& a, const Money& b);

  // "-1234.56" with exactly the currency's minor digits ("1234" for JPY); no grouping, no code.
  std::string ToString() const;

 private:
  constexpr Money(int64_t minor, Currency currency) : minor_(minor), currency_(currency) {}
  void CheckSameCurrency(const Money& other) const;

  int64_t minor_ = 0;
  Currency currency_;
};

// Parses an amount as Amazon prints it (see ParseDecimal) into `currency`'s minor units, exactly:
// "39.999" in GBP is an error, not 40.00. `error_offset` as for ParseDecimal. `proves`, when
// given, receives the decimal style the text proves.
Result<Money> ParseMoney(std::string_view text, Currency currency, DecimalStyle style,
                         std::size_t* error_offset = nullptr, DecimalStyle* proves = nullptr);

}  // namespace fbaflow
