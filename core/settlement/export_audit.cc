#include <charconv>
#include <string>
#include <vector>

#include "core/settlement/csv_field.h"
#include "core/settlement/export.h"

namespace fbaflow::settlement {
namespace {

constexpr std::size_t kFlushBytes = 1 << 16;

class AuditWriter {
 public:
  explicit AuditWriter(std::ostream& out) : out_(out) {
    AppendCsvRecord(text_, {"record", "settlement_id", "line", "column", "column_name", "amount",
                            "journal", "journal_date", "period", "journal_line", "account",
                            "account_code", "tax_code", "line_description", "reason"});
  }
  ~AuditWriter() { out_ << text_; }
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  void Settlement(const SettlementJournals& s) {
    PrepareLines(s);
    // Entries, rows without an amount and rejects each come in file order: merging them by line
    // gives one listing in file order.
    std::size_t a = 0;
    std::size_t n = 0;
    std::size_t r = 0;
    while (a < s.audit.size() || n < s.non_monetary_lines.size() || r < s.rejects.size()) {
      const uint64_t la = a < s.audit.size() ? s.audit[a].line : UINT64_MAX;
      const uint64_t ln = n < s.non_monetary_lines.size() ? s.non_monetary_lines[n] : UINT64_MAX;
      const uint64_t lr = r < s.rejects.size() ? s.rejects[r].line : UINT64_MAX;
      if (la <= ln && la <= lr) {
        Entry(s, s.audit[a++]);
      } else if (ln <= lr) {
        AppendCsvRecord(text_, {"non_monetary", s.summary.settlement_id,
                                std::to_string(s.non_monetary_lines[n++]), "", "", "", "", "", "",
                                "", "", "", "", "", "row has no amount"});
      } else {
        const Reject& reject = s.rejects[r++];
        AppendCsvRecord(
            text_, {"reject", s.summary.settlement_id, std::to_string(reject.line),
                    reject.column > 0 ? std::to_string(reject.column) : "", reject.column_name, "",
                    "", "", "", "", "", "", "", "", reject.reason});
      }
      if (text_.size() >= kFlushBytes) {
        out_ << text_;
        text_.clear();
      }
    }
  }

 private:
  // Everything after the amount is the same for all entries of one journal line: encode it once
  // per line rather than once per entry (an audit of a 1M-row settlement has 1M records).
  void PrepareLines(const SettlementJournals& s) {
    line_suffix_.clear();
    line_start_.clear();
    for (std::size_t j = 0; j < s.journals.size(); ++j) {
      const Journal& journal = s.journals[j];
      line_start_.push_back(line_suffix_.size());
      for (std::size_t l = 0; l < journal.lines.size(); ++l) {
        const JournalLine& line = journal.lines[l];
        std::string suffix;
        AppendCsvRecord(suffix, {std::to_string(j + 1), journal.date.ToString(), journal.period,
                                 std::to_string(l + 1), line.account, line.account_code,
                                 line.tax_code, line.description, ""});
        line_suffix_.push_back(std::move(suffix));
      }
    }
    id_field_.clear();
    AppendCsvField(id_field_, s.summary.settlement_id);
  }

  void AppendNumber(uint64_t value) {
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    text_.append(buf, result.ptr);
  }

  // Minor units as a decimal with the currency's digits, like Money::ToString, without allocating.
  void AppendAmount(int64_t minor, int digits) {
    const bool negative = minor < 0;
    uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
    char buf[32];
    char* end = buf + sizeof buf;
    char* p = end;
    for (int i = 0; i < digits; ++i) {
      *--p = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    }
    if (digits > 0) *--p = '.';
    do {
      *--p = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude != 0);
    if (negative) *--p = '-';
    text_.append(p, end);
  }

  void Entry(const SettlementJournals& s, const AuditRecord& record) {
    text_ += "entry,";
    text_ += id_field_;
    text_ += ',';
    AppendNumber(record.line);
    text_ += ',';
    AppendNumber(record.column);
    text_ += ",,";
    AppendAmount(record.amount_minor, s.summary.currency.MinorUnits());
    text_ += ',';
    text_ += line_suffix_.at(line_start_.at(record.journal) + record.line_index);
  }

  std::string id_field_;
  std::vector<std::string> line_suffix_;  // per journal line: the encoded fields after the amount
  std::vector<std::size_t> line_start_;   // per journal: index of its first line in line_suffix_
  std::ostream& out_;
  std::string text_;
};

}  // namespace

void WriteAudit(const std::vector<SettlementJournals>& settlements, std::ostream& out) {
  AuditWriter writer(out);
  for (const SettlementJournals& s : settlements) writer.Settlement(s);
}

}  // namespace fbaflow::settlement
