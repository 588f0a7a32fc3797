#include "cli/commands.h"

namespace fbaflow::cli {

// Subcommand groups add a line here as they land.
void RegisterCommands(CLI::App& app, int& exit_code) {
  (void)app;
  (void)exit_code;
}

}  // namespace fbaflow::cli
