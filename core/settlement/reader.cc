#include "core/settlement/reader.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/settlement/columns.h"
#include "core/settlement/fast_amount.h"
#include "core/settlement/line_scanner.h"
#include "core/settlement/marketplace_style.h"
#include "core/text/charset.h"
#include "core/time/date_parse.h"

namespace fbaflow::settlement {
namespace {

// Real rows are 200-600 bytes. A "line" beyond this is not a settlement row; bounding it keeps
// memory bounded whatever the input.
constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxRawBytes = 4096;
constexpr uint32_t kMaxColumns = 512;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// One line split into fields. bounds[0] is -1 (as uint32), bounds[1..tab_count] the tab offsets
// and bounds[tab_count + 1] the line's length, so field i is (bounds[i], bounds[i + 1]).
struct Line {
  std::string_view text;
  const uint32_t* bounds = nullptr;
  uint32_t tab_count = 0;

  std::size_t Fields() const { return std::size_t{tab_count} + 1; }
  // Field `i` (0-based), or empty when the line has no such field (i < 0 included).
  std::string_view Field(int i) const {
    const auto u = static_cast<uint32_t>(i);
    if (u > tab_count) return {};
    const uint32_t begin = bounds[u] + 1;  // wraps to 0 for the first field
    return {text.data() + begin, bounds[u + 1] - begin};
  }
};

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The first bytes of a line for Reject.raw, as UTF-8: kept when they are UTF-8 (a sequence cut
// at the end is dropped), else read as windows-1252.
std::string RawText(std::string_view bytes) {
  bytes = bytes.substr(0, kMaxRawBytes);
  for (std::size_t drop = 0; drop < 4 && drop <= bytes.size(); ++drop) {
    const std::string_view head = bytes.substr(0, bytes.size() - drop);
    if (IsValidUtf8(head)) return std::string(head);
  }
  std::string out;
  AppendWindows1252AsUtf8(bytes, out);
  return std::string(TruncateUtf8(out, kMaxRawBytes));
}

std::string Quote(std::string_view text) {
  return "'" + std::string(TruncateUtf8(text, 200)) + (text.size() > 200 ? "...'" : "'");
}

std::string HexByte(unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "byte 0x";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
  return out;
}

// The posted-date, or posted-date-time when posted-date is absent or empty; the column it came
// from goes to *column.
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

class SettlementReader::Impl {
 public:
  Impl(ReaderOptions options, Sink& sink)
      : options_(std::move(options)), sink_(sink), bounds_(kMaxColumns + 2) {
    bounds_[0] = UINT32_MAX;
    info_.decimal_style = options_.decimal_style;
  }

  Status Feed(std::string_view bytes);
  Status Finish();
  const FileInfo& Info() const { return info_; }

 private:
  enum class Stage : unsigned char { kHeader, kSummary, kRows };

  Status HandleLine(const char* data, std::size_t size, const LineScan& scan, bool terminated);
  LineScan Scan(const char* begin, const char* limit) {
    return ScanLine(begin, limit, bounds_.data() + 1, kMaxColumns);
  }
  // The Line for `text` after a scan found `tabs` tabs (at most kMaxColumns - 1).
  Line MakeLine(std::string_view text, uint32_t tabs) {
    bounds_[std::size_t{tabs} + 1] = static_cast<uint32_t>(text.size());
    return Line{text, bounds_.data(), tabs};
  }
  Status HandleHeader(std::string_view text);
  Status HandleRow(const Line& line);
  Status HandleSummary(const Line& line);
  void HandleDetail(const Line& line);
  void HandleV2Amount(const Line& line);
  void HandleLegacyAmounts(const Line& line);
  Status HandleLongLine();
  Status CheckControlBytes(std::string_view text, uint64_t line);
  Status SniffNotText(std::string_view head);

  bool ReadAmount(std::string_view text, std::string_view marketplace, Money* out,
                  std::string* reason);
  bool ReadPostedDate(std::string_view text, CivilDate* out, std::string* reason);
  void FillContext(const Line& line, std::string_view posted_text, const CivilDate& posted);
  void RejectRow(const Line& line, int column, std::string reason);
  std::string_view Field(const Line& line, Col col) const { return line.Field(map_.Index(col)); }

  Status Fatal(StatusCode code, uint64_t line, const std::string& message) {
    status_ = Status(code, options_.source_name + ":" + std::to_string(line) + ": " + message);
    return status_;
  }
  Status SummaryError(uint64_t line, Col col, const std::string& what) {
    const int index = map_.Index(col);
    return Fatal(StatusCode::kInvalidArgument, line,
                 "invalid summary row: column " + std::to_string(index + 1) + " '" +
                     std::string(ColumnName(col)) + "': " + what);
  }

  ReaderOptions options_;
  Sink& sink_;
  FileInfo info_;
  Status status_;
  bool finished_ = false;
  Stage stage_ = Stage::kHeader;

  std::string partial_;    // the current line when it spans Feed calls
  bool skipping_ = false;  // inside a line longer than kMaxLineBytes; partial_ keeps its start
  // Scan results: bounds_[0] is the sentinel before the first field, the scanner writes tab
  // offsets from bounds_[1] (at most kMaxColumns of them).
  std::vector<uint32_t> bounds_;
  std::string converted_;  // a windows-1252 line as UTF-8

  ColumnMap map_;
  std::string settlement_id_;
  Currency currency_;
  std::vector<std::string> seen_settlements_;
  std::string posted_text_;  // the last posted-date text read, and its date: rows share dates
  CivilDate posted_date_;
  bool posted_valid_ = false;
  Entry entry_;
};

Status SettlementReader::Impl::Feed(std::string_view bytes) {
  if (!status_.Ok()) return status_;
  if (finished_) return FailedPrecondition(options_.source_name + ": Feed called after Finish");
  const char* p = bytes.data();
  const char* const end = p + bytes.size();

  if (skipping_ || !partial_.empty()) {
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', bytes.size()));
    const char* stop = nl != nullptr ? nl : end;
    if (!skipping_) {
      const auto take = static_cast<std::size_t>(stop - p);
      if (partial_.size() + take > kMaxLineBytes) {
        skipping_ = true;
        if (partial_.size() < kMaxRawBytes) {
          partial_.append(p, std::min(take, kMaxRawBytes - partial_.size()));
        }
      } else {
        partial_.append(p, take);
      }
    }
    if (nl == nullptr) return OkStatus();
    p = nl + 1;
    if (skipping_) {
      RETURN_IF_ERROR(HandleLongLine());
    } else {
      const LineScan scan = Scan(partial_.data(), partial_.data() + partial_.size());
      RETURN_IF_ERROR(HandleLine(partial_.data(), partial_.size(), scan, true));
    }
    partial_.clear();
  }

  while (p < end) {
    const std::size_t left = static_cast<std::size_t>(end - p);
    const char* limit = left > kMaxLineBytes ? p + kMaxLineBytes + 1 : end;
    const LineScan scan = Scan(p, limit);
    if (scan.end == limit) {  // no line end in sight
      if (static_cast<std::size_t>(limit - p) <= kMaxLineBytes) {
        partial_.assign(p, limit);
        return OkStatus();
      }
      skipping_ = true;
      partial_.assign(p, kMaxRawBytes);
      const auto* nl =
          static_cast<const char*>(std::memchr(limit, '\n', static_cast<std::size_t>(end - limit)));
      if (nl == nullptr) return OkStatus();
      RETURN_IF_ERROR(HandleLongLine());
      partial_.clear();
      p = nl + 1;
      continue;
    }
    RETURN_IF_ERROR(HandleLine(p, static_cast<std::size_t>(scan.end - p), scan, true));
    p = scan.end + 1;
  }
  return OkStatus();
}

Status SettlementReader::Impl::Finish() {
  if (!status_.Ok()) return status_;
  if (finished_) return OkStatus();
  finished_ = true;
  if (skipping_) {
    RETURN_IF_ERROR(HandleLongLine());
  } else if (!partial_.empty()) {
    const LineScan scan = Scan(partial_.data(), partial_.data() + partial_.size());
    RETURN_IF_ERROR(HandleLine(partial_.data(), partial_.size(), scan, false));
  }
  partial_.clear();
  partial_.shrink_to_fit();
  if (stage_ == Stage::kHeader) {
    return Fatal(StatusCode::kInvalidArgument, 1, "empty input: not a settlement report");
  }
  if (stage_ == Stage::kSummary) {
    return Fatal(StatusCode::kInvalidArgument, info_.lines + 1,
                 "not a settlement report: the file ends after the header, with no summary row");
  }
  return OkStatus();
}

Status SettlementReader::Impl::HandleLongLine() {
  skipping_ = false;
  ++info_.lines;
  // Keep exactly the first bytes, however the line arrived, so the outcome never depends on how
  // the input was chunked.
  if (partial_.size() > kMaxRawBytes) partial_.resize(kMaxRawBytes);
  const std::string message =
      "line is longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB: not a settlement row";
  if (stage_ == Stage::kHeader) {
    RETURN_IF_ERROR(SniffNotText(partial_));
    return Fatal(StatusCode::kInvalidArgument, info_.lines,
                 "not a settlement report: header " + message);
  }
  if (stage_ == Stage::kSummary)
    return Fatal(StatusCode::kInvalidArgument, info_.lines, "summary " + message);
  Reject r;
  r.line = info_.lines;
  r.raw = RawText(partial_);
  r.reason = message;
  sink_.OnReject(std::move(r));
  return OkStatus();
}

Status SettlementReader::Impl::HandleLine(const char* data, std::size_t size, const LineScan& scan,
                                          bool terminated) {
  ++info_.lines;
  if (stage_ == Stage::kHeader) return HandleHeader({data, size});
  if (size > 0 && data[size - 1] == '\r') --size;  // CRLF; the CR sits after the last tab
  std::string_view text(data, size);
  if (scan.control) RETURN_IF_ERROR(CheckControlBytes(text, info_.lines));
  if (scan.tabs >= kMaxColumns) {  // more fields than any header may have: offsets not all kept
    const std::string what = "the row has " + std::to_string(std::size_t{scan.tabs} + 1) +
                             " fields but the header has " + std::to_string(map_.columns);
    if (stage_ == Stage::kSummary)
      return Fatal(StatusCode::kInvalidArgument, info_.lines, "invalid summary row: " + what);
    Reject r;
    r.line = info_.lines;
    r.raw = RawText(text);
    r.reason = what;
    sink_.OnReject(std::move(r));
    return OkStatus();
  }
  Line line = MakeLine(text, scan.tabs);

  if (scan.non_ascii) {
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
        Line shown{converted_, nullptr, 0};
        RejectRow(shown, column < map_.columns ? column : -1, what);
        return OkStatus();
      }
    }
    if (convert) {
      converted_.clear();
      AppendWindows1252AsUtf8(text, converted_);
      ++info_.windows1252_lines;
      // Conversion never makes or removes a tab, only moves them.
      const LineScan again = Scan(converted_.data(), converted_.data() + converted_.size());
      line = MakeLine(converted_, again.tabs);
    }
  }
  if (line.text.empty()) return OkStatus();  // blank lines carry nothing
  if (!terminated && line.Fields() < static_cast<std::size_t>(map_.columns)) {
    return Fatal(StatusCode::kDataLoss, info_.lines,
                 "truncated at line " + std::to_string(info_.lines) + ": the last line has " +
                     std::to_string(line.Fields()) + " of " + std::to_string(map_.columns) +
                     " fields and no line end (was the download cut short?)");
  }
  return HandleRow(line);
}

Status SettlementReader::Impl::SniffNotText(std::string_view head) {
  const uint64_t n = info_.lines;
  auto starts = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
  if (starts("\x1F\x8B")) {
    return Fatal(StatusCode::kInvalidArgument, n,
                 "not a settlement report: the data is gzip-compressed (decompress it first)");
  }
  if (starts("PK\x03\x04")) {
    return Fatal(StatusCode::kInvalidArgument, n,
                 "not a settlement report: the data is a ZIP archive");
  }
  if (starts("\xFF\xFE") || starts("\xFE\xFF")) {
    return Fatal(
        StatusCode::kInvalidArgument, n,
        "not a settlement report: the text is UTF-16; convert it to UTF-8 or windows-1252");
  }
  if (starts("%PDF"))
    return Fatal(StatusCode::kInvalidArgument, n, "not a settlement report: the data is a PDF");
  if (starts("<?xml") || starts("<")) {
    return Fatal(
        StatusCode::kInvalidArgument, n,
        "not a settlement report: the data is XML or HTML; fbaflow reads the tab-separated "
        "flat file (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2)");
  }
  return CheckControlBytes(head, n);
}

// Text reports hold no NUL and few control bytes; a line that does is binary data or a corrupt
// file, which no amount of row-level rejection makes right: alert a person.
Status SettlementReader::Impl::CheckControlBytes(std::string_view text, uint64_t line) {
  std::size_t controls = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) {
      const int column = static_cast<int>(std::count(
                             text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '\t')) +
                         1;
      return Fatal(StatusCode::kDataLoss, line,
                   "column " + std::to_string(column) +
                       ": NUL byte: binary or corrupt data, not a "
                       "text settlement report");
    }
    if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') ++controls;
  }
  if (controls * 10 > text.size()) {
    return Fatal(StatusCode::kDataLoss, line,
                 std::to_string(controls) + " of " + std::to_string(text.size()) +
                     " bytes are control characters: binary or corrupt data, not a text settlement "
                     "report");
  }
  return OkStatus();
}

