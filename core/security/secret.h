#pragma once
// Secret: a credential (LWA client secret, refresh token, access token) that cannot reach a log
// line, an error message or a stream by accident.
//
// There is no implicit conversion to a string. Streaming (operator<<) and fmt/spdlog formatting
// print "[redacted]". The clear value is reachable only through RevealForWire(), named so that a
// reviewer sees every place that sends a credential; grep for it. Scrub() removes the clear values
// of secrets from text that came from outside (an error body that echoes a token) before that text
// goes into a Status or a log.
// The buffer is wiped when the Secret is destroyed or overwritten.
// Thread safety: a value type; const methods may be called concurrently.

#include <fmt/format.h>

#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>

namespace fbaflow {

class Secret {
 public:
  static constexpr std::string_view kRedacted = "[redacted]";

  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret& other) = default;
  Secret(Secret&& other) noexcept;
  Secret& operator=(const Secret& other);
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  bool Empty() const { return value_.empty(); }

  // The clear value, for the one place that puts it on the wire (a header, a form field).
  const std::string& RevealForWire() const { return value_; }

  // A short fingerprint safe to log ("len=412"), enough to tell two secrets apart in a support
  // conversation without revealing either.
  std::string Describe() const;

  // Constant-time comparison of the clear values.
  friend bool operator==(const Secret& a, const Secret& b);

 private:
  void Wipe();

  std::string value_;
};

// Returns `text` with every occurrence of each non-empty secret (and of its form-urlencoded
// spelling) replaced by "[redacted]".
std::string Scrub(std::string_view text, std::initializer_list<const Secret*> secrets);

std::ostream& operator<<(std::ostream& out, const Secret& secret);

}  // namespace fbaflow

template <>
struct fmt::formatter<fbaflow::Secret> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const fbaflow::Secret& /*secret*/, FormatContext& ctx) const -> decltype(ctx.out()) {
    return fmt::formatter<std::string_view>::format(fbaflow::Secret::kRedacted, ctx);
  }
};
