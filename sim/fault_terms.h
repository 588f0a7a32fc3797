#pragma once
// The fault-spec terms shared by every simulator's `--faults SPEC`: one reader, so the Amazon
// emulator (sim/amazon/faults.h) and the fault proxy (sim/proxy/proxy_faults.h) accept the same
// words, numbers and durations and refuse bad ones with the same messages.
//
// A term list is comma-separated: "key=value, key, key=value". Blanks around items, keys and
// values are ignored, and so are empty items. A key without '=' has no value; whether that is
// allowed is the caller's to decide. A key given twice is an error.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"

namespace fbaflow::sim {

struct FaultTerm {
  std::string key;
  std::optional<std::string> value;  // absent: the term had no '='
  std::string text;                  // the whole item as written (for messages)
};

// Splits a term list. Errors are kInvalidArgument naming the repeated key.
Result<std::vector<FaultTerm>> SplitFaultTerms(std::string_view list);

// A finite decimal number ("0.25", "3", "1e-3").
Result<double> ParseFaultNumber(std::string_view text);

// A probability in [0, 1]; the message names `key`.
Result<double> ParseProbability(std::string_view key, std::string_view text);

// A non-negative integer; the message names `key`.
Result<uint64_t> ParseCount(std::string_view key, std::string_view text);

// "20s", "1.5m", "500ms", "2h", "1d", "30" (seconds) → milliseconds.
Result<int64_t> ParseDuration(std::string_view text);

// The shortest spelling of `ms` in the largest whole unit ("2m", "1500ms").
std::string FormatDuration(int64_t ms);

}  // namespace fbaflow::sim
