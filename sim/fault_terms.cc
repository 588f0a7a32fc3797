#include "sim/fault_terms.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>

namespace fbaflow::sim {
namespace {

constexpr int64_t kSecondMs = 1000;
constexpr int64_t kMinuteMs = 60 * kSecondMs;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kDayMs = 24 * kHourMs;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::vector<FaultTerm>> SplitFaultTerms(std::string_view list) {
  std::vector<FaultTerm> terms;
  std::set<std::string, std::less<>> seen;
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    if (comma == std::string_view::npos) comma = list.size();
    const std::string_view item = Trim(list.substr(pos, comma - pos));
    pos = comma + 1;
    if (item.empty()) continue;
    FaultTerm term;
    term.text = std::string(item);
    const size_t eq = item.find('=');
    term.key = std::string(Trim(item.substr(0, eq)));
    if (eq != std::string_view::npos) term.value = std::string(Trim(item.substr(eq + 1)));
    if (!seen.insert(term.key).second) {
      return InvalidArgument(fmt::format("fault '{}' is given twice", term.key));
    }
    terms.push_back(std::move(term));
  }
  return terms;
}

Result<double> ParseFaultNumber(std::string_view text) {
  // std::from_chars for double is in libstdc++ 11+, but not in every libc++ clang 14 ships with:
  // parse through strtod on a bounded copy instead.
  const std::string copy(text);
  if (copy.empty()) return InvalidArgument("empty number");
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v)) {
    return InvalidArgument("'" + copy + "' is not a number");
  }
  return v;
}

Result<double> ParseProbability(std::string_view key, std::string_view text) {
  ASSIGN_OR_RETURN(double v, ParseFaultNumber(text));
  if (v < 0 || v > 1) {
    return InvalidArgument(fmt::format("{}={}: a probability must be between 0 and 1", key, text));
  }
  return v;
}

Result<uint64_t> ParseCount(std::string_view key, std::string_view text) {
  uint64_t n = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return InvalidArgument(fmt::format("{}={}: expected a non-negative integer", key, text));
  }
  return n;
}

Result<int64_t> ParseDuration(std::string_view text) {
  text = Trim(text);
  size_t split = text.size();
  while (split > 0 && ((text[split - 1] >= 'a' && text[split - 1] <= 'z'))) --split;
  const std::string_view number = text.substr(0, split);
  const std::string_view unit = text.substr(split);
  ASSIGN_OR_RETURN(double v, ParseFaultNumber(number));
  double scale = 0;
  if (unit.empty() || unit == "s") {
    scale = kSecondMs;
  } else if (unit == "ms") {
    scale = 1;
  } else if (unit == "m") {
    scale = kMinuteMs;
  } else if (unit == "h") {
    scale = kHourMs;
  } else if (unit == "d") {
    scale = kDayMs;
  } else {
    return InvalidArgument(
        fmt::format("'{}': unknown duration unit '{}' (ms, s, m, h, d)", text, unit));
  }
  if (v < 0) return InvalidArgument(fmt::format("'{}': a duration cannot be negative", text));
  // A year is more than any fault needs, and far from where llround would overflow.
  if (v * scale > 365.0 * kDayMs) {
    return InvalidArgument(fmt::format("'{}': a duration cannot pass 365 days", text));
  }
  return static_cast<int64_t>(std::llround(v * scale));
}

std::string FormatDuration(int64_t ms) {
  if (ms != 0 && ms % kDayMs == 0) return fmt::format("{}d", ms / kDayMs);
  if (ms != 0 && ms % kHourMs == 0) return fmt::format("{}h", ms / kHourMs);
  if (ms != 0 && ms % kMinuteMs == 0) return fmt::format("{}m", ms / kMinuteMs);
  if (ms != 0 && ms % kSecondMs == 0) return fmt::format("{}s", ms / kSecondMs);
  return fmt::format("{}ms", ms);
}

}  // namespace fbaflow::sim
