#include "core/money/decimal.h"

#include <array>
#include <limits>

namespace fbaflow {
namespace {

constexpr std::array<int64_t, 19> kPow10 = {1,
                                            10,
                                            100,
                                            1000,
                                            10000,
                                            100000,
                                            1000000,
                                            10000000,
                                            100000000,
                                            1000000000,
                                            10000000000,
                                            100000000000,
                                            1000000000000,
                                            10000000000000,
                                            100000000000000,
                                            1000000000000000,
                                            10000000000000000,
                                            100000000000000000,
                                            1000000000000000000};

__extension__ using Int128 = __int128;  // exact comparison across scales

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status ParseError(std::size_t* error_offset, std::size_t offset, std::string reason) {
  if (error_offset != nullptr) *error_offset = offset;
  return InvalidArgument(std::move(reason));
}

// Rounds units / 10^drop half to even.
int64_t DivideHalfEven(int64_t units, int drop) {
  const int64_t div = kPow10[static_cast<std::size_t>(drop)];
  int64_t q = units / div;
  const int64_t r = units % div;               // same sign as units
  const int64_t twice = (r < 0 ? -r : r) * 2;  // |r| < div <= 1e18, so 2|r| < 2^63
  if (twice > div || (twice == div && (q % 2 != 0))) q += (units < 0 ? -1 : 1);
  return q;
}

}  // namespace

std::string_view DecimalStyleName(DecimalStyle style) {
  switch (style) {
    case DecimalStyle::kDotDecimal:
      return "dot";
    case DecimalStyle::kCommaDecimal:
      return "comma";
    case DecimalStyle::kUnknown:
      break;
  }
  return "unknown";
}

Result<Decimal> Decimal::FromUnits(int64_t units, int scale) {
  if (scale < 0 || scale > kMaxScale) {
    return InvalidArgument("decimal scale " + std::to_string(scale) + " is outside 0..18");
  }
  return Decimal(units, scale);
}

Result<Decimal> Decimal::Rescale(int scale, Rounding rounding) const {
  if (scale < 0 || scale > kMaxScale) {
    return InvalidArgument("decimal scale " + std::to_string(scale) + " is outside 0..18");
  }
  if (scale >= scale_) {
    int64_t out = 0;
    if (__builtin_mul_overflow(units_, kPow10[static_cast<std::size_t>(scale - scale_)], &out)) {
      return InvalidArgument("decimal " + ToString() + " overflows at scale " +
                             std::to_string(scale));
    }
    return Decimal(out, scale);
  }
  const int drop = scale_ - scale;
  if (units_ % kPow10[static_cast<std::size_t>(drop)] == 0) {
    return Decimal(units_ / kPow10[static_cast<std::size_t>(drop)], scale);
  }
  if (rounding == Rounding::kExact) {
    return InvalidArgument(ToString() + " has more than " + std::to_string(scale) +
                           " decimal places");
  }
  return Decimal(DivideHalfEven(units_, drop), scale);
}

std::string Decimal::ToString() const {
  // Work on the magnitude as unsigned so INT64_MIN prints correctly.
  const bool negative = units_ < 0;
  const uint64_t mag =
      negative ? (~static_cast<uint64_t>(units_) + 1) : static_cast<uint64_t>(units_);
  std::string digits = std::to_string(mag);
  const auto scale = static_cast<std::size_t>(scale_);
  if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
  if (scale > 0) digits.insert(digits.size() - scale, 1, '.');
  if (negative) digits.insert(0, 1, '-');
  return digits;
}

bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  // Compare at the larger scale with 128-bit arithmetic, which cannot overflow here.
  const int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  const Int128 x =
      static_cast<Int128>(a.units_) * kPow10[static_cast<std::size_t>(scale - a.scale_)];
  const Int128 y =
      static_cast<Int128>(b.units_) * kPow10[static_cast<std::size_t>(scale - b.scale_)];
  if (x < y) return std::strong_ordering::less;
  if (x > y) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

Result<ParsedDecimal> ParseDecimal(std::string_view text, DecimalStyle style,
                                   std::size_t* error_offset) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && text[begin] == ' ') ++begin;
  while (end > begin && text[end - 1] == ' ') --end;
  if (begin == end) return ParseError(error_offset, begin, "empty amount");

  bool negative = false;
  if (text[begin] == '-' || text[begin] == '+') {
    negative = text[begin] == '-';
    ++begin;
    if (begin == end) return ParseError(error_offset, begin, "a sign with no digits");
  }

  // One pass to find the separators and reject anything that is not a digit or separator.
  std::size_t dots = 0, commas = 0, last_dot = 0, last_comma = 0, digits = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const char c = text[i];
    if (IsDigit(c)) {
      ++digits;
    } else if (c == '.') {
      ++dots;
      last_dot = i;
    } else if (c == ',') {
      ++commas;
      last_comma = i;
    } else {
      std::string shown =
          (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f)
              ? std::string("'") + c + "'"
              : "byte " + std::to_string(static_cast<unsigned char>(c));
      return ParseError(error_offset, i, "unexpected character " + shown + " in amount");
    }
  }
  if (digits == 0) return ParseError(error_offset, begin, "no digits in amount");

  // Decide which separator (if any) is the decimal point; the other one groups thousands.
  char decimal_sep = 0;
  char group_sep = 0;
  DecimalStyle proves = DecimalStyle::kUnknown;
  const char style_decimal = style == DecimalStyle::kDotDecimal     ? '.'
                             : style == DecimalStyle::kCommaDecimal ? ','
                                                                    : 0;
  if (dots > 0 && commas > 0) {
    decimal_sep = last_dot > last_comma ? '.' : ',';
    group_sep = decimal_sep == '.' ? ',' : '.';
    if ((decimal_sep == '.' ? dots : commas) > 1) {
      const std::size_t at = decimal_sep == '.' ? last_dot : last_comma;
      return ParseError(
          error_offset, at,
          std::string("decimal separator '") + decimal_sep + "' appears more than once");
    }
    if (style_decimal != 0 && decimal_sep != style_decimal) {
      const std::size_t at = decimal_sep == '.' ? last_dot : last_comma;
      return ParseError(error_offset, at,
                        std::string("decimal separator '") + decimal_sep +
                            "' conflicts with the file's " + std::string(DecimalStyleName(style)) +
                            "-decimal amounts");
    }
  } else if (dots + commas > 0) {
    const char sep = dots > 0 ? '.' : ',';
    const std::size_t count = dots + commas;
    const std::size_t at = dots > 0 ? last_dot : last_comma;
    if (style_decimal != 0) {
      if (sep == style_decimal) {
        if (count > 1) {
          return ParseError(error_offset, at,
                            std::string("decimal separator '") + sep + "' appears more than once");
        }
        decimal_sep = sep;
      } else {
        group_sep = sep;
      }
    } else if (count > 1) {
      group_sep = sep;
    } else {
      const std::size_t after = end - at - 1;
      const std::string_view int_part = text.substr(begin, at - begin);
      const bool cannot_group = int_part.empty() || int_part.size() > 3 || int_part[0] == '0';
      if (after != 3 || cannot_group) {
        decimal_sep = sep;
      } else {
        return ParseError(error_offset, at,
                          "ambiguous amount '" + std::string(text.substr(begin, end - begin)) +
                              "': '" + sep +
                              "' could be a decimal or a thousands separator and "
                              "the file's decimal style is not known");
      }
    }
  }
  if (decimal_sep != 0) {
    proves = decimal_sep == '.' ? DecimalStyle::kDotDecimal : DecimalStyle::kCommaDecimal;
  } else if (group_sep != 0) {
    proves = group_sep == '.' ? DecimalStyle::kCommaDecimal : DecimalStyle::kDotDecimal;
  }

  // Second pass: accumulate digits, checking thousands groups of exactly three.
  int64_t units = 0;
  int scale = 0;
  bool in_fraction = false;
  std::size_t group_len = 0;
  bool seen_group = false;
  for (std::size_t i = begin; i < end; ++i) {
    const char c = text[i];
    if (IsDigit(c)) {
      if (in_fraction) {
        ++scale;
        if (scale > Decimal::kMaxScale) {
          return ParseError(error_offset, i, "more than 18 decimal places");
        }
      } else {
        ++group_len;
      }
      if (__builtin_mul_overflow(units, 10, &units) ||
          __builtin_add_overflow(units, c - '0', &units)) {
        return ParseError(error_offset, begin, "amount is too large");
      }
    } else if (c == group_sep) {
      if (in_fraction) {
        return ParseError(
            error_offset, i,
            std::string("thousands separator '") + c + "' after the decimal separator");
      }
      if (group_len == 0 || (seen_group ? group_len != 3 : group_len > 3)) {
        return ParseError(
            error_offset, i,
            std::string("'") + c + "' is not followed or preceded by groups of three digits");
      }
      if (!seen_group && text[begin] == '0') {
        return ParseError(error_offset, begin, "a thousands group cannot start with 0");
      }
      seen_group = true;
      group_len = 0;
    } else {  // decimal separator
      if (seen_group && group_len != 3) {
        return ParseError(error_offset, i, "thousands groups must have three digits");
      }
      in_fraction = true;
    }
  }
  if (seen_group && !in_fraction && group_len != 3) {
    return ParseError(error_offset, end - 1,
                      std::string("'") + group_sep + "' is not followed by groups of three digits");
  }
  if (in_fraction && scale == 0) {
    return ParseError(error_offset, end - 1, "no digits after the decimal separator");
  }
  ParsedDecimal out;
  out.value = *Decimal::FromUnits(negative ? -units : units, scale);
  out.proves = proves;
  return out;
}

}  // namespace fbaflow
