#pragma once
// Decimal: an exact base-10 number, units × 10^-scale, with the parser for every way Amazon prints
// an amount. Never floating point.
//
// Rounding rule (the only one in fbaflow): when a value must lose digits, it is rounded half to
// even (banker's rounding), and only where a caller asks for it with Rounding::kHalfEven.
// Everywhere else a lost digit is an error.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/status.h"

namespace fbaflow {

// Which character separates the decimals in a file: '.' (US, UK: "1,234.56") or ',' (FR, DE:
// "1.234,56"). kUnknown means "not known yet", and makes ambiguous text an error.
enum class DecimalStyle : unsigned char { kUnknown, kDotDecimal, kCommaDecimal };

std::string_view DecimalStyleName(DecimalStyle style);  // "unknown", "dot", "comma"

enum class Rounding : unsigned char {
  kExact,     // losing a digit is an error
  kHalfEven,  // round half to even
};

class Decimal {
 public:
  static constexpr int kMaxScale = 18;

  constexpr Decimal() = default;
  // units × 10^-scale; scale in [0, kMaxScale].
  static Result<Decimal> FromUnits(int64_t units, int scale);

  int64_t Units() const { return units_; }
  int Scale() const { return scale_; }

  // The same value with `scale` decimals. Growing the scale can overflow (kInvalidArgument);
  // shrinking it follows `rounding`.
  Result<Decimal> Rescale(int scale, Rounding rounding) const;

  // Plain text: "-1234.50" with exactly Scale() decimals, no grouping.
  std::string ToString() const;

  // Numeric comparison, whatever the scales.
  friend bool operator==(const Decimal& a, const Decimal& b);
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);

 private:
  constexpr Decimal(int64_t units, int scale) : units_(units), scale_(scale) {}

  int64_t units_ = 0;
  int scale_ = 0;
};

struct ParsedDecimal {
  Decimal value;
  // The decimal style this text proves ("52,44" proves kCommaDecimal, "39.99" kDotDecimal,
  // "1,234.56" kDotDecimal); kUnknown when it proves nothing ("12", "-3").
  DecimalStyle proves = DecimalStyle::kUnknown;
};

// Parses "39.99", "-3.96", "+5", "52,44", "0,00", "1.234,56", "1,234.56", "1 234,56" is refused.
// Surrounding ASCII spaces are ignored; a leading '+' or '-' is the sign.
// `style` is the file's decimal style when known: then "1.234" is 1234 in a comma-decimal file and
// 1.234 in a dot-decimal one. With kUnknown, a single separator followed by exactly three digits
// ("1.234", "1,234") is ambiguous and refused: a guess there can be wrong by a factor of 1000.
// On failure: kInvalidArgument with a reason; `*error_offset`, when given, is set to the 0-based
// offset in `text` of the character at fault.
Result<ParsedDecimal> ParseDecimal(std::string_view text, DecimalStyle style,
                                   std::size_t* error_offset = nullptr);

}  // namespace fbaflow
