#pragma once
// RowParser: everything of a settlement report after its header line — summary rows and detail
// rows — read a run of whole lines at a time. SettlementReader frames the bytes (partial lines,
// over-long lines, the end of the input) and reads the header, then hands every later line to
// its RowParser; reader.h is the public contract and says what comes out.
//
// A copy of the reader's parser (SettlementReader::ForkRows) reads later runs of the same
// settlement's detail rows elsewhere, e.g. on another thread into another Sink, with exactly the
// outcome the reader would have had, given the same lines: the copy knows the columns, the
// settlement id, the currency and the decimal style. A fork stops, instead of reading it, at a
// summary row (another settlement begins; StoppedAtSummary()), and counts its lines from 0, so
// the lines, rejects and entries it reports are numbered from the start of its run.
// Thread safety: one parser per thread; a parser and its copies share nothing.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/money/currency.h"
#include "core/settlement/columns.h"
#include "core/settlement/entry.h"
#include "core/settlement/reader.h"

namespace fbaflow::settlement {

// Real rows are 200-600 bytes. A "line" beyond this is not a settlement row; bounding it keeps
// memory bounded whatever the input.
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;
// More fields than any header may have.
inline constexpr uint32_t kMaxColumns = 512;

class RowParser {
 public:
  // Starts at the summary row. `info` is what the header told (format, columns, BOM, CR LF,
  // lines so far); it is kept up to date as rows are read.
  RowParser(const ReaderOptions& options, ColumnMap map, FileInfo info, Sink& sink);
  RowParser(const RowParser&) = default;
  RowParser& operator=(const RowParser&) = delete;

  // `lines` is whole lines, each ending in '\n'. A non-ok Status means the input is not a
  // settlement report (reader.h); it names the source and line.
  Status ParseLines(std::string_view lines);
  // One line without its '\n'; `terminated` says whether it had one (the last line of a file may
  // not: then a short row is a truncated file).
  Status ParseLine(std::string_view line, bool terminated);
  // A line longer than kMaxLineBytes, of which `head` (its first bytes) was kept.
  Status ParseLongLine(std::string_view head);

  const FileInfo& Info() const { return info_; }
  // Still expecting the first summary row.
  bool AtSummary() const { return stage_ == Stage::kSummary; }
  // Reading a settlement's detail rows with the decimal style known: what a fork needs.
  bool CanFork() const {
    return stage_ == Stage::kRows && info_.decimal_style != DecimalStyle::kUnknown;
  }

  // A copy that reads into `sink`, stops at summary rows and numbers lines from 0.
  RowParser Fork(Sink& sink) const;
  // Where what is read goes from now on.
  void SetSink(Sink& sink) { sink_ = &sink; }
  // For a fork: number the next run's lines from 1 again (and its windows-1252 count from 0).
  void RestartCounts();
  // The fork met a summary row and stopped before it (in the last ParseLines).
  bool StoppedAtSummary() const { return stopped_at_summary_; }
  // Lines read elsewhere (by forks) on this parser's behalf: counted as if read here.
  void AddCounts(uint64_t lines, uint64_t windows1252_lines);

 private:
  enum class Stage : unsigned char { kSummary, kRows };
  struct LineFlags {
    bool non_ascii = false;  // some byte is >= 0x80
    bool control = false;    // some byte is < 0x20 other than tab and CR
  };

  // One line split into fields: bounds[0] is UINT32_MAX (as if a tab preceded the line),
  // bounds[1..tab_count] the offsets of its tabs and bounds[tab_count + 1] its length, so field
  // i lies between bounds[i] and bounds[i + 1], exclusive.
  struct Line {
    std::string_view text;  // the line, without CR LF
    const uint32_t* bounds = nullptr;
    uint32_t tab_count = 0;

    std::size_t Fields() const { return std::size_t{tab_count} + 1; }
    // Field `i` (0-based), or empty when the line has no such field (i < 0 included).
    std::string_view Field(int i) const {
      const auto u = static_cast<uint32_t>(i);
      if (u > tab_count) return {};
      const uint32_t begin = bounds[u] + 1;  // wraps to 0 for a first field at offset 0
      return {text.data() + begin, bounds[u + 1] - begin};
    }
  };

  Status HandleLine(const Line& line, LineFlags flags, bool terminated);
  Line ScanInto(std::string_view text, std::vector<uint32_t>& bounds, LineFlags* flags) const;
  Status HandleRow(const Line& line);
  Status HandleSummary(const Line& line);
  void HandleDetail(const Line& line);
  void HandleV2Amount(const Line& line);
  void HandleLegacyAmounts(const Line& line);
  bool ReadAmount(std::string_view text, std::string_view marketplace, Money* out,
                  std::string* reason);
  bool ReadPostedDate(std::string_view text, CivilDate* out, std::string* reason);
  // Whether `posted` lies within the settlement's period, give or take kPostedDateToleranceDays.
  bool InPeriod(const CivilDate& posted, std::string_view text, std::string* reason) const;
  // The header line again (a second settlement's, in a file that joins two reports).
  bool IsRepeatedHeader(const Line& line) const;
  void FillContext(const Line& line, std::string_view posted_text, const CivilDate& posted);
  void RejectRow(const Line& line, int column, std::string reason);
  void RejectWhole(std::string_view text, std::string reason);
  std::string_view Field(const Line& line, Col col) const { return line.Field(map_.Index(col)); }

  Status Fatal(StatusCode code, uint64_t line, const std::string& message) const {
    return Status(code, options_.source_name + ":" + std::to_string(line) + ": " + message);
  }
  Status SummaryError(uint64_t line, Col col, const std::string& what) const;

  ReaderOptions options_;
  ColumnMap map_;
  FileInfo info_;
  Sink* sink_;
  Stage stage_ = Stage::kSummary;
  bool stop_at_summary_ = false;
  bool stopped_at_summary_ = false;

  std::string settlement_id_;
  Currency currency_;
  CivilDate period_start_;  // the settlement's start and end dates, as the summary gives them
  CivilDate period_end_;
  CivilDate earliest_posted_;  // the period widened by kPostedDateToleranceDays
  CivilDate latest_posted_;
  std::vector<std::string> seen_settlements_;
  // Posted dates read lately, by their text: a settlement's rows share a few dozen dates, so
  // nearly every row finds its date here (the last one used first) instead of parsing it.
  struct DateMemo {
    std::string text;
    CivilDate date;
    bool valid = false;
  };
  static constexpr std::size_t kDateMemos = 32;  // a power of two
  std::array<DateMemo, kDateMemos> dates_;
  std::size_t last_date_ = 0;
  Entry entry_;

  std::vector<uint32_t> scan_bounds_;  // a line scanned on its own (ScanInto)
  std::vector<uint32_t> converted_bounds_;
  std::string converted_;  // a windows-1252 line as UTF-8
};

}  // namespace fbaflow::settlement
