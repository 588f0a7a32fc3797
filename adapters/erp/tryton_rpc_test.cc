#include "adapters/erp/tryton_rpc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/testing/tryton_test_server.h"

namespace fbaflow::erp {
namespace {

using ::testing::HasSubstr;
using testing::Json;
using ::testing::Not;
using testing::TrytonTestServer;

TrytonSettings Settings() {
  TrytonSettings s;
  s.url = "http://erp.test:8000";  // no trailing slash: the client adds it
  s.database = "fbaflow";
  s.user = "admin";
  s.password = Secret("pa55word");
  return s;
}

TEST(TrytonRpcTest, LogsInOnceAndSendsTheSessionAndTheContext) {
  TrytonTestServer server;
  server.AnswerOk("model.product.product.search_read", Json::array({{{"id", 1}}}));
  TrytonRpc rpc(Settings(), server.GetHttp());
  for (int i = 0; i < 2; ++i) {
    Result<Json> r =
        rpc.Call("model.product.product.search_read",
                 Json::array({Json::array(), 0, nullptr, nullptr, Json::array({"code"})}));
    ASSERT_TRUE(r.Ok()) << r.GetStatus().ToString();
    EXPECT_EQ((*r)[0]["id"], 1);
  }
  const auto logins = server.CallsTo("common.db.login");
  ASSERT_EQ(logins.size(), 1U);
  EXPECT_EQ(logins[0].params, Json::parse(R"(["admin", {"password": "pa55word"}, "en"])"));
  const auto calls = server.CallsTo("model.product.product.search_read");
  ASSERT_EQ(calls.size(), 2U);
  // base64("admin:7:abc")
  EXPECT_EQ(calls[0].authorization, "Session YWRtaW46NzphYmM=");
  // The user's context is the last parameter of a model method.
  EXPECT_EQ(calls[0].params.back(), Json::parse(R"({"company": 1, "language": "en"})"));
  EXPECT_EQ(calls[0].params.size(), 6U);
}

TEST(TrytonRpcTest, ContextExtrasJoinTheUsersContext) {
  TrytonTestServer server;
  server.AnswerOk("wizard.x.execute", Json::object());
  TrytonRpc rpc(Settings(), server.GetHttp());
  ASSERT_TRUE(rpc.Call("wizard.x.execute", Json::array({1}), Json{{"active_id", 5}}).Ok());
  EXPECT_EQ(server.CallsTo("wizard.x.execute")[0].params.back(),
            Json::parse(R"({"company": 1, "language": "en", "active_id": 5})"));
}

TEST(TrytonRpcTest, AnExpiredSessionLogsInAgainAndRepeatsTheCallOnce) {
  TrytonTestServer server;
  int calls = 0;
  server.Answer("model.sale.sale.search_read", [&](const Json&) -> Result<HttpResponse> {
    if (++calls == 1) return fbaflow::testing::Reply(401, "");
    return TrytonTestServer::Ok(Json::array());
  });
  TrytonRpc rpc(Settings(), server.GetHttp());
  Result<Json> r = rpc.Call("model.sale.sale.search_read", Json::array({Json::array()}));
  ASSERT_TRUE(r.Ok()) << r.GetStatus().ToString();
  EXPECT_EQ(server.CallsTo("common.db.login").size(), 2U);
  EXPECT_EQ(calls, 2);

  // A server that refuses every session does not loop.
  server.Answer("model.sale.sale.search_read",
                [](const Json&) { return fbaflow::testing::Reply(401, ""); });
  EXPECT_EQ(
      rpc.Call("model.sale.sale.search_read", Json::array({Json::array()})).GetStatus().Code(),
      StatusCode::kUnauthenticated);
}

TEST(TrytonRpcTest, AWrongPasswordIsAConfigurationErrorThatNeverShowsThePassword) {
  TrytonTestServer server;
  server.Answer("common.db.login", [](const Json&) { return fbaflow::testing::Reply(401, ""); });
  TrytonRpc rpc(Settings(), server.GetHttp());
  const Status s = rpc.Call("model.x.read", Json::array()).GetStatus();
  // The connection's configuration, not a record's: it stops a run (ports/erp.h).
  EXPECT_EQ(s.Code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(s.Message(), HasSubstr("user 'admin'"));
  EXPECT_THAT(s.Message(), Not(HasSubstr("pa55word")));
  EXPECT_FALSE(s.IsRetryable());
}

TEST(TrytonRpcTest, ErrorsTellTheEngineWhatToDo) {
  struct Case {
    Json error;
    StatusCode code;
    std::string text;
  };
  const std::vector<Case> cases = {
      {Json::parse(R"(["UserError", ["You must enter an invoice address.", "", null]])"),
       StatusCode::kFailedPrecondition, "refused: You must enter an invoice address."},
      {Json::parse(R"(["UserWarning", ["w1", "Check it.", ""]])"), StatusCode::kFailedPrecondition,
       "w1"},
      {Json::parse(R"(["AccessError", ["You cannot write.", ""]])"), StatusCode::kPermissionDenied,
       "You cannot write."},
      {Json::parse(R"(["ConcurrencyException", "Records were modified"])"),
       StatusCode::kUnavailable, "Records were modified"},
      {Json::parse(R"(["database is locked", "Traceback ..."])"), StatusCode::kUnavailable,
       "database is locked"},
      {Json::parse(R"(["Database '/x/nodb.sqlite' doesn't exist!", ""])"),
       StatusCode::kFailedPrecondition, "doesn't exist"},
      {Json::parse(R"(["KeyError: 'x'\nTraceback", ""])"), StatusCode::kInternal, "KeyError: 'x'"},
      {Json::parse(R"(["", "Traceback (most recent call last):\n  File x\nAssertionError\n"])"),
       StatusCode::kInternal, "failed: AssertionError"},
  };
  for (const Case& c : cases) {
    const Status s = StatusFromTrytonError(c.error, "model.sale.sale.quote");
    EXPECT_EQ(s.Code(), c.code) << c.error.dump();
    EXPECT_THAT(s.Message(), HasSubstr(c.text));
    EXPECT_THAT(s.Message(), HasSubstr("model.sale.sale.quote"));
    EXPECT_THAT(s.Message(), Not(HasSubstr("Traceback")));
  }
}

TEST(TrytonRpcTest, HttpFailuresAreTransientOrNamedAsConfiguration) {
  struct Case {
    Result<HttpResponse> answer;
    StatusCode code;
  };
  std::vector<Case> cases;
  cases.push_back({fbaflow::testing::Reply(503, "busy"), StatusCode::kUnavailable});
  cases.push_back({fbaflow::testing::Reply(429, ""), StatusCode::kResourceExhausted});
  cases.push_back({fbaflow::testing::Reply(404, "no"), StatusCode::kFailedPrecondition});
  cases.push_back({fbaflow::testing::Reply(200, "<html>"), StatusCode::kUnavailable});
  cases.push_back({DeadlineExceeded("read timeout"), StatusCode::kDeadlineExceeded});
  cases.push_back({Unavailable("connection refused"), StatusCode::kUnavailable});
  for (Case& c : cases) {
    TrytonTestServer server;
    auto answer = std::make_shared<Result<HttpResponse>>(std::move(c.answer));
    server.Answer("model.x.read", [answer](const Json&) { return *answer; });
    TrytonRpc rpc(Settings(), server.GetHttp());
    const Status s = rpc.Call("model.x.read", Json::array()).GetStatus();
    EXPECT_EQ(s.Code(), c.code) << s.ToString();
    EXPECT_THAT(s.Message(), HasSubstr("model.x.read"));
  }
}

TEST(TrytonJsonTest, DecimalsTravelAsTextAndComeBackExactly) {
  const Currency gbp = *Currency::FromCode("GBP");
  EXPECT_EQ(EncodeMoney(Money::FromMinor(1299, gbp)).dump(),
            R"({"__class__":"Decimal","decimal":"12.99"})");
  EXPECT_EQ(EncodeMoney(Money::FromMinor(-5, gbp)).dump(),
            R"({"__class__":"Decimal","decimal":"-0.05"})");
  // Beyond a double's 15-16 significant digits, still exact.
  const Money big = Money::FromMinor(9'007'199'254'740'993, gbp);
  EXPECT_EQ(*DecodeMoney(EncodeMoney(big), gbp), big);
  EXPECT_EQ(*DecodeMoney(Json::parse(R"({"__class__":"Decimal","decimal":"12.990"})"), gbp),
            Money::FromMinor(1299, gbp));
  EXPECT_EQ(DecodeMoney(Json::parse(R"({"__class__":"Decimal","decimal":"12.995"})"), gbp)
                .GetStatus()
                .Code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(DecodeMoney(Json::parse("12.99"), gbp).GetStatus().Code(), StatusCode::kDataLoss);
  const Currency jpy = *Currency::FromCode("JPY");
  EXPECT_EQ(*DecodeMoney(Json::parse(R"({"__class__":"Decimal","decimal":"1234"})"), jpy),
            Money::FromMinor(1234, jpy));
}

TEST(TrytonJsonTest, DatesRoundTrip) {
  const CivilDate d{2026, 2, 28};
  EXPECT_EQ(EncodeDate(d).dump(), R"({"__class__":"date","day":28,"month":2,"year":2026})");
  EXPECT_EQ(*DecodeDate(EncodeDate(d)), d);
  EXPECT_EQ(DecodeDate(Json::parse(R"({"__class__":"date","year":2026,"month":2,"day":30})"))
                .GetStatus()
                .Code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(DecodeDate(Json("2026-02-28")).GetStatus().Code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace fbaflow::erp

namespace fbaflow::erp {
namespace {

TEST(TrytonReadOnlyCalls, OnlyReadsMayBeResentByTheTransport) {
  EXPECT_TRUE(IsReadOnlyCall("model.sale.sale.search_read"));
  EXPECT_TRUE(IsReadOnlyCall("model.product.product.search"));
  EXPECT_TRUE(IsReadOnlyCall("model.stock.shipment.out.read"));
  EXPECT_TRUE(IsReadOnlyCall("common.db.login"));
  EXPECT_FALSE(IsReadOnlyCall("model.sale.sale.create"));
  EXPECT_FALSE(IsReadOnlyCall("model.sale.sale.confirm"));
  EXPECT_FALSE(IsReadOnlyCall("model.account.move.post"));
  EXPECT_FALSE(IsReadOnlyCall("model.sale.sale.write"));
  EXPECT_FALSE(IsReadOnlyCall("wizard.sale.handle.shipment.exception.execute"));
}

}  // namespace
}  // namespace fbaflow::erp
