#pragma once
// One Register function per subcommand group; each sets `exit_code` from its callback.

// CLI11 stays behind the .cc files: it is one of the slowest headers to compile.
namespace CLI {
class App;
}  // namespace CLI

namespace fbaflow::cli {

void RegisterCommands(CLI::App& app, int& exit_code);

}  // namespace fbaflow::cli
