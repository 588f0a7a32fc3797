#pragma once
// What the settlement commands share: the rule set a user asked for, and writing built journals
// in each output format (`settlement journal --format`, and the journal files `amazon settlements
// fetch` publishes).

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/settlement/rules.h"
#include "engine/settlement_pipeline.h"

namespace fbaflow::cli {

// --rules FILE (parsed and validated), --ruleset NAME (built in), or null when both are empty:
// the built-in set that suits each settlement's currency.
Result<std::shared_ptr<const settlement::RuleSet>> LoadRuleSet(const std::string& rules_file,
                                                               const std::string& ruleset);

// Writes `result` as `format`: json, csv (Xero), quickbooks-csv, hledger, audit or text.
void WriteJournals(std::string_view format, const engine::SettlementPipelineResult& result,
                   std::ostream& out);

// Writes <base>.json, .xero.csv, .hledger and .audit.csv, each atomically; the folder is created.
// The same result gives the same bytes, so writing again is harmless.
Status WriteJournalFiles(const std::filesystem::path& base,
                         const engine::SettlementPipelineResult& result);

}  // namespace fbaflow::cli
