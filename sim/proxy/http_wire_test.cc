#include "sim/proxy/http_wire.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fbaflow::sim {
namespace {

using ::testing::HasSubstr;

TEST(HttpWireTest, ParsesARequestHead) {
  Result<WireRequest> r = ParseRequestHead(
      "POST /db/?a=1&b=%20 HTTP/1.1\r\nHost: x\r\nContent-Length:  12 \r\nX-Two: a\r\nx-two: b");
  ASSERT_TRUE(r.Ok()) << r.GetStatus().ToString();
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->target, "/db/?a=1&b=%20");
  EXPECT_EQ(r->Path(), "/db/");
  EXPECT_EQ(r->minor_version, 1);
  EXPECT_EQ(r->Header("content-length"), "12");
  EXPECT_EQ(r->Header("X-TWO"), "a");
  EXPECT_FALSE(r->Header("Cookie").has_value());
  EXPECT_EQ(*RequestBodyLength(*r), 12u);
  EXPECT_TRUE(r->KeepAlive());
}

TEST(HttpWireTest, KeepAliveFollowsTheVersion) {
  EXPECT_FALSE(ParseRequestHead("GET / HTTP/1.1\r\nConnection: Close")->KeepAlive());
  EXPECT_FALSE(ParseRequestHead("GET / HTTP/1.0")->KeepAlive());
  EXPECT_TRUE(ParseRequestHead("GET / HTTP/1.0\r\nConnection: Keep-Alive")->KeepAlive());
}

TEST(HttpWireTest, RefusesWhatItCannotForward) {
  EXPECT_THAT(ParseRequestHead("GET /\r\n").GetStatus().Message(), HasSubstr("bad request line"));
  EXPECT_THAT(ParseRequestHead("GET http://x/ HTTP/1.1").GetStatus().Message(),
              HasSubstr("is not a path"));
  EXPECT_THAT(ParseRequestHead("GET / HTTP/2.0").GetStatus().Message(),
              HasSubstr("unsupported version"));
  EXPECT_THAT(ParseRequestHead("GET / HTTP/1.1\r\nno colon").GetStatus().Message(),
              HasSubstr("bad header line"));
  EXPECT_THAT(ParseRequestHead("GET / HTTP/1.1\r\nA: b\r\n  folded").GetStatus().Message(),
              HasSubstr("folded"));
  const WireRequest chunked = *ParseRequestHead("POST / HTTP/1.1\r\nTransfer-Encoding: chunked");
  EXPECT_EQ(RequestBodyLength(chunked).GetStatus().Code(), StatusCode::kFailedPrecondition);
  const WireRequest two =
      *ParseRequestHead("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2");
  EXPECT_THAT(RequestBodyLength(two).GetStatus().Message(), HasSubstr("two different"));
  const WireRequest bad = *ParseRequestHead("POST / HTTP/1.1\r\nContent-Length: -1");
  EXPECT_THAT(RequestBodyLength(bad).GetStatus().Message(), HasSubstr("bad Content-Length"));
}

TEST(HttpWireTest, PassesOnlyEndToEndHeaders) {
  const WireHeaders in = {{"Connection", "close, X-Private"},
                          {"X-Private", "1"},
                          {"Keep-Alive", "5"},
                          {"Host", "proxy"},
                          {"Content-Length", "3"},
                          {"Content-Type", "text/plain"},
                          {"Authorization", "Bearer t"}};
  const WireHeaders out = EndToEndHeaders(in);
  const WireHeaders expected = {{"Content-Type", "text/plain"}, {"Authorization", "Bearer t"}};
  EXPECT_EQ(out, expected);
}

TEST(HttpWireTest, FormatsAnAnswer) {
  EXPECT_EQ(FormatResponse(503, "", {{"Retry-After", "1"}, {"Transfer-Encoding", "chunked"}},
                           "busy", true),
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 4\r\n"
            "Connection: keep-alive\r\n\r\nbusy");
  EXPECT_EQ(FormatResponse(200, "Fine", {}, "", false, /*head_only=*/true, 42),
            "HTTP/1.1 200 Fine\r\nContent-Length: 42\r\nConnection: close\r\n\r\n");
}

}  // namespace
}  // namespace fbaflow::sim
