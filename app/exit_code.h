#pragma once
// The exit codes of every fbaflow command, and the one mapping from a Status to them.
//   0  ok
//   1  the run finished but something is held, an exception is open, or a transient failure
//      stopped it (run again later)
//   2  bad input, usage, configuration or credentials (fix them first)

#include "core/base/status.h"

namespace fbaflow::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitHeld = 1;
inline constexpr int kExitBadInput = 2;

// Input, configuration and credential errors are 2 (a person must fix something before a rerun
// can succeed); transient failures and everything else are 1.
int ExitCodeFor(const Status& status);

// What a person reads for a failed command: the message, without the code's name, plus
// "(transient: run again later)" for a retryable one.
std::string FailureText(const Status& status);

}  // namespace fbaflow::app
