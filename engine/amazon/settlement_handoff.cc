#include "engine/amazon/settlement_handoff.h"

#include <fmt/format.h>

#include <utility>

#include "core/amazon/document_decoder.h"
#include "core/text/charset.h"
#include "engine/producer_source.h"

namespace fbaflow::engine {
namespace {

std::string HoldReasons(const settlement::SettlementJournals& s) {
  std::string reasons;
  for (const settlement::Hold& hold : s.holds) {
    if (!reasons.empty()) reasons += "; ";
    reasons += hold.message.empty() ? hold.code : hold.message;
  }
  return reasons;
}

}  // namespace

Result<HandoffResult> HandSettlementToPipeline(DocumentArchive& archive,
                                               const FetchedSettlement& settlement,
                                               const SettlementHandoffOptions& options) {
  const amazon::FetchedDocument& doc = settlement.document;
  const std::string& report_id = settlement.report.report_id;
  const std::string where =
      "settlement report " + report_id + " (archived at " + doc.archived.location + ")";
  auto charset = amazon::CharsetForLabel(doc.charset_label);
  if (!charset.Ok()) return charset.GetStatus().WithContext(where);

  ProducerSource decoded(where, [&](const ProducerSource::Emit& emit) {
    amazon::DocumentDecoder decoder(doc.gzip, *charset, emit);
    RETURN_IF_ERROR(archive.Read(
        doc.archived, [&decoder](std::string_view chunk) { return decoder.Feed(chunk); }));
    RETURN_IF_ERROR(decoder.Finish());
    return OkStatus();
  });

  SettlementPipelineOptions pipeline;
  pipeline.reader.source_name = where;
  pipeline.reader.charset = Charset::kUtf8;  // the decoder already converted the text
  pipeline.journal.keep_audit = options.keep_audit;
  pipeline.rollover_account = options.rollover_account;
  ASSIGN_OR_RETURN(SettlementPipelineResult result,
                   RunSettlementPipeline(decoded, options.rules, pipeline));
  if (result.settlements.empty()) {
    return InvalidArgument(where + ": the document holds no settlement");
  }
  if (options.publish) RETURN_IF_ERROR(options.publish(settlement, result));

  HandoffResult out;
  for (const settlement::SettlementJournals& s : result.settlements) {
    if (!out.summary.empty()) out.summary += "; ";
    out.summary +=
        fmt::format("settlement {} {} {} {}: {} rows, {} journal(s)", s.summary.settlement_id,
                    s.summary.total.ToString(), s.summary.total.GetCurrency().Code(),
                    s.status == settlement::SettlementStatus::kHeld ? "HELD" : "ready", s.rows,
                    s.journals.size());
    if (s.status != settlement::SettlementStatus::kHeld) continue;
    out.findings.push_back(
        Finding{"settlement-held", std::string(kOwnerFinance),
                "settlement " + s.summary.settlement_id + " (report " + report_id + ")",
                "held, its journals are not to be posted until it is resolved: " + HoldReasons(s)});
  }
  out.settlements = std::move(result.settlements);
  return out;
}

}  // namespace fbaflow::engine
