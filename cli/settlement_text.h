#pragma once
// Plain-text renderings of settlement results for people at a terminal.

#include <ostream>

#include "engine/settlement_pipeline.h"

namespace fbaflow::cli {

// The journals of each settlement as aligned tables, with status and holds, after a legend of
// the amounts' signs (positive: debit; negative: credit).
void PrintJournalsText(const engine::SettlementPipelineResult& result, std::ostream& out);

// What `settlement inspect` shows: the formats detected, counts and totals per transaction
// family with the account each maps to, the status, holds, exceptions and the first rejects.
void PrintInspection(const engine::SettlementPipelineResult& result, std::ostream& out);

// One line per settlement for standard error: "settlement 123: ready, 2 journals, ...".
void PrintVerdicts(const engine::SettlementPipelineResult& result, std::ostream& out);

}  // namespace fbaflow::cli
