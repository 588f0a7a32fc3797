#include "cli/journal_files.h"

#include <utility>

#include "adapters/files/output_file.h"
#include "cli/settlement_text.h"
#include "core/settlement/export.h"
#include "engine/builtin_rules.h"

namespace fbaflow::cli {

using settlement::RuleSet;

Result<std::shared_ptr<const RuleSet>> LoadRuleSet(const std::string& rules_file,
                                                   const std::string& ruleset) {
  if (!rules_file.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadSmallFile(rules_file));
    ASSIGN_OR_RETURN(RuleSet rules, RuleSet::Parse(text, rules_file));
    return std::shared_ptr<const RuleSet>(std::make_shared<RuleSet>(std::move(rules)));
  }
  if (!ruleset.empty()) return engine::SharedBuiltinRules(ruleset);
  return std::shared_ptr<const RuleSet>();
}

void WriteJournals(std::string_view format, const engine::SettlementPipelineResult& result,
                   std::ostream& out) {
  const auto& settlements = result.settlements;
  if (format == "json") {
    settlement::WriteJson(settlements, out, &result.file);
  } else if (format == "csv") {
    settlement::WriteCsv(settlements, out, settlement::CsvDialect::kXero);
  } else if (format == "quickbooks-csv") {
    settlement::WriteCsv(settlements, out, settlement::CsvDialect::kQuickBooks);
  } else if (format == "hledger") {
    settlement::WriteHledger(settlements, out);
  } else if (format == "audit") {
    settlement::WriteAudit(settlements, out);
  } else {
    PrintJournalsText(result, out);
  }
}

Status WriteJournalFiles(const std::filesystem::path& base,
                         const engine::SettlementPipelineResult& result) {
  std::error_code ec;
  std::filesystem::create_directories(base.parent_path(), ec);
  if (ec) {
    return Unavailable(base.parent_path().string() + ": cannot create the folder: " + ec.message());
  }
  static constexpr std::pair<std::string_view, std::string_view> kFiles[] = {
      {".json", "json"}, {".xero.csv", "csv"}, {".hledger", "hledger"}, {".audit.csv", "audit"}};
  for (const auto& [suffix, format] : kFiles) {
    ASSIGN_OR_RETURN(auto out, OutputFile::Open(base.string() + std::string(suffix)));
    WriteJournals(format, result, out->Stream());
    RETURN_IF_ERROR(out->Commit());
  }
  return OkStatus();
}

}  // namespace fbaflow::cli
