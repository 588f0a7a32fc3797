#pragma once
// JournalBuilder: turns the reader's entries into summarised journals that balance and tie to the
// deposit, and decides whether a settlement can be trusted.
//
// Sign convention: a line's amount is positive for a debit and negative for a credit. A settlement
// amount A (positive = money owed to the seller) is posted as -A on its mapped account; the
// clearing line is +total-amount. When the rows do not sum to the total, the difference is posted
// to the suspense account on a line of its own, so the clearing line always equals total-amount
// and every journal always balances.
//
// Lines are grouped by (account, tax code), and by marketplace when the settlement spans more than
// one Amazon marketplace; Multi-Channel Fulfilment rows (marketplace "Non-Amazon ...") are always
// lines of their own. Unmapped amounts go to the suspense account, one line per unmapped
// (transaction-type, amount-type, amount-description). Each line says how many entries it
// summarises. Order: postings by account code, tax code, marketplace; then suspense, rollover and
// the clearing line last. docs/settlement.md has the details.
//
// Month split (SplitMode::kMonth): when posted-dates cross a calendar month, there is one journal
// per month. Each earlier month's journal is balanced by a line on the rollover account and dated
// the last day of its month; the last journal (dated the settlement end) carries the clearing line
// and reverses the rollovers, so each journal balances and together they tie to the one deposit.
// The settlement end's month always has the last journal, even when no row is posted in it.
//
// Holds: the settlement is "held" (journals still produced, marked held) when its rows do not sum
// to total-amount ("inconsistent", the difference shown), when some amount is unmapped (posted to
// suspense; an "unmapped_fee_type" exception owned by finance), or when rows were rejected.
// Errors: none expected. An amount that would take the sum of the magnitudes of a settlement's
// amounts beyond kMaxSettlementMinorUnits (entry.h) is not posted: it becomes a reject (line,
// column, row, reason) and holds the settlement, so no sum of a settlement can overflow. An entry
// in another currency than its summary's throws std::invalid_argument (a reader bug, never data).
// Performance: OnEntry allocates nothing once a key has been seen; Finish is proportional to the
// number of distinct (key, month) pairs, plus the audit when kept.
// Thread safety: one builder per thread.
//
// Parallel building: one settlement's detail rows may be read in runs of whole lines, each run
// into a part (NewPart) on a thread of its own, and the parts merged back in file order
// (MergePart). The result is exactly what reading every line into this builder would have given.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/money/money.h"
#include "core/settlement/entry.h"
#include "core/settlement/rules.h"
#include "core/time/civil.h"

