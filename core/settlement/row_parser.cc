#include "core/settlement/row_parser.h"

#include <algorithm>
#include <cstring>

#include "core/settlement/fast_amount.h"
#include "core/settlement/line_scanner.h"
#include "core/settlement/marketplace_style.h"
#include "core/settlement/reader_text.h"
#include "core/settlement/short_text.h"
#include "core/text/charset.h"
#include "core/time/date_parse.h"

namespace fbaflow::settlement {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The posted-date, or posted-date-time when posted-date is absent or empty; the column it came
// from goes to *column.
template <typename Line>
std::string_view PostedText(const Line& line, const ColumnMap& map, int* column) {
  *column = map.Index(Col::kPostedDate);
  std::string_view text = line.Field(*column);
  if (text.empty() && map.Has(Col::kPostedDateTime)) {
    const int other = map.Index(Col::kPostedDateTime);
    const std::string_view alt = line.Field(other);
    if (!alt.empty() || *column < 0) {
      *column = other;
      text = alt;
    }
  }
  return text;
}

}  // namespace

Status RowParser::ParseLines(std::string_view lines) {
  stopped_at_summary_ = false;
  const char* p = lines.data();
  const char* const end = p + lines.size();
  uint32_t* const bounds = scan_bounds_.data();
  bounds[0] = UINT32_MAX;
  while (p < end) {
    const auto left = static_cast<std::size_t>(end - p);
    const char* limit = left > kMaxLineBytes ? p + kMaxLineBytes + 1 : end;
    const LineScan scan = ScanLine(p, limit, bounds + 1, kMaxColumns);
    if (scan.end == limit && limit != end) {  // no line end within the bound: too long for a row
      const auto* nl =
          static_cast<const char*>(std::memchr(limit, '\n', static_cast<std::size_t>(end - limit)));
      RETURN_IF_ERROR(ParseLongLine({p, kMaxRawBytes}));
      if (nl == nullptr) return OkStatus();
      p = nl + 1;
      continue;
    }
    auto size = static_cast<uint32_t>(scan.end - p);
    if (size > 0 && p[size - 1] == '\r') --size;  // CR LF; the CR sits after the last tab
    if (scan.tabs < kMaxColumns) bounds[std::size_t{scan.tabs} + 1] = size;
    const Line line{{p, size}, bounds, scan.tabs};
    RETURN_IF_ERROR(HandleLine(line, LineFlags{scan.non_ascii, scan.control}, scan.end != end));
    if (stopped_at_summary_) return OkStatus();
    p = scan.end + 1;
  }
  return OkStatus();
}

Status RowParser::ParseLine(std::string_view line, bool terminated) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CR LF
  LineFlags flags;
  const Line scanned = ScanInto(line, scan_bounds_, &flags);
  return HandleLine(scanned, flags, terminated);
}

RowParser::Line RowParser::ScanInto(std::string_view text, std::vector<uint32_t>& bounds,
                                    LineFlags* flags) const {
  bounds[0] = UINT32_MAX;
  const LineScan scan =
      ScanLine(text.data(), text.data() + text.size(), bounds.data() + 1, kMaxColumns);
  if (scan.tabs < kMaxColumns)
    bounds[std::size_t{scan.tabs} + 1] = static_cast<uint32_t>(text.size());
  if (flags != nullptr) *flags = LineFlags{scan.non_ascii, scan.control};
  return Line{text, bounds.data(), scan.tabs};
}

