#include <string>

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
        AppendCsvRecord(text_, {"reject", s.summary.settlement_id, std::to_string(reject.line),
                                reject.column > 0 ? std::to_string(reject.column) : "",
                                reject.column_name, "", "", "", "", "", "", "", "", "",
                                reject.reason});
      }
      if (text_.size() >= kFlushBytes) {
        out_ << text_;
        text_.clear();
      }
    }
  }

 private:
  void Entry(const SettlementJournals& s, const AuditRecord& record) {
    const Journal& journal = s.journals.at(record.journal);
    const JournalLine& line = journal.lines.at(record.line_index);
    AppendCsvRecord(text_, {"entry", s.summary.settlement_id, std::to_string(record.line),
                            std::to_string(record.column), "",
                            Money::FromMinor(record.amount_minor, s.summary.currency).ToString(),
                            std::to_string(record.journal + 1), journal.date.ToString(),
                            journal.period, std::to_string(record.line_index + 1), line.account,
                            line.account_code, line.tax_code, line.description, ""});
  }

  std::ostream& out_;
  std::string text_;
};

}  // namespace

void WriteAudit(const std::vector<SettlementJournals>& settlements, std::ostream& out) {
  AuditWriter writer(out);
  for (const SettlementJournals& s : settlements) writer.Settlement(s);
}

}  // namespace fbaflow::settlement
