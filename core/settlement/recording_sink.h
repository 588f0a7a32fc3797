#pragma once
// RecordingSink: a Sink that keeps owned copies of everything the reader reports, and ReadAll,
// which runs a reader over bytes fed in chunks of a chosen size. For tests and fuzz targets.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/settlement/entry.h"
#include "core/settlement/reader.h"

namespace fbaflow::settlement {

// An Entry whose text is owned, so it outlives the Sink call.
struct OwnedEntry {
  uint64_t line = 0;
  uint16_t column = 0;
  std::string transaction_type, amount_type, amount_description, marketplace, order_id,
      merchant_order_id, adjustment_id, shipment_id, fulfillment_id, sku, quantity, posted_text;
  CivilDate posted_date;
  Money amount;
  std::string column_name, row;

  explicit OwnedEntry(const Entry& e)
      : line(e.line),
        column(e.column),
        transaction_type(e.transaction_type),
        amount_type(e.amount_type),
        amount_description(e.amount_description),
        marketplace(e.marketplace),
        order_id(e.order_id),
        merchant_order_id(e.merchant_order_id),
        adjustment_id(e.adjustment_id),
        shipment_id(e.shipment_id),
        fulfillment_id(e.fulfillment_id),
        sku(e.sku),
        quantity(e.quantity),
        posted_text(e.posted_text),
        posted_date(e.posted_date),
        amount(e.amount),
        column_name(e.column_name),
        row(e.row) {}
};

class RecordingSink : public Sink {
 public:
  void OnSummary(const Summary& summary) override { summaries.push_back(summary); }
  void OnEntry(const Entry& entry) override { entries.emplace_back(entry); }
  void OnNonMonetaryRow(uint64_t line) override { non_monetary.push_back(line); }
  void OnReject(Reject reject) override { rejects.push_back(std::move(reject)); }

  std::vector<Summary> summaries;
  std::vector<OwnedEntry> entries;
  std::vector<uint64_t> non_monetary;
  std::vector<Reject> rejects;
};

struct ReadResult {
  Status status;  // the first non-ok Feed, else Finish's
  FileInfo info;
  RecordingSink sink;

  // Everything above as one text, for comparing two reads.
  std::string Dump() const {
    std::string out = status.ToString() + "\n";
    out += "format=" + std::string(FormatName(info.format)) +
           " columns=" + std::to_string(info.columns) + " bom=" + std::to_string(info.bom) +
           " crlf=" + std::to_string(info.crlf) +
           " w1252=" + std::to_string(info.windows1252_lines) +
           " lines=" + std::to_string(info.lines) +
           " decimal=" + std::string(DecimalStyleName(info.decimal_style)) +
           " dates=" + info.date_style + "\n";
    for (const Summary& s : sink.summaries) {
      out += "S " + std::to_string(s.line) + " " + s.settlement_id + " " + s.start.ToIso8601() +
             " " + s.end.ToIso8601() + " " + s.deposit.ToIso8601() + " " + s.total.ToString() +
             " " + std::string(s.currency.Code()) + "\n";
    }
    for (const OwnedEntry& e : sink.entries) {
      out += "E " + std::to_string(e.line) + ":" + std::to_string(e.column) + " [" +
             e.transaction_type + "|" + e.amount_type + "|" + e.amount_description + "|" +
             e.marketplace + "] " + e.amount.ToString() + " " + e.posted_date.ToString() + " " +
             e.posted_text + " " + e.order_id + " " + e.merchant_order_id + " " + e.adjustment_id +
             " " + e.shipment_id + " " + e.fulfillment_id + " " + e.sku + " " + e.quantity + "\n";
    }
    for (uint64_t n : sink.non_monetary) out += "N " + std::to_string(n) + "\n";
    for (const Reject& r : sink.rejects) {
      out += "R " + std::to_string(r.line) + ":" + std::to_string(r.column) + " " + r.column_name +
             " " + r.reason + " <" + r.raw + ">\n";
    }
    return out;
  }
};

// Reads `bytes` through a SettlementReader, `chunk` bytes per Feed (0: all at once).
inline ReadResult ReadAll(std::string_view bytes, ReaderOptions options = {},
                          std::size_t chunk = 0) {
  ReadResult result;
  SettlementReader reader(std::move(options), result.sink);
  if (chunk == 0) chunk = std::max<std::size_t>(bytes.size(), 1);
  for (std::size_t at = 0; at < bytes.size() && result.status.Ok(); at += chunk) {
    result.status = reader.Feed(bytes.substr(at, chunk));
  }
  if (result.status.Ok()) result.status = reader.Finish();
  result.info = reader.Info();
  return result;
}

}  // namespace fbaflow::settlement
