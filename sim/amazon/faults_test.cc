#include "sim/amazon/faults.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fbaflow::sim {
namespace {

using ::testing::HasSubstr;

TEST(FaultSpecTest, ParsesTheDocumentedExample) {
  Result<FaultSpec> f = ParseFaultSpec(
      "5xx=0.02,timeout=0.01,storm=20s/"
      "120s,fatal=0.1,cancelled=0.05,token_expire=1,token_repeat=0.05,"
      "gzip=1,cp1252=1,notify_late=0.1,notify_lost=0.05,seed=7");
  ASSERT_TRUE(f.Ok()) << f.GetStatus().ToString();
  EXPECT_DOUBLE_EQ(f->server_error, 0.02);
  EXPECT_DOUBLE_EQ(f->timeout, 0.01);
  EXPECT_EQ(f->storm_on, 20'000);
  EXPECT_EQ(f->storm_period, 120'000);
  EXPECT_DOUBLE_EQ(f->fatal, 0.1);
  EXPECT_DOUBLE_EQ(f->cancelled, 0.05);
  EXPECT_DOUBLE_EQ(f->token_expire, 1.0);
  EXPECT_DOUBLE_EQ(f->token_repeat, 0.05);
  EXPECT_DOUBLE_EQ(f->gzip, 1.0);
  EXPECT_DOUBLE_EQ(f->cp1252, 1.0);
  EXPECT_DOUBLE_EQ(f->notify_late, 0.1);
  EXPECT_DOUBLE_EQ(f->notify_lost, 0.05);
  ASSERT_TRUE(f->seed.has_value());
  EXPECT_EQ(*f->seed, 7u);
  // The canonical text parses back to the same settings.
  Result<FaultSpec> again = ParseFaultSpec(f->ToString());
  ASSERT_TRUE(again.Ok()) << f->ToString();
  EXPECT_EQ(again->ToString(), f->ToString());
}

TEST(FaultSpecTest, EmptyMeansNoFaults) {
  Result<FaultSpec> f = ParseFaultSpec("");
  ASSERT_TRUE(f.Ok());
  EXPECT_EQ(f->ToString(), "");
  EXPECT_FALSE(f->InStorm(0));
}

TEST(FaultSpecTest, DurationsAndOtherKeys) {
  Result<FaultSpec> f = ParseFaultSpec(
      " hang=250ms , token_ttl=2m,notify_delay=1h,rate_factor=0.5,charset_label=Cp1252 ");
  ASSERT_TRUE(f.Ok()) << f.GetStatus().ToString();
  EXPECT_EQ(f->hang_real_ms, 250);
  EXPECT_EQ(f->token_ttl, 120'000);
  EXPECT_EQ(f->notify_delay, 3'600'000);
  EXPECT_DOUBLE_EQ(f->rate_factor, 0.5);
  EXPECT_EQ(f->charset_label, "Cp1252");
  EXPECT_EQ(*ParseDuration("1.5d"), 129'600'000);
  EXPECT_EQ(*ParseDuration("30"), 30'000);
}

TEST(FaultSpecTest, StormWindows) {
  Result<FaultSpec> f = ParseFaultSpec("storm=20s/2m");
  ASSERT_TRUE(f.Ok());
  EXPECT_TRUE(f->InStorm(0));
  EXPECT_TRUE(f->InStorm(19'999));
  EXPECT_FALSE(f->InStorm(20'000));
  EXPECT_FALSE(f->InStorm(119'999));
  EXPECT_TRUE(f->InStorm(120'000));
}

TEST(FaultSpecTest, ErrorsNameTheKey) {
  EXPECT_THAT(ParseFaultSpec("5xx=2").GetStatus().Message(),
              HasSubstr("5xx=2: a probability must be between 0 and 1"));
  EXPECT_THAT(ParseFaultSpec("lag=0.1").GetStatus().Message(), HasSubstr("unknown fault 'lag'"));
  EXPECT_THAT(ParseFaultSpec("gzip=1,gzip=0").GetStatus().Message(),
              HasSubstr("'gzip' is given twice"));
  EXPECT_THAT(ParseFaultSpec("storm=20s").GetStatus().Message(), HasSubstr("expected ON/PERIOD"));
  EXPECT_THAT(ParseFaultSpec("storm=2m/1m").GetStatus().Message(), HasSubstr("ON must not exceed"));
  EXPECT_THAT(ParseFaultSpec("hang=5y").GetStatus().Message(),
              HasSubstr("unknown duration unit 'y'"));
  EXPECT_THAT(ParseFaultSpec("timeout").GetStatus().Message(), HasSubstr("expected key=value"));
  EXPECT_THAT(ParseFaultSpec("seed=-1").GetStatus().Message(), HasSubstr("non-negative integer"));
  EXPECT_THAT(ParseFaultSpec("fatal=0.7,cancelled=0.5").GetStatus().Message(),
              HasSubstr("fatal + cancelled exceed 1"));
  EXPECT_THAT(ParseFaultSpec("rate_factor=0").GetStatus().Message(),
              HasSubstr("must be in (0, 1]"));
  EXPECT_EQ(ParseFaultSpec("gzip=yes").GetStatus().Code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fbaflow::sim
