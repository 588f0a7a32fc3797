#include "sim/amazon/faults.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>
#include <vector>

namespace fbaflow::sim {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Result<double> ParseNumber(std::string_view text) {
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
  ASSIGN_OR_RETURN(double v, ParseNumber(text));
  if (v < 0 || v > 1) {
    return InvalidArgument(fmt::format("{}={}: a probability must be between 0 and 1", key, text));
  }
  return v;
}

std::string FormatDuration(int64_t ms) {
  if (ms % kDay == 0) return fmt::format("{}d", ms / kDay);
  if (ms % kHour == 0) return fmt::format("{}h", ms / kHour);
  if (ms % kMinute == 0) return fmt::format("{}m", ms / kMinute);
  if (ms % kSecond == 0) return fmt::format("{}s", ms / kSecond);
  return fmt::format("{}ms", ms);
}

}  // namespace

Result<int64_t> ParseDuration(std::string_view text) {
  text = Trim(text);
  size_t split = text.size();
  while (split > 0 && ((text[split - 1] >= 'a' && text[split - 1] <= 'z'))) --split;
  const std::string_view number = text.substr(0, split);
  const std::string_view unit = text.substr(split);
  ASSIGN_OR_RETURN(double v, ParseNumber(number));
  double scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1000;
  } else if (unit == "ms") {
    scale = 1;
  } else if (unit == "m") {
    scale = 60'000;
  } else if (unit == "h") {
    scale = 3'600'000;
  } else if (unit == "d") {
    scale = 86'400'000;
  } else {
    return InvalidArgument(
        fmt::format("'{}': unknown duration unit '{}' (ms, s, m, h, d)", text, unit));
  }
  if (v < 0) return InvalidArgument(fmt::format("'{}': a duration cannot be negative", text));
  return static_cast<int64_t>(std::llround(v * scale));
}

bool FaultSpec::InStorm(SimMillis since_start) const {
  if (storm_period <= 0 || storm_on <= 0 || since_start < 0) return false;
  return since_start % storm_period < storm_on;
}

