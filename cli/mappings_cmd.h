#pragma once
// `fbaflow mappings ...`: seller SKU → ERP item aliases, per seller and marketplace. A SKU that is
// itself an ERP item code needs none; these are for the others.
//   list                                      the seller's aliases
//   set-sku SELLER_SKU ITEM [--marketplace M] set one (M: UK, DE, US...; default every one)
//   remove-sku SELLER_SKU [--marketplace M]   remove one
//   import FILE                               set many from a CSV file: seller_sku,item_code and
//                                             an optional marketplace column; a header line,
//                                             blank lines and # comments are skipped
// Orders waiting on a SKU go to the ERP on the next `fbaflow orders sync`.
// Every change is in the audit log with its actor. Exit codes: 0 ok; 2 bad input (the message
// names the file, line and field) or an unknown mapping.

namespace CLI {
class App;
}  // namespace CLI

namespace fbaflow::cli {

void RegisterMappingsCommands(CLI::App& app, int& exit_code);

}  // namespace fbaflow::cli