Status SettlementReader::Impl::HandleHeader(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) {
    info_.bom = true;
    text.remove_prefix(kBom.size());
  }
  if (!text.empty() && text.back() == '\r') {
    info_.crlf = true;
    text.remove_suffix(1);
  }
  RETURN_IF_ERROR(SniffNotText(text));
  if (text.find('\r') != std::string_view::npos) {
    return Fatal(StatusCode::kInvalidArgument, 1,
                 "the lines end in CR alone (old Mac style); settlement reports end lines in LF or "
                 "CR LF: convert the line ends");
  }
  if (text.empty()) {
    return Fatal(StatusCode::kInvalidArgument, 1,
                 "not a settlement report: line 1 is empty, where the header row should be");
  }
  if (!IsAscii(text) && (options_.charset == Charset::kWindows1252 || !IsValidUtf8(text))) {
    if (options_.charset == Charset::kUtf8) {
      return Fatal(StatusCode::kInvalidArgument, 1,
                   "the header is not UTF-8, and the file was read as UTF-8");
    }
    converted_.clear();
    AppendWindows1252AsUtf8(text, converted_);
    ++info_.windows1252_lines;
    text = converted_;
  }
  const LineScan scan = Scan(text.data(), text.data() + text.size());
  if (scan.tabs >= kMaxColumns) {
    return Fatal(
        StatusCode::kInvalidArgument, 1,
        "not a settlement report: the header has " + std::to_string(scan.tabs + 1) + " columns");
  }
  const Line line = MakeLine(text, scan.tabs);
  std::vector<std::string_view> fields;
  fields.reserve(line.Fields());
  for (std::size_t i = 0; i < line.Fields(); ++i) fields.push_back(line.Field(static_cast<int>(i)));
  auto map = MapHeader(fields);
  if (!map.Ok()) return Fatal(StatusCode::kInvalidArgument, 1, map.GetStatus().Message());
  map_ = std::move(*map);
  info_.format = map_.format;
  info_.columns = map_.columns;
  stage_ = Stage::kSummary;
  return OkStatus();
}

