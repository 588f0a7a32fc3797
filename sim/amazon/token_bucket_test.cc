#include "sim/amazon/token_bucket.h"

#include <gtest/gtest.h>

namespace fbaflow::sim {
namespace {

TEST(TokenBucketTest, StartsFullThenRefillsAtTheRate) {
  TokenBucket b(/*rate=*/2.0, /*burst=*/2, /*now=*/0);
  EXPECT_TRUE(b.TryTake(0));
  EXPECT_TRUE(b.TryTake(0));
  EXPECT_FALSE(b.TryTake(0));
  EXPECT_EQ(b.MillisUntilToken(0), 500);
  EXPECT_FALSE(b.TryTake(499));
  EXPECT_TRUE(b.TryTake(500));
  EXPECT_FALSE(b.TryTake(500));
  // Refill never goes past the burst.
  EXPECT_DOUBLE_EQ(b.Available(1'000'000), 2.0);
}

TEST(TokenBucketTest, SlowOperationsRefillOverMinutes) {
  // searchOrders: 0.0056 requests per second, burst 20: one token about every 179 seconds.
  TokenBucket b(0.0056, 20, 0);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(b.TryTake(0)) << i;
  EXPECT_FALSE(b.TryTake(0));
  EXPECT_EQ(b.MillisUntilToken(0), 178572);
  EXPECT_FALSE(b.TryTake(178'000));
  EXPECT_TRUE(b.TryTake(178'572));
}

TEST(TokenBucketTest, TimeGoingBackwardsNeitherAddsNorRemovesTokens) {
  TokenBucket b(1.0, 1, 10'000);
  EXPECT_TRUE(b.TryTake(10'000));
  EXPECT_FALSE(b.TryTake(5'000));
  EXPECT_TRUE(b.TryTake(11'000));
}

TEST(RateLimiterTest, OneBucketPerCallerAndOperationFromTheCatalogue) {
  const amazon::OperationSpec* inventory = amazon::FindOperation("getInventorySummaries");
  const amazon::OperationSpec* order = amazon::FindOperation("getOrder");
  ASSERT_NE(inventory, nullptr);
  ASSERT_NE(order, nullptr);
  RateLimiter limiter;
  EXPECT_TRUE(limiter.TryAcquire("A1", *inventory, 0));
  EXPECT_TRUE(limiter.TryAcquire("A1", *inventory, 0));
  EXPECT_FALSE(limiter.TryAcquire("A1", *inventory, 0));   // burst 2
  EXPECT_TRUE(limiter.TryAcquire("A2", *inventory, 0));    // another seller has its own bucket
  EXPECT_TRUE(limiter.TryAcquire("A1", *order, 0));        // and another operation too
  EXPECT_TRUE(limiter.TryAcquire("A1", *inventory, 500));  // 2 per second
  ASSERT_NE(limiter.Find("A1", "getInventorySummaries"), nullptr);
  EXPECT_EQ(limiter.Find("A9", "getInventorySummaries"), nullptr);
  EXPECT_DOUBLE_EQ(limiter.EffectiveRate(*inventory), 2.0);
}

TEST(RateLimiterTest, RateFactorLowersEveryRateButNotTheBurst) {
  const amazon::OperationSpec* inventory = amazon::FindOperation("getInventorySummaries");
  RateLimiter limiter(0.5);
  EXPECT_DOUBLE_EQ(limiter.EffectiveRate(*inventory), 1.0);
  EXPECT_TRUE(limiter.TryAcquire("A1", *inventory, 0));
  EXPECT_TRUE(limiter.TryAcquire("A1", *inventory, 0));
  EXPECT_FALSE(limiter.TryAcquire("A1", *inventory, 500));
  EXPECT_TRUE(limiter.TryAcquire("A1", *inventory, 1000));
}

TEST(RateLimiterTest, HeaderFormat) {
  EXPECT_EQ(FormatRateHeader(0.0056), "0.0056");
  EXPECT_EQ(FormatRateHeader(0.0167), "0.0167");
  EXPECT_EQ(FormatRateHeader(2.0), "2.0");
  EXPECT_EQ(FormatRateHeader(0.5), "0.5");
}

}  // namespace
}  // namespace fbaflow::sim
