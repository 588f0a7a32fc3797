#pragma once
// SettlementReader: a streaming parser for Amazon settlement flat files (V2 and legacy).
//
// Feed it the file's bytes in chunks of any size; it calls the Sink for the summary, every amount
// and every bad row, and keeps only the current partial line, so memory does not grow with the
// file. Columns are found by header name, so 23- and 24-column V2 files and re-ordered columns
// all read. Handles a UTF-8 BOM, LF and CRLF, UTF-8 and windows-1252 (converted to UTF-8), the
// date formats of every marketplace, and dot- or comma-decimal amounts (the file's style is
// learned from the first amount that proves it; ambiguous text before that is a reject).
//
// Errors: a bad row is a Reject and reading goes on. Feed/Finish return a non-ok Status only when
// the input is not a settlement report at all (empty, binary, wrong header, no valid summary row,
// cut short in the middle of a row): kInvalidArgument (or kDataLoss for truncation and binary
// data) with a message naming the source, line and column. After such an error the reader is
// spent and every later call returns the same Status.
// Thread safety: one reader per thread; the Sink is called synchronously from Feed/Finish.
//
// Parallel reading: between two lines of a settlement's detail rows, once the decimal style is
// known, ForkRows gives a RowParser (row_parser.h) that reads later runs of whole lines exactly
// as this reader would, into another Sink, possibly on another thread; AddForkedLines then
// counts the lines a fork read so that this reader's line numbers carry on after them.

#include <memory>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/settlement/entry.h"

namespace fbaflow::settlement {

class RowParser;

// A detail row posted more than this many days before its settlement's start date or after its
// end date is rejected (a typing error or a corrupt date: "2099" would post a journal in 2099).
// Real reports post a few rows up to a day or two outside the period (docs/settlement.md).
inline constexpr int kPostedDateToleranceDays = 31;

struct ReaderOptions {
  std::string source_name = "<input>";                  // used in every message
  Charset charset = Charset::kAuto;                     // see charset.h
  DecimalStyle decimal_style = DecimalStyle::kUnknown;  // kUnknown: learned from the file
};

class SettlementReader {
 public:
  SettlementReader(ReaderOptions options, Sink& sink);
  ~SettlementReader();
  SettlementReader(const SettlementReader&) = delete;
  SettlementReader& operator=(const SettlementReader&) = delete;

  Status Feed(std::string_view bytes);
  Status Finish();
  const FileInfo& Info() const;

  // True when the reader stands between two lines of a settlement's detail rows (no partial
  // line kept), with the decimal style known and no error: then ForkRows may be called.
  bool CanForkRows() const;
  // A parser for the lines that follow, reading into `sink`; see row_parser.h. Requires
  // CanForkRows(). The fork shares nothing with the reader.
  RowParser ForkRows(Sink& sink) const;
  // Counts `lines` lines (of which `windows1252_lines` were converted) read by forks on this
  // reader's behalf, as if Feed had read them; the next line fed is numbered after them.
  void AddForkedLines(uint64_t lines, uint64_t windows1252_lines);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fbaflow::settlement
