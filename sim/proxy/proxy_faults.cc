#include "sim/proxy/proxy_faults.h"

#include <fmt/format.h>

#include <cctype>
#include <optional>

#include "sim/fault_terms.h"

namespace fbaflow::sim {
namespace {

constexpr std::string_view kKnownTerms =
    "status=CODE, reset, slow=DUR, drop-after-commit, hang-after-commit=DUR, p=P, every=N, "
    "first=N, path=PREFIX, method=NAME, body=TEXT";

// Splits SPEC at ';' (a rule's terms never contain one: paths and bodies are matched by prefix
// and substring, so a filter can always stop short of a ';').
std::vector<std::string_view> SplitRules(std::string_view spec) {
  std::vector<std::string_view> rules;
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t semi = spec.find(';', pos);
    if (semi == std::string_view::npos) semi = spec.size();
    rules.push_back(spec.substr(pos, semi - pos));
    pos = semi + 1;
  }
  return rules;
}

Status NeedsValue(const FaultTerm& term, std::string_view shape) {
  if (term.value && !term.value->empty()) return OkStatus();
  return InvalidArgument(fmt::format("fault '{}': expected {}", term.text, shape));
}

Result<ProxyFaultRule> ParseRule(std::string_view text) {
  ASSIGN_OR_RETURN(std::vector<FaultTerm> terms, SplitFaultTerms(text));
  ProxyFaultRule rule;
  std::optional<std::string> fault;    // the term that named the fault
  std::optional<std::string> trigger;  // the term that named the trigger
  auto claim = [&](std::optional<std::string>& slot, const FaultTerm& term,
                   std::string_view what) -> Status {
    if (slot) {
      return InvalidArgument(
          fmt::format("fault '{}': the rule already has a {}, '{}'", term.text, what, *slot));
    }
    slot = term.text;
    return OkStatus();
  };
  for (const FaultTerm& term : terms) {
    const std::string& key = term.key;
    const bool bare = key == "reset" || key == "drop-after-commit";
    if (bare && term.value) {
      return InvalidArgument(fmt::format("fault '{}': '{}' takes no value", term.text, key));
    }
    if (key == "status") {
      RETURN_IF_ERROR(claim(fault, term, "fault"));
      RETURN_IF_ERROR(NeedsValue(term, "status=CODE"));
      Result<uint64_t> code = ParseCount(key, *term.value);
      if (!code.Ok() || !(*code == 429 || (*code >= 500 && *code <= 599))) {
        return InvalidArgument(
            fmt::format("fault '{}': the status must be 429 or 500 to 599", term.text));
      }
      rule.kind = ProxyFaultKind::kStatus;
      rule.status = static_cast<int>(*code);
    } else if (key == "reset" || key == "drop-after-commit") {
      RETURN_IF_ERROR(claim(fault, term, "fault"));
      rule.kind = key == "reset" ? ProxyFaultKind::kReset : ProxyFaultKind::kDropAfterCommit;
    } else if (key == "slow" || key == "hang-after-commit") {
      RETURN_IF_ERROR(claim(fault, term, "fault"));
      RETURN_IF_ERROR(NeedsValue(term, key + "=DUR"));
      Result<int64_t> ms = ParseDuration(*term.value);
      if (!ms.Ok()) return ms.GetStatus().WithContext(fmt::format("fault '{}'", term.text));
      rule.kind = key == "slow" ? ProxyFaultKind::kSlow : ProxyFaultKind::kHangAfterCommit;
      rule.delay_ms = *ms;
    } else if (key == "p") {
      RETURN_IF_ERROR(claim(trigger, term, "trigger"));
      RETURN_IF_ERROR(NeedsValue(term, "p=P"));
      ASSIGN_OR_RETURN(rule.probability, ParseProbability(key, *term.value));
    } else if (key == "every" || key == "first") {
      RETURN_IF_ERROR(claim(trigger, term, "trigger"));
      RETURN_IF_ERROR(NeedsValue(term, key + "=N"));
      Result<uint64_t> n = ParseCount(key, *term.value);
      if (!n.Ok() || *n == 0) {
        return InvalidArgument(fmt::format("fault '{}': expected a count of 1 or more", term.text));
      }
      (key == "every" ? rule.every : rule.first) = *n;
    } else if (key == "path") {
      RETURN_IF_ERROR(NeedsValue(term, "path=PREFIX"));
      if (!term.value->starts_with('/')) {
        return InvalidArgument(fmt::format("fault '{}': a path starts with '/'", term.text));
      }
      rule.path_prefix = *term.value;
    } else if (key == "method") {
      RETURN_IF_ERROR(NeedsValue(term, "method=NAME"));
      for (const char c : *term.value) {
        if (!std::isalpha(static_cast<unsigned char>(c))) {
          return InvalidArgument(fmt::format("fault '{}': not a method name", term.text));
        }
        rule.method.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
      }
    } else if (key == "body") {
      RETURN_IF_ERROR(NeedsValue(term, "body=TEXT"));
      rule.body_contains = *term.value;
    } else {
      return InvalidArgument(fmt::format("unknown fault '{}' (known: {})", term.text, kKnownTerms));
    }
  }
  if (!fault) {
    return InvalidArgument(fmt::format(
        "fault rule '{}' names no fault (status=CODE, reset, slow=DUR, drop-after-commit, "
        "hang-after-commit=DUR)",
        text));
  }
  return rule;
}

}  // namespace

