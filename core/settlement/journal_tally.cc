#include "core/settlement/journal_tally.h"

#include <cstring>
#include <stdexcept>
#include <utility>

#include "core/settlement/reader_text.h"
#include "core/settlement/short_text.h"
#include "core/text/charset.h"

namespace fbaflow::settlement {
namespace {

constexpr std::size_t kInitialSlots = 64;
constexpr auto kBound = static_cast<uint64_t>(kMaxSettlementMinorUnits);
constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;

template <typename View>
bool SameKey(const TallyKey& key, const View& view) {
  return SameText(key.amount_description, view.amount_description) &&
         SameText(key.amount_type, view.amount_type) &&
         SameText(key.marketplace, view.marketplace) &&
         SameText(key.transaction_type, view.transaction_type);
}

void AddChecked(int64_t& total, int64_t amount) {
  if (__builtin_add_overflow(total, amount, &total)) {
    throw std::overflow_error("settlement total overflows 64-bit minor units");
  }
}

}  // namespace

JournalTally::JournalTally(const RuleSet& rules, bool keep_audit, Summary summary, bool has_summary)
    : rules_(rules),
      keep_audit_(keep_audit),
      summary_(std::move(summary)),
      has_summary_(has_summary),
      slots_(kInitialSlots) {}

void JournalTally::AdoptSummary(const Summary& summary) {
  summary_ = summary;
  has_summary_ = true;
}

void JournalTally::CountRow(uint64_t line) {
  // Events arrive in file order and the several amounts of one legacy row share its line, so a
  // row is new exactly when its line differs from the previous event's.
  if (line != last_row_line_ || rows_ == 0) ++rows_;
  last_row_line_ = line;
}

uint64_t JournalTally::Hash(const KeyView& key) {
  // Keys are short (about 45 bytes in all) and differ in their ends ("...-Principal",
  // "...-Shipping"): the length and the first and last bytes of each field make a good hash.
  uint64_t h = kMultiplier;
  h = MixShortText(h, key.transaction_type);
  h = MixShortText(h, key.amount_type);
  h = MixShortText(h, key.amount_description);
  return MixShortText(h, key.marketplace);
}

uint32_t JournalTally::FindOrAddKey(const Entry& entry) {
  const KeyView view{entry.transaction_type, entry.amount_type, entry.amount_description,
                     entry.marketplace};
  uint32_t id = UINT32_MAX;
  if (last_key_ != UINT32_MAX) {
    for (const uint32_t candidate : keys_[last_key_].next) {
      if (candidate != 0 && SameKey(keys_[candidate - 1], view)) {
        id = candidate - 1;
        break;
      }
    }
  }
  if (id == UINT32_MAX) id = LookUpKey(view, entry.line, nullptr);
  if (last_key_ != UINT32_MAX) {
    uint32_t(&next)[2] = keys_[last_key_].next;
    if (next[0] != id + 1) {
      next[1] = next[0];
      next[0] = id + 1;
    }
  }
  last_key_ = id;
  return id;
}

uint32_t JournalTally::LookUpKey(const KeyView& key, uint64_t first_line, const Rule* const* rule) {
  const uint64_t hash = Hash(key);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.key_plus_one == 0) return AddKey(key, first_line, rule, hash, i);
    if (slot.hash == hash && SameKey(keys_[slot.key_plus_one - 1], key)) {
      return slot.key_plus_one - 1;
    }
  }
}

uint32_t JournalTally::AddKey(const KeyView& view, uint64_t first_line, const Rule* const* rule,
                              uint64_t hash, std::size_t slot) {
  // A miss: copy the key (the entry's views die after this call) and match it once.
  const auto id = static_cast<uint32_t>(keys_.size());
  TallyKey& key = keys_.emplace_back();
  key.transaction_type = view.transaction_type;
  key.amount_type = view.amount_type;
  key.amount_description = view.amount_description;
  key.marketplace = view.marketplace;
  key.rule = rule != nullptr ? *rule
                             : rules_.Match({key.transaction_type, key.amount_type,
                                             key.amount_description, key.marketplace});
  key.first_line = first_line;
  slots_[slot] = {hash, id + 1};
  if (keys_.size() * 2 > slots_.size()) Grow();
  return id;
}

