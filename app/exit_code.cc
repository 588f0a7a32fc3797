#include "app/exit_code.h"

namespace fbaflow::app {

int ExitCodeFor(const Status& status) {
  switch (status.Code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kUnauthenticated:
    case StatusCode::kPermissionDenied:
    case StatusCode::kNotFound:
      return kExitBadInput;
    default:
      return kExitHeld;
  }
}

std::string FailureText(const Status& status) {
  std::string text = status.Message();
  if (status.IsRetryable()) text += " (transient: run again later)";
  return text;
}

}  // namespace fbaflow::app
