#pragma once
// Calendar dates and instants, without time zones databases or clocks (the core never reads one).
//
// CivilDate is a proleptic Gregorian date. Timestamp is an instant (UTC seconds) plus the UTC
// offset it was written with, so the calendar date the source printed can be recovered: a
// settlement row posted "2025-09-30T23:30:00-07:00" belongs to September in its own books.

#include <compare>
#include <cstdint>
#include <string>

namespace fbaflow {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..DaysInMonth

  // Days since 1970-01-01 (negative before).
  int64_t DaysSinceEpoch() const;
  static CivilDate FromDaysSinceEpoch(int64_t days);

  // A month as one integer (year * 12 + month - 1): consecutive months differ by one.
  int MonthIndex() const { return year * 12 + month - 1; }
  CivilDate LastDayOfMonth() const;
  bool IsValid() const;

  std::string ToString() const;     // "2024-11-15"
  std::string MonthString() const;  // "2024-11"

  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

int DaysInMonth(int year, int month);

struct Timestamp {
  int64_t utc_seconds = 0;  // seconds since 1970-01-01T00:00:00Z
  int offset_minutes = 0;   // the offset the text was written in (+60 for +01:00)

  // The calendar date in the writer's own offset.
  CivilDate LocalDate() const;
  // The calendar date in UTC.
  CivilDate UtcDate() const;
  // "2024-11-15T08:59:45Z", or with the original offset: "2024-11-15T01:59:45-07:00".
  std::string ToIso8601() const;

  friend bool operator==(const Timestamp& a, const Timestamp& b) {
    return a.utc_seconds == b.utc_seconds;
  }
  friend auto operator<=>(const Timestamp& a, const Timestamp& b) {
    return a.utc_seconds <=> b.utc_seconds;
  }
};

// The instant of local wall-clock fields written at `offset_minutes` from UTC.
Timestamp MakeTimestamp(const CivilDate& date, int hour, int minute, int second,
                        int offset_minutes);

}  // namespace fbaflow
