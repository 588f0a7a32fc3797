#pragma once
// The settlement reader's fast path for amounts: the shape nearly every amount has once the
// file's decimal style is known ("-3.96", "52,44", "1234"). Anything else is left to ParseMoney,
// which this agrees with on every input it accepts (property-tested in fast_amount_test.cc).

#include <cstdint>
#include <string_view>

namespace fbaflow::settlement {

// Reads -?digits(separator digits)? with 1..15 integer digits and at most `minor_units` decimals
// into minor units. Returns false, leaving *minor untouched, for any other text.
bool FastMinorUnits(std::string_view text, char separator, int minor_units, int64_t* minor);

}  // namespace fbaflow::settlement
