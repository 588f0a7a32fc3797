#pragma once
// How a RuleSet compares its rules and finds the one for a key (the semantics are in rules.h).
//
// Precedence is a strict partial order: rule A beats rule B when A has more exact fields, or as
// many exact and more prefix fields, or the same counts and A's patterns lie within B's in every
// field (a longer prefix inside a shorter one) without being identical. Strict dominance field by
// field always implies one of these, so "more specific in every field" and "more exact fields,
// then more prefix fields" are the same order. Two rules that can match one key and neither beats
// the other tie; a tie is allowed only when a third rule that beats both covers their whole
// overlap, which makes the winner for every key unique.
// Thread safety: a built RuleIndex is immutable; Match may be called from any thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fbaflow::settlement {

struct Rule;
struct RuleKey;

// A problem found by comparing rules with each other: `line` is the later rule's line.
struct RuleConflict {
  int line = 0;
  std::string message;
};

// Whether `a` takes precedence over `b` (see above). Patterns must be well-formed.
bool RuleBeats(const Rule& a, const Rule& b);

// Duplicate rules (identical patterns) and unresolved ties, in the order of `rules`. Patterns
// must be well-formed.
std::vector<RuleConflict> FindRuleConflicts(const std::vector<Rule>& rules);

class RuleIndex {
 public:
  // Indexes `rules` (which must be free of conflicts). Match must be given the same vector.
  void Build(const std::vector<Rule>& rules);

  // The rule of `rules` that wins for `key`, or nullptr. Does not allocate.
  const Rule* Match(const std::vector<Rule>& rules, const RuleKey& key) const;

 private:
  // Rule indices are kept in precedence order (a rule before every rule it beats), so the first
  // rule that matches a key is the winner.
  struct Bucket {
    std::string transaction_type;  // an exact pair some rule names
    std::string amount_type;
    std::vector<uint32_t> rules;  // every rule whose patterns match that pair
  };
  std::vector<Bucket> buckets_;     // sorted by (transaction_type, amount_type)
  std::vector<uint32_t> fallback_;  // rules whose transaction or amount type is not exact
};

}  // namespace fbaflow::settlement
