#include "cli/commands.h"

#include "cli/amazon_cmd.h"
#include "cli/exceptions_cmd.h"
#include "cli/mappings_cmd.h"
#include "cli/orders_cmd.h"
#include "cli/settlement_cmd.h"

namespace fbaflow::cli {

// Subcommand groups add a line here as they land.
void RegisterCommands(CLI::App& app, int& exit_code) {
  RegisterSettlementCommands(app, exit_code);
  RegisterRulesCommands(app, exit_code);
  RegisterAmazonCommands(app, exit_code);
  RegisterOrdersCommands(app, exit_code);
  RegisterExceptionsCommands(app, exit_code);
  RegisterMappingsCommands(app, exit_code);
}

}  // namespace fbaflow::cli
