#include "core/settlement/reader.h"

#include <cstring>
#include <optional>
#include <vector>

#include "core/settlement/columns.h"
#include "core/settlement/line_scanner.h"
#include "core/settlement/reader_text.h"
#include "core/settlement/row_parser.h"
#include "core/text/charset.h"

// The reader frames the bytes into lines and reads the header; every later line goes to its
// RowParser (row_parser.h), in runs of whole lines where it can.
namespace fbaflow::settlement {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

class SettlementReader::Impl {
 public:
  Impl(ReaderOptions options, Sink& sink) : options_(std::move(options)), sink_(sink) {
    info_.decimal_style = options_.decimal_style;
  }

  Status Feed(std::string_view bytes) {
    if (!status_.Ok()) return status_;
    if (finished_) return FailedPrecondition(options_.source_name + ": Feed called after Finish");
    return Keep(FeedBytes(bytes));
  }
  Status Finish();
  const FileInfo& Info() const { return rows_ ? rows_->Info() : info_; }

  bool CanForkRows() const {
    return status_.Ok() && !finished_ && rows_ && rows_->CanFork() && partial_.empty() &&
           !skipping_;
  }
  RowParser ForkRows(Sink& sink) const { return rows_->Fork(sink); }
  void AddForkedLines(uint64_t lines, uint64_t windows1252_lines) {
    rows_->AddCounts(lines, windows1252_lines);
  }

 private:
  Status Keep(Status status) {
    if (!status.Ok()) status_ = status;
    return status;
  }
  Status FeedBytes(std::string_view bytes);
  Status FeedLines(const char* p, const char* end);
  Status OneLine(std::string_view text, bool terminated);
  Status LongLine();
  Status HandleHeader(std::string_view text);
  Status SniffNotText(std::string_view head);
  Status Fatal(StatusCode code, uint64_t line, const std::string& message) const {
    return Status(code, options_.source_name + ":" + std::to_string(line) + ": " + message);
  }

  ReaderOptions options_;
  Sink& sink_;
  FileInfo info_;  // until the header is read; then the RowParser keeps it
  Status status_;
  bool finished_ = false;

  std::string partial_;    // the current line when it spans Feed calls
  bool skipping_ = false;  // inside a line longer than kMaxLineBytes; partial_ keeps its start
  std::string converted_;  // a windows-1252 header as UTF-8
  std::optional<RowParser> rows_;
};

Status SettlementReader::Impl::FeedBytes(std::string_view bytes) {
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
    RETURN_IF_ERROR(skipping_ ? LongLine() : OneLine(partial_, true));
    partial_.clear();
  }

  return FeedLines(p, end);
}

