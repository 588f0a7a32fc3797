#pragma once
// One field pattern of a mapping rule: exact text ("Principal"), "*" (any value, the empty one
// included), or a prefix ending in "*" ("MarketplaceFacilitatorVAT-*"). Patterns are plain
// strings; these functions read them without allocating. Rules compare by specificity: per field
// exact beats prefix beats "*" (see rules.h).
// Thread safety: pure functions.

#include <string>
#include <string_view>

namespace fbaflow::settlement {

// Ordered by specificity: a larger value is more specific.
enum class PatternKind : unsigned char { kAny = 0, kPrefix = 1, kExact = 2 };

// The kind of a well-formed pattern (see PatternError).
PatternKind KindOf(std::string_view pattern);

// The literal part: the whole text when exact, the text before the final '*' when a prefix,
// empty for "*".
std::string_view LiteralOf(std::string_view pattern);

// Whether `value` is matched by the well-formed `pattern`.
inline bool PatternMatches(std::string_view pattern, std::string_view value) {
  if (pattern.empty() || pattern.back() != '*') return pattern == value;
  pattern.remove_suffix(1);
  return value.starts_with(pattern);
}

// Whether every value `narrow` matches is also matched by `wide` (both well-formed).
bool PatternWithin(std::string_view narrow, std::string_view wide);

// Whether some value is matched by both (both well-formed).
bool PatternsOverlap(std::string_view a, std::string_view b);

// For two overlapping patterns, the one that matches exactly their common values (the
// intersection of two overlapping patterns is always one of them).
std::string_view PatternIntersection(std::string_view a, std::string_view b);

// Why `pattern` is not a valid pattern, or an empty string when it is. Refused: the empty
// string, a '*' anywhere but at the end, and leading or trailing spaces (Amazon's values have
// none, so such a pattern could never match what the text suggests).
std::string PatternError(std::string_view pattern);

}  // namespace fbaflow::settlement
