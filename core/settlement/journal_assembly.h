#pragma once
// Assembly: turns one settlement's finished tally into its journals (internal to JournalBuilder;
// journal.h is the public contract and says what the journals look like).
//
// Work here is proportional to the number of distinct (key, month) cells, not to the rows.

#include "core/settlement/journal.h"
#include "core/settlement/journal_tally.h"
#include "core/settlement/rules.h"

namespace fbaflow::settlement {

// Groups the tally's cells into journal lines, splits by month when asked, adds the clearing,
// rollover and difference lines, and decides holds, exceptions, families and the audit trail.
// Takes the tally's rejects and audit records (the tally is spent afterwards).
SettlementJournals AssembleJournals(JournalTally& tally, const RuleSet& rules,
                                    const JournalOptions& options);

// True for Multi-Channel Fulfilment rows: marketplace-name "Non-Amazon UK", "Non-Amazon US", ...
bool IsMultiChannelMarketplace(std::string_view marketplace);

}  // namespace fbaflow::settlement
