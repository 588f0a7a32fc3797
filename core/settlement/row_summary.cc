// RowParser's colder half: set-up and forking, summary rows, over-long lines and rejects. The
// hot path (detail rows and their amounts) is in row_parser.cc.
#include <algorithm>

#include "core/settlement/reader_text.h"
#include "core/settlement/row_parser.h"
#include "core/text/charset.h"
#include "core/time/date_parse.h"

namespace fbaflow::settlement {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

RowParser::RowParser(const ReaderOptions& options, ColumnMap map, FileInfo info, Sink& sink)
    : options_(options),
      map_(std::move(map)),
      info_(std::move(info)),
      sink_(&sink),
      scan_bounds_(kMaxColumns + 2),
      converted_bounds_(kMaxColumns + 2) {}

RowParser RowParser::Fork(Sink& sink) const {
  RowParser fork(*this);
  fork.sink_ = &sink;
  fork.stop_at_summary_ = true;
  fork.RestartCounts();
  return fork;
}

void RowParser::RestartCounts() {
  info_.lines = 0;
  info_.windows1252_lines = 0;
}

void RowParser::AddCounts(uint64_t lines, uint64_t windows1252_lines) {
  info_.lines += lines;
  info_.windows1252_lines += windows1252_lines;
}

Status RowParser::ParseLongLine(std::string_view head) {
  ++info_.lines;
  const std::string message =
      "line is longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB: not a settlement row";
  if (stage_ == Stage::kSummary)
    return Fatal(StatusCode::kInvalidArgument, info_.lines, "summary " + message);
  Reject r;
  r.line = info_.lines;
  r.raw = RawText(head);  // the first kMaxRawBytes, however the line arrived
  r.reason = message;
  sink_->OnReject(std::move(r));
  return OkStatus();
}

Status RowParser::SummaryError(uint64_t line, Col col, const std::string& what) const {
  const int index = map_.Index(col);
  return Fatal(StatusCode::kInvalidArgument, line,
               "invalid summary row: column " + std::to_string(index + 1) + " '" +
                   std::string(ColumnName(col)) + "': " + what);
}

Status RowParser::HandleSummary(const Line& line) {
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

  if (summary.total.MinorUnits() > kMaxSettlementMinorUnits ||
      summary.total.MinorUnits() < -kMaxSettlementMinorUnits) {
    return SummaryError(n, Col::kTotalAmount,
                        "total amount " + Quote(total) + " is beyond what fbaflow can total (" +
                            Money::FromMinor(kMaxSettlementMinorUnits, currency_).ToString() + " " +
                            std::string(currency_.Code()) + ")");
  }
  const int64_t tolerance = kPostedDateToleranceDays;
  period_start_ = summary.start.LocalDate();
  period_end_ = summary.end.LocalDate();
  earliest_posted_ = CivilDate::FromDaysSinceEpoch(period_start_.DaysSinceEpoch() - tolerance);
  latest_posted_ = CivilDate::FromDaysSinceEpoch(period_end_.DaysSinceEpoch() + tolerance);

  summary.settlement_id = std::string(id);
  settlement_id_ = summary.settlement_id;
  seen_settlements_.push_back(settlement_id_);
  stage_ = Stage::kRows;
  sink_->OnSummary(summary);
  return OkStatus();
}

void RowParser::RejectRow(const Line& line, int column, std::string reason) {
  Reject r;
  r.line = info_.lines;
  r.column = column >= 0 ? column + 1 : 0;
  if (column >= 0 && column < map_.columns) r.column_name = map_.NameAt(column);
  r.raw = std::string(TruncateUtf8(line.text, kMaxRawBytes));
  r.reason = std::move(reason);
  sink_->OnReject(std::move(r));
}

void RowParser::RejectWhole(std::string_view text, std::string reason) {
  Reject r;
  r.line = info_.lines;
  r.raw = RawText(text);
  r.reason = std::move(reason);
  sink_->OnReject(std::move(r));
}

}  // namespace fbaflow::settlement
