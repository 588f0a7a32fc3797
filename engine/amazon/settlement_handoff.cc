#include "engine/amazon/settlement_handoff.h"

#include <utility>

#include "core/amazon/document_decoder.h"
#include "core/text/charset.h"
#include "engine/settlement_pipeline.h"

namespace fbaflow::engine {
namespace {

std::string Where(const FetchedSettlement& settlement) {
  return "settlement report " + settlement.report.report_id + " (archived at " +
         settlement.document.archived.location + ")";
}

std::string HoldText(const settlement::SettlementJournals& s) {
  std::string text;
  for (const settlement::Hold& h : s.holds) {
    if (!text.empty()) text += "; ";
    text += h.message.empty() ? h.code : h.message;
  }
  return text;
}

}  // namespace

Result<HandoffResult> HandSettlementToPipeline(DocumentArchive& archive,
                                               const FetchedSettlement& settlement,
                                               std::shared_ptr<const settlement::RuleSet> rules) {
  const amazon::FetchedDocument& doc = settlement.document;
  auto charset = amazon::CharsetForLabel(doc.charset_label);
  if (!charset.Ok()) return charset.GetStatus().WithContext(Where(settlement));

  SettlementPipeline pipeline(std::move(rules), SettlementPipelineOptions{},
                              "settlement report " + settlement.report.report_id);
  int64_t lines = 0;
  amazon::DocumentDecoder decoder(doc.gzip, *charset, [&](std::string_view utf8) {
    for (char c : utf8) lines += c == '\n' ? 1 : 0;
    return pipeline.Feed(utf8);
  });
  RETURN_IF_ERROR(
      archive.Read(doc.archived, [&decoder](std::string_view chunk) { return decoder.Feed(chunk); })
          .WithContext(Where(settlement)));
  RETURN_IF_ERROR(decoder.Finish().WithContext(Where(settlement)));
  auto result = pipeline.Finish();
  if (!result.Ok()) return result.GetStatus().WithContext(Where(settlement));
  if (result->settlements.empty()) {
    return InvalidArgument(Where(settlement) + " holds no settlement");
  }

  HandoffResult out;
  out.summary = std::to_string(lines) + " lines, " + std::to_string(decoder.TextBytesOut()) +
                " bytes of UTF-8 text" + (decoder.WasGzip() ? " (gzip)" : "");
  for (const settlement::SettlementJournals& s : result->settlements) {
    const bool held = s.status == settlement::SettlementStatus::kHeld;
    out.summary += "; settlement " + s.summary.settlement_id + ": " + std::to_string(s.rows) +
                   " rows, " + std::to_string(s.journals.size()) + " journal(s), deposit " +
                   s.summary.total.ToString() + " " + std::string(s.summary.currency.Code()) +
                   (held ? ", HELD (" + HoldText(s) + ")" : ", ready");
    if (held) {
      out.findings.push_back(Finding{
          "settlement-held", std::string(kOwnerFinance), "settlement " + s.summary.settlement_id,
          "settlement " + s.summary.settlement_id + " of report " + settlement.report.report_id +
              " is held: " + HoldText(s) +
              "; its journals were built but must not be posted until this is resolved"});
    }
  }
  out.settlements = std::move(result->settlements);
  return out;
}

}  // namespace fbaflow::engine
