#include "sim/amazon/faults.h"

#include <fmt/format.h>

#include <vector>

namespace fbaflow::sim {

bool FaultSpec::InStorm(SimMillis since_start) const {
  if (storm_period <= 0 || storm_on <= 0 || since_start < 0) return false;
  return since_start % storm_period < storm_on;
}

Result<FaultSpec> ParseFaultSpec(std::string_view spec) {
  FaultSpec out;
  ASSIGN_OR_RETURN(std::vector<FaultTerm> terms, SplitFaultTerms(spec));
  for (const FaultTerm& term : terms) {
    if (!term.value) {
      return InvalidArgument(fmt::format("fault '{}': expected key=value", term.text));
    }
    const std::string& key = term.key;
    const std::string_view value = *term.value;
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
      ASSIGN_OR_RETURN(out.rate_factor, ParseFaultNumber(value));
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
      Result<uint64_t> seed = ParseCount(key, value);
      if (!seed.Ok()) return InvalidArgument("fault " + seed.GetStatus().Message());
      out.seed = *seed;
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
