#include "engine/amazon/settlement_handoff.h"

#include "core/amazon/document_decoder.h"
#include "core/text/charset.h"

namespace fbaflow::engine {

Result<HandoffResult> HandSettlementToPipeline(DocumentArchive& archive,
                                               const FetchedSettlement& settlement) {
  const amazon::FetchedDocument& doc = settlement.document;
  std::string header;
  bool header_done = false;
  int64_t lines = 0;
  auto charset = amazon::CharsetForLabel(doc.charset_label);
  if (!charset.Ok()) {
    return charset.GetStatus().WithContext("settlement report " + settlement.report.report_id +
                                           " (archived at " + doc.archived.location + ")");
  }
  amazon::DocumentDecoder decoder(doc.gzip, *charset, [&](std::string_view utf8) {
    for (char c : utf8) {
      if (c == '\n') {
        ++lines;
        header_done = true;
      } else if (!header_done && header.size() < 4096) {
        header.push_back(c);
      }
    }
    return OkStatus();
  });
  RETURN_IF_ERROR(archive.Read(doc.archived,
                               [&decoder](std::string_view chunk) { return decoder.Feed(chunk); }));
  RETURN_IF_ERROR(decoder.Finish());
  if (header.find("settlement-id") == std::string::npos ||
      header.find("total-amount") == std::string::npos) {
    return InvalidArgument("settlement report " + settlement.report.report_id + " (" +
                           doc.archived.location + ") does not start with a settlement header row");
  }
  return HandoffResult{std::to_string(lines) + " lines, " + std::to_string(decoder.TextBytesOut()) +
                       " bytes of UTF-8 text" + (decoder.WasGzip() ? " (gzip)" : "") +
                       "; settlement pipeline not connected yet"};
}

}  // namespace fbaflow::engine
