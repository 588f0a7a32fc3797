#include "core/settlement/journal_tally.h"

namespace fbaflow::settlement {
namespace {

// FNV-1a over the four fields with a separator, so ("ab","c") and ("a","bc") differ. The keys are
// short (about 40 bytes in all), so this costs less than four std::hash calls and a combine.
constexpr uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

uint64_t Mix(uint64_t h, std::string_view text) {
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  h ^= 0x1fU;
  return h * kFnvPrime;
}

}  // namespace

std::size_t JournalTally::KeyHash::operator()(const KeyView& k) const {
  uint64_t h = kFnvOffset;
  h = Mix(h, k.transaction_type);
  h = Mix(h, k.amount_type);
  h = Mix(h, k.amount_description);
  h = Mix(h, k.marketplace);
  return static_cast<std::size_t>(h);
}

JournalTally::JournalTally(const RuleSet& rules, bool keep_audit, Summary summary,
                           bool has_summary)
    : rules_(rules),
      keep_audit_(keep_audit),
      summary_(std::move(summary)),
      has_summary_(has_summary),
      rows_sum_(Money::Zero(summary_.currency)) {}

void JournalTally::AdoptSummary(const Summary& summary) {
  summary_ = summary;
  has_summary_ = true;
  rows_sum_ = Money::Zero(summary_.currency);
}

void JournalTally::CountRow(uint64_t line) {
  // Events arrive in file order and the several amounts of one legacy row share its line, so a
  // row is new exactly when its line differs from the previous event's.
  if (line != last_row_line_ || rows_ == 0) ++rows_;
  last_row_line_ = line;
}

uint32_t JournalTally::FindOrAddKey(const Entry& entry) {
  const KeyView view{entry.transaction_type, entry.amount_type, entry.amount_description,
                     entry.marketplace};
  if (auto it = index_.find(view); it != index_.end()) return it->second;

  // A miss: copy the key (the entry's views die after this call) and match it once.
  TallyKey& key = keys_.emplace_back();
  key.transaction_type = entry.transaction_type;
  key.amount_type = entry.amount_type;
  key.amount_description = entry.amount_description;
  key.marketplace = entry.marketplace;
  key.rule = rules_.Match(
      {key.transaction_type, key.amount_type, key.amount_description, key.marketplace});
  key.total = Money::Zero(summary_.currency);
  key.first_line = entry.line;
  const auto id = static_cast<uint32_t>(keys_.size() - 1);
  index_.emplace(
      KeyView{key.transaction_type, key.amount_type, key.amount_description, key.marketplace}, id);
  return id;
}

uint32_t JournalTally::CellFor(TallyKey& key, uint32_t key_id, int month) {
  if (key.last_month_slot < key.months.size() &&
      key.months[key.last_month_slot].first == month) {
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
  cell.total = Money::Zero(summary_.currency);
  key.months.emplace_back(month, cell_id);
  key.last_month_slot = key.months.size() - 1;
  return cell_id;
}

void JournalTally::AddEntry(const Entry& entry) {
  CountRow(entry.line);
  if (entries_ == 0) first_entry_line_ = entry.line;
  ++entries_;
  // Money throws on a currency mix (a reader bug) and on overflow: never a silent wrap.
  rows_sum_ += entry.amount;

  const uint32_t key_id = FindOrAddKey(entry);
  TallyKey& key = keys_[key_id];
  ++key.rows;
  key.total += entry.amount;

  const uint32_t cell_id = CellFor(key, key_id, entry.posted_date.MonthIndex());
  TallyCell& cell = cells_[cell_id];
  ++cell.rows;
  cell.total += entry.amount;
  if (cell.rows == 1 || cell.last_date < entry.posted_date) cell.last_date = entry.posted_date;

  if (keep_audit_) {
    AuditRecord record;
    record.line = entry.line;
    record.column = entry.column;
    record.line_index = cell_id;  // resolved to the journal line once lines are grouped
    record.amount_minor = entry.amount.MinorUnits();
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
