#include "core/amazon/token_bucket.h"

#include <gtest/gtest.h>

#include "core/amazon/operation_catalog.h"

namespace fbaflow::amazon {
namespace {

TEST(TokenBucketTest, StartsFullAndHandsOutTheBurstAtOnce) {
  TokenBucket bucket(2.0, 2, 0.0);  // getInventorySummaries: 2/s, burst 2
  EXPECT_DOUBLE_EQ(bucket.Tokens(0.0), 2.0);
  EXPECT_TRUE(bucket.Reserve(0.0, 0.0).granted);
  EXPECT_TRUE(bucket.Reserve(0.0, 0.0).granted);
  const Reservation third = bucket.Reserve(0.0, 0.0);
  EXPECT_FALSE(third.granted);
  EXPECT_DOUBLE_EQ(third.wait_seconds, 0.5);
}

TEST(TokenBucketTest, RefillsAtTheRateAndNeverAboveTheBurst) {
  TokenBucket bucket(0.5, 10, 100.0);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(bucket.Reserve(100.0, 0.0).granted);
  EXPECT_DOUBLE_EQ(bucket.Tokens(100.0), 0.0);
  EXPECT_DOUBLE_EQ(bucket.Tokens(104.0), 2.0);    // 4 s × 0.5/s
  EXPECT_DOUBLE_EQ(bucket.Tokens(1000.0), 10.0);  // capped at burst
}

TEST(TokenBucketTest, TheFirstAnswerRestartsTheRefillOnce) {
  // searchOrders: 0.0056/s, burst 20. The burst goes out at 0; the first answer comes back at 0.3
  // (Amazon's bucket started when that request arrived, not at 0): refill counts from 0.3.
  TokenBucket bucket(0.0056, 20, 0.0);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(bucket.Reserve(0.0, 0.0).granted);
  bucket.Anchor(0.3);
  const Reservation next = bucket.Reserve(0.3, 1000.0);
  ASSERT_TRUE(next.granted);
  EXPECT_DOUBLE_EQ(next.wait_seconds, 1.0 / 0.0056);  // a whole interval from the answer
  // Later answers change nothing.
  bucket.Anchor(50.0);
  EXPECT_DOUBLE_EQ(bucket.Tokens(100.0), -1.0 + (100.0 - 0.3) * 0.0056);
}

TEST(TokenBucketTest, ReservationsQueueConcurrentCallers) {
  TokenBucket bucket(2.0, 1, 0.0);
  EXPECT_DOUBLE_EQ(bucket.Reserve(0.0, 10.0).wait_seconds, 0.0);
  EXPECT_DOUBLE_EQ(bucket.Reserve(0.0, 10.0).wait_seconds, 0.5);
  EXPECT_DOUBLE_EQ(bucket.Reserve(0.0, 10.0).wait_seconds, 1.0);
  EXPECT_DOUBLE_EQ(bucket.Tokens(0.0), -2.0);
  // A caller that will not wait 1.5 s is refused and reserves nothing.
  const Reservation refused = bucket.Reserve(0.0, 1.0);
  EXPECT_FALSE(refused.granted);
  EXPECT_DOUBLE_EQ(refused.wait_seconds, 1.5);
  EXPECT_DOUBLE_EQ(bucket.Tokens(0.0), -2.0);
  bucket.Cancel(0.0);
  EXPECT_DOUBLE_EQ(bucket.Tokens(0.0), -1.0);
}

TEST(TokenBucketTest, ThrottleEmptiesTheBucketAndHalvesTheRate) {
  TokenBucket bucket(1.0, 5, 0.0);
  bucket.OnThrottled(0.0);
  EXPECT_EQ(bucket.ThrottleCount(), 1);
  EXPECT_DOUBLE_EQ(bucket.Tokens(0.0), 0.0);
  EXPECT_DOUBLE_EQ(bucket.Rate(), 0.5);
  EXPECT_DOUBLE_EQ(bucket.Ceiling(), 1.0);
  EXPECT_TRUE(bucket.Recovering());
  // The next token is 2 s away at the lowered rate.
  EXPECT_DOUBLE_EQ(bucket.Reserve(0.0, 100.0).wait_seconds, 2.0);
}

TEST(TokenBucketTest, RepeatedThrottlesStopAtTheFloor) {
  TokenBucket bucket(1.0, 5, 0.0);
  for (int i = 0; i < 20; ++i) bucket.OnThrottled(0.0);
  EXPECT_DOUBLE_EQ(bucket.Rate(), 1.0 / 64.0);
}

TEST(TokenBucketTest, RecoversSlowlyOneStepPerSuccess) {
  TokenBucket bucket(2.0, 15, 0.0);
  bucket.OnThrottled(0.0);
  EXPECT_DOUBLE_EQ(bucket.Rate(), 1.0);
  bucket.OnSuccess(1.0);
  EXPECT_DOUBLE_EQ(bucket.Rate(), 1.1);  // + 5 % of the 2.0 ceiling
  for (int i = 0; i < 8; ++i) bucket.OnSuccess(2.0 + i);
  EXPECT_NEAR(bucket.Rate(), 1.9, 1e-12);
  EXPECT_TRUE(bucket.Recovering());
  bucket.OnSuccess(20.0);
  bucket.OnSuccess(21.0);
  EXPECT_DOUBLE_EQ(bucket.Rate(), 2.0);  // never above the ceiling
  EXPECT_FALSE(bucket.Recovering());
}

TEST(TokenBucketTest, RefillUsesTheRateInForceDuringEachInterval) {
  TokenBucket bucket(1.0, 10, 0.0);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(bucket.Reserve(0.0, 0.0).granted);
  bucket.OnThrottled(0.0);  // rate 0.5 from t=0
  bucket.OnSuccess(4.0);    // 4 s at 0.5 → 2 tokens; then rate 0.55
  EXPECT_DOUBLE_EQ(bucket.Tokens(4.0), 2.0);
  EXPECT_NEAR(bucket.Tokens(14.0), 2.0 + 10 * 0.55, 1e-12);
}

TEST(TokenBucketTest, AdoptsTheRateHeaderAsCeilingAndRate) {
  TokenBucket bucket(0.0056, 20, 0.0);
  bucket.AdoptRateHeader(0.0167, 1.0);
  EXPECT_DOUBLE_EQ(bucket.Ceiling(), 0.0167);
  EXPECT_DOUBLE_EQ(bucket.Rate(), 0.0167);
  bucket.AdoptRateHeader(0.002, 2.0);  // lower than published: adopted too
  EXPECT_DOUBLE_EQ(bucket.Rate(), 0.002);
  EXPECT_DOUBLE_EQ(bucket.Burst(), 20.0);  // the header carries no burst
}

TEST(TokenBucketTest, RateHeaderDoesNotCancelARecovery) {
  TokenBucket bucket(2.0, 2, 0.0);
  bucket.OnThrottled(0.0);           // 1.0, recovering toward 2.0
  bucket.AdoptRateHeader(2.0, 1.0);  // Amazon says 2.0, but it just throttled us
  EXPECT_DOUBLE_EQ(bucket.Rate(), 1.0);
  EXPECT_DOUBLE_EQ(bucket.Ceiling(), 2.0);
  bucket.AdoptRateHeader(0.5, 2.0);  // a ceiling below the current rate lowers it at once
  EXPECT_DOUBLE_EQ(bucket.Rate(), 0.5);
}

TEST(TokenBucketTest, IgnoresNonsenseHeaders) {
  TokenBucket bucket(2.0, 2, 0.0);
  bucket.AdoptRateHeader(0.0, 1.0);
  bucket.AdoptRateHeader(-1.0, 1.0);
  EXPECT_DOUBLE_EQ(bucket.Rate(), 2.0);
}

TEST(TokenBucketTest, ClockSteppingBackDoesNotDrainOrAddTokens) {
  TokenBucket bucket(1.0, 3, 10.0);
  ASSERT_TRUE(bucket.Reserve(10.0, 0.0).granted);
  EXPECT_DOUBLE_EQ(bucket.Tokens(5.0), 2.0);
  EXPECT_DOUBLE_EQ(bucket.Tokens(11.0), 3.0);
}

TEST(TokenBucketTest, SeedsFromThePublishedUsagePlan) {
  const OperationSpec* op = FindOperation("searchOrders", "orders_2026-01-01");
  ASSERT_NE(op, nullptr);
  TokenBucket bucket(op->rate, op->burst, 0.0);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(bucket.Reserve(0.0, 0.0).granted);
  const Reservation next = bucket.Reserve(0.0, 1e9);
  EXPECT_TRUE(next.granted);
  EXPECT_NEAR(next.wait_seconds, 1.0 / 0.0056, 1e-9);
}

TEST(BackoffTest, GrowsExponentiallyWithinJitterAndCap) {
  EXPECT_DOUBLE_EQ(BackoffSeconds(0, 1.0, 60.0, 0.0), 0.5);
  EXPECT_DOUBLE_EQ(BackoffSeconds(0, 1.0, 60.0, 1.0), 1.0);
  EXPECT_DOUBLE_EQ(BackoffSeconds(3, 1.0, 60.0, 0.5), 6.0);    // 8 × 0.75
  EXPECT_DOUBLE_EQ(BackoffSeconds(10, 1.0, 60.0, 1.0), 60.0);  // capped
  EXPECT_DOUBLE_EQ(BackoffSeconds(1000, 1.0, 60.0, 0.0), 30.0);
}

}  // namespace
}  // namespace fbaflow::amazon
