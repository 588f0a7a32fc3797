#pragma once
// `fbaflow amazon ...`: operator commands over the Amazon SP-API connector.
//   auth-check         exchange the credentials with Login with Amazon and make one API call
//   orders --since T   list orders created (or, with --updated, changed) since T
//   inventory          the FBA inventory of a marketplace
//   reports list       reports Amazon holds (settlement reports by default)
//   settlements fetch  discover new settlement reports, archive and hand them on; findings for
//                      finance (gaps, retention) make the exit code 1
// Exit codes: 0 ok; 1 the run finished with findings or unreadable records, or could not finish
// because Amazon failed transiently (retry later); 2 bad input, usage, configuration or
// credentials (fix them first).

// CLI11 stays behind the .cc files: it is one of the slowest headers to compile.
namespace CLI {
class App;
}  // namespace CLI

namespace fbaflow::cli {

void RegisterAmazonCommands(CLI::App& app, int& exit_code);

}  // namespace fbaflow::cli