void JournalTally::Grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.key_plus_one == 0) continue;
    std::size_t i = static_cast<std::size_t>(slot.hash) & mask;
    while (slots_[i].key_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

uint32_t JournalTally::CellFor(TallyKey& key, uint32_t key_id, int month) {
  if (key.last_month_slot < key.months.size() && key.months[key.last_month_slot].first == month) {
    return key.months[key.last_month_slot].second;
  }
  for (std::size_t i = 0; i < key.months.size(); ++i) {
    if (key.months[i].first == month) {
      key.last_month_slot = i;
      return key.months[i].second;
    }
  }
  const auto cell_id = static_cast<uint32_t>(cells_.size());
  TallyCell& cell = cells_.emplace_back();
  cell.key = key_id;
  cell.month = month;
  key.months.emplace_back(month, cell_id);
  key.last_month_slot = key.months.size() - 1;
  return cell_id;
}

void JournalTally::AddEntry(const Entry& entry) {
  if (!has_summary_ && entries_ == 0) {
    // Amounts before any summary row (a reader failure): they are kept in their own currency.
    summary_.currency = entry.amount.GetCurrency();
    summary_.total = Money::Zero(summary_.currency);
  }
  if (!(entry.amount.GetCurrency() == summary_.currency)) {
    throw std::invalid_argument("an amount in " + std::string(entry.amount.GetCurrency().Code()) +
                                " in a settlement in " + std::string(summary_.currency.Code()));
  }
  const int64_t amount = entry.amount.MinorUnits();
  const uint64_t magnitude =
      amount < 0 ? 0 - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
  if (magnitude > kBound - abs_sum_) {
    RejectBeyondBound(entry);
    return;
  }
  abs_sum_ += magnitude;
  CountRow(entry.line);
  if (entries_ == 0) first_entry_line_ = entry.line;
  ++entries_;
  AddChecked(rows_sum_, amount);

  const uint32_t key_id = FindOrAddKey(entry);
  TallyKey& key = keys_[key_id];
  ++key.rows;
  AddChecked(key.total, amount);

  TallyCell& cell = cells_[CellFor(key, key_id, entry.posted_date.MonthIndex())];
  ++cell.rows;
  AddChecked(cell.total, amount);
  if (cell.rows == 1 || cell.last_date < entry.posted_date) cell.last_date = entry.posted_date;

  if (keep_audit_) {
    AuditRecord record;
    record.line = entry.line;
    record.column = entry.column;
    // The cell id, resolved to the journal line once lines are grouped.
    record.line_index = static_cast<uint32_t>(&cell - cells_.data());
    record.amount_minor = amount;
    audit_.push_back(record);
  }
}

void JournalTally::RejectBeyondBound(const Entry& entry) {
  rejected_beyond_bound_ = true;
  Reject reject;
  reject.line = entry.line;
  reject.column = entry.column;
  reject.column_name = entry.column_name;
  reject.raw = std::string(TruncateUtf8(entry.row, kMaxRawBytes));
  reject.reason = "amount " + entry.amount.ToString() +
                  " would take the settlement's amounts beyond " +
                  Money::FromMinor(kMaxSettlementMinorUnits, summary_.currency).ToString() + " " +
                  std::string(summary_.currency.Code()) +
                  " in all, more than fbaflow can total exactly; the row is not posted";
  AddReject(std::move(reject));
}

void JournalTally::AddNonMonetaryRow(uint64_t line) {
  CountRow(line);
  ++non_monetary_rows_;
  if (keep_audit_) non_monetary_lines_.push_back(line);
}

void JournalTally::AddReject(Reject reject) {
  // A row can yield good amounts and a reject (a legacy row with one bad amount): count it once.
  CountRow(reject.line);
  if (rejected_rows_ == 0 || reject.line != last_reject_line_) ++rejected_rows_;
  last_reject_line_ = reject.line;
  rejects_.push_back(std::move(reject));
}

bool JournalTally::CanMerge(const JournalTally& part) const {
  // A single pass takes an amount exactly when the magnitudes so far stay within the bound: when
  // this tally's and the part's fit together and the part took everything, a single pass would
  // have taken the same amounts, so adding the part's totals gives exactly what it would have.
  return !part.rejected_beyond_bound_ && part.abs_sum_ <= kBound - abs_sum_;
}

void JournalTally::Merge(JournalTally& part, uint64_t line_offset) {
  if (&part.rules_ != &rules_ || part.keep_audit_ != keep_audit_ || !part.has_summary_ ||
      !(part.summary_.currency == summary_.currency) || !CanMerge(part)) {
    throw std::logic_error("JournalTally::Merge: the part is not one of this settlement's");
  }
  // Rows and rejected rows are counted per line and a line never spans two parts, so counts add.
  rows_ += part.rows_;
  if (part.rows_ > 0) last_row_line_ = part.last_row_line_ + line_offset;
  if (part.rejected_rows_ > 0) last_reject_line_ = part.last_reject_line_ + line_offset;
  rejected_rows_ += part.rejected_rows_;
  if (entries_ == 0 && part.entries_ > 0) first_entry_line_ = part.first_entry_line_ + line_offset;
  entries_ += part.entries_;
  non_monetary_rows_ += part.non_monetary_rows_;
  AddChecked(rows_sum_, part.rows_sum_);
  abs_sum_ += part.abs_sum_;  // CanMerge: within the bound

  // Keys and cells in the part's order of first appearance, so new ones are appended in the
  // order a single pass would have met them.
  std::vector<uint32_t> key_ids(part.keys_.size());
  for (std::size_t i = 0; i < part.keys_.size(); ++i) {
    const TallyKey& from = part.keys_[i];
    const KeyView view{from.transaction_type, from.amount_type, from.amount_description,
                       from.marketplace};
    const uint32_t id = LookUpKey(view, from.first_line + line_offset, &from.rule);
    key_ids[i] = id;
    keys_[id].rows += from.rows;
    AddChecked(keys_[id].total, from.total);
  }
  std::vector<uint32_t> cell_ids(part.cells_.size());
  for (std::size_t i = 0; i < part.cells_.size(); ++i) {
    const TallyCell& from = part.cells_[i];
    const uint32_t key_id = key_ids[from.key];
    const uint32_t id = CellFor(keys_[key_id], key_id, from.month);
    cell_ids[i] = id;
    TallyCell& cell = cells_[id];
    if (cell.rows == 0 || cell.last_date < from.last_date) cell.last_date = from.last_date;
    cell.rows += from.rows;
    AddChecked(cell.total, from.total);
  }

  rejects_.reserve(rejects_.size() + part.rejects_.size());
  for (Reject& reject : part.rejects_) {
    reject.line += line_offset;
    rejects_.push_back(std::move(reject));
  }
  for (AuditRecord record : part.audit_) {
    record.line += line_offset;
    record.line_index = cell_ids[record.line_index];
    audit_.push_back(record);
  }
  for (const uint64_t line : part.non_monetary_lines_) {
    non_monetary_lines_.push_back(line + line_offset);
  }
}

}  // namespace fbaflow::settlement
