#include "sim/settlement_writer.h"

#include <array>
#include <cstring>
#include <string>
#include <utility>

#include "sim/windows1252.h"

namespace fbaflow::sim {
namespace {

constexpr std::string_view kV2Header =
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\t"
    "currency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\t"
    "marketplace-name\tamount-type\tamount-description\tamount\tfulfillment-id\tposted-date\t"
    "posted-date-time\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\t"
    "sku\tquantity-purchased\tpromotion-id";
constexpr std::string_view kV2Header23 = kV2Header.substr(0, kV2Header.size() - 13);
constexpr std::string_view kLegacyHeader =
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\t"
    "currency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\t"
    "marketplace-name\tshipment-fee-type\tshipment-fee-amount\torder-fee-type\torder-fee-amount\t"
    "fulfillment-id\tposted-date\torder-item-code\tmerchant-order-item-id\t"
    "merchant-adjustment-item-id\tsku\tquantity-purchased\tprice-type\tprice-amount\t"
    "item-related-fee-type\titem-related-fee-amount\tmisc-fee-amount\tother-fee-amount\t"
    "other-fee-reason-description\tpromotion-id\tpromotion-type\tpromotion-amount\t"
    "direct-payment-type\tdirect-payment-amount\tother-amount";

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr int64_t kSecondsPerDay = 86400;

// Legacy column indexes (0-based) of the columns the writer fills per row.
enum LegacyColumn : std::size_t {
  kLTransactionType = 6,
  kLOrderId,
  kLMerchantOrderId,
  kLAdjustmentId,
  kLShipmentId,
  kLMarketplace,
  kLFulfillmentId = 16,
  kLPostedDate,
  kLOrderItemCode,
  kLMerchantOrderItemId,
  kLMerchantAdjustmentItemId,
  kLSku,
  kLQuantity,
  kLPriceType,
  kLPriceAmount,
  kLItemFeeType,
  kLItemFeeAmount,
  kLOtherFeeAmount = 28,
  kLOtherFeeReason,
  kLPromotionId,
  kLPromotionType,
  kLPromotionAmount,
  kLOtherAmount = 35,
  kLegacyColumns
};

// ---- Text helpers ---------------------------------------------------------------------------

void Put2(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}
void Put4(char* p, int v) {
  Put2(p, v / 100);
  Put2(p + 2, v % 100);
}

struct Clock {
  CivilDate date;
  int hour, minute, second;
};
Clock ClockOf(Timestamp t) {
  int64_t days = t.utc_seconds / kSecondsPerDay;
  int64_t secs = t.utc_seconds % kSecondsPerDay;
  if (secs < 0) {
    secs += kSecondsPerDay;
    --days;
  }
  const int s = static_cast<int>(secs);
  return {CivilDate::FromDaysSinceEpoch(days), s / 3600, s / 60 % 60, s % 60};
}

// "2024-10-09" or "09.10.2024" (10 characters).
void PutDate(char* p, const CivilDate& d, DateStyle style) {
  if (style == DateStyle::kIso) {
    Put4(p, d.year);
    p[4] = '-';
    Put2(p + 5, d.month);
    p[7] = '-';
    Put2(p + 8, d.day);
  } else {
    Put2(p, d.day);
    p[2] = '.';
    Put2(p + 3, d.month);
    p[5] = '.';
    Put4(p + 6, d.year);
  }
}

// "2024-10-09 14:28:38 UTC", "09.10.2024 14:28:38 UTC", or legacy "2024-10-09T14:28:38+00:00".
std::string DateTimeText(Timestamp t, DateStyle style, bool legacy) {
  const Clock c = ClockOf(t);
  char buf[32];
  PutDate(buf, c.date, legacy ? DateStyle::kIso : style);
  buf[10] = legacy ? 'T' : ' ';
  Put2(buf + 11, c.hour);
  buf[13] = ':';
  Put2(buf + 14, c.minute);
  buf[16] = ':';
  Put2(buf + 17, c.second);
  if (legacy) {
    std::memcpy(buf + 19, "+00:00", 6);
    return {buf, 25};
  }
  std::memcpy(buf + 19, " UTC", 4);
  return {buf, 23};
}

// Writes the amount into `out` (at least 32 bytes) and returns its length.
std::size_t PutAmount(char* out, int64_t minor, int digits, DecimalStyle style, bool group) {
  const char point = style == DecimalStyle::kCommaDecimal ? ',' : '.';
  const char thousands = point == ',' ? '.' : ',';
  uint64_t magnitude = minor < 0 ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  char rev[48];
  std::size_t n = 0;
  for (int i = 0; i < digits; ++i) {
    rev[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  }
  if (digits > 0) rev[n++] = point;
  int run = 0;
  do {
    if (group && run == 3) {
      rev[n++] = thousands;
      run = 0;
    }
    rev[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
    ++run;
  } while (magnitude != 0);
  if (minor < 0) rev[n++] = '-';
  for (std::size_t i = 0; i < n; ++i) out[i] = rev[n - 1 - i];
  return n;
}

bool HasLineBreakOrTab(std::string_view text) {
  for (char c : text) {
    if (c == '\t' || c == '\n' || c == '\r') return true;
  }
  return false;
}

// ---- Pass 1: validate and total -------------------------------------------------------------

struct Tally {
  Status status;
  uint64_t rows = 0;
  uint64_t amounts = 0;
  int64_t total = 0;
};

Status CheckField(std::string_view name, std::string_view value, TextEncoding encoding) {
  if (HasLineBreakOrTab(value)) {
    return InvalidArgument(std::string(name) + " '" + std::string(value) +
                           "' holds a tab or line break");
  }
  if (encoding == TextEncoding::kWindows1252 && !IsAsciiText(value)) {
    std::string scratch;
    Status status = AppendUtf8AsWindows1252(value, scratch);
    if (!status.Ok())
      return status.WithContext(std::string(name) + " '" + std::string(value) + "'");
  }
  return OkStatus();
}

Status CheckEvent(const SettlementEvent& e, TextEncoding encoding) {
  const std::pair<std::string_view, std::string_view> fields[] = {
      {"transaction-type", e.transaction_type},
      {"order-id", e.order_id},
      {"merchant-order-id", e.merchant_order_id},
      {"adjustment-id", e.adjustment_id},
      {"shipment-id", e.shipment_id},
      {"marketplace-name", e.marketplace_name},
      {"fulfillment-id", e.fulfillment_id},
      {"order-item-code", e.order_item_code},
      {"merchant-order-item-id", e.merchant_order_item_id},
      {"merchant-adjustment-item-id", e.merchant_adjustment_item_id},
      {"sku", e.sku}};
  for (const auto& [name, value] : fields) RETURN_IF_ERROR(CheckField(name, value, encoding));
  for (const Amount& a : e.amounts) {
    RETURN_IF_ERROR(CheckField("amount-type", a.amount_type, encoding));
    RETURN_IF_ERROR(CheckField("amount-description", a.amount_description, encoding));
    RETURN_IF_ERROR(CheckField("promotion-id", a.promotion_id, encoding));
  }
  return OkStatus();
}

bool LegacyQuantityRow(const SettlementEvent& e) {
  return e.transaction_type == "Order" && e.quantity > 0;
}

// ---- Pass 2: print --------------------------------------------------------------------------

class Printer {
 public:
  Printer(const SettlementHeader& header, const RenderOptions& options, const ChunkWriter& write)
      : header_(header),
        profile_(ProfileOf(header.marketplace)),
        options_(options),
        write_(write),
        legacy_(options.layout == FileLayout::kLegacy),
        group_(options.group_thousands.value_or(profile_.group_thousands)),
        digits_(CurrencyOf(profile_).MinorUnits()),
        eol_(options.crlf ? "\r\n" : "\n") {
    buffer_.reserve(kChunkBytes + 64 * 1024);
  }

  void Begin(int64_t total) {
    if (options_.utf8_bom) buffer_ += "\xEF\xBB\xBF";
    buffer_ += HeaderLine(options_.layout);
    buffer_ += eol_;
    const std::size_t columns = legacy_                              ? kLegacyColumns
                                : options_.layout == FileLayout::kV2 ? std::size_t{24}
                                                                     : std::size_t{23};
    buffer_ += header_.settlement_id;
    buffer_ += '\t';
    buffer_ += DateTimeText(header_.start, profile_.date_style, legacy_);
    buffer_ += '\t';
    buffer_ += DateTimeText(header_.end, profile_.date_style, legacy_);
    buffer_ += '\t';
    buffer_ += DateTimeText(header_.deposit, profile_.date_style, legacy_);
    buffer_ += '\t';
    AppendAmount(total);
    buffer_ += '\t';
    buffer_ += profile_.currency_code;
    buffer_.append(columns - 6, '\t');
    buffer_ += eol_;
  }

  void Event(const SettlementEvent& e) {
    if (!status_.Ok()) return;  // the writer failed: print nothing more
    if (legacy_) {
      LegacyEvent(e);
    } else {
      V2Event(e);
    }
    if (buffer_.size() >= kChunkBytes) Flush();
  }

  Status Finish() {
    Flush();
    return status_;
  }

  uint64_t Bytes() const { return bytes_; }

 private:
  void AppendAmount(int64_t minor) {
    char buf[48];
    buffer_.append(buf, PutAmount(buf, minor, digits_, profile_.decimal_style, group_));
  }

  // Columns 1..12 and 16..23 are the same on every row of an event: build them once.
  void V2Event(const SettlementEvent& e) {
    prefix_.clear();
    prefix_ += header_.settlement_id;
    prefix_ += "\t\t\t\t\t\t";
    prefix_ += e.transaction_type;
    for (const std::string* field : {&e.order_id, &e.merchant_order_id, &e.adjustment_id,
                                     &e.shipment_id, &e.marketplace_name}) {
      prefix_ += '\t';
      prefix_ += *field;
    }
    prefix_ += '\t';

    suffix_.clear();
    suffix_ += '\t';
    suffix_ += e.fulfillment_id;
    suffix_ += '\t';
    char date[10];
    PutDate(date, ClockOf(e.posted).date, profile_.date_style);
    suffix_.append(date, sizeof date);
    suffix_ += '\t';
    suffix_ += DateTimeText(e.posted, profile_.date_style, false);
    for (const std::string* field :
         {&e.order_item_code, &e.merchant_order_item_id, &e.merchant_adjustment_item_id, &e.sku}) {
      suffix_ += '\t';
      suffix_ += *field;
    }
    suffix_ += '\t';
    if (e.quantity > 0) suffix_ += std::to_string(e.quantity);

    const bool promotion_column = options_.layout == FileLayout::kV2;
    for (const Amount& a : e.amounts) {
      buffer_ += prefix_;
      buffer_ += a.amount_type;
      buffer_ += '\t';
      buffer_ += a.amount_description;
      buffer_ += '\t';
      AppendAmount(a.minor);
      buffer_ += suffix_;
      if (promotion_column) {
        buffer_ += '\t';
        buffer_ += a.promotion_id;
      }
      buffer_ += eol_;
    }
  }

  void LegacyEvent(const SettlementEvent& e) {
    std::array<std::string, kLegacyColumns> cells;
    cells[0] = header_.settlement_id;
    cells[kLOrderId] = e.order_id;
    cells[kLMerchantOrderId] = e.merchant_order_id;
    cells[kLAdjustmentId] = e.adjustment_id;
    cells[kLShipmentId] = e.shipment_id;
    cells[kLMarketplace] = e.marketplace_name;
    cells[kLFulfillmentId] = e.fulfillment_id;
    cells[kLPostedDate] = DateTimeText(e.posted, DateStyle::kIso, true);
    cells[kLOrderItemCode] = e.order_item_code;
    cells[kLMerchantOrderItemId] = e.merchant_order_item_id;
    cells[kLMerchantAdjustmentItemId] = e.merchant_adjustment_item_id;
    cells[kLSku] = e.sku;
    const std::string quantity = e.quantity > 0 ? std::to_string(e.quantity) : "";
    const bool quantity_row = LegacyQuantityRow(e);
    if (quantity_row) {
      cells[kLTransactionType] = e.transaction_type;
      cells[kLQuantity] = quantity;
      AppendCells(cells);
      cells[kLQuantity].clear();  // the amount rows that follow leave it empty, as the real files
    }
    for (const Amount& a : e.amounts) {
      std::array<std::string, kLegacyColumns> row = cells;
      if (!quantity_row) row[kLQuantity] = quantity;
      char buf[48];
      const std::string amount(buf,
                               PutAmount(buf, a.minor, digits_, profile_.decimal_style, group_));
      row[kLTransactionType] = e.transaction_type;
      if (a.amount_type == "ItemPrice") {
        row[kLPriceType] = a.amount_description;
        row[kLPriceAmount] = amount;
      } else if (a.amount_type == "ItemFees" || a.amount_type == "ItemWithheldTax") {
        row[kLItemFeeType] = a.amount_description;
        row[kLItemFeeAmount] = amount;
      } else if (a.amount_type == "Promotion") {
        row[kLPromotionId] = a.promotion_id;
        row[kLPromotionType] = a.amount_description;
        row[kLPromotionAmount] = amount;
      } else if (e.transaction_type == "ServiceFee") {
        row[kLItemFeeType] = a.amount_type;  // "Cost of Advertising", as in the real files
        row[kLItemFeeAmount] = amount;
      } else if (a.amount_type == "other-transaction" ||
                 a.amount_type == "FBA Inventory Reimbursement") {
        // The legacy file names these by transaction-type: "Storage Fee", "WAREHOUSE_DAMAGE".
        row[kLTransactionType] = a.amount_description;
        row[kLOtherAmount] = amount;
      } else {
        row[kLOtherFeeReason] = a.amount_type;
        row[kLOtherFeeAmount] = amount;
      }
      AppendCells(row);
    }
  }

  void AppendCells(const std::array<std::string, kLegacyColumns>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) buffer_ += '\t';
      buffer_ += cells[i];
    }
    buffer_ += eol_;
  }

  void Flush() {
    if (!status_.Ok()) buffer_.clear();
    if (buffer_.empty()) return;
    std::string_view bytes = buffer_;
    if (options_.encoding == TextEncoding::kWindows1252 && !IsAsciiText(buffer_)) {
      encoded_.clear();
      // Pass 1 proved every field encodable.
      status_ = AppendUtf8AsWindows1252(buffer_, encoded_);
      bytes = encoded_;
    }
    if (status_.Ok()) status_ = write_(bytes);
    bytes_ += bytes.size();
    buffer_.clear();
  }

  const SettlementHeader& header_;
  const MarketplaceProfile& profile_;
  const RenderOptions& options_;
  const ChunkWriter& write_;
  const bool legacy_;
  const bool group_;
  const int digits_;
  const std::string_view eol_;
  std::string buffer_;
  std::string encoded_;
  std::string prefix_;
  std::string suffix_;
  uint64_t bytes_ = 0;
  Status status_;
};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string LowerCase(std::string_view text) {
  std::string out;
  for (char c : text) out.push_back(Lower(c));
  return out;
}

}  // namespace

std::string_view FileLayoutName(FileLayout layout) {
  switch (layout) {
    case FileLayout::kV2:
      return "v2";
    case FileLayout::kV2NoPromotionId:
      return "v2-23";
    case FileLayout::kLegacy:
      return "legacy";
  }
  return "?";
}

Result<FileLayout> FileLayoutFromName(std::string_view name) {
  const std::string lower = LowerCase(name);
  for (FileLayout layout : {FileLayout::kV2, FileLayout::kV2NoPromotionId, FileLayout::kLegacy}) {
    if (lower == FileLayoutName(layout)) return layout;
  }
  return InvalidArgument("unknown layout '" + std::string(name) + "' (v2, v2-23, legacy)");
}

Result<TextEncoding> TextEncodingFromName(std::string_view name) {
  const std::string lower = LowerCase(name);
  if (lower == "utf-8" || lower == "utf8") return TextEncoding::kUtf8;
  if (lower == "windows-1252" || lower == "cp1252") return TextEncoding::kWindows1252;
  return InvalidArgument("unknown encoding '" + std::string(name) + "' (utf-8, windows-1252)");
}

std::string_view HeaderLine(FileLayout layout) {
  switch (layout) {
    case FileLayout::kV2:
      return kV2Header;
    case FileLayout::kV2NoPromotionId:
      return kV2Header23;
    case FileLayout::kLegacy:
      return kLegacyHeader;
  }
  return kV2Header;
}

std::string FormatAmount(int64_t minor, int digits, DecimalStyle style, bool group_thousands) {
  char buf[48];
  return {buf, PutAmount(buf, minor, digits, style, group_thousands)};
}

Result<RenderStats> RenderSettlement(const SettlementSource& source, const RenderOptions& options,
                                     const ChunkWriter& write) {
  const SettlementHeader& header = source.Header();
  if (options.utf8_bom && options.encoding != TextEncoding::kUtf8) {
    return InvalidArgument("a UTF-8 byte-order mark needs the utf-8 encoding");
  }
  RETURN_IF_ERROR(CheckField("settlement-id", header.settlement_id, options.encoding));

  const bool legacy = options.layout == FileLayout::kLegacy;
  Tally tally;
  source.ForEachEvent([&](const SettlementEvent& event) {
    if (!tally.status.Ok()) return;
    tally.status = CheckEvent(event, options.encoding);
    tally.rows += event.amounts.size() + (legacy && LegacyQuantityRow(event) ? 1 : 0);
    tally.amounts += event.amounts.size();
    for (const Amount& a : event.amounts) {
      if (__builtin_add_overflow(tally.total, a.minor, &tally.total)) {
        tally.status = InvalidArgument("total-amount overflows 64-bit minor units");
        return;
      }
    }
  });
  RETURN_IF_ERROR(tally.status);

  Printer printer(header, options, write);
  printer.Begin(tally.total);
  source.ForEachEvent([&](const SettlementEvent& event) { printer.Event(event); });
  RETURN_IF_ERROR(printer.Finish());
  return RenderStats{tally.rows, tally.amounts, tally.total, printer.Bytes()};
}

Result<std::string> RenderSettlementToString(const SettlementSource& source,
                                             const RenderOptions& options) {
  std::string out;
  ASSIGN_OR_RETURN(RenderStats stats,
                   RenderSettlement(source, options, [&](std::string_view chunk) {
                     out.append(chunk);
                     return OkStatus();
                   }));
  (void)stats;
  return out;
}

}  // namespace fbaflow::sim
