#pragma once
// The seam between the Amazon connector and the settlement pipeline.
//
// HandSettlementToPipeline is called once for each settlement document fetched from Amazon, after
// its raw bytes are safely archived. It streams the archived bytes through the document decoder
// (gzip, the download's charset → UTF-8; core/amazon/document_decoder.h) into the settlement
// pipeline (engine/settlement_pipeline.h) without holding the document in memory, then hands the
// journals to `publish` (the caller writes them where the business wants them) and says what
// finance must look at: a held settlement (rows that do not sum to the deposit, a fee type no rule
// maps, rejected rows) is a `settlement-held` finding naming the settlement and the reasons. A
// held settlement is still accepted (its journals are published, marked held): holding is a
// verdict about the data, not a failure to process it.
// Errors (the report is then retried on the next run): kDataLoss when the document cannot be
// decoded; kFailedPrecondition for a charset fbaflow cannot convert; kInvalidArgument when it is
// not a settlement report (the reader's message names the line); whatever the archive's Read or
// `publish` return.

#include <functional>
#include <memory>
#include <string>

#include "core/settlement/rules.h"
#include "engine/amazon/settlement_fetch.h"
#include "engine/settlement_pipeline.h"

namespace fbaflow::engine {

struct SettlementHandoffOptions {
  std::shared_ptr<const settlement::RuleSet> rules;  // null: the built-in set for the currency
  std::string rollover_account;                      // overrides the rule set's when not empty
  bool keep_audit = false;                           // JournalOptions::keep_audit
  // Receives the pipeline's result for the document; may be empty.
  std::function<Status(const FetchedSettlement&, const SettlementPipelineResult&)> publish;
};

Result<HandoffResult> HandSettlementToPipeline(DocumentArchive& archive,
                                               const FetchedSettlement& settlement,
                                               const SettlementHandoffOptions& options = {});

}  // namespace fbaflow::engine
