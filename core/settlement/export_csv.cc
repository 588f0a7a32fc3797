#include <array>
#include <cstdio>
#include <string>

#include "core/settlement/csv_field.h"
#include "core/settlement/export.h"
#include "core/settlement/journal_assembly.h"

namespace fbaflow::settlement {
namespace {

// Xero documents "dd/mm/yyyy or dd mmm yyyy"; "29 Nov 2024" reads the same in every Xero
// region, where "11/29/2024" and "29/11/2024" do not.
std::string XeroDate(const CivilDate& date) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d %s %04d", date.day,
                kMonths[static_cast<std::size_t>(date.month - 1)], date.year);
  return buf;
}

// QuickBooks Online reads dates in the company's region format: month first in the US.
std::string QuickBooksDate(const CivilDate& date, const Currency& currency) {
  char buf[32];
  if (currency.Code() == "USD") {
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", date.month, date.day, date.year);
  } else {
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", date.day, date.month, date.year);
  }
  return buf;
}

std::string HeldPrefix(const SettlementJournals& s) {
  if (s.status != SettlementStatus::kHeld) return {};
  std::string prefix = "HELD (";
  for (std::size_t i = 0; i < s.holds.size(); ++i) {
    if (i > 0) prefix += ", ";
    prefix += s.holds[i].code;
  }
  return prefix + ") - ";
}

// Xero's manual-journal import wants the tax rate's name as Xero shows it, where the rules (like
// Xero's API) use tax types. The names of Xero's default UK rates, and of "no tax" in a US
// organisation; any other code (or a name written in the rules) passes through unchanged.
std::string_view XeroTaxRateName(std::string_view code, const Currency& currency) {
  struct Name {
    std::string_view type;
    std::string_view name;
  };
  static constexpr std::array<Name, 9> kUkRates = {{
      {"OUTPUT2", "20% (VAT on Income)"},
      {"INPUT2", "20% (VAT on Expenses)"},
      {"NONE", "No VAT"},
      {"ZERORATEDOUTPUT", "Zero Rated Income"},
      {"ZERORATEDINPUT", "Zero Rated Expenses"},
      {"EXEMPTOUTPUT", "Exempt Income"},
      {"EXEMPTINPUT", "Exempt Expenses"},
      {"RROUTPUT", "5% (VAT on Income)"},
      {"RRINPUT", "5% (VAT on Expenses)"},
  }};
  if (currency.Code() == "USD") return code == "NONE" ? "Tax Exempt" : code;
  for (const Name& rate : kUkRates) {
    if (rate.type == code) return rate.name;
  }
  return code;
}

std::string TaxRate(const JournalLine& line, const SettlementJournals& s) {
  return std::string(XeroTaxRateName(line.tax_code.empty() ? s.default_tax_code : line.tax_code,
                                     s.summary.currency));
}

void WriteXero(const std::vector<SettlementJournals>& settlements, std::string& text) {
  AppendCsvRecord(text,
                  {"*Narration", "*Date", "Description", "*AccountCode", "*TaxRate", "*Amount",
                   "TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2"});
  for (const SettlementJournals& s : settlements) {
    const std::string prefix = HeldPrefix(s);
    for (const Journal& journal : s.journals) {
      const std::string narration = prefix + journal.narration;
      const std::string date = XeroDate(journal.date);
      for (const JournalLine& line : journal.lines) {
        if (line.amount.IsZero()) continue;
        // Tracking only for lines split by Amazon marketplace: an MCF line says what it is in
        // its description, and a tracking category the organisation lacks fails the import.
        const bool tracked =
            !line.marketplace.empty() && !IsMultiChannelMarketplace(line.marketplace);
        AppendCsvRecord(
            text, {narration, date, line.description,
                   line.account_code.empty() ? line.account : line.account_code, TaxRate(line, s),
                   line.amount.ToString(), tracked ? "Marketplace" : "",
                   tracked ? std::string_view(line.marketplace) : "", "", ""});
      }
    }
  }
}

void WriteQuickBooks(const std::vector<SettlementJournals>& settlements, std::string& text) {
  AppendCsvRecord(text, {"Journal No", "Journal Date", "Account Name", "Debits", "Credits",
                         "Description", "Name", "Location", "Class"});
  for (const SettlementJournals& s : settlements) {
    const std::string prefix = HeldPrefix(s);
    for (std::size_t j = 0; j < s.journals.size(); ++j) {
      const Journal& journal = s.journals[j];
      const std::string number = s.summary.settlement_id + "-" + std::to_string(j + 1);
      const std::string date = QuickBooksDate(journal.date, s.summary.currency);
      for (const JournalLine& line : journal.lines) {
        if (line.amount.IsZero()) continue;
        const bool debit = !line.amount.IsNegative();
        const std::string amount = (debit ? line.amount : -line.amount).ToString();
        AppendCsvRecord(text, {number, date, line.account, debit ? amount : "", debit ? "" : amount,
                               prefix + line.description, "", "", ""});
      }
    }
  }
}

}  // namespace

void WriteCsv(const std::vector<SettlementJournals>& settlements, std::ostream& out,
              CsvDialect dialect) {
  std::string text;
  if (dialect == CsvDialect::kXero) {
    WriteXero(settlements, text);
  } else {
    WriteQuickBooks(settlements, text);
  }
  out << text;
}

}  // namespace fbaflow::settlement
