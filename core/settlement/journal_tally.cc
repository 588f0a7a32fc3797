#include "core/settlement/journal_tally.h"

#include <cstring>
#include <stdexcept>

namespace fbaflow::settlement {
namespace {

constexpr std::size_t kInitialSlots = 64;
constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;

// Keys are short (about 45 bytes in all): hashing eight bytes at a time costs a handful of
// multiplies per entry. The field length is mixed in so ("ab","c") and ("a","bc") differ.
uint64_t MixField(uint64_t h, std::string_view text) {
  const char* p = text.data();
  std::size_t n = text.size();
  while (n >= 8) {
    uint64_t word = 0;
    std::memcpy(&word, p, 8);
    h = (h ^ word) * kMultiplier;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  for (std::size_t i = 0; i < n; ++i) tail |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  h = (h ^ tail ^ (uint64_t{text.size()} << 56)) * kMultiplier;
  return h ^ (h >> 29);
}

bool SameKey(const TallyKey& key, const Entry& entry) {
  return key.amount_description == entry.amount_description &&
         key.amount_type == entry.amount_type && key.marketplace == entry.marketplace &&
         key.transaction_type == entry.transaction_type;
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

uint64_t JournalTally::Hash(const Entry& entry) {
  uint64_t h = kMultiplier;
  h = MixField(h, entry.transaction_type);
  h = MixField(h, entry.amount_type);
  h = MixField(h, entry.amount_description);
  return MixField(h, entry.marketplace);
}

uint32_t JournalTally::FindOrAddKey(const Entry& entry) {
  const uint64_t hash = Hash(entry);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.key_plus_one == 0) return AddKey(entry, hash, i);
    if (slot.hash == hash && SameKey(keys_[slot.key_plus_one - 1], entry)) {
      return slot.key_plus_one - 1;
    }
  }
}

uint32_t JournalTally::AddKey(const Entry& entry, uint64_t hash, std::size_t slot) {
  // A miss: copy the key (the entry's views die after this call) and match it once.
  const auto id = static_cast<uint32_t>(keys_.size());
  TallyKey& key = keys_.emplace_back();
  key.transaction_type = entry.transaction_type;
  key.amount_type = entry.amount_type;
  key.amount_description = entry.amount_description;
  key.marketplace = entry.marketplace;
  key.rule = rules_.Match(
      {key.transaction_type, key.amount_type, key.amount_description, key.marketplace});
  key.first_line = entry.line;
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

}  // namespace fbaflow::settlement
