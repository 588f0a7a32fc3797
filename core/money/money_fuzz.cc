// libFuzzer target for ParseDecimal and ParseMoney (build with the `fuzz` preset; replayed over its
// checked-in corpus by CTest in every test build). Checks, on every input:
//   - no crash, exception, hang or undefined behaviour (the sanitizers);
//   - a value that parses prints back to text that parses to the same value (dot style);
//   - the style a text proves is one the parse would accept again under that style;
//   - ParseMoney agrees with ParseDecimal + Money::FromDecimal;
//   - a failure names the offset of the character at fault, within the text.
// Byte 0 picks the decimal style and the currency; the rest is the text.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/money/decimal.h"
#include "core/money/money.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view text) {
  std::fprintf(stderr, "money_fuzz invariant broken: %s: '%.*s'\n", what,
               static_cast<int>(text.size()), text.data());
  std::abort();
}

constexpr std::string_view kCurrencies[] = {"USD", "GBP", "EUR", "JPY", "CAD", "KWD"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fbaflow;
  if (size < 1) return 0;
  const auto style = static_cast<DecimalStyle>(data[0] % 3);
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::size_t offset = text.size() + 1;
  const Result<ParsedDecimal> parsed = ParseDecimal(text, style, &offset);
  if (!parsed.Ok()) {
    if (offset > text.size()) Fail("error offset outside the text", text);
  } else {
    const std::string printed = parsed->value.ToString();
    const Result<ParsedDecimal> again = ParseDecimal(printed, DecimalStyle::kDotDecimal);
    if (!again.Ok() || !(again->value == parsed->value))
      Fail("printed value does not reparse", text);
    if (parsed->proves != DecimalStyle::kUnknown) {
      const Result<ParsedDecimal> proved = ParseDecimal(text, parsed->proves);
      if (!proved.Ok() || !(proved->value == parsed->value)) Fail("proved style disagrees", text);
    }
    for (int scale = 0; scale <= Decimal::kMaxScale; scale += 3) {
      (void)parsed->value.Rescale(scale, Rounding::kHalfEven);
      (void)parsed->value.Rescale(scale, Rounding::kExact);
    }
  }

  const std::string_view code = kCurrencies[(data[0] / 3) % std::size(kCurrencies)];
  const Result<Currency> currency = Currency::FromCode(code);
  if (!currency.Ok()) Fail("built-in currency refused", code);
  const Result<Money> money = ParseMoney(text, *currency, style);
  if (parsed.Ok()) {
    const Result<Money> expected = Money::FromDecimal(parsed->value, *currency);
    if (money.Ok() != expected.Ok()) Fail("ParseMoney and FromDecimal disagree", text);
    if (money.Ok() && !(*money == *expected)) Fail("ParseMoney and FromDecimal differ", text);
    if (money.Ok() && !(money->ToDecimal() == parsed->value))
      Fail("ToDecimal loses the value", text);
  } else if (money.Ok()) {
    Fail("ParseMoney accepts what ParseDecimal refuses", text);
  }
  return 0;
}
