#pragma once
// What the settlement reader hands on: the summary of each settlement, one Entry per amount,
// and one Reject per row it could not read. Rows are data; a bad row never stops the reader.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/money/currency.h"
#include "core/money/decimal.h"
#include "core/money/money.h"
#include "core/text/charset.h"
#include "core/time/civil.h"

namespace fbaflow::settlement {

enum class Format : unsigned char {
  kV2,      // GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2: amount-type/amount-description/amount
  kLegacy,  // the retired 36-column flat file: one column per amount kind (price-amount, ...)
};
std::string_view FormatName(Format format);  // "v2", "legacy"

// What the reader learned about the file itself; final once Finish() returned.
struct FileInfo {
  Format format = Format::kV2;
  int columns = 0;                 // header columns (23 or 24 for V2, 36 for legacy)
  bool bom = false;                // a UTF-8 byte-order mark was present
  bool crlf = false;               // lines end in CR LF
  uint64_t windows1252_lines = 0;  // lines that were not UTF-8 and were converted
  uint64_t lines = 0;              // physical lines, header included
  DecimalStyle decimal_style = DecimalStyle::kUnknown;
  std::string date_style;  // e.g. "DD.MM.YYYY HH:MM:SS UTC", "YYYY-MM-DDTHH:MM:SS+HH:MM"
};

// The largest magnitude, in minor units, of a settlement's total-amount and of the sum of the
// magnitudes of its amounts: 10^18 (ten million billion pounds, dollars or euros; 10^18 yen).
// Every sum a settlement's journals need then fits 64 bits with room to spare; an amount that
// would pass the bound is rejected (journal.h) and a total beyond it ends the read (reader.h).
inline constexpr int64_t kMaxSettlementMinorUnits = 1'000'000'000'000'000'000;

// The summary row (row 2 of a V2 file): who, when, and how much was deposited.
struct Summary {
  uint64_t line = 0;
  std::string settlement_id;
  Timestamp start;
  Timestamp end;
  Timestamp deposit;
  Currency currency;
  Money total;  // total-amount: equals the sum of every detail amount in a sound file
};

// One amount of one detail row. V2 rows carry one amount; legacy rows may carry several (a
// ServiceFee row has item-related-fee-amount and other-fee-amount), each its own Entry with the
// same line. The string_views point into the reader's buffer and are valid only during the
// Sink call that receives the Entry: copy what you keep.
struct Entry {
  uint64_t line = 0;    // 1-based physical line in the file
  uint16_t column = 0;  // 1-based column the amount came from
  // The mapping key. For legacy rows amount_type is the legacy column that names the kind
  // ("price-type", "item-related-fee-type", "other-amount", ...) and amount_description its value.
  std::string_view transaction_type;
  std::string_view amount_type;
  std::string_view amount_description;
  std::string_view marketplace;  // marketplace-name: "Amazon.co.uk", "Non-Amazon UK", or empty
  // Context kept for audit and matching.
  std::string_view order_id;
  std::string_view merchant_order_id;
  std::string_view adjustment_id;
  std::string_view shipment_id;
  std::string_view fulfillment_id;  // AFN, MFN, or empty
  std::string_view sku;
  std::string_view quantity;     // quantity-purchased as written (often empty)
  std::string_view posted_text;  // posted-date (or posted-date-time) as written
  CivilDate posted_date;         // the calendar date the file gives for the row
  Money amount;
  std::string_view column_name;  // header name of the column the amount came from
  std::string_view row;          // the whole row as UTF-8 text, for a reject
};

// A row that could not be read. Nothing is dropped: the reject is kept, reported and can be
// retried once the cause is fixed.
struct Reject {
  uint64_t line = 0;        // 1-based physical line
  int column = 0;           // 1-based column at fault; 0 when the whole row is at fault
  std::string column_name;  // header name of that column, when there is one
  std::string raw;          // the row as UTF-8 text (cut at 4 KiB)
  std::string reason;       // what is wrong, in words a person can act on
};

// Receives what the reader finds, in file order. A new OnSummary begins a new settlement (a file
// normally holds one). Implementations are called from the reader's thread only.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void OnSummary(const Summary& summary) = 0;
  virtual void OnEntry(const Entry& entry) = 0;
  // A detail row with no amount at all (a legacy quantity-only row). Counted, never posted.
  virtual void OnNonMonetaryRow(uint64_t line) = 0;
  virtual void OnReject(Reject reject) = 0;
};

}  // namespace fbaflow::settlement
