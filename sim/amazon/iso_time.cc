#include "sim/amazon/iso_time.h"

#include <cstdio>

#include "core/time/civil.h"

namespace fbaflow::sim {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

struct Fields {
  CivilDate date;
  int hour, minute, second, millis;
  int weekday;  // 0 = Sunday
};

Fields Split(SimMillis t) {
  const int64_t days = FloorDiv(t, kDay);
  const int64_t rest = t - days * kDay;
  Fields f{};
  f.date = CivilDate::FromDaysSinceEpoch(days);
  f.hour = static_cast<int>(rest / kHour);
  f.minute = static_cast<int>(rest % kHour / kMinute);
  f.second = static_cast<int>(rest % kMinute / kSecond);
  f.millis = static_cast<int>(rest % kSecond);
  f.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  return f;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

Status Bad(std::string_view text, std::string_view why) {
  return InvalidArgument("'" + std::string(text) +
                         "' is not an ISO 8601 date-time: " + std::string(why));
}

}  // namespace

std::string FormatIso(SimMillis t) {
  const Fields f = Split(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", f.date.year, f.date.month,
                f.date.day, f.hour, f.minute, f.second);
  return buf;
}

std::string FormatIsoMillis(SimMillis t) {
  const Fields f = Split(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", f.date.year, f.date.month,
                f.date.day, f.hour, f.minute, f.second, f.millis);
  return buf;
}

std::string FormatHttpDate(SimMillis t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Fields f = Split(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[f.weekday],
                f.date.day, kMonths[f.date.month - 1], f.date.year, f.hour, f.minute, f.second);
  return buf;
}

Result<SimMillis> ParseIso(std::string_view text) {
  CivilDate date;
  if (text.size() < 10 || !Digits(text, 0, 4, &date.year) || text[4] != '-' ||
      !Digits(text, 5, 2, &date.month) || text[7] != '-' || !Digits(text, 8, 2, &date.day)) {
    return Bad(text, "expected YYYY-MM-DD at the start");
  }
  if (!date.IsValid()) return Bad(text, "no such calendar date");
  int hour = 0, minute = 0, second = 0, millis = 0, offset = 0;
  size_t pos = 10;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')
      return Bad(text, "expected 'T' after the date");
    ++pos;
    if (!Digits(text, pos, 2, &hour) || pos + 2 >= text.size() || text[pos + 2] != ':' ||
        !Digits(text, pos + 3, 2, &minute)) {
      return Bad(text, "expected HH:MM after 'T'");
    }
    pos += 5;
    if (pos < text.size() && text[pos] == ':') {
      if (!Digits(text, pos + 1, 2, &second)) return Bad(text, "expected seconds after ':'");
      pos += 3;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        int scale = 100;
        const size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          millis += (text[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return Bad(text, "expected digits after the decimal point");
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return Bad(text, "time of day out of range");
    if (pos < text.size()) {
      const char c = text[pos];
      if ((c == 'Z' || c == 'z') && pos + 1 == text.size()) {
        pos = text.size();
      } else if (c == '+' || c == '-') {
        int oh = 0, om = 0;
        if (!Digits(text, pos + 1, 2, &oh)) return Bad(text, "expected an offset like +01:00");
        size_t p = pos + 3;
        if (p < text.size() && text[p] == ':') ++p;
        if (!Digits(text, p, 2, &om) || p + 2 != text.size())
          return Bad(text, "expected an offset like +01:00");
        offset = (oh * 60 + om) * (c == '-' ? -1 : 1);
        pos = text.size();
      } else {
        return Bad(text, "unexpected text after the time");
      }
    }
  }
  if (pos != text.size() && pos != 10) return Bad(text, "unexpected trailing text");
  const Timestamp ts = MakeTimestamp(date, hour, minute, second, offset);
  return ts.utc_seconds * kSecond + millis;
}

}  // namespace fbaflow::sim
