#include "core/time/timestamp_parse.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/time/date_parse.h"

namespace fbaflow {
namespace {

// ---- the oracle: adapters/amazon/exact_json.cc's ParseIso8601 as it was before it moved here ----

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

Result<Timestamp> OldParseIso8601(std::string_view s) {
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
  if (pos == s.size()) return bad("no UTC offset");
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

// Every combination of these pieces: valid and invalid dates, separators, times, zones, tails.
std::vector<std::string> Sweep() {
  const std::vector<std::string> dates = {"2026-01-05", "2024-02-29", "2026-02-29",
                                          "2026-13-01", "26-01-05",   "2026-1-5",
                                          "05.01.2026", "2026/01/05", ""};
  const std::vector<std::string> seps = {"", "T", "t", " ", "X"};
  const std::vector<std::string> times = {"",         "10:00",      "10:00:00",     "23:59:60",
                                          "24:00:00", "10:00:00.5", "10:00:00,123", "10:00.5",
                                          "1:00"};
  const std::vector<std::string> zones = {"",   "Z",      "z",    "+01:00", "+0100", "-07:00",
                                          "+1", "+25:00", " UTC", " PST",   "JST",   "Zx"};
  const std::vector<std::string> tails = {"", " ", "x"};
  std::vector<std::string> out;
  for (const auto& d : dates)
    for (const auto& s : seps)
      for (const auto& t : times)
        for (const auto& z : zones)
          for (const auto& tail : tails) out.push_back(d + s + t + z + tail);
  return out;
}

TEST(TimestampParseTest, StrictIsExactlyTheApiParserItReplaced) {
  int accepted = 0;
  for (const std::string& text : Sweep()) {
    const auto was = OldParseIso8601(text);
    const auto now = ParseTimestamp(text, TimeTextMode::kStrict);
    ASSERT_EQ(was.Ok(), now.Ok()) << "'" << text << "'";
    if (!was.Ok()) continue;
    ++accepted;
    EXPECT_EQ(was->utc_seconds, now->utc_seconds) << text;
    EXPECT_EQ(was->offset_minutes, now->offset_minutes) << text;
  }
  EXPECT_GT(accepted, 100);
}

TEST(TimestampParseTest, LenientAcceptsEverythingStrictAndTheSettlementReaderAccept) {
  int only_lenient = 0;
  for (const std::string& text : Sweep()) {
    const auto strict = ParseTimestamp(text, TimeTextMode::kStrict);
    const auto printed = ParseDate(text);
    const auto lenient = ParseTimestamp(text, TimeTextMode::kLenient);
    if (strict.Ok()) {
      ASSERT_TRUE(lenient.Ok()) << text;
      EXPECT_EQ(strict->utc_seconds, lenient->utc_seconds) << text;
    }
    if (printed.Ok()) {
      ASSERT_TRUE(lenient.Ok()) << text;
      EXPECT_EQ(printed->time.utc_seconds, lenient->utc_seconds) << text;
    }
    if (lenient.Ok() && !strict.Ok()) ++only_lenient;
  }
  EXPECT_GT(only_lenient, 10);
}

TEST(TimestampParseTest, TheSameTextMeansTheSameInstantForAFlagAndASettlement) {
  const auto typed = ParseTimestamp("2026-01-05 10:00:00", TimeTextMode::kLenient);
  ASSERT_TRUE(typed.Ok());
  EXPECT_EQ(typed->utc_seconds, ParseDate("2026-01-05 10:00:00")->time.utc_seconds);
  EXPECT_FALSE(ParseTimestamp("2026-01-05 10:00:00", TimeTextMode::kStrict).Ok());
  const auto bad = ParseTimestamp("yesterday", TimeTextMode::kLenient);
  EXPECT_EQ(bad.GetStatus().Code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fbaflow