Status SettlementReader::Impl::HandleRow(const Line& line) {
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
  if (transaction_type.empty() && !Field(line, Col::kTotalAmount).empty())
    return HandleSummary(line);
  HandleDetail(line);
  return OkStatus();
}

Status SettlementReader::Impl::HandleSummary(const Line& line) {
  const uint64_t n = info_.lines;
  if (line.Fields() > static_cast<std::size_t>(map_.columns)) {
    return Fatal(StatusCode::kInvalidArgument, n,
                 "invalid summary row: it has " + std::to_string(line.Fields()) +
                     " fields but the header has " + std::to_string(map_.columns));
  }
  Summary summary;
  summary.line = n;

  const std::string_view id = Field(line, Col::kSettlementId);
  if (id.empty()) return SummaryError(n, Col::kSettlementId, "the settlement id is empty");
  if (!AllDigits(id))
    return SummaryError(n, Col::kSettlementId, "settlement id " + Quote(id) + " is not a number");
  for (const std::string& seen : seen_settlements_) {
    if (seen == id) {
      return SummaryError(
          n, Col::kSettlementId,
          "settlement " + seen + " appears twice in the file (was it joined to itself?)");
    }
  }

  Timestamp* const stamps[] = {&summary.start, &summary.end, &summary.deposit};
  const Col date_cols[] = {Col::kStartDate, Col::kEndDate, Col::kDepositDate};
  for (int k = 0; k < 3; ++k) {
    const std::string_view text = Field(line, date_cols[k]);
    if (text.empty()) return SummaryError(n, date_cols[k], "the date is empty");
    auto parsed = ParseDate(text);
    if (!parsed.Ok()) {
      return SummaryError(n, date_cols[k],
                          Quote(text) + " is not a date: " + parsed.GetStatus().Message());
    }
    *stamps[k] = parsed->time;
    if (k == 0 && info_.date_style.empty()) info_.date_style = parsed->style.Name();
  }
  if (summary.end < summary.start) {
    return SummaryError(n, Col::kEndDate,
                        "the settlement ends (" + summary.end.ToIso8601() + ") before it starts (" +
                            summary.start.ToIso8601() + ")");
  }

  const std::string_view code = Field(line, Col::kCurrency);
  auto currency = Currency::FromCode(code);
  if (!currency.Ok()) {
    return SummaryError(
        n, Col::kCurrency,
        code.empty() ? std::string("the currency is empty") : currency.GetStatus().Message());
  }
  summary.currency = *currency;

  const std::string_view total = Field(line, Col::kTotalAmount);
  if (total.empty()) return SummaryError(n, Col::kTotalAmount, "the total amount is empty");
  currency_ = summary.currency;
  std::string reason;
  if (!ReadAmount(total, {}, &summary.total, &reason)) {
    return SummaryError(n, Col::kTotalAmount, reason);
  }

  summary.settlement_id = std::string(id);
  settlement_id_ = summary.settlement_id;
  seen_settlements_.push_back(settlement_id_);
  stage_ = Stage::kRows;
  sink_.OnSummary(summary);
  return OkStatus();
}

