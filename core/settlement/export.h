#pragma once
// Writers for built settlements. Pure formatting: the caller owns the stream (a file, stdout or a
// string buffer). Amounts are decimal strings with exactly the currency's minor digits, positive
// for a debit and negative for a credit. docs/settlement.md describes every format.
// Thread safety: the writers keep no state; concurrent calls on different streams are fine.

#include <ostream>
#include <string>
#include <vector>

#include "core/settlement/entry.h"
#include "core/settlement/journal.h"
#include "core/settlement/rules.h"

namespace fbaflow::settlement {

// JSON: one object per settlement (concatenated, each on one line followed by a newline: JSON
// Lines), with the fields documented in docs/settlement.md. `file`, when given, adds a "file"
// object (format, columns, charset and decimal style the reader found).
void WriteJson(const std::vector<SettlementJournals>& settlements, std::ostream& out,
               const FileInfo* file = nullptr);

enum class CsvDialect : unsigned char {
  kXero,        // *Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,Tracking...
  kQuickBooks,  // Journal No,Journal Date,Account Name,Debits,Credits,Description,...
};

// CSV manual-journal import: one row per journal line (zero-amount lines left out), journals told
// apart by narration (Xero) or journal number (QuickBooks). Held settlements are written with
// their narration prefixed "HELD (reasons) - " so they cannot be mistaken for ready ones.
// A line with no tax code takes its settlement's default_tax_code. Xero's import wants tax rate
// names: Xero's UK tax types (OUTPUT2, INPUT2, NONE, ...) are written as the default UK rate names
// ("20% (VAT on Income)", ...), NONE as "Tax Exempt" in USD; other codes pass through.
void WriteCsv(const std::vector<SettlementJournals>& settlements, std::ostream& out,
              CsvDialect dialect = CsvDialect::kXero);

// hledger journal: account and commodity declarations, then one transaction per journal; the
// clearing account's balance equals the deposit. `hledger -f FILE check --strict` accepts it.
// Held settlements' transactions are pending ("!") and carry the hold reasons as comments.
void WriteHledger(const std::vector<SettlementJournals>& settlements, std::ostream& out);

// hledger account name for a journal line: the chart's account type as the top level
// ("assets:Amazon Clearing", "income:Amazon Sales"), with characters hledger would misread
// replaced.
std::string HledgerAccountName(const JournalLine& line);

// Audit CSV: every source amount with the journal line that carries it, every row without an
// amount, and every reject with its reason. Needs JournalOptions::keep_audit (without it only the
// rejects can be listed).
void WriteAudit(const std::vector<SettlementJournals>& settlements, std::ostream& out);

}  // namespace fbaflow::settlement
