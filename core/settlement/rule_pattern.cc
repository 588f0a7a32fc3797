#include "core/settlement/rule_pattern.h"

namespace fbaflow::settlement {

PatternKind KindOf(std::string_view pattern) {
  if (pattern == "*") return PatternKind::kAny;
  if (!pattern.empty() && pattern.back() == '*') return PatternKind::kPrefix;
  return PatternKind::kExact;
}

std::string_view LiteralOf(std::string_view pattern) {
  if (KindOf(pattern) != PatternKind::kExact) pattern.remove_suffix(1);
  return pattern;
}

bool PatternWithin(std::string_view narrow, std::string_view wide) {
  switch (KindOf(wide)) {
    case PatternKind::kAny:
      return true;
    case PatternKind::kExact:
      return narrow == wide;
    case PatternKind::kPrefix:
      // "*" is wider than any prefix; an exact value or a longer prefix that starts with the
      // literal is inside it.
      return KindOf(narrow) != PatternKind::kAny && LiteralOf(narrow).starts_with(LiteralOf(wide));
  }
  return false;
}

bool PatternsOverlap(std::string_view a, std::string_view b) {
  return PatternWithin(a, b) || PatternWithin(b, a);
}

std::string_view PatternIntersection(std::string_view a, std::string_view b) {
  return PatternWithin(a, b) ? a : b;
}

std::string PatternError(std::string_view pattern) {
  if (pattern.empty())
    return "empty pattern (use \"*\" to match any value, the empty one included)";
  const auto star = pattern.find('*');
  if (star != std::string_view::npos && star + 1 != pattern.size()) {
    return "pattern \"" + std::string(pattern) +
           "\" has a '*' before its end (a '*' may only end a pattern)";
  }
  if (pattern.front() == ' ' || pattern.back() == ' ' || pattern.front() == '\t' ||
      pattern.back() == '\t') {
    return "pattern \"" + std::string(pattern) + "\" has leading or trailing spaces";
  }
  return {};
}

}  // namespace fbaflow::settlement