void SettlementReader::Impl::HandleDetail(const Line& line) {
  if (line.Fields() != static_cast<std::size_t>(map_.columns)) {
    RejectRow(line, -1,
              "the row has " + std::to_string(line.Fields()) + " fields but the header has " +
                  std::to_string(map_.columns));
    return;
  }
  const std::string_view id = Field(line, Col::kSettlementId);
  if (id != settlement_id_) {
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

bool SettlementReader::Impl::ReadPostedDate(std::string_view text, CivilDate* out,
                                            std::string* reason) {
  // Consecutive rows nearly always share a posted-date: reuse the last answer.
  if (posted_valid_ && text == posted_text_) {
    *out = posted_date_;
    return true;
  }
  auto parsed = ParseDate(text);
  if (!parsed.Ok()) {
    *reason = "posted date " + Quote(text) + " is not a date: " + parsed.GetStatus().Message();
    return false;
  }
  posted_text_.assign(text);
  posted_date_ = parsed->date;
  posted_valid_ = true;
  *out = posted_date_;
  return true;
}

void SettlementReader::Impl::FillContext(const Line& line, std::string_view posted_text,
                                         const CivilDate& posted) {
  entry_.line = info_.lines;
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

void SettlementReader::Impl::HandleV2Amount(const Line& line) {
  int posted_column = -1;
  const std::string_view posted_text = PostedText(line, map_, &posted_column);
  if (posted_text.empty()) {
    RejectRow(line, posted_column, "the posted date is empty");
    return;
  }
  std::string reason;
  CivilDate posted;
  if (!ReadPostedDate(posted_text, &posted, &reason)) {
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
  entry_.amount_type = Field(line, Col::kAmountType);
  entry_.amount_description = Field(line, Col::kAmountDescription);
  entry_.amount = amount;
  sink_.OnEntry(entry_);
}

void SettlementReader::Impl::HandleLegacyAmounts(const Line& line) {
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
  if (!ReadPostedDate(posted_text, &posted, &reason)) {
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
    sink_.OnNonMonetaryRow(info_.lines);
    return;
  }
  FillContext(line, posted_text, posted);
  for (std::size_t i = 0; i < count; ++i) {
    const LegacyAmountColumn& column = *found[i].column;
    entry_.column = static_cast<uint16_t>(column.amount + 1);
    entry_.amount_type = column.type_name;
    entry_.amount_description = column.type >= 0 ? line.Field(column.type) : std::string_view();
    entry_.amount = found[i].amount;
    sink_.OnEntry(entry_);
  }
}

bool SettlementReader::Impl::ReadAmount(std::string_view text, std::string_view marketplace,
                                        Money* out, std::string* reason) {
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

void SettlementReader::Impl::RejectRow(const Line& line, int column, std::string reason) {
  Reject r;
  r.line = info_.lines;
  r.column = column >= 0 ? column + 1 : 0;
  if (column >= 0 && column < map_.columns) r.column_name = map_.NameAt(column);
  r.raw = std::string(TruncateUtf8(line.text, kMaxRawBytes));
  r.reason = std::move(reason);
  sink_.OnReject(std::move(r));
}

SettlementReader::SettlementReader(ReaderOptions options, Sink& sink)
    : impl_(std::make_unique<Impl>(std::move(options), sink)) {}
SettlementReader::~SettlementReader() = default;
Status SettlementReader::Feed(std::string_view bytes) { return impl_->Feed(bytes); }
Status SettlementReader::Finish() { return impl_->Finish(); }
const FileInfo& SettlementReader::Info() const { return impl_->Info(); }

}  // namespace fbaflow::settlement
