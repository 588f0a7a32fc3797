#pragma once
// The `fbaflow` command line: every subcommand group registers itself here.
//
// Exit codes (documented in docs/cli.md and `fbaflow --help`):
//   0  ok
//   1  the run finished but something is held or inconsistent (read the report)
//   2  bad input or usage (the message names the file, line and field)

#include <string>
#include <vector>

#include "app/exit_code.h"

namespace fbaflow::cli {

using app::kExitBadInput;
using app::kExitHeld;
using app::kExitOk;

// Runs `fbaflow` with argv; returns the process exit code.
int Run(int argc, char** argv);

}  // namespace fbaflow::cli
