#pragma once
// `fbaflow orders sync [--once] [--since T]`: Amazon orders into the ERP. Each pass pulls what
// Amazon changed since the last one, sends sales, shipments and cancellations to the ERP through
// the outbox, watches the own warehouse and confirms its shipments to Amazon (engine/orders).
// Without --once it runs a pass every --interval seconds until SIGINT or SIGTERM.
// Settings: the Amazon ones (flags, FBAFLOW_* variables, [amazon]), the ERP's (FBAFLOW_ERP_*,
// [erp]), the store (--store, FBAFLOW_STORE_URL, [store]; default SQLite in the data folder) and
// [orders] of the config file.
// Exit codes (--once): 0 every order moved; 1 exceptions are open (fbaflow exceptions list) or
// Amazon or the ERP failed transiently; 2 bad input or configuration.

namespace CLI {
class App;
}  // namespace CLI

namespace fbaflow::cli {

void RegisterOrdersCommands(CLI::App& app, int& exit_code);

}  // namespace fbaflow::cli
