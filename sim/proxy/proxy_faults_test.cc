#include "sim/proxy/proxy_faults.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fbaflow::sim {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(std::string_view spec) { return ParseProxyFaults(spec).GetStatus().Message(); }

TEST(ProxyFaultsTest, ParsesRulesInOrder) {
  Result<ProxyFaults> f = ParseProxyFaults(
      "drop-after-commit, body=model.account.move.create, first=1 ; status=503,p=0.25,"
      "path=/db/,method=post; slow=1.5s,every=3; reset,method=GET; hang-after-commit=2m");
  ASSERT_TRUE(f.Ok()) << f.GetStatus().ToString();
  ASSERT_EQ(f->rules.size(), 5u);
  EXPECT_EQ(f->rules[0].kind, ProxyFaultKind::kDropAfterCommit);
  EXPECT_EQ(f->rules[0].body_contains, "model.account.move.create");
  EXPECT_EQ(f->rules[0].first, 1u);
  EXPECT_EQ(f->rules[1].kind, ProxyFaultKind::kStatus);
  EXPECT_EQ(f->rules[1].status, 503);
  EXPECT_DOUBLE_EQ(f->rules[1].probability, 0.25);
  EXPECT_EQ(f->rules[1].path_prefix, "/db/");
  EXPECT_EQ(f->rules[1].method, "POST");
  EXPECT_EQ(f->rules[2].delay_ms, 1500);
  EXPECT_EQ(f->rules[2].every, 3u);
  EXPECT_EQ(f->rules[4].kind, ProxyFaultKind::kHangAfterCommit);
  EXPECT_EQ(f->rules[4].delay_ms, 120'000);
  EXPECT_EQ(f->ToString(),
            "drop-after-commit,first=1,body=model.account.move.create; "
            "status=503,p=0.25,path=/db/,method=POST; slow=1500ms,every=3; reset,method=GET; "
            "hang-after-commit=2m");
  // The canonical text reads back to itself.
  EXPECT_EQ(ParseProxyFaults(f->ToString())->ToString(), f->ToString());
  EXPECT_TRUE(ParseProxyFaults(" ; ")->rules.empty());
}

TEST(ProxyFaultsTest, ErrorsQuoteTheOffendingTerm) {
  EXPECT_THAT(ErrorOf("status=503;lag=2s"), HasSubstr("unknown fault 'lag=2s'"));
  EXPECT_THAT(ErrorOf("status=404"), HasSubstr("'status=404': the status must be 429 or 500"));
  EXPECT_THAT(ErrorOf("status"), HasSubstr("'status': expected status=CODE"));
  EXPECT_THAT(ErrorOf("reset=1"), HasSubstr("'reset=1': 'reset' takes no value"));
  EXPECT_THAT(ErrorOf("slow=5y"), HasSubstr("'slow=5y': '5y': unknown duration unit 'y'"));
  EXPECT_THAT(ErrorOf("reset,status=503"),
              HasSubstr("'status=503': the rule already has a fault, 'reset'"));
  EXPECT_THAT(ErrorOf("reset,p=0.5,every=2"),
              HasSubstr("'every=2': the rule already has a trigger, 'p=0.5'"));
  EXPECT_THAT(ErrorOf("reset,p=2"), HasSubstr("p=2: a probability must be between 0 and 1"));
  EXPECT_THAT(ErrorOf("reset,every=0"), HasSubstr("'every=0': expected a count of 1 or more"));
  EXPECT_THAT(ErrorOf("reset,path=db"), HasSubstr("'path=db': a path starts with '/'"));
  EXPECT_THAT(ErrorOf("reset,method=P0ST"), HasSubstr("'method=P0ST': not a method name"));
  EXPECT_THAT(ErrorOf("path=/db/,p=0.1"), HasSubstr("rule 'path=/db/,p=0.1' names no fault"));
  EXPECT_THAT(ErrorOf("reset,p=1,p=0"), HasSubstr("'p' is given twice"));
  EXPECT_EQ(ParseProxyFaults("reset,body=").GetStatus().Code(), StatusCode::kInvalidArgument);
}

TEST(ProxyFaultsTest, FirstRuleThatFiresWins) {
  ProxyFaultPlan plan(*ParseProxyFaults("status=503,first=2,method=POST; reset,every=2"), 1);
  std::vector<std::string> seen;
  for (int i = 0; i < 6; ++i) {
    const ProxyFaultRule* rule = plan.Decide("POST", "/db/", "{}");
    seen.push_back(rule ? std::string(ProxyFaultKindName(rule->kind)) : "-");
  }
  // The reset rule counts only the requests the 503 rule left: the 3rd, 4th, 5th...
  EXPECT_EQ(seen, (std::vector<std::string>{"status", "status", "-", "reset", "-", "reset"}));
}

TEST(ProxyFaultsTest, FiltersNarrowTheRule) {
  ProxyFaultPlan plan(*ParseProxyFaults("drop-after-commit,path=/db/,method=POST,body=move.create"),
                      1);
  EXPECT_EQ(plan.Decide("POST", "/db/", R"({"method":"common.db.login"})"), nullptr);
  EXPECT_EQ(plan.Decide("GET", "/db/", "model.account.move.create"), nullptr);
  EXPECT_EQ(plan.Decide("POST", "/other/", "model.account.move.create"), nullptr);
  EXPECT_NE(plan.Decide("POST", "/db/x", R"({"method":"model.account.move.create"})"), nullptr);
}

std::string Pattern(uint64_t seed) {
  ProxyFaultPlan plan(*ParseProxyFaults("status=503,p=0.3"), seed);
  std::string out;
  for (int i = 0; i < 200; ++i) out += plan.Decide("GET", "/", "") ? 'x' : '.';
  return out;
}

TEST(ProxyFaultsTest, TheSeedDecidesWhichRequestsFail) {
  EXPECT_EQ(Pattern(7), Pattern(7));
  EXPECT_NE(Pattern(7), Pattern(8));
  const std::string p = Pattern(7);
  const auto hits = std::count(p.begin(), p.end(), 'x');
  EXPECT_GT(hits, 30);  // about 60 of 200
  EXPECT_LT(hits, 90);
}

}  // namespace
}  // namespace fbaflow::sim
