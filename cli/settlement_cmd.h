#pragma once
// `fbaflow settlement journal|inspect` and `fbaflow rules list|show|check`.

// CLI11 stays behind the .cc files: it is one of the slowest headers to compile.
namespace CLI {
class App;
}  // namespace CLI

namespace fbaflow::cli {

void RegisterSettlementCommands(CLI::App& app, int& exit_code);
void RegisterRulesCommands(CLI::App& app, int& exit_code);

}  // namespace fbaflow::cli
