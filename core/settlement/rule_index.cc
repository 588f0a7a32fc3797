#include "core/settlement/rule_index.h"

#include <algorithm>
#include <array>
#include <functional>
#include <numeric>
#include <tuple>

#include "core/settlement/rule_pattern.h"
#include "core/settlement/rules.h"

namespace fbaflow::settlement {
namespace {

constexpr std::size_t kFields = 4;

std::array<std::string_view, kFields> Fields(const Rule& r) {
  return {r.transaction_type, r.amount_type, r.amount_description, r.marketplace};
}

struct Rank {
  int exact = 0;
  int prefix = 0;
  friend auto operator<=>(const Rank&, const Rank&) = default;
};

Rank RankOf(const Rule& r) {
  Rank rank;
  for (std::string_view f : Fields(r)) {
    const PatternKind kind = KindOf(f);
    if (kind == PatternKind::kExact) ++rank.exact;
    if (kind == PatternKind::kPrefix) ++rank.prefix;
  }
  return rank;
}

std::size_t LiteralLength(const Rule& r) {
  std::size_t n = 0;
  for (std::string_view f : Fields(r)) n += LiteralOf(f).size();
  return n;
}

bool SamePatterns(const Rule& a, const Rule& b) { return Fields(a) == Fields(b); }

bool WithinEveryField(const std::array<std::string_view, kFields>& narrow, const Rule& wide) {
  const auto w = Fields(wide);
  for (std::size_t i = 0; i < kFields; ++i) {
    if (!PatternWithin(narrow[i], w[i])) return false;
  }
  return true;
}

bool Overlap(const Rule& a, const Rule& b) {
  const auto fa = Fields(a);
  const auto fb = Fields(b);
  for (std::size_t i = 0; i < kFields; ++i) {
    if (!PatternsOverlap(fa[i], fb[i])) return false;
  }
  return true;
}

std::string Describe(const std::array<std::string_view, kFields>& f) {
  std::string out;
  for (std::size_t i = 0; i < kFields; ++i) {
    if (i > 0) out += " / ";
    out += f[i];
  }
  return out;
}

bool RuleMatches(const Rule& r, const RuleKey& key) {
  // Most rules differ in the first two fields, so those are tested first.
  return PatternMatches(r.transaction_type, key.transaction_type) &&
         PatternMatches(r.amount_type, key.amount_type) &&
         PatternMatches(r.amount_description, key.amount_description) &&
         PatternMatches(r.marketplace, key.marketplace);
}

}  // namespace

bool RuleBeats(const Rule& a, const Rule& b) {
  const Rank ra = RankOf(a);
  const Rank rb = RankOf(b);
  if (ra != rb) return ra > rb;
  return !SamePatterns(a, b) && WithinEveryField(Fields(a), b);
}

std::vector<RuleConflict> FindRuleConflicts(const std::vector<Rule>& rules) {
  std::vector<RuleConflict> out;
  // Quadratic in the number of rules, cubic only for the rare overlapping pair; rule files hold
  // a few hundred rules at most and are loaded once.
  for (std::size_t j = 0; j < rules.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      const Rule& a = rules[i];
      const Rule& b = rules[j];
      if (SamePatterns(a, b)) {
        out.push_back({b.line, "duplicate rule: the rule at line " + std::to_string(a.line) +
                                   " has the same transaction_type, amount_type, "
                                   "amount_description and marketplace (" +
                                   Describe(Fields(b)) + ")"});
        continue;
      }
      if (!Overlap(a, b) || RuleBeats(a, b) || RuleBeats(b, a)) continue;
      std::array<std::string_view, kFields> overlap;
      const auto fa = Fields(a);
      const auto fb = Fields(b);
      for (std::size_t f = 0; f < kFields; ++f) overlap[f] = PatternIntersection(fa[f], fb[f]);
      const bool covered = std::any_of(rules.begin(), rules.end(), [&](const Rule& c) {
        return WithinEveryField(overlap, c) && RuleBeats(c, a) && RuleBeats(c, b);
      });
      if (covered) continue;
      out.push_back({b.line, "rule ties with the rule at line " + std::to_string(a.line) +
                                 ": both match " + Describe(overlap) +
                                 " with equal specificity; add a more specific rule for those "
                                 "keys or narrow one of the two"});
    }
  }
  return out;
}

