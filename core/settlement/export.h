#pragma once
// Writers for built settlements. Pure formatting: the caller owns the stream (a file, stdout or a
// string buffer). Amounts are decimal strings with exactly the currency's minor digits.

#include <ostream>
#include <vector>

#include "core/settlement/journal.h"
#include "core/settlement/rules.h"

namespace fbaflow::settlement {

// JSON: one object per settlement (concatenated, each followed by a newline), with the fields
// documented in docs/settlement.md.
void WriteJson(const std::vector<SettlementJournals>& settlements, std::ostream& out);

// CSV manual-journal import for Xero (and QuickBooks): *Narration, *Date, Description,
// *AccountCode, *TaxRate, *Amount, ... One row per journal line; journals told apart by narration.
void WriteCsv(const std::vector<SettlementJournals>& settlements, const RuleSet& rules,
              std::ostream& out);

// hledger journal: one transaction per journal, the clearing account's balance equals the deposit.
// `hledger -f FILE check` accepts it.
void WriteHledger(const std::vector<SettlementJournals>& settlements, std::ostream& out);

// Audit CSV: every source row (and every amount of it) with the journal line that carries it, or
// the reject that holds it. Needs JournalOptions::keep_audit.
void WriteAudit(const std::vector<SettlementJournals>& settlements, std::ostream& out);

}  // namespace fbaflow::settlement
