#include "core/time/date_parse.h"

#include <array>

namespace fbaflow {
namespace {

struct Zone {
  std::string_view name;
  int offset_minutes;
};

// Abbreviations as Amazon and common exporters print them. Ambiguous ones are read the way the
// marketplace that prints them means them: CST is US Central (not China), IST is India (amazon.in),
// GST is Gulf (amazon.ae).
constexpr Zone kZones[] = {
    {"UTC", 0},     {"GMT", 0},     {"UT", 0},     {"WET", 0},    {"WEST", 60},  {"BST", 60},
    {"CET", 60},    {"MET", 60},    {"CEST", 120}, {"MEST", 120}, {"EET", 120},  {"EEST", 180},
    {"MSK", 180},   {"TRT", 180},   {"GST", 240},  {"IST", 330},  {"SGT", 480},  {"HKT", 480},
    {"AWST", 480},  {"JST", 540},   {"KST", 540},  {"ACST", 570}, {"ACDT", 630}, {"AEST", 600},
    {"AEDT", 660},  {"NZST", 720},  {"NZDT", 780}, {"BRT", -180}, {"EST", -300}, {"EDT", -240},
    {"CST", -360},  {"CDT", -300},  {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420},
    {"AKST", -540}, {"AKDT", -480},
};

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

constexpr std::string_view kExpected =
    "expected a date such as 2024-10-18, 15.11.2024 08:59:45 UTC or 2025-09-11T22:07:19+00:00";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

Status Fail(std::size_t* error_offset, std::size_t at, std::string reason) {
  if (error_offset != nullptr) *error_offset = at;
  return InvalidArgument(std::move(reason));
}

// Reads `count` digits at s[at..]; false (with *bad at the first non-digit) when one is not.
bool ReadDigits(std::string_view s, std::size_t at, int count, int* value, std::size_t* bad) {
  int v = 0;
  for (int k = 0; k < count; ++k) {
    const std::size_t i = at + static_cast<std::size_t>(k);
    if (i >= s.size() || !IsDigit(s[i])) {
      *bad = i;
      return false;
    }
    v = v * 10 + (s[i] - '0');
  }
  *value = v;
  return true;
}

}  // namespace

bool ZoneAbbreviationOffset(std::string_view abbreviation, int* offset_minutes) {
  for (const Zone& z : kZones) {
    if (z.name == abbreviation) {
      *offset_minutes = z.offset_minutes;
      return true;
    }
  }
  return false;
}

std::string DateStyle::Name() const {
  std::string out;
  switch (layout) {
    case DateLayout::kYmdDash:
      out = "YYYY-MM-DD";
      break;
    case DateLayout::kDmyDot:
      out = "DD.MM.YYYY";
      break;
    case DateLayout::kYmdSlash:
      out = "YYYY/MM/DD";
      break;
  }
  if (!has_time) return out;
  out += time_separator;
  out += "HH:MM:SS";
  if (fraction) out += ".sss";
  if (zone != ZoneForm::kNone && zone_space) out += ' ';
  switch (zone) {
    case ZoneForm::kNone:
      break;
    case ZoneForm::kAbbreviation:
      out += zone_abbreviation;
      break;
    case ZoneForm::kZulu:
      out += 'Z';
      break;
    case ZoneForm::kOffset:
      out += offset_digits == 2 ? "+HH" : offset_digits == 4 ? "+HHMM" : "+HH:MM";
      break;
  }
  return out;
}

Result<ParsedDate> ParseDate(std::string_view text, std::size_t* error_offset) {
  std::size_t i = 0;
  std::size_t n = text.size();
  while (i < n && text[i] == ' ') ++i;
  while (n > i && text[n - 1] == ' ') --n;
  const std::string_view s = text.substr(0, n);  // offsets stay those of `text`
  if (i == n) return Fail(error_offset, i, "empty date");
  if (n - i < 10) return Fail(error_offset, i, std::string(kExpected));

  ParsedDate out;
  DateStyle& style = out.style;
  std::size_t year_at = i, month_at = i + 5, day_at = i + 8;
  if (s[i + 4] == '-' && s[i + 7] == '-') {
    style.layout = DateLayout::kYmdDash;
  } else if (s[i + 4] == '/' && s[i + 7] == '/') {
    style.layout = DateLayout::kYmdSlash;
  } else if (s[i + 2] == '.' && s[i + 5] == '.') {
    style.layout = DateLayout::kDmyDot;
    day_at = i;
    month_at = i + 3;
    year_at = i + 6;
  } else {
    return Fail(error_offset, i, std::string(kExpected));
  }
  int year = 0, month = 0, day = 0;
  std::size_t bad = 0;
  if (!ReadDigits(s, year_at, 4, &year, &bad) || !ReadDigits(s, month_at, 2, &month, &bad) ||
      !ReadDigits(s, day_at, 2, &day, &bad)) {
    return Fail(error_offset, bad, std::string(kExpected));
  }
  if (year < 1) return Fail(error_offset, year_at, "year 0000 is out of range");
  if (month < 1 || month > 12) {
    return Fail(error_offset, month_at, "month " + std::to_string(month) + " is out of range");
  }
  if (day < 1 || day > DaysInMonth(year, month)) {
    return Fail(error_offset, day_at,
                "day " + std::to_string(day) + " does not exist in " +
                    std::string(kMonthNames[static_cast<std::size_t>(month - 1)]) + " " +
                    std::to_string(year));
  }
  out.date = CivilDate{year, month, day};
  i += 10;
  if (i == n) {
    out.time = MakeTimestamp(out.date, 0, 0, 0, 0);
    return out;
  }

  if (s[i] != ' ' && s[i] != 'T') {
    return Fail(error_offset, i, "unexpected text after the date; " + std::string(kExpected));
  }
  style.has_time = true;
  style.time_separator = s[i];
  ++i;
  int hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, i, 2, &hour, &bad) || i + 2 >= n || s[i + 2] != ':' ||
      !ReadDigits(s, i + 3, 2, &minute, &bad) || i + 5 >= n || s[i + 5] != ':' ||
      !ReadDigits(s, i + 6, 2, &second, &bad)) {
    return Fail(error_offset, i, "expected a time as HH:MM:SS after the date");
  }
  if (hour > 23) return Fail(error_offset, i, "hour " + std::to_string(hour) + " is out of range");
  if (minute > 59) {
    return Fail(error_offset, i + 3, "minute " + std::to_string(minute) + " is out of range");
  }
  if (second > 59) {
    return Fail(error_offset, i + 6, "second " + std::to_string(second) + " is out of range");
  }
  i += 8;
  if (i < n && s[i] == '.') {
    const std::size_t dot = i++;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == dot + 1) return Fail(error_offset, dot, "no digits after the '.' in the seconds");
    style.fraction = true;  // sub-second precision does not matter to a settlement
  }

  int offset = 0;
  if (i < n) {
    if (s[i] == ' ') {
      style.zone_space = true;
      ++i;  // trailing spaces were trimmed, so something follows
    }
    const std::size_t zone_at = i;
    if (s[i] == 'Z' && i + 1 == n) {
      style.zone = ZoneForm::kZulu;
      i = n;
    } else if (s[i] == '+' || s[i] == '-') {
      const int sign = s[i] == '-' ? -1 : 1;
      int oh = 0, om = 0;
      ++i;
      if (!ReadDigits(s, i, 2, &oh, &bad)) {
        return Fail(error_offset, zone_at, "expected a UTC offset such as +01:00");
      }
      i += 2;
      style.offset_digits = 2;
      if (i < n) {
        if (s[i] == ':') {
          ++i;
          style.offset_digits = 5;
        } else {
          style.offset_digits = 4;
        }
        if (!ReadDigits(s, i, 2, &om, &bad)) {
          return Fail(error_offset, zone_at, "expected a UTC offset such as +01:00");
        }
        i += 2;
      }
      if (oh > 14 || om > 59 || oh * 60 + om > 14 * 60) {
        return Fail(error_offset, zone_at, "UTC offset is out of range (at most 14 hours)");
      }
      style.zone = ZoneForm::kOffset;
      offset = sign * (oh * 60 + om);
    } else if (IsAlpha(s[i])) {
      while (i < n && IsAlpha(s[i])) ++i;
      const std::string_view name = s.substr(zone_at, i - zone_at);
      const Zone* found = nullptr;
      for (const Zone& z : kZones) {
        if (z.name == name) found = &z;
      }
      if (found == nullptr) {
        return Fail(error_offset, zone_at, "unknown time zone '" + std::string(name) + "'");
      }
      style.zone = ZoneForm::kAbbreviation;
      style.zone_abbreviation = found->name;
      offset = found->offset_minutes;
    } else {
      return Fail(error_offset, zone_at, "unexpected text after the time");
    }
    if (i != n) return Fail(error_offset, i, "unexpected text after the time zone");
  }
  out.time = MakeTimestamp(out.date, hour, minute, second, offset);
  return out;
}

}  // namespace fbaflow
