#include "ports/settlement_ledger.h"

namespace fbaflow {

std::string_view SettlementStateName(SettlementState state) {
  switch (state) {
    case SettlementState::kSeen:
      return "seen";
    case SettlementState::kClaimed:
      return "claimed";
    case SettlementState::kProcessed:
      return "processed";
  }
  return "seen";
}

}  // namespace fbaflow
