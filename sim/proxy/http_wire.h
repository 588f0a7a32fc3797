#pragma once
// The HTTP/1.1 text the fault proxy reads from its clients and writes back to them.
//
// The proxy keeps its own listening side, on plain sockets, because its faults are things an
// HTTP server library will not do: close a connection without answering, reset it, hold it silent.
// These are the pure parts: a request head in, an answer's bytes out. No I/O, no state.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/status.h"

namespace fbaflow::sim {

using WireHeaders = std::vector<std::pair<std::string, std::string>>;  // in the order received

struct WireRequest {
  std::string method;     // as sent ("POST")
  std::string target;     // path and query as sent ("/db/?x=1")
  int minor_version = 1;  // HTTP/1.x
  WireHeaders headers;
  std::string body;

  std::string_view Path() const;  // target up to '?'
  // The first value of header `name` (any case), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
  // Whether the client keeps the connection open after the answer (HTTP/1.1 unless
  // "Connection: close"; HTTP/1.0 only with "Connection: keep-alive").
  bool KeepAlive() const;
};

// Parses a request line and its header fields: `head` is everything before the blank line,
// lines ended by CRLF (a bare LF is accepted). Only HTTP/1.0 and 1.1. kInvalidArgument says what
// is malformed.
Result<WireRequest> ParseRequestHead(std::string_view head);

// The body length the head announces: 0 without Content-Length. kInvalidArgument for a bad or
// repeated length, kFailedPrecondition for a chunked body (the proxy does not take them: every
// client it serves sends Content-Length).
Result<uint64_t> RequestBodyLength(const WireRequest& request);

// Headers that describe one connection rather than the message (RFC 9110 section 7.6.1), plus
// those the proxy recomputes for the next hop (Content-Length, Host, Expect).
bool IsHopByHop(std::string_view name);

// `headers` without the hop-by-hop ones and those the Connection header names: what a proxy
// passes on, in either direction.
WireHeaders EndToEndHeaders(const WireHeaders& headers);

// An answer's bytes: status line, `headers` without their hop-by-hop ones, Content-Length and
// Connection, then the body. `head_only` (an answer to HEAD) keeps `content_length` as given and
// writes no body.
std::string FormatResponse(int status, std::string_view reason, const WireHeaders& headers,
                           std::string_view body, bool keep_alive, bool head_only = false,
                           std::optional<uint64_t> content_length = std::nullopt);

// "Service Unavailable" for 503, "" for codes it does not know.
std::string_view ReasonPhrase(int status);

}  // namespace fbaflow::sim
