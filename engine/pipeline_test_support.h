#pragma once
// For the engine's tests: a ByteSource over a string (with short reads and read failures on
// demand), and a pipeline run turned into one text that holds everything the run produced, so
// that two runs can be compared whole.

#include <algorithm>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "core/settlement/export.h"
#include "engine/settlement_pipeline.h"
#include "ports/byte_source.h"

namespace fbaflow::engine::testing {

// A test source over bytes in memory that reads like a pipe, fails, or maps like a file on demand
// (ports/string_source.h is the plain one).
class FaultySource final : public ByteSource {
 public:
  // At most `max_read` bytes per Read (0: no limit), like a pipe; a read past `fail_at` bytes
  // fails with kDataLoss. `in_place`: the bytes are offered in place, like a mapped file; then
  // the bytes before each ReleaseBefore offset are overwritten with '#', so that a reader that
  // looks at them again gives itself away.
  explicit FaultySource(std::string text, std::size_t max_read = 0,
                        std::size_t fail_at = std::string::npos, bool in_place = false)
      : text_(std::move(text)), max_read_(max_read), fail_at_(fail_at), in_place_(in_place) {}

  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    if (taken_in_place_) return FailedPrecondition(name_ + ": Read after InPlace");
    if (at_ >= fail_at_) return DataLoss(name_ + ": read failed: injected");
    std::size_t n = std::min(capacity, text_.size() - at_);
    if (max_read_ > 0) n = std::min(n, max_read_);
    if (fail_at_ != std::string::npos) n = std::min(n, fail_at_ - at_);
    std::memcpy(buffer, text_.data() + at_, n);
    at_ += n;
    return n;
  }
  const std::string& Name() const override { return name_; }
  std::string_view InPlace() override {
    if (!in_place_ || text_.empty()) return {};
    taken_in_place_ = true;
    return text_;
  }
  void ReleaseBefore(std::size_t offset) override {
    offset = std::min(offset, text_.size());
    if (offset > released_)
      std::fill(text_.begin() + static_cast<std::ptrdiff_t>(released_),
                text_.begin() + static_cast<std::ptrdiff_t>(offset), '#');
    released_ = std::max(released_, offset);
  }

 private:
  std::string text_;
  std::size_t max_read_;
  std::size_t fail_at_;
  bool in_place_;
  bool taken_in_place_ = false;
  std::size_t at_ = 0;
  std::size_t released_ = 0;
  std::string name_ = "test.tsv";
};

struct RunOptions {
  int threads = 1;
  std::size_t chunk_bytes = 0;
  std::size_t max_read = 0;
  std::size_t fail_at = std::string::npos;
  bool in_place = false;  // the bytes offered in place (as a mapped file), not read
  bool audit = true;
  settlement::SplitMode split = settlement::SplitMode::kMonth;
  settlement::ReaderOptions reader;
};

// Everything a run gives, as text: its error, or the JSON of its settlements (with the file
// information), the audit CSV and the lines of rows without amounts.
inline std::string RunToText(const std::string& bytes, const RunOptions& run,
                             ParallelReadStats* stats = nullptr) {
  FaultySource source(bytes, run.max_read, run.fail_at, run.in_place);
  SettlementPipelineOptions options;
  options.reader = run.reader;
  options.journal.keep_audit = run.audit;
  options.journal.split = run.split;
  options.threads = run.threads;
  options.chunk_bytes = run.chunk_bytes;
  auto result = RunSettlementPipeline(source, nullptr, options);
  if (!result.Ok()) return "error: " + result.GetStatus().ToString();
  if (stats != nullptr) *stats = result->parallel;
  std::ostringstream out;
  settlement::WriteJson(result->settlements, out, &result->file);
  out << "--- audit\n";
  settlement::WriteAudit(result->settlements, out);
  for (const auto& s : result->settlements) {
    out << "--- summary line " << s.summary.line << ", rows without amounts:";
    for (const uint64_t line : s.non_monetary_lines) out << ' ' << line;
    out << '\n';
  }
  return out.str();
}

}  // namespace fbaflow::engine::testing
