#include "core/time/timestamp_parse.h"

#include <string>

#include "core/time/date_parse.h"

namespace fbaflow {

namespace {

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// The ISO-8601 reader; `zone_required` is what sets kStrict apart.
Result<Timestamp> ParseIso(std::string_view s, bool zone_required) {
  auto bad = [&s](std::string_view why) {
    return InvalidArgument("'" + std::string(s) + "' is not an ISO-8601 date-time (" +
                           std::string(why) + ")");
  };
  CivilDate date;
  if (!Digits(s, 0, 4, &date.year) || s.size() < 10 || s[4] != '-' || s[7] != '-' ||
      !Digits(s, 5, 2, &date.month) || !Digits(s, 8, 2, &date.day)) {
    return bad("date");
  }
  if (!date.IsValid()) return bad("no such date");
  if (s.size() == 10) return MakeTimestamp(date, 0, 0, 0, 0);
  int hour = 0;
  int minute = 0;
  int second = 0;
  if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, &hour) || s.size() < 16 ||
      s[13] != ':' || !Digits(s, 14, 2, &minute)) {
    return bad("time");
  }
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, pos + 1, 2, &second)) return bad("seconds");
    pos += 3;
  }
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return bad("fraction");
  }
  if (hour > 23 || minute > 59 || second > 60) return bad("time out of range");
  if (second == 60) second = 59;  // a leap second reads as the second before it
  int offset = 0;
  if (pos == s.size()) {
    if (zone_required) return bad("no UTC offset");
    return MakeTimestamp(date, hour, minute, second, 0);
  }
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    int oh = 0;
    int om = 0;
    if (!Digits(s, pos + 1, 2, &oh)) return bad("offset");
    pos += 3;
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (!Digits(s, pos, 2, &om)) return bad("offset");
    pos += 2;
    if (oh > 23 || om > 59) return bad("offset out of range");
    offset = sign * (oh * 60 + om);
  } else {
    return bad("offset");
  }
  if (pos != s.size()) return bad("trailing text");
  return MakeTimestamp(date, hour, minute, second, offset);
}

}  // namespace

Result<Timestamp> ParseTimestamp(std::string_view text, TimeTextMode mode) {
  if (mode == TimeTextMode::kStrict) return ParseIso(text, /*zone_required=*/true);
  auto iso = ParseIso(text, /*zone_required=*/false);
  if (iso.Ok()) return iso;
  auto printed = ParseDate(text);
  if (printed.Ok()) return printed->time;
  return InvalidArgument("'" + std::string(text) +
                         "' is not a time: use 2026-01-05, 2026-01-05 10:00:00, "
                         "2026-01-05T10:00:00Z or 2026-01-05T10:00:00+01:00");
}

}  // namespace fbaflow
