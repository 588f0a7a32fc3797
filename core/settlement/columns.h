#pragma once
// Header → column mapping for settlement flat files. Columns are found by name, so files with 23
// or 24 columns, re-ordered columns or extra columns all read; the format (V2 or legacy) follows
// from which columns are present. Internal to the reader.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/settlement/entry.h"

namespace fbaflow::settlement {

// Every column the reader looks at.
enum class Col : unsigned char {
  // Summary columns (both formats).
  kSettlementId,
  kStartDate,
  kEndDate,
  kDepositDate,
  kTotalAmount,
  kCurrency,
  // Detail columns (both formats).
  kTransactionType,
  kOrderId,
  kMerchantOrderId,
  kAdjustmentId,
  kShipmentId,
  kMarketplaceName,
  kFulfillmentId,
  kPostedDate,
  kPostedDateTime,
  kSku,
  kQuantityPurchased,
  // V2 only.
  kAmountType,
  kAmountDescription,
  kAmount,
  // Legacy only: one column per amount kind, most with a column naming the kind.
  kShipmentFeeType,
  kShipmentFeeAmount,
  kOrderFeeType,
  kOrderFeeAmount,
  kPriceType,
  kPriceAmount,
  kItemRelatedFeeType,
  kItemRelatedFeeAmount,
  kMiscFeeAmount,
  kOtherFeeAmount,
  kOtherFeeReasonDescription,
  kPromotionType,
  kPromotionAmount,
  kDirectPaymentType,
  kDirectPaymentAmount,
  kOtherAmount,
  kCount,
};

// The canonical header name: "settlement-id", "amount-type", "price-amount", ...
std::string_view ColumnName(Col col);

// One amount column of a legacy row and the column that names its kind.
struct LegacyAmountColumn {
  int amount = -1;             // 0-based column of the amount
  int type = -1;               // 0-based column naming the kind, -1 when there is none
  std::string_view type_name;  // canonical name of that column, or of the amount column
};

struct ColumnMap {
  Format format = Format::kV2;
  int columns = 0;
  std::array<int, static_cast<std::size_t>(Col::kCount)> index{};  // 0-based, -1 when absent
  std::vector<std::string> names;  // header names as written (trimmed), for messages
  std::vector<LegacyAmountColumn> legacy_amounts;  // in column order

  int Index(Col col) const { return index[static_cast<std::size_t>(col)]; }
  bool Has(Col col) const { return Index(col) >= 0; }
  // The header name of a 0-based column, as written, for messages.
  const std::string& NameAt(int column) const { return names[static_cast<std::size_t>(column)]; }
};

// Maps a header row's fields. Names match after trimming spaces, ignoring case and reading '_' as
// '-'. Errors are kInvalidArgument with a message that needs only the "source:1: " prefix:
// "not a settlement report: header has no 'amount-type' column", "header has 'amount' twice
// (columns 15 and 16)", "the header is comma-separated; ...".
Result<ColumnMap> MapHeader(const std::vector<std::string_view>& fields);

}  // namespace fbaflow::settlement
