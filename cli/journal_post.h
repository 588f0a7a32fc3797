#pragma once
// `--post`: the ready journals of a settlement run into the ERP's books (Tryton), through the
// store's outbox, so a repeat posts nothing twice. Settings: the ERP's (FBAFLOW_ERP_*, [erp]),
// the store (--store, FBAFLOW_STORE_URL, [store]; default SQLite in the data folder).

#include <iosfwd>
#include <vector>

#include "cli/store_cmd_support.h"
#include "core/settlement/journal.h"

namespace fbaflow::cli {

// Posts and prints one line per outcome on `out`; returns the exit code: 0 all posted, 1 a
// settlement held or a journal refused (an exception is open), 2 configuration.
int PostJournals(const std::vector<settlement::SettlementJournals>& settlements,
                 const StoreFlags& flags, std::ostream& out);

}  // namespace fbaflow::cli
