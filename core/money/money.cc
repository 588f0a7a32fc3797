#include "core/money/money.h"

#include <stdexcept>

namespace fbaflow {

Result<Money> Money::FromDecimal(const Decimal& value, Currency currency, Rounding rounding) {
  auto scaled = value.Rescale(currency.MinorUnits(), rounding);
  if (!scaled.Ok()) {
    return InvalidArgument(scaled.GetStatus().Message() + " (" + std::string(currency.Code()) +
                           " has " + std::to_string(currency.MinorUnits()) + ")");
  }
  return Money(scaled->Units(), currency);
}

Decimal Money::ToDecimal() const { return *Decimal::FromUnits(minor_, currency_.MinorUnits()); }

void Money::CheckSameCurrency(const Money& other) const {
  if (!(currency_ == other.currency_)) {
    throw std::invalid_argument("money in " + std::string(currency_.Code()) + " combined with " +
                                std::string(other.currency_.Code()));
  }
}

Money Money::operator-() const {
  if (minor_ == INT64_MIN) throw std::overflow_error("money negation overflows");
  return Money(-minor_, currency_);
}

Money Money::operator+(const Money& other) const {
  CheckSameCurrency(other);
  int64_t out = 0;
  if (__builtin_add_overflow(minor_, other.minor_, &out))
    throw std::overflow_error("money sum overflows");
  return Money(out, currency_);
}

Money Money::operator-(const Money& other) const {
  CheckSameCurrency(other);
  int64_t out = 0;
  if (__builtin_sub_overflow(minor_, other.minor_, &out)) {
    throw std::overflow_error("money difference overflows");
  }
  return Money(out, currency_);
}

std::strong_ordering operator<=>(const Money& a, const Money& b) {
  a.CheckSameCurrency(b);
  return a.minor_ <=> b.minor_;
}

std::string Money::ToString() const { return ToDecimal().ToString(); }

Result<Money> ParseMoney(std::string_view text, Currency currency, DecimalStyle style,
                         std::size_t* error_offset, DecimalStyle* proves) {
  auto parsed = ParseDecimal(text, style, error_offset);
  if (!parsed.Ok()) return parsed.GetStatus();
  if (proves != nullptr) *proves = parsed->proves;
  auto money = Money::FromDecimal(parsed->value, currency, Rounding::kExact);
  if (!money.Ok() && error_offset != nullptr) *error_offset = text.size() - 1;
  return money;
}

}  // namespace fbaflow