std::size_t RuleIndex::FieldsHash::operator()(const Fields& f) const {
  const std::hash<std::string_view> h;
  std::size_t seed = h(f.transaction_type);
  seed ^= h(f.amount_type) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  seed ^= h(f.amount_description) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  return seed;
}

std::size_t RuleIndex::FieldsHash::operator()(const OwnedFields& f) const {
  return (*this)(Fields{f.transaction_type, f.amount_type, f.amount_description});
}

void RuleIndex::Build(const std::vector<Rule>& rules) {
  std::vector<uint32_t> order(rules.size());
  std::iota(order.begin(), order.end(), 0u);
  // Within a rank, a rule inside another has strictly longer literals, so sorting by literal
  // length puts every rule before the rules it beats.
  const auto precedence = [&](uint32_t i) {
    return std::make_tuple(RankOf(rules[i]), LiteralLength(rules[i]), -rules[i].line);
  };
  std::sort(order.begin(), order.end(),
            [&](uint32_t x, uint32_t y) { return precedence(x) > precedence(y); });

  triples_.clear();
  pairs_.clear();
  fallback_.clear();
  for (uint32_t i : order) {
    const Rule& r = rules[i];
    if (KindOf(r.transaction_type) != PatternKind::kExact ||
        KindOf(r.amount_type) != PatternKind::kExact) {
      fallback_.push_back(i);
      continue;
    }
    pairs_.try_emplace({r.transaction_type, r.amount_type, {}});
    if (KindOf(r.amount_description) == PatternKind::kExact) {
      triples_.try_emplace({r.transaction_type, r.amount_type, r.amount_description});
    }
  }
  for (auto& [fields, list] : triples_) {
    for (uint32_t i : order) {
      if (PatternMatches(rules[i].transaction_type, fields.transaction_type) &&
          PatternMatches(rules[i].amount_type, fields.amount_type) &&
          PatternMatches(rules[i].amount_description, fields.amount_description)) {
        list.push_back(i);
      }
    }
  }
  for (auto& [fields, list] : pairs_) {
    for (uint32_t i : order) {
      if (PatternMatches(rules[i].transaction_type, fields.transaction_type) &&
          PatternMatches(rules[i].amount_type, fields.amount_type)) {
        list.push_back(i);
      }
    }
  }
}

const Rule* RuleIndex::Match(const std::vector<Rule>& rules, const RuleKey& key) const {
  // Most keys are named exactly by some rule: only the marketplace is left to check.
  const auto triple =
      triples_.find(Fields{key.transaction_type, key.amount_type, key.amount_description});
  if (triple != triples_.end()) {
    for (uint32_t i : triple->second) {
      if (PatternMatches(rules[i].marketplace, key.marketplace)) return &rules[i];
    }
    return nullptr;
  }
  // Otherwise a rule names the pair and matches the description by a prefix or "*".
  const auto pair = pairs_.find(Fields{key.transaction_type, key.amount_type, {}});
  if (pair != pairs_.end()) {
    for (uint32_t i : pair->second) {
      if (PatternMatches(rules[i].amount_description, key.amount_description) &&
          PatternMatches(rules[i].marketplace, key.marketplace)) {
        return &rules[i];
      }
    }
    return nullptr;
  }
  // A key whose exact pair no rule names can only match a rule with a non-exact first or second
  // field: those are the fallback list.
  for (uint32_t i : fallback_) {
    if (RuleMatches(rules[i], key)) return &rules[i];
  }
  return nullptr;
}

}  // namespace fbaflow::settlement
