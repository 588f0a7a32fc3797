#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace fbaflow::cli {

int Run(int argc, char** argv) {
  CLI::App app{
      "fbaflow: Amazon FBA to ERP integration engine.\n\n"
      "Exit codes: 0 ok; 1 the run finished but something is held or inconsistent;\n"
      "2 bad input or usage.",
      "fbaflow"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "fbaflow 0.1.0");
  int exit_code = kExitOk;
  RegisterCommands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }
  return exit_code;
}

}  // namespace fbaflow::cli
