#include "core/settlement/fast_amount.h"

namespace fbaflow::settlement {

bool FastMinorUnits(std::string_view text, char separator, int minor_units, int64_t* minor) {
  if (minor_units < 0 || minor_units > 3) return false;  // no currency has more; keeps 18 digits
  const char* p = text.data();
  const char* const end = p + text.size();
  bool negative = false;
  if (p < end && *p == '-') {
    negative = true;
    ++p;
  }
  int64_t value = 0;
  int digits = 0;
  for (; p < end && *p >= '0' && *p <= '9'; ++p) {
    if (++digits > 15) return false;
    value = value * 10 + (*p - '0');
  }
  if (digits == 0) return false;
  int decimals = 0;
  if (p < end) {
    if (*p != separator) return false;
    for (++p; p < end && *p >= '0' && *p <= '9'; ++p) {
      if (++decimals > minor_units) return false;
      value = value * 10 + (*p - '0');
    }
    if (decimals == 0 || p != end) return false;
  }
  for (; decimals < minor_units; ++decimals) value *= 10;
  *minor = negative ? -value : value;
  return true;
}

}  // namespace fbaflow::settlement
