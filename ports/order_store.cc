#include "ports/order_store.h"

namespace fbaflow {

std::string_view OutboxStateName(OutboxState state) {
  switch (state) {
    case OutboxState::kPending:
      return "pending";
    case OutboxState::kDone:
      return "done";
    case OutboxState::kParked:
      return "parked";
  }
  return "?";
}

std::string_view ExceptionStatusName(ExceptionStatus status) {
  switch (status) {
    case ExceptionStatus::kOpen:
      return "open";
    case ExceptionStatus::kResolved:
      return "resolved";
    case ExceptionStatus::kIgnored:
      return "ignored";
  }
  return "?";
}

std::optional<ExceptionStatus> ParseExceptionStatus(std::string_view text) {
  for (ExceptionStatus s :
       {ExceptionStatus::kOpen, ExceptionStatus::kResolved, ExceptionStatus::kIgnored}) {
    if (ExceptionStatusName(s) == text) return s;
  }
  return std::nullopt;
}

}  // namespace fbaflow
