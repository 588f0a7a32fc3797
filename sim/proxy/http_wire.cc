#include "sim/proxy/http_wire.h"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace fbaflow::sim {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 9110 token characters: what a method or a field name may hold.
bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// Whether the comma-separated `list` holds `word` (any case).
bool ListHas(std::string_view list, std::string_view word) {
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    if (comma == std::string_view::npos) comma = list.size();
    if (EqualsIgnoreCase(TrimBlanks(list.substr(pos, comma - pos)), word)) return true;
    pos = comma + 1;
  }
  return false;
}

}  // namespace

std::string_view WireRequest::Path() const {
  return std::string_view(target).substr(0, target.find('?'));
}

std::optional<std::string_view> WireRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

bool WireRequest::KeepAlive() const {
  const std::string_view connection = Header("Connection").value_or("");
  if (minor_version == 0) return ListHas(connection, "keep-alive");
  return !ListHas(connection, "close");
}

Result<WireRequest> ParseRequestHead(std::string_view head) {
  WireRequest request;
  bool first = true;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    pos = end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (first) {
      first = false;
      const size_t sp1 = line.find(' ');
      const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
      if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        return InvalidArgument(fmt::format("bad request line '{}'", line));
      }
      const std::string_view method = line.substr(0, sp1);
      const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
      const std::string_view version = line.substr(sp2 + 1);
      if (!IsToken(method)) return InvalidArgument(fmt::format("bad method '{}'", method));
      if (!target.starts_with('/')) {
        return InvalidArgument(fmt::format("request target '{}' is not a path", target));
      }
      if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        return InvalidArgument(fmt::format("unsupported version '{}'", version));
      }
      request.method = std::string(method);
      request.target = std::string(target);
      request.minor_version = version == "HTTP/1.1" ? 1 : 0;
      continue;
    }
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      return InvalidArgument("folded header lines are obsolete (RFC 9112 section 5.2)");
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
      return InvalidArgument(fmt::format("bad header line '{}'", line));
    }
    request.headers.emplace_back(std::string(line.substr(0, colon)),
                                 std::string(TrimBlanks(line.substr(colon + 1))));
  }
  if (first) return InvalidArgument("empty request");
  return request;
}

Result<uint64_t> RequestBodyLength(const WireRequest& request) {
  if (request.Header("Transfer-Encoding")) {
    return FailedPrecondition("chunked request bodies are not supported: send Content-Length");
  }
  std::optional<uint64_t> length;
  for (const auto& [key, value] : request.headers) {
    if (!EqualsIgnoreCase(key, "Content-Length")) continue;
    uint64_t n = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc() || ptr != value.data() + value.size()) {
      return InvalidArgument(fmt::format("bad Content-Length '{}'", value));
    }
    if (length && *length != n) return InvalidArgument("two different Content-Length headers");
    length = n;
  }
  return length.value_or(0);
}

bool IsHopByHop(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kNames = {"Connection",
                                                              "Keep-Alive",
                                                              "Proxy-Authenticate",
                                                              "Proxy-Authorization",
                                                              "Proxy-Connection",
                                                              "TE",
                                                              "Trailer",
                                                              "Transfer-Encoding",
                                                              "Upgrade",
                                                              "Content-Length",
                                                              "Host",
                                                              "Expect"};
  for (const std::string_view hop : kNames) {
    if (EqualsIgnoreCase(name, hop)) return true;
  }
  return false;
}

WireHeaders EndToEndHeaders(const WireHeaders& headers) {
  std::string connection;
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, "Connection")) connection += value + ",";
  }
  WireHeaders out;
  for (const auto& [key, value] : headers) {
    if (!IsHopByHop(key) && !ListHas(connection, key)) out.emplace_back(key, value);
  }
  return out;
}

std::string FormatResponse(int status, std::string_view reason, const WireHeaders& headers,
                           std::string_view body, bool keep_alive, bool head_only,
                           std::optional<uint64_t> content_length) {
  if (reason.empty()) reason = ReasonPhrase(status);
  std::string out = fmt::format("HTTP/1.1 {} {}\r\n", status, reason);
  for (const auto& [key, value] : EndToEndHeaders(headers)) {
    out += fmt::format("{}: {}\r\n", key, value);
  }
  const uint64_t length = head_only && content_length ? *content_length : body.size();
  out += fmt::format("Content-Length: {}\r\nConnection: {}\r\n\r\n", length,
                     keep_alive ? "keep-alive" : "close");
  if (!head_only) out += body;
  return out;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 413:
      return "Content Too Large";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

}  // namespace fbaflow::sim
