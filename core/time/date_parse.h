#pragma once
// Parsing the dates Amazon prints in settlement reports, in every marketplace's style:
//   US / ISO date      2024-10-09 14:28:38 UTC   2024-10-18
//   UK / EU dotted     15.11.2024 08:59:45 UTC   15.11.2024
//   ISO-8601, offset   2025-09-11T22:07:19+00:00  ...Z  ...-07:00  ...+0900  (fractions ignored)
//   JP slashed         2024/10/18 14:28:38 JST   2024/10/18
// The time may be followed by a zone abbreviation (UTC GMT Z, BST, CET CEST, EET EEST, PST PDT
// MST MDT CST CDT EST EDT, JST KST IST(India) SGT AEST AEDT, ...), a numeric offset, or nothing
// (read as UTC). A date without a time is midnight in UTC.
//
// The result keeps the calendar date exactly as written (a row posted "2025-09-30T23:30:00-07:00"
// is dated 30 September) and the instant, so both "which month's books" and "which came first"
// can be answered. Pure and allocation-free on success; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/time/civil.h"

namespace fbaflow {

enum class DateLayout : unsigned char {
  kYmdDash,   // 2024-10-18
  kDmyDot,    // 15.11.2024
  kYmdSlash,  // 2024/10/18
};

enum class ZoneForm : unsigned char {
  kNone,          // no zone written: UTC assumed
  kAbbreviation,  // "UTC", "PST", ...
  kZulu,          // "Z"
  kOffset,        // "+01:00", "-0700", "+09"
};

// How a date was written; two values are equal when the texts share one format.
struct DateStyle {
  DateLayout layout = DateLayout::kYmdDash;
  bool has_time = false;
  char time_separator = ' ';  // ' ' or 'T'
  bool fraction = false;      // seconds carried a fraction (".123")
  ZoneForm zone = ZoneForm::kNone;
  bool zone_space = false;             // a space separates the time from the zone
  std::string_view zone_abbreviation;  // "UTC", "PST", ... (static storage) for kAbbreviation
  unsigned char offset_digits = 0;     // kOffset: 2 ("+09"), 4 ("+0900") or 5 ("+09:00", colon)

  // A pattern naming the format: "DD.MM.YYYY HH:MM:SS UTC", "YYYY-MM-DDTHH:MM:SS+HH:MM",
  // "YYYY-MM-DD", "YYYY/MM/DD HH:MM:SS JST".
  std::string Name() const;

  friend bool operator==(const DateStyle&, const DateStyle&) = default;
};

struct ParsedDate {
  CivilDate date;  // the calendar date as written, in the writer's own offset
  Timestamp time;  // the instant; its offset_minutes is the writer's offset
  DateStyle style;
};

// Parses one date or date-time. Leading and trailing ASCII spaces are ignored.
// Errors (kInvalidArgument) say what is wrong ("day 31 is past the end of February 2024",
// "hour 25 is out of range", "unknown time zone 'XYZ'"); `error_offset`, when given, receives the
// 0-based offset in `text` of the part at fault.
Result<ParsedDate> ParseDate(std::string_view text, std::size_t* error_offset = nullptr);

// The UTC offset in minutes of a zone abbreviation ("UTC" 0, "PDT" -420, "JST" 540); false when
// the abbreviation is not one fbaflow knows (ambiguous ones such as "CST" in China are read the
// North American way, as Amazon's US reports use them).
bool ZoneAbbreviationOffset(std::string_view abbreviation, int* offset_minutes);

}  // namespace fbaflow
