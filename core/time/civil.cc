#include "core/time/civil.h"

#include <cstdio>

namespace fbaflow {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool CivilDate::IsValid() const {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int64_t CivilDate::DaysSinceEpoch() const {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilDate::FromDaysSinceEpoch(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

CivilDate CivilDate::LastDayOfMonth() const { return {year, month, DaysInMonth(year, month)}; }

std::string CivilDate::ToString() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string CivilDate::MonthString() const {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

Timestamp MakeTimestamp(const CivilDate& date, int hour, int minute, int second,
                        int offset_minutes) {
  const int64_t local = date.DaysSinceEpoch() * 86400 + hour * 3600 + minute * 60 + second;
  return {local - static_cast<int64_t>(offset_minutes) * 60, offset_minutes};
}

CivilDate Timestamp::LocalDate() const {
  return CivilDate::FromDaysSinceEpoch(FloorDiv(utc_seconds + int64_t{offset_minutes} * 60, 86400));
}

CivilDate Timestamp::UtcDate() const {
  return CivilDate::FromDaysSinceEpoch(FloorDiv(utc_seconds, 86400));
}

std::string Timestamp::ToIso8601() const {
  const int64_t local = utc_seconds + int64_t{offset_minutes} * 60;
  const int64_t days = FloorDiv(local, 86400);
  const int64_t secs = local - days * 86400;
  const CivilDate d = CivilDate::FromDaysSinceEpoch(days);
  char buf[64];
  if (offset_minutes == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                  static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60));
  } else {
    const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month,
                  d.day, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60), offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  }
  return buf;
}

}  // namespace fbaflow
