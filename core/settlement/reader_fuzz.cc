// libFuzzer target for SettlementReader (build with the `fuzz` preset).
//
// Input layout: byte 0 picks the options (charset, decimal style) and whether to prepend a valid
// V2 or legacy header and summary, so most runs reach the row paths instead of dying at line 1;
// byte 1 seeds the chunk sizes; the rest is the file. Checks, on every input:
//   - no crash, leak or undefined behaviour (the sanitizers);
//   - reading it in random chunks gives exactly what reading it whole gives;
//   - every reported text is valid UTF-8, Reject.raw is at most 4 KiB, lines and columns are in
//     range, and a failure's message names the source.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "core/settlement/reader.h"
#include "core/settlement/recording_sink.h"
#include "core/text/charset.h"

namespace fbaflow::settlement {
namespace {

constexpr std::string_view kV2Prefix =
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-"
    "amount\tcurrency\t"
    "transaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\t"
    "amount-type\tamount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\t"
    "order-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-"
    "purchased\t"
    "promotion-id\n"
    "100\t15.11.2024 08:59:45 UTC\t29.11.2024 08:59:44 UTC\t01.12.2024 08:59:44 UTC\t0\tGBP"
    "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n";

constexpr std::string_view kLegacyPrefix =
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-"
    "amount\tcurrency\t"
    "transaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\t"
    "shipment-fee-type\tshipment-fee-amount\torder-fee-type\torder-fee-amount\tfulfillment-id\t"
    "posted-date\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\t"
    "quantity-purchased\tprice-type\tprice-amount\titem-related-fee-type\titem-related-fee-amount\t"
    "misc-fee-amount\tother-fee-amount\tother-fee-reason-description\tpromotion-id\tpromotion-"
    "type\t"
    "promotion-amount\tdirect-payment-type\tdirect-payment-amount\tother-amount\n"
    "100\t2025-09-11T22:07:19+00:00\t2025-09-25T22:07:18+00:00\t2025-09-27T22:07:18+00:00\t0\tCAD"
    "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n";

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "reader_fuzz invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

void CheckInvariants(const ReadResult& r, const ReaderOptions& options) {
  if (!r.status.Ok() && r.status.Message().rfind(options.source_name + ":", 0) != 0) {
    Fail("message does not name the source", r.status.ToString());
  }
  if (!IsValidUtf8(r.status.Message())) Fail("message is not UTF-8", r.status.Message());
  for (const Reject& j : r.sink.rejects) {
    if (j.raw.size() > 4096) Fail("raw longer than 4 KiB", std::to_string(j.raw.size()));
    if (!IsValidUtf8(j.raw) || !IsValidUtf8(j.reason) || !IsValidUtf8(j.column_name)) {
      Fail("reject text is not UTF-8", j.reason);
    }
    if (j.reason.empty()) Fail("reject without a reason", j.raw);
    if (j.line < 2 || j.line > r.info.lines)
      Fail("reject line out of range", std::to_string(j.line));
    if (j.column < 0 || j.column > r.info.columns) Fail("reject column out of range", j.reason);
  }
  uint64_t last_summary = 0;
  for (const Summary& s : r.sink.summaries) {
    if (s.line <= last_summary || s.line > r.info.lines)
      Fail("summary line out of order", s.settlement_id);
    last_summary = s.line;
  }
  for (const OwnedEntry& e : r.sink.entries) {
    if (r.sink.summaries.empty() || e.line <= r.sink.summaries.front().line ||
        e.line > r.info.lines) {
      Fail("entry line out of range", std::to_string(e.line));
    }
    if (e.column == 0 || e.column > r.info.columns)
      Fail("entry column out of range", std::to_string(e.column));
    for (const std::string* s : {&e.transaction_type, &e.amount_type, &e.amount_description,
                                 &e.marketplace, &e.sku, &e.posted_text, &e.order_id}) {
      if (!IsValidUtf8(*s)) Fail("entry text is not UTF-8", *s);
    }
    if (!e.posted_date.IsValid()) Fail("invalid posted date", e.posted_text);
    if (r.sink.summaries.size() == 1 && !(e.amount.GetCurrency() == r.sink.summaries[0].currency)) {
      Fail("entry currency differs from the summary's", e.posted_text);
    }
  }
}

}  // namespace
}  // namespace fbaflow::settlement

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fbaflow;
  using namespace fbaflow::settlement;
  if (size < 2) return 0;
  const uint8_t mode = data[0];
  ReaderOptions options;
  options.source_name = "fuzz.txt";
  options.charset = static_cast<Charset>(mode % 3);
  options.decimal_style = static_cast<DecimalStyle>((mode / 3) % 3);
  std::string input;
  switch ((mode / 9) % 3) {
    case 1:
      input = kV2Prefix;
      break;
    case 2:
      input = kLegacyPrefix;
      break;
    default:
      break;
  }
  input.append(reinterpret_cast<const char*>(data) + 2, size - 2);

  const ReadResult whole = ReadAll(input, options);
  CheckInvariants(whole, options);

  ReadResult chunked;
  {
    SettlementReader reader(options, chunked.sink);
    std::minstd_rand rng(data[1] + 1u);
    std::size_t at = 0;
    while (at < input.size() && chunked.status.Ok()) {
      const std::size_t n =
          std::min<std::size_t>(input.size() - at, 1 + rng() % (rng() % 2 ? 8 : 200));
      chunked.status = reader.Feed(std::string_view(input).substr(at, n));
      at += n;
    }
    if (chunked.status.Ok()) chunked.status = reader.Finish();
    chunked.info = reader.Info();
  }
  if (chunked.Dump() != whole.Dump()) {
    fbaflow::settlement::Fail("chunked read differs from whole read",
                              whole.Dump() + "\n---\n" + chunked.Dump());
  }
  return 0;
}
