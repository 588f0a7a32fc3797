#pragma once
// The `fbaflow` command line: every subcommand group registers itself here.
//
// Exit codes (documented in docs/cli.md and `fbaflow --help`):
//   0  ok
//   1  the run finished but something is held or inconsistent (read the report)
//   2  bad input or usage (the message names the file, line and field)

#include <string>
#include <vector>

namespace fbaflow::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitHeld = 1;
inline constexpr int kExitBadInput = 2;

// Runs `fbaflow` with argv; returns the process exit code.
int Run(int argc, char** argv);

}  // namespace fbaflow::cli