std::string_view ProxyFaultKindName(ProxyFaultKind kind) {
  switch (kind) {
    case ProxyFaultKind::kStatus:
      return "status";
    case ProxyFaultKind::kReset:
      return "reset";
    case ProxyFaultKind::kSlow:
      return "slow";
    case ProxyFaultKind::kDropAfterCommit:
      return "drop-after-commit";
    case ProxyFaultKind::kHangAfterCommit:
      return "hang-after-commit";
  }
  return "?";
}

bool ProxyFaultRule::Matches(std::string_view request_method, std::string_view path,
                             std::string_view body) const {
  return (method.empty() || request_method == method) && path.starts_with(path_prefix) &&
         (body_contains.empty() || body.find(body_contains) != std::string_view::npos);
}

std::string ProxyFaultRule::ToString() const {
  std::string out;
  switch (kind) {
    case ProxyFaultKind::kStatus:
      out = fmt::format("status={}", status);
      break;
    case ProxyFaultKind::kSlow:
    case ProxyFaultKind::kHangAfterCommit:
      out = fmt::format("{}={}", ProxyFaultKindName(kind), FormatDuration(delay_ms));
      break;
    case ProxyFaultKind::kReset:
    case ProxyFaultKind::kDropAfterCommit:
      out = std::string(ProxyFaultKindName(kind));
      break;
  }
  if (every > 0) {
    out += fmt::format(",every={}", every);
  } else if (first > 0) {
    out += fmt::format(",first={}", first);
  } else if (probability < 1.0) {
    out += fmt::format(",p={}", probability);
  }
  if (!path_prefix.empty()) out += ",path=" + path_prefix;
  if (!method.empty()) out += ",method=" + method;
  if (!body_contains.empty()) out += ",body=" + body_contains;
  return out;
}

std::string ProxyFaults::ToString() const {
  std::string out;
  for (const ProxyFaultRule& rule : rules) {
    if (!out.empty()) out += "; ";
    out += rule.ToString();
  }
  return out;
}

Result<ProxyFaults> ParseProxyFaults(std::string_view spec) {
  ProxyFaults out;
  for (const std::string_view text : SplitRules(spec)) {
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
    ASSIGN_OR_RETURN(ProxyFaultRule rule, ParseRule(text));
    out.rules.push_back(std::move(rule));
  }
  return out;
}

ProxyFaultPlan::ProxyFaultPlan(ProxyFaults faults, uint64_t seed)
    : faults_(std::move(faults)), reached_(faults_.rules.size(), 0) {
  uint64_t state = seed;
  dice_.reserve(faults_.rules.size());
  for (size_t i = 0; i < faults_.rules.size(); ++i) {
    dice_.emplace_back(SeededRandom::SplitMix64(state));
  }
}

const ProxyFaultRule* ProxyFaultPlan::Decide(std::string_view method, std::string_view path,
                                             std::string_view body) {
  const std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < faults_.rules.size(); ++i) {
    const ProxyFaultRule& rule = faults_.rules[i];
    if (!rule.Matches(method, path, body)) continue;
    const uint64_t n = ++reached_[i];
    bool fires = false;
    if (rule.every > 0) {
      fires = n % rule.every == 0;
    } else if (rule.first > 0) {
      fires = n <= rule.first;
    } else if (rule.probability >= 1.0) {
      fires = true;
    } else {
      // 53 random bits as a fraction in [0, 1), the same on every platform.
      fires = static_cast<double>(dice_[i].Next() >> 11) * 0x1.0p-53 < rule.probability;
    }
    if (fires) return &rule;
  }
  return nullptr;
}

std::string_view ProxyFaultsHelp() {
  return R"(
Fault SPEC: rules separated by ';', each a comma-separated list of one fault, at most one
trigger and any filters. A request meets the rules in order; the first that matches and fires
applies; a request no rule takes is forwarded untouched.
  faults    status=CODE            answer CODE (429 or 5xx); the backend is not contacted
            reset                  reset the connection; the backend is not contacted
            slow=DUR               forward, then hold the answer for DUR
            drop-after-commit      forward, wait for the backend's whole answer (it has
                                   committed), then close the connection without answering
            hang-after-commit=DUR  the same, holding the connection silent for DUR first
  triggers  p=P                    with probability P (default: every matching request)
            every=N                the Nth, 2Nth, ... matching request
            first=N                the first N matching requests
  filters   path=PREFIX            the path starts with PREFIX
            method=NAME            the method is NAME
            body=TEXT              the body contains TEXT (e.g. a JSON-RPC method)
DUR: 500ms, 2s, 1m (a bare number is seconds). Example:
  --faults 'drop-after-commit,body=model.account.move.create,first=1; status=503,p=0.05'
See docs/fault-proxy.md.)";
}

}  // namespace fbaflow::sim
