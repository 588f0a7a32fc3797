#pragma once
// `fbaflow settlement journal|inspect` and `fbaflow rules list|show|check`.

#include <CLI/CLI.hpp>

namespace fbaflow::cli {

void RegisterSettlementCommands(CLI::App& app, int& exit_code);
void RegisterRulesCommands(CLI::App& app, int& exit_code);

}  // namespace fbaflow::cli
