// Property test of matching: for random rule sets, whenever a set loads, every key has exactly
// one rule that beats all other matching rules, and Match returns that rule.

#include "core/settlement/rule_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/settlement/rule_pattern.h"
#include "core/settlement/rules.h"

namespace fbaflow::settlement {
namespace {

constexpr std::string_view kHeader = R"([ruleset]
name = "random"
clearing_account = "Clearing"
suspense_account = "Suspense"
rollover_account = "Rollover"
[accounts]
Clearing = { type = "asset" }
Suspense = { type = "asset" }
Rollover = { type = "asset" }
)";

// Small alphabets so that random rules overlap often.
const std::vector<std::string> kTransactionPatterns = {"Order", "Refund", "Other",
                                                       "*",     "O*",     "Or*"};
const std::vector<std::string> kAmountTypePatterns = {"ItemPrice", "ItemFees", "*", "Item*",
                                                      "ItemF*"};
const std::vector<std::string> kDescriptionPatterns = {"Principal", "Tax", "*", "P*", "Pri*", "T*"};
const std::vector<std::string> kMarketplacePatterns = {"*", "Amazon.fr", "Amazon*", "Non-Amazon*"};

const std::vector<std::string> kTransactionValues = {"Order", "Refund", "Other", "Ox", ""};
const std::vector<std::string> kAmountTypeValues = {"ItemPrice", "ItemFees", "ItemX", "Fees"};
const std::vector<std::string> kDescriptionValues = {"Principal", "Prize", "Tax", "Tip", "X", ""};
const std::vector<std::string> kMarketplaceValues = {"Amazon.fr", "Amazon.de", "Non-Amazon UK", ""};

// The winner by definition: the one matching rule that beats every other matching rule.
const Rule* Reference(const std::vector<Rule>& rules, const RuleKey& key, int* winners) {
  std::vector<const Rule*> matching;
  for (const Rule& r : rules) {
    if (PatternMatches(r.transaction_type, key.transaction_type) &&
        PatternMatches(r.amount_type, key.amount_type) &&
        PatternMatches(r.amount_description, key.amount_description) &&
        PatternMatches(r.marketplace, key.marketplace)) {
      matching.push_back(&r);
    }
  }
  const Rule* winner = nullptr;
  *winners = 0;
  for (const Rule* candidate : matching) {
    bool beats_all = true;
    for (const Rule* other : matching) {
      if (other != candidate && !RuleBeats(*candidate, *other)) beats_all = false;
    }
    if (beats_all) {
      winner = candidate;
      ++*winners;
    }
  }
  return winner;
}

TEST(RuleIndex, MatchAgreesWithTheDefinitionOnRandomRuleSets) {
  std::mt19937 rng(20241115);
  const auto pick = [&](const std::vector<std::string>& from) -> const std::string& {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
  };
  int loaded = 0;
  int refused = 0;
  int keys_checked = 0;
  for (int round = 0; round < 400; ++round) {
    std::string text(kHeader);
    const int accounts = 4;
    for (int a = 0; a < accounts; ++a) {
      text += "A" + std::to_string(a) + " = { type = \"expense\" }\n";
    }
    const int rule_count = std::uniform_int_distribution<int>(1, 9)(rng);
    for (int i = 0; i < rule_count; ++i) {
      text += "[[rule]]\ntransaction_type = \"" + pick(kTransactionPatterns) +
              "\"\namount_type = \"" + pick(kAmountTypePatterns) + "\"\namount_description = \"" +
              pick(kDescriptionPatterns) + "\"\nmarketplace = \"" + pick(kMarketplacePatterns) +
              "\"\naccount = \"A" + std::to_string(i % accounts) + "\"\n";
    }
    auto rules = RuleSet::Parse(text, "random.toml");
    if (!rules.Ok()) {
      // Only ties and duplicates can be wrong with these rules.
      EXPECT_THAT(rules.GetStatus().Message(),
                  ::testing::AnyOf(::testing::HasSubstr("rule ties with"),
                                   ::testing::HasSubstr("duplicate rule")))
          << rules.GetStatus().Message();
      ++refused;
      continue;
    }
    ++loaded;
    for (const std::string& tt : kTransactionValues) {
      for (const std::string& at : kAmountTypeValues) {
        for (const std::string& ad : kDescriptionValues) {
          for (const std::string& mp : kMarketplaceValues) {
            const RuleKey key{tt, at, ad, mp};
            int winners = 0;
            const Rule* expected = Reference(rules->Rules(), key, &winners);
            EXPECT_LE(winners, 1) << "a loaded set has a tie for " << tt << "/" << at << "/" << ad
                                  << "/" << mp << "\n"
                                  << text;
            EXPECT_EQ(rules->Match(key), expected)
                << tt << "/" << at << "/" << ad << "/" << mp << "\n"
                << text;
            ++keys_checked;
          }
        }
      }
    }
  }
  // The generator must exercise both outcomes, or the test proves little.
  EXPECT_GT(loaded, 100);
  EXPECT_GT(refused, 20);
  EXPECT_GT(keys_checked, 100 * 480);
}

TEST(RuleIndex, RuleBeatsIsTheDocumentedOrder) {
  const auto rule = [](std::string tt, std::string at, std::string ad, std::string mp) {
    Rule r;
    r.transaction_type = std::move(tt);
    r.amount_type = std::move(at);
    r.amount_description = std::move(ad);
    r.marketplace = std::move(mp);
    return r;
  };
  const Rule exact3 = rule("Order", "ItemFees", "Commission", "*");
  const Rule exact2prefix = rule("Order", "ItemFees", "Comm*", "*");
  const Rule exact2prefix_longer = rule("Order", "ItemFees", "Commis*", "*");
  const Rule exact2 = rule("Order", "ItemFees", "*", "*");
  const Rule mcf = rule("Order", "ItemFees", "Commission", "Non-Amazon*");
  EXPECT_TRUE(RuleBeats(exact3, exact2prefix));
  EXPECT_TRUE(RuleBeats(exact2prefix, exact2));
  EXPECT_TRUE(RuleBeats(exact2prefix_longer, exact2prefix));
  EXPECT_TRUE(RuleBeats(mcf, exact3));
  EXPECT_FALSE(RuleBeats(exact2, exact2prefix));
  EXPECT_FALSE(RuleBeats(exact3, exact3));
  // Incomparable field by field: more exact fields win.
  EXPECT_TRUE(RuleBeats(rule("Order", "*", "Commission", "Amazon.fr"),
                        rule("Order", "ItemFees", "Comm*", "*")));
  // Same counts, neither inside the other: no winner (a tie if they overlap).
  EXPECT_FALSE(
      RuleBeats(rule("Order", "*", "Commission", "*"), rule("Order", "ItemFees", "*", "*")));
  EXPECT_FALSE(
      RuleBeats(rule("Order", "ItemFees", "*", "*"), rule("Order", "*", "Commission", "*")));
}

TEST(RuleIndex, ConflictsNameTheLaterRuleAndTheOverlap) {
  const auto rule = [](std::string tt, std::string at, std::string ad, int line) {
    Rule r;
    r.transaction_type = std::move(tt);
    r.amount_type = std::move(at);
    r.amount_description = std::move(ad);
    r.line = line;
    return r;
  };
  const std::vector<Rule> rules = {rule("Order", "*", "Prin*", 10), rule("Order", "Item*", "*", 20),
                                   rule("Order", "Item*", "*", 30)};
  const auto conflicts = FindRuleConflicts(rules);
  ASSERT_EQ(conflicts.size(), 3u);
  EXPECT_EQ(conflicts[0].line, 20);
  EXPECT_THAT(conflicts[0].message,
              ::testing::HasSubstr("line 10: both match Order / Item* / Prin* / *"));
  EXPECT_EQ(conflicts[1].line, 30);
  EXPECT_THAT(conflicts[1].message, ::testing::HasSubstr("line 10"));
  EXPECT_EQ(conflicts[2].line, 30);
  EXPECT_THAT(conflicts[2].message, ::testing::StartsWith("duplicate rule: the rule at line 20"));
}

}  // namespace
}  // namespace fbaflow::settlement
