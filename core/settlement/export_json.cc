#include <nlohmann/json.hpp>

#include "core/settlement/export.h"

namespace fbaflow::settlement {
namespace {

using Json = nlohmann::ordered_json;

std::string_view StatusName(SettlementStatus status) {
  return status == SettlementStatus::kHeld ? "held" : "ready";
}

Json LineJson(const JournalLine& line) {
  return Json{{"account", line.account},
              {"account_code", line.account_code},
              {"account_type", line.account_type},
              {"tax_code", line.tax_code},
              {"description", line.description},
              {"amount", line.amount.ToString()},
              {"rows", line.rows},
              {"kind", LineKindName(line.kind)},
              {"marketplace", line.marketplace}};
}

Json JournalJson(const Journal& journal, const Currency& currency) {
  Money debits = Money::Zero(currency);
  Money credits = Money::Zero(currency);
  Json lines = Json::array();
  for (const JournalLine& line : journal.lines) {
    (line.amount.IsNegative() ? credits : debits) += line.amount;
    lines.push_back(LineJson(line));
  }
  return Json{{"date", journal.date.ToString()},  {"period", journal.period},
              {"narration", journal.narration},   {"debits", debits.ToString()},
              {"credits", (-credits).ToString()}, {"lines", std::move(lines)}};
}

Json SettlementJson(const SettlementJournals& s, const FileInfo* file) {
  const Currency currency = s.summary.currency;
  Json hold_reasons = Json::array();
  Json holds = Json::array();
  for (const Hold& hold : s.holds) {
    hold_reasons.push_back(hold.code + ": " + hold.message);
    holds.push_back(Json{{"code", hold.code}, {"message", hold.message}});
  }
  Json journals = Json::array();
  for (const Journal& journal : s.journals) journals.push_back(JournalJson(journal, currency));

  Json exceptions = Json::array();
  for (const ExceptionRecord& e : s.exceptions) {
    exceptions.push_back(Json{{"type", e.type},
                              {"owner", OwnerName(e.owner)},
                              {"key", e.key},
                              {"message", e.message},
                              {"rows", e.rows},
                              {"amount", e.amount.ToString()},
                              {"first_line", e.first_line}});
  }
  Json families = Json::array();
  for (const FamilyTotal& f : s.families) {
    families.push_back(Json{{"transaction_type", f.transaction_type},
                            {"amount_type", f.amount_type},
                            {"amount_description", f.amount_description},
                            {"rows", f.rows},
                            {"total", f.total.ToString()},
                            {"account", f.account},
                            {"mapped", f.mapped}});
  }
  Json rejects = Json::array();
  for (const Reject& r : s.rejects) {
    rejects.push_back(Json{{"line", r.line},
                           {"column", r.column},
                           {"column_name", r.column_name},
                           {"reason", r.reason},
                           {"raw", r.raw}});
  }

  Json object{{"settlement_id", s.summary.settlement_id},
              {"currency", std::string(currency.Code())},
              {"start", s.summary.start.ToIso8601()},
              {"end", s.summary.end.ToIso8601()},
              {"deposit_date", s.summary.deposit.ToIso8601()},
              {"total_amount", s.summary.total.ToString()},
              {"rows", s.rows},
              {"rows_sum", s.rows_sum.ToString()},
              {"difference", (s.summary.total - s.rows_sum).ToString()},
              {"status", StatusName(s.status)},
              {"hold_reasons", std::move(hold_reasons)},
              {"holds", std::move(holds)},
              {"clearing_account", s.clearing_account},
              {"rules", s.rules_name},
              {"entries", s.entries},
              {"non_monetary_rows", s.non_monetary_rows},
              {"rejected_rows", s.rejected_rows},
              {"journals", std::move(journals)},
              {"exceptions", std::move(exceptions)},
              {"families", std::move(families)},
              {"rejects", std::move(rejects)}};
  if (file != nullptr) {
    object["file"] = Json{{"format", FormatName(file->format)},
                          {"columns", file->columns},
                          {"lines", file->lines},
                          {"bom", file->bom},
                          {"crlf", file->crlf},
                          {"windows1252_lines", file->windows1252_lines},
                          {"decimal_style", DecimalStyleName(file->decimal_style)},
                          {"date_style", file->date_style}};
  }
  return object;
}

}  // namespace

void WriteJson(const std::vector<SettlementJournals>& settlements, std::ostream& out,
               const FileInfo* file) {
  for (const SettlementJournals& settlement : settlements) {
    // Text from the file has been converted to UTF-8 by the reader; should a byte slip through,
    // it is replaced rather than failing the whole output.
    out << SettlementJson(settlement, file).dump(-1, ' ', false, Json::error_handler_t::replace)
        << '\n';
  }
}

}  // namespace fbaflow::settlement