namespace fbaflow::settlement {

enum class SplitMode : unsigned char { kMonth, kNone };

struct JournalOptions {
  SplitMode split = SplitMode::kMonth;
  bool keep_audit = false;  // remember which journal line carries each entry (memory: 32 B/entry)
};

enum class LineKind : unsigned char { kPosting, kSuspense, kClearing, kRollover };
std::string_view LineKindName(LineKind kind);  // "posting", "suspense", "clearing", "rollover"

struct JournalLine {
  LineKind kind = LineKind::kPosting;
  std::string account;
  std::string account_code;  // from the rules' chart; empty when the chart has none
  std::string account_type;  // from the rules' chart: revenue | expense | asset | liability |
                             // equity; empty when the chart does not say
  std::string tax_code;
  std::string description;
  std::string marketplace;  // set when lines are split by marketplace, and on MCF lines
  Money amount;             // + debit, - credit
  uint64_t rows = 0;        // entries summarised (clearing and rollover lines: 0)
};

struct Journal {
  CivilDate date;
  std::string period;  // "2024-11"
  // "Amazon settlement 23395380562 (2024-10-25 to 2024-11-08), part 1 of 2 (October 2024)"
  std::string narration;
  std::vector<JournalLine> lines;
};

struct Hold {
  std::string code;  // "inconsistent", "unmapped", "rejected_rows", "no_summary"
  // For people: "rows sum to 253.40 but total-amount is 253.43 (difference 0.03)".
  std::string message;
};

// An owned problem the engine records and tracks until it is fixed (see DESIGN.md, monitoring).
struct ExceptionRecord {
  std::string type;  // "unmapped_fee_type"
  Owner owner = Owner::kFinance;
  std::string key;  // what it is about: "Order / ItemFees / NewFeeType / Amazon.co.uk"
  std::string message;
  uint64_t rows = 0;
  Money amount;
  uint64_t first_line = 0;
};

// Counts and totals per (transaction-type, amount-type, amount-description): what `inspect` shows.
struct FamilyTotal {
  std::string transaction_type;
  std::string amount_type;
  std::string amount_description;
  uint64_t rows = 0;
  Money total;
  std::string account;  // mapped account; the suspense account when unmapped
  bool mapped = true;
};

// Which journal line carries one entry (only with JournalOptions::keep_audit).
struct AuditRecord {
  uint64_t line = 0;
  uint16_t column = 0;
  uint32_t journal = 0;      // index into SettlementJournals::journals
  uint32_t line_index = 0;   // index into that journal's lines
  int64_t amount_minor = 0;  // the entry's amount in minor units
};

enum class SettlementStatus : unsigned char { kReady, kHeld };

struct SettlementJournals {
  Summary summary;
  std::string rules_name;
  std::string clearing_account;
  std::string default_tax_code;    // the rule set's, for lines that carry none
  uint64_t rows = 0;               // detail rows (summary row excluded)
  uint64_t entries = 0;            // amounts read (legacy rows may carry two)
  uint64_t non_monetary_rows = 0;  // rows with no amount
  uint64_t rejected_rows = 0;
  Money rows_sum;  // sum of every entry's amount
  SettlementStatus status = SettlementStatus::kReady;
  std::vector<Hold> holds;
  std::vector<ExceptionRecord> exceptions;
  std::vector<Journal> journals;
  std::vector<Reject> rejects;
  std::vector<FamilyTotal> families;
  std::vector<AuditRecord> audit;            // one per entry, in file order (keep_audit only)
  std::vector<uint64_t> non_monetary_lines;  // lines of rows with no amount (keep_audit only)
};

// Collects one file's settlements. Use it as the reader's Sink, then call Finish.
class JournalBuilder final : public Sink {
 public:
  // `rules` must outlive the builder.
  JournalBuilder(const RuleSet& rules, JournalOptions options);
  ~JournalBuilder() override;

  void OnSummary(const Summary& summary) override;
  void OnEntry(const Entry& entry) override;
  void OnNonMonetaryRow(uint64_t line) override;
  void OnReject(Reject reject) override;

  // The settlements seen, in file order, with journals built and holds decided.
  std::vector<SettlementJournals> Finish();

  // A builder for a run of the open settlement's detail rows: the same rules and options, and
  // the open settlement's summary. Feed it entries, non-monetary rows and rejects (no summary),
  // numbering lines from 1 at the start of the run. Requires an open settlement with a summary
  // (std::logic_error otherwise). The part shares nothing with this builder but the RuleSet.
  std::unique_ptr<JournalBuilder> NewPart() const;
  // Whether MergePart(part) is exact. False only when the amounts are so large (beyond
  // kMaxSettlementMinorUnits in all) that a single pass might have rejected other amounts than
  // the part did: then read the part's lines here instead.
  bool CanMergePart(const JournalBuilder& part) const;
  // Adds what `part` (from NewPart of this builder, for the lines that follow those read so far)
  // collected to the open settlement, as if its lines had been read here; `line_offset` is the
  // number of lines before the run (its line 1 is line line_offset + 1 of the file). The part is
  // spent. A part that is not this settlement's, or CanMergePart false, throws std::logic_error.
  void MergePart(JournalBuilder& part, uint64_t line_offset);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fbaflow::settlement
