#pragma once
// One Register function per subcommand group; each sets `exit_code` from its callback.

#include <CLI/CLI.hpp>

namespace fbaflow::cli {

void RegisterCommands(CLI::App& app, int& exit_code);

}  // namespace fbaflow::cli
