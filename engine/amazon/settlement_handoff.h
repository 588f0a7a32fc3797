#pragma once
// The seam between the Amazon connector and the settlement pipeline.
//
// HandSettlementToPipeline is called once for each settlement document fetched from Amazon, after
// its raw bytes are safely archived. THE SETTLEMENT PIPELINE CALL GOES HERE: today it decodes the
// archived document (gzip, charset → UTF-8) through core/amazon/document_decoder.h and checks that
// it is a settlement flat file (its header row names settlement-id and total-amount), reporting
// its size and line count; once the pipeline (parse → validate → journals) is in the engine, this
// function feeds the decoded text to it and returns its verdict.
// Errors: kDataLoss when the document cannot be decoded; kInvalidArgument when it is not a
// settlement flat file; whatever the archive's Read returns.

#include "engine/amazon/settlement_fetch.h"

namespace fbaflow::engine {

Result<HandoffResult> HandSettlementToPipeline(DocumentArchive& archive,
                                               const FetchedSettlement& settlement);

}  // namespace fbaflow::engine
