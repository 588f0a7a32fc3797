#pragma once
// The seam between the Amazon connector and the settlement pipeline.
//
// HandSettlementToPipeline is called once for each settlement document fetched from Amazon, after
// its raw bytes are safely archived. It streams the archived bytes through
// core/amazon/document_decoder.h (gzip, the download's charset → UTF-8) into the settlement
// pipeline (engine/settlement_pipeline.h: parse → validate → journals, the built-in rule set of
// the settlement's currency unless `rules` is given), so memory stays flat whatever the size.
// The result carries the journals; a settlement the pipeline holds (rows that do not sum to the
// deposit, unmapped fee types, rejected rows) is still processed, and becomes a
// `settlement-held` finding owned by finance.
// Errors: kDataLoss when the document cannot be decoded; kInvalidArgument when it is not a
// settlement flat file (or holds no settlement); whatever the archive's Read returns.

#include <memory>

#include "core/settlement/rules.h"
#include "engine/amazon/settlement_fetch.h"

namespace fbaflow::engine {

Result<HandoffResult> HandSettlementToPipeline(
    DocumentArchive& archive, const FetchedSettlement& settlement,
    std::shared_ptr<const settlement::RuleSet> rules = nullptr);

}  // namespace fbaflow::engine