Status SettlementReader::Impl::FeedLines(const char* p, const char* const end) {
  for (;;) {
    // The header, a line on its own.
    while (p < end && !rows_) {
      const auto left = static_cast<std::size_t>(end - p);
      const auto* nl =
          static_cast<const char*>(std::memchr(p, '\n', std::min(left, kMaxLineBytes + 1)));
      if (nl == nullptr) break;  // the tail below keeps it
      RETURN_IF_ERROR(OneLine({p, static_cast<std::size_t>(nl - p)}, true));
      p = nl + 1;
    }
    // Every whole line in one run; then the tail, a line not yet ended.
    if (rows_ && p < end) {
      const auto* last =
          static_cast<const char*>(memrchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (last != nullptr) {
        RETURN_IF_ERROR(rows_->ParseLines({p, static_cast<std::size_t>(last + 1 - p)}));
        p = last + 1;
      }
    }
    const auto left = static_cast<std::size_t>(end - p);
    if (left == 0) return OkStatus();
    if (left <= kMaxLineBytes) {
      partial_.assign(p, left);
      return OkStatus();
    }
    // No line end within the bound: a line too long to be a row; only its start is kept.
    skipping_ = true;
    partial_.assign(p, kMaxRawBytes);
    const auto* nl = static_cast<const char*>(
        std::memchr(p + kMaxLineBytes + 1, '\n', left - kMaxLineBytes - 1));
    if (nl == nullptr) return OkStatus();
    RETURN_IF_ERROR(LongLine());
    partial_.clear();
    p = nl + 1;
  }
}

Status SettlementReader::Impl::OneLine(std::string_view text, bool terminated) {
  if (rows_) return rows_->ParseLine(text, terminated);
  ++info_.lines;
  return HandleHeader(text);
}

Status SettlementReader::Impl::LongLine() {
  skipping_ = false;
  // Keep exactly the first bytes, however the line arrived, so the outcome never depends on how
  // the input was chunked.
  if (partial_.size() > kMaxRawBytes) partial_.resize(kMaxRawBytes);
  if (rows_) return rows_->ParseLongLine(partial_);
  ++info_.lines;
  RETURN_IF_ERROR(SniffNotText(partial_));
  return Fatal(StatusCode::kInvalidArgument, info_.lines,
               "not a settlement report: header line is longer than " +
                   std::to_string(kMaxLineBytes >> 20) + " MiB: not a settlement row");
}

Status SettlementReader::Impl::Finish() {
  if (!status_.Ok()) return status_;
  if (finished_) return OkStatus();
  finished_ = true;
  if (skipping_) {
    RETURN_IF_ERROR(Keep(LongLine()));
  } else if (!partial_.empty()) {
    RETURN_IF_ERROR(Keep(OneLine(partial_, false)));
  }
  partial_.clear();
  partial_.shrink_to_fit();
  if (!rows_) {
    return Keep(Fatal(StatusCode::kInvalidArgument, 1, "empty input: not a settlement report"));
  }
  if (rows_->AtSummary()) {
    return Keep(
        Fatal(StatusCode::kInvalidArgument, rows_->Info().lines + 1,
              "not a settlement report: the file ends after the header, with no summary row"));
  }
  return OkStatus();
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
  const std::string problem = ControlBytesProblem(head);
  if (!problem.empty()) return Fatal(StatusCode::kDataLoss, n, problem);
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
  std::vector<uint32_t> tabs(kMaxColumns);
  const LineScan scan = ScanLine(text.data(), text.data() + text.size(), tabs.data(), kMaxColumns);
  if (scan.tabs >= kMaxColumns) {
    return Fatal(
        StatusCode::kInvalidArgument, 1,
        "not a settlement report: the header has " + std::to_string(scan.tabs + 1) + " columns");
  }
  std::vector<std::string_view> fields;
  fields.reserve(std::size_t{scan.tabs} + 1);
  std::size_t begin = 0;
  for (uint32_t i = 0; i < scan.tabs; ++i) {
    fields.push_back(text.substr(begin, tabs[i] - begin));
    begin = std::size_t{tabs[i]} + 1;
  }
  fields.push_back(text.substr(begin));
  auto map = MapHeader(fields);
  if (!map.Ok()) return Fatal(StatusCode::kInvalidArgument, 1, map.GetStatus().Message());
  info_.format = map->format;
  info_.columns = map->columns;
  rows_.emplace(options_, std::move(*map), info_, sink_);
  return OkStatus();
}

SettlementReader::SettlementReader(ReaderOptions options, Sink& sink)
    : impl_(std::make_unique<Impl>(std::move(options), sink)) {}
SettlementReader::~SettlementReader() = default;
Status SettlementReader::Feed(std::string_view bytes) { return impl_->Feed(bytes); }
Status SettlementReader::Finish() { return impl_->Finish(); }
const FileInfo& SettlementReader::Info() const { return impl_->Info(); }
bool SettlementReader::CanForkRows() const { return impl_->CanForkRows(); }
RowParser SettlementReader::ForkRows(Sink& sink) const { return impl_->ForkRows(sink); }
void SettlementReader::AddForkedLines(uint64_t lines, uint64_t windows1252_lines) {
  impl_->AddForkedLines(lines, windows1252_lines);
}

}  // namespace fbaflow::settlement
