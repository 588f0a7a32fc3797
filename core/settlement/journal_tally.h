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
// Totals are kept as minor units. An amount that would take the sum of the magnitudes of the
// settlement's amounts beyond kMaxSettlementMinorUnits (entry.h) becomes a reject instead of an
// entry, so no total can overflow (the additions stay checked all the same). An entry in another
// currency than the summary's throws std::invalid_argument (a reader bug, never data).
//
// Parallel reading: the rows of one settlement may be tallied in parts, each part a run of lines
// numbered from 0 at its start, and the parts merged in file order (Merge). The merged tally is
// exactly the one a single pass would have built: the same keys in the same order, the same
// cells, counts, totals, rejects and audit, line numbers included.
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
  // The keys that followed this one lately (id + 1; 0: none), tried before hashing: rows come in
  // patterns (Principal, Tax, Commission, ...), so the next key is nearly always one of these.
  uint32_t next[2] = {0, 0};
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

  // Whether Merge(part) is exact: false when the amounts together pass kMaxSettlementMinorUnits
  // or the part rejected one for doing so, where only a single pass knows which amounts are
  // taken and which rejected.
  bool CanMerge(const JournalTally& part) const;
  // Adds `part`, the tally of the lines that follow this one's (its line numbers counted from 0
  // at the start of its run, which is line `line_offset` + 1 of the file), as if its events had
  // arrived here. `part` must have been built with the same RuleSet object and audit setting,
  // for the same settlement; it is spent afterwards. Requires CanMerge(part); breaking a
  // precondition throws std::logic_error.
  void Merge(JournalTally& part, uint64_t line_offset);

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

  struct KeyView {
    std::string_view transaction_type;
    std::string_view amount_type;
    std::string_view amount_description;
    std::string_view marketplace;
  };

  static uint64_t Hash(const KeyView& key);
  uint32_t FindOrAddKey(const Entry& entry);
  // The key's id, added (with `first_line`; `rule` found when not given) when it is new.
  uint32_t LookUpKey(const KeyView& key, uint64_t first_line, const Rule* const* rule);
  uint32_t AddKey(const KeyView& view, uint64_t first_line, const Rule* const* rule, uint64_t hash,
                  std::size_t slot);
  void Grow();
  uint32_t CellFor(TallyKey& key, uint32_t key_id, int month);
  void CountRow(uint64_t line);
  void RejectBeyondBound(const Entry& entry);

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
  // Sum of |amount|, at most kMaxSettlementMinorUnits: bounds every running total.
  uint64_t abs_sum_ = 0;
  bool rejected_beyond_bound_ = false;  // an amount was rejected for passing the bound
  uint32_t last_key_ = UINT32_MAX;      // the previous entry's key (for TallyKey::next)

  std::vector<Reject> rejects_;
  std::vector<AuditRecord> audit_;
  std::vector<uint64_t> non_monetary_lines_;
};

}  // namespace fbaflow::settlement
