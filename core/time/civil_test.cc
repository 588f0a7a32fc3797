#include "core/time/civil.h"

#include <gtest/gtest.h>

namespace fbaflow {
namespace {

TEST(CivilDate, RoundTripsThroughDays) {
  for (int64_t d = -800000; d < 800000; d += 97) {
    EXPECT_EQ(CivilDate::FromDaysSinceEpoch(d).DaysSinceEpoch(), d);
  }
  EXPECT_EQ((CivilDate{1970, 1, 1}.DaysSinceEpoch()), 0);
  EXPECT_EQ((CivilDate{2024, 2, 29}.DaysSinceEpoch()), 19782);
}

TEST(CivilDate, MonthsAndValidity) {
  EXPECT_EQ((CivilDate{2024, 2, 10}.LastDayOfMonth()), (CivilDate{2024, 2, 29}));
  EXPECT_EQ((CivilDate{2023, 2, 10}.LastDayOfMonth()), (CivilDate{2023, 2, 28}));
  EXPECT_EQ((CivilDate{1900, 2, 1}.LastDayOfMonth().day), 28);
  EXPECT_EQ((CivilDate{2000, 2, 1}.LastDayOfMonth().day), 29);
  EXPECT_FALSE((CivilDate{2023, 2, 29}.IsValid()));
  EXPECT_FALSE((CivilDate{2023, 13, 1}.IsValid()));
  EXPECT_EQ((CivilDate{2024, 12, 31}.MonthIndex() + 1), (CivilDate{2025, 1, 1}.MonthIndex()));
  EXPECT_EQ((CivilDate{2024, 11, 5}.ToString()), "2024-11-05");
  EXPECT_EQ((CivilDate{2024, 11, 5}.MonthString()), "2024-11");
}

TEST(Timestamp, KeepsTheWritersCalendarDate) {
  // 23:30 on 30 September at -07:00 is already 1 October in UTC.
  Timestamp t = MakeTimestamp({2025, 9, 30}, 23, 30, 0, -7 * 60);
  EXPECT_EQ(t.LocalDate(), (CivilDate{2025, 9, 30}));
  EXPECT_EQ(t.UtcDate(), (CivilDate{2025, 10, 1}));
  EXPECT_EQ(t.ToIso8601(), "2025-09-30T23:30:00-07:00");
  EXPECT_EQ(MakeTimestamp({2024, 11, 15}, 8, 59, 45, 0).ToIso8601(), "2024-11-15T08:59:45Z");
}

}  // namespace
}  // namespace fbaflow
