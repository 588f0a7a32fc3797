#pragma once
// JournalTally: what JournalBuilder keeps while one settlement streams past (internal to the
// builder; journal.h is the public contract).
//
// Each entry is looked up by its mapping key (transaction-type, amount-type, amount-description,
// marketplace) in a cache that owns copies of the keys it has seen, so the rules are matched once
// per distinct key and the steady state allocates nothing. Amounts are added into cells, one per
// (key, calendar month of posted-date); grouping into journal lines happens once at the end (see
// journal_assembly.h), when the number of marketplaces and months is known.
//
// Totals are kept as minor units with checked additions: a sum that would overflow throws
// std::overflow_error (like Money), and an entry in another currency than the summary's throws
// std::invalid_argument (a reader bug). Neither can happen with a real settlement.
// Thread safety: one tally per thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/money/money.h"
#include "core/settlement/entry.h"
#include "core/settlement/journal.h"
#include "core/settlement/rules.h"
#include "core/time/civil.h"

namespace fbaflow::settlement {

// A mapping key seen in the settlement, with the rule it matched and its running totals.
struct TallyKey {
  std::string transaction_type;
  std::string amount_type;
  std::string amount_description;
  std::string marketplace;
  const Rule* rule = nullptr;  // nullptr: no rule matches (unmapped)
  uint64_t rows = 0;           // entries with this key
  int64_t total = 0;           // sum of their amounts in minor units, as the file gives them
  uint64_t first_line = 0;
  // The key's cells: (month index, cell id). Usually one or two; the last one used is tried first.
  std::vector<std::pair<int, uint32_t>> months;
  std::size_t last_month_slot = 0;
};

// The entries of one key posted in one calendar month.
struct TallyCell {
  uint32_t key = 0;
  int month = 0;  // CivilDate::MonthIndex of posted-date
  uint64_t rows = 0;
  int64_t total = 0;    // sum of amounts in minor units, as the file gives them
  CivilDate last_date;  // latest posted-date seen
};

class JournalTally {
 public:
  JournalTally(const RuleSet& rules, bool keep_audit, Summary summary, bool has_summary);

  void AddEntry(const Entry& entry);
  void AddNonMonetaryRow(uint64_t line);
  void AddReject(Reject reject);

  const Summary& GetSummary() const { return summary_; }
  bool HasSummary() const { return has_summary_; }
  // Only a settlement opened without a summary and holding nothing but rejects and non-monetary
  // rows may take one later (a reject before the summary row).
  bool CanAdoptSummary() const { return !has_summary_ && entries_ == 0; }
  void AdoptSummary(const Summary& summary);

  const std::vector<TallyKey>& Keys() const { return keys_; }
  const std::vector<TallyCell>& Cells() const { return cells_; }
  uint64_t Rows() const { return rows_; }
  uint64_t Entries() const { return entries_; }
  uint64_t NonMonetaryRows() const { return non_monetary_rows_; }
  uint64_t RejectedRows() const { return rejected_rows_; }
  uint64_t FirstEntryLine() const { return first_entry_line_; }
  Money RowsSum() const { return Money::FromMinor(rows_sum_, summary_.currency); }
  Money ToMoney(int64_t minor) const { return Money::FromMinor(minor, summary_.currency); }

  // Moved out when the settlement is assembled.
  std::vector<Reject> TakeRejects() { return std::move(rejects_); }
  // Audit records whose line_index still holds the cell id (resolved by the assembly).
  std::vector<AuditRecord> TakeAudit() { return std::move(audit_); }
  std::vector<uint64_t> TakeNonMonetaryLines() { return std::move(non_monetary_lines_); }

 private:
  // Open addressing over key ids: a slot holds a key's hash and its id + 1 (0: empty). Lookups
  // compare the stored hash first and the key text only on a hash match.
  struct Slot {
    uint64_t hash = 0;
    uint32_t key_plus_one = 0;
  };

  static uint64_t Hash(const Entry& entry);
  uint32_t FindOrAddKey(const Entry& entry);
  uint32_t AddKey(const Entry& entry, uint64_t hash, std::size_t slot);
  void Grow();
  uint32_t CellFor(TallyKey& key, uint32_t key_id, int month);
  void CountRow(uint64_t line);

  const RuleSet& rules_;
  bool keep_audit_;
  Summary summary_;
  bool has_summary_;

  std::vector<TallyKey> keys_;
  std::vector<Slot> slots_;  // size a power of two, at most half full
  std::vector<TallyCell> cells_;

  uint64_t rows_ = 0;
  uint64_t entries_ = 0;
  uint64_t non_monetary_rows_ = 0;
  uint64_t rejected_rows_ = 0;
  uint64_t last_row_line_ = 0;
  uint64_t last_reject_line_ = 0;
  uint64_t first_entry_line_ = 0;
  int64_t rows_sum_ = 0;

  std::vector<Reject> rejects_;
  std::vector<AuditRecord> audit_;
  std::vector<uint64_t> non_monetary_lines_;
};

}  // namespace fbaflow::settlement
