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
#include <unordered_map>
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
  // rule of a list that matches a key is the winner. A key is looked up by its exact
  // (transaction type, amount type, description), then by its exact (transaction type, amount
  // type), then in the fallback list. Lookups hash string_views: nothing is allocated.
  struct Fields {  // what is looked up
    std::string_view transaction_type;
    std::string_view amount_type;
    std::string_view amount_description;  // empty for pairs
  };
  struct OwnedFields {  // what is stored, so that copying the index copies its keys
    std::string transaction_type;
    std::string amount_type;
    std::string amount_description;
  };
  struct FieldsHash {
    using is_transparent = void;
    std::size_t operator()(const Fields& f) const;
    std::size_t operator()(const OwnedFields& f) const;
  };
  struct FieldsEqual {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return a.transaction_type == b.transaction_type && a.amount_type == b.amount_type &&
             a.amount_description == b.amount_description;
    }
  };
  using Lists = std::unordered_map<OwnedFields, std::vector<uint32_t>, FieldsHash, FieldsEqual>;
  Lists triples_;                   // exact triples some rule names
  Lists pairs_;                     // exact pairs some rule names
  std::vector<uint32_t> fallback_;  // rules whose transaction or amount type is not exact
};

}  // namespace fbaflow::settlement