Result<FaultSpec> ParseFaultSpec(std::string_view spec) {
  FaultSpec out;
  std::set<std::string, std::less<>> seen;
  size_t pos = 0;
  spec = Trim(spec);
  while (pos < spec.size()) {
    size_t comma = spec.find(',', pos);
    if (comma == std::string_view::npos) comma = spec.size();
    const std::string_view item = Trim(spec.substr(pos, comma - pos));
    pos = comma + 1;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return InvalidArgument(fmt::format("fault '{}': expected key=value", item));
    }
    const std::string key(Trim(item.substr(0, eq)));
    const std::string_view value = Trim(item.substr(eq + 1));
    if (!seen.insert(key).second)
      return InvalidArgument(fmt::format("fault '{}' is given twice", key));
    auto prob = [&](double* field) -> Status {
      ASSIGN_OR_RETURN(*field, ParseProbability(key, value));
      return OkStatus();
    };
    auto dur = [&](int64_t* field) -> Status {
      Result<int64_t> d = ParseDuration(value);
      if (!d.Ok()) return d.GetStatus().WithContext("fault " + key);
      *field = *d;
      return OkStatus();
    };
    if (key == "5xx") {
      RETURN_IF_ERROR(prob(&out.server_error));
    } else if (key == "timeout") {
      RETURN_IF_ERROR(prob(&out.timeout));
    } else if (key == "hang") {
      RETURN_IF_ERROR(dur(&out.hang_real_ms));
    } else if (key == "storm") {
      const size_t slash = value.find('/');
      if (slash == std::string_view::npos) {
        return InvalidArgument(
            fmt::format("fault storm={}: expected ON/PERIOD, e.g. storm=20s/120s", value));
      }
      Result<int64_t> on = ParseDuration(value.substr(0, slash));
      Result<int64_t> period = ParseDuration(value.substr(slash + 1));
      if (!on.Ok()) return on.GetStatus().WithContext("fault storm");
      if (!period.Ok()) return period.GetStatus().WithContext("fault storm");
      if (*period <= 0 || *on > *period) {
        return InvalidArgument(
            fmt::format("fault storm={}: ON must not exceed a positive PERIOD", value));
      }
      out.storm_on = *on;
      out.storm_period = *period;
    } else if (key == "rate_factor") {
      ASSIGN_OR_RETURN(out.rate_factor, ParseNumber(value));
      if (out.rate_factor <= 0 || out.rate_factor > 1) {
        return InvalidArgument(fmt::format("fault rate_factor={}: must be in (0, 1]", value));
      }
    } else if (key == "fatal") {
      RETURN_IF_ERROR(prob(&out.fatal));
    } else if (key == "cancelled") {
      RETURN_IF_ERROR(prob(&out.cancelled));
    } else if (key == "token_expire") {
      RETURN_IF_ERROR(prob(&out.token_expire));
    } else if (key == "token_repeat") {
      RETURN_IF_ERROR(prob(&out.token_repeat));
    } else if (key == "token_ttl") {
      RETURN_IF_ERROR(dur(&out.token_ttl));
    } else if (key == "gzip") {
      RETURN_IF_ERROR(prob(&out.gzip));
    } else if (key == "cp1252") {
      RETURN_IF_ERROR(prob(&out.cp1252));
    } else if (key == "charset_label") {
      if (value.empty()) return InvalidArgument("fault charset_label: empty label");
      out.charset_label = std::string(value);
    } else if (key == "notify_late") {
      RETURN_IF_ERROR(prob(&out.notify_late));
    } else if (key == "notify_delay") {
      RETURN_IF_ERROR(dur(&out.notify_delay));
    } else if (key == "notify_lost") {
      RETURN_IF_ERROR(prob(&out.notify_lost));
    } else if (key == "seed") {
      uint64_t seed = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seed);
      if (ec != std::errc() || ptr != value.data() + value.size()) {
        return InvalidArgument(
            fmt::format("fault seed={}: expected a non-negative integer", value));
      }
      out.seed = seed;
    } else {
      return InvalidArgument(fmt::format(
          "unknown fault '{}' (known: 5xx, timeout, hang, storm, rate_factor, fatal, cancelled, "
          "token_expire, token_repeat, token_ttl, gzip, cp1252, charset_label, notify_late, "
          "notify_delay, notify_lost, seed)",
          key));
    }
  }
  if (out.fatal + out.cancelled > 1.0) {
    return InvalidArgument("faults fatal + cancelled exceed 1");
  }
  if (out.notify_late + out.notify_lost > 1.0) {
    return InvalidArgument("faults notify_late + notify_lost exceed 1");
  }
  return out;
}

std::string FaultSpec::ToString() const {
  const FaultSpec d;
  std::vector<std::string> parts;
  auto p = [&](const char* key, double v, double def) {
    if (v != def) parts.push_back(fmt::format("{}={}", key, v));
  };
  p("5xx", server_error, d.server_error);
  p("timeout", timeout, d.timeout);
  if (hang_real_ms != d.hang_real_ms) parts.push_back("hang=" + FormatDuration(hang_real_ms));
  if (storm_period > 0) {
    parts.push_back(
        fmt::format("storm={}/{}", FormatDuration(storm_on), FormatDuration(storm_period)));
  }
  p("rate_factor", rate_factor, d.rate_factor);
  p("fatal", fatal, d.fatal);
  p("cancelled", cancelled, d.cancelled);
  p("token_expire", token_expire, d.token_expire);
  p("token_repeat", token_repeat, d.token_repeat);
  if (token_ttl != d.token_ttl) parts.push_back("token_ttl=" + FormatDuration(token_ttl));
  p("gzip", gzip, d.gzip);
  p("cp1252", cp1252, d.cp1252);
  if (charset_label != d.charset_label) parts.push_back("charset_label=" + charset_label);
  p("notify_late", notify_late, d.notify_late);
  if (notify_delay != d.notify_delay)
    parts.push_back("notify_delay=" + FormatDuration(notify_delay));
  p("notify_lost", notify_lost, d.notify_lost);
  if (seed) parts.push_back(fmt::format("seed={}", *seed));
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += ',';
    out += part;
  }
  return out;
}

}  // namespace fbaflow::sim
