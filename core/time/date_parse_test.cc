#include "core/time/date_parse.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

namespace fbaflow {
namespace {

using ::testing::HasSubstr;

ParsedDate MustParse(std::string_view text) {
  auto r = ParseDate(text);
  EXPECT_TRUE(r.Ok()) << text << ": " << r.GetStatus().ToString();
  return r.Ok() ? *r : ParsedDate{};
}

void ExpectError(std::string_view text, std::size_t offset, std::string_view message) {
  std::size_t at = 999;
  auto r = ParseDate(text, &at);
  ASSERT_FALSE(r.Ok()) << text;
  EXPECT_EQ(r.GetStatus().Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.GetStatus().Message(), HasSubstr(std::string(message))) << text;
  EXPECT_EQ(at, offset) << text << ": " << r.GetStatus().Message();
}

TEST(ParseDate, UsDateTimeUtc) {
  ParsedDate d = MustParse("2024-10-09 14:28:38 UTC");
  EXPECT_EQ(d.date, (CivilDate{2024, 10, 9}));
  EXPECT_EQ(d.time.ToIso8601(), "2024-10-09T14:28:38Z");
  EXPECT_EQ(d.time.offset_minutes, 0);
  EXPECT_EQ(d.style.Name(), "YYYY-MM-DD HH:MM:SS UTC");
}

TEST(ParseDate, UsDateOnly) {
  ParsedDate d = MustParse("2024-10-18");
  EXPECT_EQ(d.date, (CivilDate{2024, 10, 18}));
  EXPECT_EQ(d.time.ToIso8601(), "2024-10-18T00:00:00Z");
  EXPECT_EQ(d.style.Name(), "YYYY-MM-DD");
  EXPECT_FALSE(d.style.has_time);
}

TEST(ParseDate, DottedDateTimeAndDate) {
  ParsedDate d = MustParse("15.11.2024 08:59:45 UTC");
  EXPECT_EQ(d.date, (CivilDate{2024, 11, 15}));
  EXPECT_EQ(d.time.ToIso8601(), "2024-11-15T08:59:45Z");
  EXPECT_EQ(d.style.Name(), "DD.MM.YYYY HH:MM:SS UTC");
  ParsedDate e = MustParse("15.11.2024");
  EXPECT_EQ(e.date, (CivilDate{2024, 11, 15}));
  EXPECT_EQ(e.style.Name(), "DD.MM.YYYY");
  EXPECT_EQ(e.style.layout, DateLayout::kDmyDot);
}

TEST(ParseDate, Iso8601WithOffsets) {
  ParsedDate d = MustParse("2025-09-11T22:07:19+00:00");
  EXPECT_EQ(d.date, (CivilDate{2025, 9, 11}));
  EXPECT_EQ(d.time.ToIso8601(), "2025-09-11T22:07:19Z");
  EXPECT_EQ(d.style.Name(), "YYYY-MM-DDTHH:MM:SS+HH:MM");

  ParsedDate z = MustParse("2025-09-11T22:07:19Z");
  EXPECT_EQ(z.time, d.time);
  EXPECT_EQ(z.style.Name(), "YYYY-MM-DDTHH:MM:SSZ");

  // 23:30 at -07:00 is the next day in UTC, but the row belongs to the 30th in its own books.
  ParsedDate pdt = MustParse("2025-09-30T23:30:00-07:00");
  EXPECT_EQ(pdt.date, (CivilDate{2025, 9, 30}));
  EXPECT_EQ(pdt.time.UtcDate(), (CivilDate{2025, 10, 1}));
  EXPECT_EQ(pdt.time.LocalDate(), (CivilDate{2025, 9, 30}));
  EXPECT_EQ(pdt.time.offset_minutes, -420);
  EXPECT_EQ(pdt.time.ToIso8601(), "2025-09-30T23:30:00-07:00");

  EXPECT_EQ(MustParse("2025-09-11T22:07:19+0530").time.offset_minutes, 330);
  EXPECT_EQ(MustParse("2025-09-11T22:07:19+0530").style.Name(), "YYYY-MM-DDTHH:MM:SS+HHMM");
  EXPECT_EQ(MustParse("2025-09-11T22:07:19+09").time.offset_minutes, 540);
  EXPECT_EQ(MustParse("2025-09-11T22:07:19.123Z").time, z.time);
  EXPECT_EQ(MustParse("2025-09-11T22:07:19.123Z").style.Name(), "YYYY-MM-DDTHH:MM:SS.sssZ");
  EXPECT_EQ(MustParse("2025-09-11 22:07:19 +01:00").time.ToIso8601(), "2025-09-11T22:07:19+01:00");
}

TEST(ParseDate, SlashedJapaneseAndZoneAbbreviations) {
  ParsedDate jst = MustParse("2024/10/18 14:28:38 JST");
  EXPECT_EQ(jst.date, (CivilDate{2024, 10, 18}));
  EXPECT_EQ(jst.time.offset_minutes, 540);
  EXPECT_EQ(jst.time.ToIso8601(), "2024-10-18T14:28:38+09:00");
  EXPECT_EQ(jst.style.Name(), "YYYY/MM/DD HH:MM:SS JST");
  EXPECT_EQ(MustParse("2024/10/18").style.Name(), "YYYY/MM/DD");

  EXPECT_EQ(MustParse("2024-10-09 14:28:38 GMT").time.offset_minutes, 0);
  EXPECT_EQ(MustParse("2024-10-09 14:28:38 PST").time.offset_minutes, -480);
  EXPECT_EQ(MustParse("2024-10-09 14:28:38 PDT").time.offset_minutes, -420);
  EXPECT_EQ(MustParse("2024-10-09 14:28:38 PDT").time.ToIso8601(), "2024-10-09T14:28:38-07:00");
  EXPECT_EQ(MustParse("2024-10-09 14:28:38 CEST").time.offset_minutes, 120);
  int offset = 1;
  EXPECT_TRUE(ZoneAbbreviationOffset("UTC", &offset));
  EXPECT_EQ(offset, 0);
  EXPECT_FALSE(ZoneAbbreviationOffset("XYZ", &offset));
  EXPECT_FALSE(ZoneAbbreviationOffset("", &offset));
}

TEST(ParseDate, NoZoneIsUtcAndSpacesAreTrimmed) {
  ParsedDate d = MustParse("  2024-10-09 14:28:38 ");
  EXPECT_EQ(d.time.ToIso8601(), "2024-10-09T14:28:38Z");
  EXPECT_EQ(d.style.Name(), "YYYY-MM-DD HH:MM:SS");
}

TEST(ParseDate, StylesCompareByFormat) {
  EXPECT_EQ(MustParse("15.11.2024 08:59:45 UTC").style, MustParse("01.12.2024 23:00:00 UTC").style);
  EXPECT_FALSE(MustParse("15.11.2024").style == MustParse("15.11.2024 08:59:45 UTC").style);
}

TEST(ParseDate, LeapDays) {
  EXPECT_EQ(MustParse("29.02.2024").date, (CivilDate{2024, 2, 29}));
  EXPECT_EQ(MustParse("2000-02-29").date, (CivilDate{2000, 2, 29}));
  ExpectError("29.02.2023", 0, "day 29 does not exist in February 2023");
  ExpectError("1900-02-29", 8, "day 29 does not exist in February 1900");
}

TEST(ParseDate, InvalidDatesNameTheOffendingPart) {
  ExpectError("31.02.2024", 0, "day 31 does not exist in February 2024");
  ExpectError("2024-02-31", 8, "day 31 does not exist in February 2024");
  ExpectError("2024-13-01", 5, "month 13 is out of range");
  ExpectError("15.00.2024", 3, "month 0 is out of range");
  ExpectError("2024-10-00", 8, "day 0 does not exist");
  ExpectError("2024-10-09 25:00:00 UTC", 11, "hour 25 is out of range");
  ExpectError("2024-10-09 23:60:00 UTC", 14, "minute 60 is out of range");
  ExpectError("2024-10-09 23:59:61 UTC", 17, "second 61 is out of range");
  ExpectError("0000-10-09", 0, "year 0000 is out of range");
}

TEST(ParseDate, MalformedTextIsAnError) {
  ExpectError("", 0, "empty date");
  ExpectError("   ", 3, "empty date");
  ExpectError("yesterday", 0, "expected a date such as");
  ExpectError("10/18/2024", 0, "expected a date such as");
  ExpectError("2024-1O-18", 6, "expected a date such as");
  ExpectError("2024-10-18X", 10, "unexpected text after the date");
  ExpectError("2024-10-18 14:28", 11, "expected a time as HH:MM:SS");
  ExpectError("2024-10-18 14-28-38", 11, "expected a time as HH:MM:SS");
  ExpectError("2024-10-09 14:28:38 XYZ", 20, "unknown time zone 'XYZ'");
  ExpectError("2024-10-09 14:28:38 UTC junk", 23, "unexpected text after the time zone");
  ExpectError("2024-10-09T14:28:38+15:00", 19, "out of range");
  ExpectError("2024-10-09T14:28:38+01:7", 19, "expected a UTC offset");
  ExpectError("2024-10-09T14:28:38+", 19, "expected a UTC offset");
  ExpectError("2024-10-09T14:28:38.Z", 19, "no digits after the '.'");
  ExpectError("2024-10-09T14:28:38#", 19, "unexpected text after the time");
  ExpectError("2024-10-09T14:28:38Zulu", 19, "unknown time zone 'Zulu'");
}

TEST(ParseDate, AgreesWithCivilArithmeticOverManyDays) {
  // Every day over several years, in all three layouts, lands on the same CivilDate.
  for (int64_t days = 19000; days < 21000; days += 1) {
    const CivilDate c = CivilDate::FromDaysSinceEpoch(days);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d 12:00:00 UTC", c.day, c.month, c.year);
    ASSERT_EQ(MustParse(buf).date, c) << buf;
    ASSERT_EQ(MustParse(buf).time.utc_seconds, days * 86400 + 12 * 3600) << buf;
    ASSERT_EQ(MustParse(c.ToString()).date, c);
    std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", c.year, c.month, c.day);
    ASSERT_EQ(MustParse(buf).date, c) << buf;
  }
}

}  // namespace
}  // namespace fbaflow