Status RowParser::HandleLine(const Line& line, LineFlags flags, bool terminated) {
  ++info_.lines;
  const std::string_view text = line.text;
  if (flags.control) {
    const std::string problem = ControlBytesProblem(text);
    if (!problem.empty()) return Fatal(StatusCode::kDataLoss, info_.lines, problem);
  }
  if (line.tab_count >= kMaxColumns) {  // more fields than any header may have
    const std::string what = "the row has " + std::to_string(std::size_t{line.tab_count} + 1) +
                             " fields but the header has " + std::to_string(map_.columns);
    if (stage_ == Stage::kSummary)
      return Fatal(StatusCode::kInvalidArgument, info_.lines, "invalid summary row: " + what);
    RejectWhole(text, what);
    return OkStatus();
  }
  Line current = line;
  if (flags.non_ascii) {
    bool convert = options_.charset == Charset::kWindows1252;
    if (options_.charset == Charset::kAuto) {
      convert = !IsValidUtf8(text);
    } else if (options_.charset == Charset::kUtf8) {
      const std::size_t bad = FindInvalidUtf8(text);
      if (bad != text.size()) {
        const std::string what = HexByte(static_cast<unsigned char>(text[bad])) + " at offset " +
                                 std::to_string(bad) +
                                 " is not UTF-8, and the file was read as UTF-8 (read it as "
                                 "windows-1252, or let the charset be detected)";
        if (stage_ == Stage::kSummary)
          return Fatal(StatusCode::kInvalidArgument, info_.lines, what);
        const int column = static_cast<int>(
            std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\t'));
        converted_.clear();
        AppendWindows1252AsUtf8(text, converted_);
        const Line shown{converted_, nullptr, 0};
        RejectRow(shown, column < map_.columns ? column : -1, what);
        return OkStatus();
      }
    }
    if (convert) {
      converted_.clear();
      AppendWindows1252AsUtf8(text, converted_);
      ++info_.windows1252_lines;
      // Conversion never makes or removes a tab, only moves them.
      current = ScanInto(converted_, converted_bounds_, nullptr);
    }
  }
  if (current.text.empty()) return OkStatus();  // blank lines carry nothing
  if (!terminated && current.Fields() < static_cast<std::size_t>(map_.columns)) {
    return Fatal(StatusCode::kDataLoss, info_.lines,
                 "truncated at line " + std::to_string(info_.lines) + ": the last line has " +
                     std::to_string(current.Fields()) + " of " + std::to_string(map_.columns) +
                     " fields and no line end (was the download cut short?)");
  }
  return HandleRow(current);
}

Status RowParser::HandleRow(const Line& line) {
  const std::string_view transaction_type = Field(line, Col::kTransactionType);
  if (stage_ == Stage::kSummary) {
    if (!transaction_type.empty()) {
      return Fatal(
          StatusCode::kInvalidArgument, info_.lines,
          "no summary row: the first row after the header is a detail row (transaction-type " +
              Quote(transaction_type) + "); a settlement report starts with its summary");
    }
    return HandleSummary(line);
  }
  // A row with no transaction type but a total starts the next settlement of a combined file.
  if (transaction_type.empty() && !Field(line, Col::kTotalAmount).empty()) {
    if (stop_at_summary_) {
      stopped_at_summary_ = true;
      return OkStatus();
    }
    return HandleSummary(line);
  }
  if (IsRepeatedHeader(line)) return OkStatus();
  HandleDetail(line);
  return OkStatus();
}

bool RowParser::IsRepeatedHeader(const Line& line) const {
  // Cheap first: a detail row's transaction-type is never the column's own name.
  const int type_column = map_.Index(Col::kTransactionType);
  if (type_column < 0 || line.Field(type_column) != map_.NameAt(type_column) ||
      line.Fields() != static_cast<std::size_t>(map_.columns)) {
    return false;
  }
  for (int i = 0; i < map_.columns; ++i) {
    std::string_view field = line.Field(i);
    if (i == 0 && field.starts_with(kUtf8Bom)) field.remove_prefix(kUtf8Bom.size());
    while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
    while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
    if (field != map_.NameAt(i)) return false;
  }
  return true;
}

void RowParser::HandleDetail(const Line& line) {
  if (line.Fields() != static_cast<std::size_t>(map_.columns)) {
    RejectRow(line, -1,
              "the row has " + std::to_string(line.Fields()) + " fields but the header has " +
                  std::to_string(map_.columns));
    return;
  }
  const std::string_view id = Field(line, Col::kSettlementId);
  if (!SameText(id, settlement_id_)) {
    RejectRow(
        line, map_.Index(Col::kSettlementId),
        "settlement-id " + Quote(id) + " does not match the summary's " + Quote(settlement_id_));
    return;
  }
  if (Field(line, Col::kTransactionType).empty()) {
    RejectRow(line, map_.Index(Col::kTransactionType), "the transaction-type is empty");
    return;
  }
  if (map_.format == Format::kV2) {
    HandleV2Amount(line);
  } else {
    HandleLegacyAmounts(line);
  }
}

void RowParser::HandleV2Amount(const Line& line) {
  int posted_column = -1;
  const std::string_view posted_text = PostedText(line, map_, &posted_column);
  if (posted_text.empty()) {
    RejectRow(line, posted_column, "the posted date is empty");
    return;
  }
  std::string reason;
  CivilDate posted;
  if (!ReadPostedDate(posted_text, &posted, &reason) || !InPeriod(posted, posted_text, &reason)) {
    RejectRow(line, posted_column, std::move(reason));
    return;
  }
  const int amount_column = map_.Index(Col::kAmount);
  const std::string_view amount_text = line.Field(amount_column);
  if (amount_text.empty()) {
    RejectRow(line, amount_column, "the amount is empty");
    return;
  }
  const std::string_view marketplace = Field(line, Col::kMarketplaceName);
  Money amount;
  if (!ReadAmount(amount_text, marketplace, &amount, &reason)) {
    RejectRow(line, amount_column, std::move(reason));
    return;
  }
  FillContext(line, posted_text, posted);
  entry_.column = static_cast<uint16_t>(amount_column + 1);
  entry_.column_name = map_.NameAt(amount_column);
  entry_.amount_type = Field(line, Col::kAmountType);
  entry_.amount_description = Field(line, Col::kAmountDescription);
  entry_.amount = amount;
  sink_->OnEntry(entry_);
}

void RowParser::HandleLegacyAmounts(const Line& line) {
  struct Found {
    const LegacyAmountColumn* column;
    Money amount;
  };
  Found found[static_cast<std::size_t>(Col::kCount)];
  std::size_t count = 0;
  int posted_column = -1;
  const std::string_view posted_text = PostedText(line, map_, &posted_column);
  std::string reason;
  CivilDate posted;
  if (posted_text.empty()) {
    RejectRow(line, posted_column, "the posted date is empty");
    return;
  }
  if (!ReadPostedDate(posted_text, &posted, &reason) || !InPeriod(posted, posted_text, &reason)) {
    RejectRow(line, posted_column, std::move(reason));
    return;
  }
  const std::string_view marketplace = Field(line, Col::kMarketplaceName);
  // A row is taken whole or rejected whole, so a retry after a fix never posts half a row twice.
  for (const LegacyAmountColumn& column : map_.legacy_amounts) {
    const std::string_view text = line.Field(column.amount);
    if (text.empty()) continue;
    Money amount;
    if (!ReadAmount(text, marketplace, &amount, &reason)) {
      RejectRow(line, column.amount, std::move(reason));
      return;
    }
    found[count++] = Found{&column, amount};
  }
  if (count == 0) {
    sink_->OnNonMonetaryRow(info_.lines);
    return;
  }
  FillContext(line, posted_text, posted);
  for (std::size_t i = 0; i < count; ++i) {
    const LegacyAmountColumn& column = *found[i].column;
    entry_.column = static_cast<uint16_t>(column.amount + 1);
    entry_.column_name = map_.NameAt(column.amount);
    entry_.amount_type = column.type_name;
    entry_.amount_description = column.type >= 0 ? line.Field(column.type) : std::string_view();
    entry_.amount = found[i].amount;
    sink_->OnEntry(entry_);
  }
}

bool RowParser::ReadPostedDate(std::string_view text, CivilDate* out, std::string* reason) {
  if (const DateMemo& last = dates_[last_date_]; last.valid && SameText(text, last.text)) {
    *out = last.date;
    return true;
  }
  const std::size_t slot = MixShortText(0, text) & (kDateMemos - 1);
  DateMemo& memo = dates_[slot];
  if (!memo.valid || !SameText(text, memo.text)) {
    auto parsed = ParseDate(text);
    if (!parsed.Ok()) {
      *reason = "posted date " + Quote(text) + " is not a date: " + parsed.GetStatus().Message();
      return false;
    }
    memo.text.assign(text);
    memo.date = parsed->date;
    memo.valid = true;
  }
  last_date_ = slot;
  *out = memo.date;
  return true;
}

bool RowParser::InPeriod(const CivilDate& posted, std::string_view text,
                         std::string* reason) const {
  if (!(posted < earliest_posted_) && !(latest_posted_ < posted)) return true;
  *reason = "posted date " + Quote(text) + " is outside the settlement period " +
            period_start_.ToString() + " to " + period_end_.ToString() + " by more than " +
            std::to_string(kPostedDateToleranceDays) + " days";
  return false;
}

void RowParser::FillContext(const Line& line, std::string_view posted_text,
                            const CivilDate& posted) {
  entry_.line = info_.lines;
  entry_.row = line.text;
  entry_.transaction_type = Field(line, Col::kTransactionType);
  entry_.marketplace = Field(line, Col::kMarketplaceName);
  entry_.order_id = Field(line, Col::kOrderId);
  entry_.merchant_order_id = Field(line, Col::kMerchantOrderId);
  entry_.adjustment_id = Field(line, Col::kAdjustmentId);
  entry_.shipment_id = Field(line, Col::kShipmentId);
  entry_.fulfillment_id = Field(line, Col::kFulfillmentId);
  entry_.sku = Field(line, Col::kSku);
  entry_.quantity = Field(line, Col::kQuantityPurchased);
  entry_.posted_text = posted_text;
  entry_.posted_date = posted;
}

bool RowParser::ReadAmount(std::string_view text, std::string_view marketplace, Money* out,
                           std::string* reason) {
  DecimalStyle& style = info_.decimal_style;
  if (style != DecimalStyle::kUnknown) {
    int64_t minor = 0;
    if (FastMinorUnits(text, style == DecimalStyle::kDotDecimal ? '.' : ',', currency_.MinorUnits(),
                       &minor)) {
      *out = Money::FromMinor(minor, currency_);
      return true;
    }
  }
  auto parsed = ParseDecimal(text, style);
  if (!parsed.Ok() && style == DecimalStyle::kUnknown) {
    // Ambiguous alone ("1.234"): the marketplace's convention decides, and from then on holds
    // for the whole file, so a later amount that contradicts it is refused, not misread.
    const DecimalStyle hint = MarketplaceDecimalStyle(marketplace);
    if (hint != DecimalStyle::kUnknown) {
      auto hinted = ParseDecimal(text, hint);
      if (hinted.Ok()) {
        style = hint;
        parsed = std::move(hinted);
      }
    }
  }
  if (!parsed.Ok()) {
    if (style == DecimalStyle::kUnknown && ParseDecimal(text, DecimalStyle::kDotDecimal).Ok() &&
        ParseDecimal(text, DecimalStyle::kCommaDecimal).Ok()) {
      *reason = "amount " + Quote(text) +
                " is ambiguous: it reads differently with a decimal point and a decimal comma, and "
                "nothing earlier in the file (an amount or a known marketplace) has shown which "
                "this file uses; set the decimal style explicitly";
    } else {
      *reason = "amount " + Quote(text) + " is not a number: " + parsed.GetStatus().Message();
    }
    return false;
  }
  if (style == DecimalStyle::kUnknown && parsed->proves != DecimalStyle::kUnknown)
    style = parsed->proves;
  auto money = Money::FromDecimal(parsed->value, currency_);
  if (!money.Ok()) {
    *reason = "amount " + Quote(text) + " does not fit " + std::string(currency_.Code()) + ": " +
              money.GetStatus().Message();
    return false;
  }
  *out = *money;
  return true;
}

}  // namespace fbaflow::settlement
