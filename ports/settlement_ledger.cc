#include "ports/settlement_ledger.h"

#include <charconv>

namespace fbaflow {

std::string_view SettlementStateName(SettlementState state) {
  switch (state) {
    case SettlementState::kSeen:
      return "seen";
    case SettlementState::kClaimed:
      return "claimed";
    case SettlementState::kProcessed:
      return "processed";
    case SettlementState::kHeld:
      return "held";
    case SettlementState::kQuarantined:
      return "quarantined";
  }
  return "seen";
}

std::string ClaimOwner::ToString() const { return host + " " + std::to_string(pid) + " " + start; }

std::optional<ClaimOwner> ClaimOwner::Parse(std::string_view text) {
  const std::size_t a = text.find(' ');
  if (a == std::string_view::npos || a == 0) return std::nullopt;
  const std::size_t b = text.find(' ', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  ClaimOwner owner;
  owner.host = std::string(text.substr(0, a));
  const std::string_view pid = text.substr(a + 1, b - a - 1);
  const auto [end, ec] = std::from_chars(pid.data(), pid.data() + pid.size(), owner.pid);
  if (ec != std::errc() || end != pid.data() + pid.size() || owner.pid <= 0) return std::nullopt;
  owner.start = std::string(text.substr(b + 1));
  if (owner.start.empty() || owner.start.find(' ') != std::string::npos) return std::nullopt;
  return owner;
}

}  // namespace fbaflow
