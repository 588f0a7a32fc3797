#include "ports/http.h"

#include <gtest/gtest.h>

#include <thread>

#include "ports/fake_clock.h"

namespace fbaflow {
namespace {

TEST(HttpHeadersTest, NamesCompareCaseInsensitively) {
  HttpHeaders h;
  h.Add("x-amzn-RequestId", "abc");
  h.Add("Set-Cookie", "a");
  h.Add("set-cookie", "b");
  EXPECT_EQ(h.Get("X-AMZN-REQUESTID"), "abc");
  EXPECT_EQ(h.GetAll("SET-COOKIE").size(), 2u);
  EXPECT_FALSE(h.Get("missing").has_value());
  h.Set("SET-COOKIE", "c");
  EXPECT_EQ(h.GetAll("set-cookie").size(), 1u);
  EXPECT_EQ(h.Get("set-cookie"), "c");
  h.Remove("x-amzn-requestid");
  EXPECT_FALSE(h.Has("x-amzn-RequestId"));
}

TEST(HttpHeadersTest, ParameterOfReadsContentTypeParameters) {
  EXPECT_EQ(ParameterOf("text/plain; charset=windows-1252", "charset"), "windows-1252");
  EXPECT_EQ(ParameterOf("text/tab-separated-values;charset=UTF-8", "CHARSET"), "UTF-8");
  EXPECT_EQ(ParameterOf("text/plain; format=flowed; charset=\"Cp1252\"", "charset"), "Cp1252");
  EXPECT_EQ(ParameterOf("text/plain", "charset"), "");
  EXPECT_EQ(ParameterOf("text/plain; charsetx=1", "charset"), "");
}

TEST(HttpUrlTest, EncodesAndDecodes) {
  EXPECT_EQ(UrlEncode("a b/c|d~e"), "a%20b%2Fc%7Cd~e");
  EXPECT_EQ(UrlDecode("a%20b%2Fc%7Cd~e"), "a b/c|d~e");
  EXPECT_EQ(UrlDecode("a+b", true), "a b");
  EXPECT_EQ(UrlDecode("100%", false), "100%");
  EXPECT_EQ(UrlDecode("%zz", false), "%zz");
}

TEST(HttpUrlTest, LogFormDropsTheQuery) {
  EXPECT_EQ(UrlForLog("https://h/p?X-Amz-Signature=s#f"), "https://h/p");
  EXPECT_EQ(UrlForLog("https://h/p"), "https://h/p");
}

TEST(FakeClockTest, SleepAdvancesBothClocksAndIsRecorded) {
  FakeClock clock(1000);
  const auto mono = clock.MonotonicNow();
  clock.SleepFor(std::chrono::seconds(90));
  EXPECT_EQ(clock.MonotonicNow() - mono, std::chrono::seconds(90));
  EXPECT_EQ(clock.WallTimestamp().utc_seconds, 1090);
  clock.Advance(std::chrono::milliseconds(500));
  EXPECT_EQ(clock.SleepCount(), 1);
  EXPECT_EQ(clock.TotalSlept(), std::chrono::seconds(90));
  clock.SleepFor(std::chrono::seconds(-5));  // recorded, no effect
  EXPECT_EQ(clock.SleepCount(), 2);
  EXPECT_EQ(clock.MonotonicNow() - mono, std::chrono::milliseconds(90500));
}

TEST(FakeClockTest, ConcurrentSleepersEachAdvanceTime) {
  FakeClock clock;
  const auto start = clock.MonotonicNow();
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&clock] {
      for (int k = 0; k < 100; ++k) clock.SleepFor(std::chrono::milliseconds(10));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(clock.MonotonicNow() - start, std::chrono::seconds(4));
  EXPECT_EQ(clock.SleepCount(), 400);
}

}  // namespace
}  // namespace fbaflow
