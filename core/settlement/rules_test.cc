#include "core/settlement/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace fbaflow::settlement {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::string_view kHeader = R"([ruleset]
name = "test"
description = "rules for tests"
clearing_account = "Clearing"
suspense_account = "Suspense"
rollover_account = "Rollover"
default_tax_code = "NONE"

[accounts]
Clearing = { code = "1000", type = "asset" }
Suspense = { code = "1001", type = "liability" }
Rollover = { code = "1002", type = "asset" }
Sales = { code = "4000", type = "revenue" }
Fees = { code = "5000", type = "expense" }
MCF = { code = "5100", type = "expense" }
Other = { code = "5200", type = "expense" }
Spare = { code = "5300", type = "expense" }
)";

// One [[rule]] block; an empty marketplace leaves the key out (its default is "*").
std::string RuleText(std::string_view tt, std::string_view at, std::string_view ad,
                     std::string_view mp, std::string_view account) {
  std::string out = "\n[[rule]]\ntransaction_type = \"" + std::string(tt) + "\"\namount_type = \"" +
                    std::string(at) + "\"\namount_description = \"" + std::string(ad) + "\"\n";
  if (!mp.empty()) out += "marketplace = \"" + std::string(mp) + "\"\n";
  out += "account = \"" + std::string(account) + "\"\n";
  return out;
}

// The 1-based line of the first line of `text` that contains `needle` (after `from`).
int LineOf(std::string_view text, std::string_view needle, std::size_t from = 0) {
  const std::size_t at = text.find(needle, from);
  EXPECT_NE(at, std::string_view::npos) << needle;
  int line = 1;
  for (std::size_t i = 0; i < at && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

RuleSet Load(const std::string& text) {
  auto result = RuleSet::Parse(text, "test.toml");
  EXPECT_TRUE(result.Ok()) << result.GetStatus().ToString();
  return result.Ok() ? std::move(result).Value() : RuleSet();
}

Status LoadError(const std::string& text) {
  auto result = RuleSet::Parse(text, "test.toml");
  EXPECT_FALSE(result.Ok()) << "loaded unexpectedly:\n" << text;
  if (result.Ok()) return OkStatus();
  EXPECT_EQ(result.GetStatus().Code(), StatusCode::kInvalidArgument);
  return result.GetStatus();
}

std::string Where(int line) { return "test.toml:" + std::to_string(line) + ": "; }

std::string MatchAccount(const RuleSet& rules, std::string_view tt, std::string_view at,
                         std::string_view ad, std::string_view mp = "Amazon.co.uk") {
  const Rule* rule = rules.Match({tt, at, ad, mp});
  return rule == nullptr ? "(unmapped)" : rule->account;
}

// ---- Loading and defaults ----------------------------------------------------------------------

TEST(RuleSetParse, LoadsRulesetAccountsAndRulesWithDefaults) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  text += R"(
[[rule]]
transaction_type = "Order"
amount_type = "ItemFees"
amount_description = "Commission"
marketplace = "Amazon.fr"
account = "Fees"
tax_code = "INPUT2"
owner = "operations"
description = "Seller fees"
)";
  RuleSet rules = Load(text);
  EXPECT_EQ(rules.Name(), "test");
  EXPECT_EQ(rules.Description(), "rules for tests");
  EXPECT_EQ(rules.ClearingAccount(), "Clearing");
  EXPECT_EQ(rules.SuspenseAccount(), "Suspense");
  EXPECT_EQ(rules.RolloverAccount(), "Rollover");
  EXPECT_EQ(rules.DefaultTaxCode(), "NONE");
  ASSERT_EQ(rules.Rules().size(), 2u);

  const Rule& sales = rules.Rules()[0];
  EXPECT_EQ(sales.marketplace, "*");
  EXPECT_EQ(sales.tax_code, "NONE");  // the ruleset's default
  EXPECT_EQ(sales.owner, Owner::kFinance);
  EXPECT_EQ(sales.description, "");
  EXPECT_EQ(sales.line, LineOf(text, "[[rule]]"));

  const Rule& fees = rules.Rules()[1];
  EXPECT_EQ(fees.marketplace, "Amazon.fr");
  EXPECT_EQ(fees.tax_code, "INPUT2");
  EXPECT_EQ(fees.owner, Owner::kOperations);
  EXPECT_EQ(fees.description, "Seller fees");

  // Accounts keep file order, codes and types.
  ASSERT_EQ(rules.Accounts().size(), 8u);
  EXPECT_EQ(rules.Accounts()[0].name, "Clearing");
  EXPECT_EQ(rules.Accounts()[3].name, "Sales");
  const Account* account = rules.FindAccount("Fees");
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(account->code, "5000");
  EXPECT_EQ(account->type, "expense");
  EXPECT_EQ(account->line, LineOf(text, "Fees = {"));
  EXPECT_EQ(rules.FindAccount("Nope"), nullptr);
}

TEST(RuleSetParse, DefaultTaxCodeIsNoneWhenOmittedAndAccountsMayBeTables) {
  const std::string text = R"([ruleset]
name = "short"
clearing_account = "Clearing"
suspense_account = "Suspense"
rollover_account = "Rollover"

[accounts.Clearing]
type = "asset"
[accounts.Suspense]
type = "asset"
[accounts.Rollover]
type = "asset"
[accounts."Amazon Sales"]
code = "4000"
type = "revenue"

[[rule]]
transaction_type = "Order"
amount_type = "ItemPrice"
amount_description = "Principal"
account = "Amazon Sales"
)";
  RuleSet rules = Load(text);
  EXPECT_EQ(rules.DefaultTaxCode(), "NONE");
  EXPECT_EQ(rules.Rules()[0].tax_code, "NONE");
  EXPECT_EQ(rules.FindAccount("Clearing")->code, "");  // codes are optional
  EXPECT_EQ(rules.FindAccount("Amazon Sales")->code, "4000");
}

TEST(OwnerName, NamesEveryOwner) {
  EXPECT_EQ(OwnerName(Owner::kFinance), "finance");
  EXPECT_EQ(OwnerName(Owner::kOperations), "operations");
  EXPECT_EQ(OwnerName(Owner::kEcommerce), "ecommerce");
}

// ---- Precedence --------------------------------------------------------------------------------

TEST(RuleSetMatch, ExactBeatsPrefixBeatsAny) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemFees", "*", "", "Other");
  text += RuleText("Order", "ItemFees", "FBA*", "", "Fees");
  text += RuleText("Order", "ItemFees", "FBAPerUnitFulfillmentFee", "", "MCF");
  RuleSet rules = Load(text);
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", "FBAPerUnitFulfillmentFee"), "MCF");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", "FBAWeightBasedFee"), "Fees");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", "Commission"), "Other");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", ""), "Other");  // "*" matches empty too
  EXPECT_EQ(MatchAccount(rules, "Refund", "ItemFees", "Commission"), "(unmapped)");
}

TEST(RuleSetMatch, LongerPrefixBeatsShorterPrefix) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemWithheldTax", "Marketplace*", "", "Other");
  text += RuleText("Order", "ItemWithheldTax", "MarketplaceFacilitatorVAT-*", "", "Fees");
  RuleSet rules = Load(text);
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemWithheldTax", "MarketplaceFacilitatorVAT-Principal"),
            "Fees");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal"),
            "Other");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemWithheldTax", "Marketplac"), "(unmapped)");
}

TEST(RuleSetMatch, MarketplaceSpecificRuleBeatsGenericOne) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  text += RuleText("Order", "ItemPrice", "Principal", "Non-Amazon*", "MCF");
  text += RuleText("Order", "ItemPrice", "Principal", "Non-Amazon UK", "Other");
  RuleSet rules = Load(text);
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemPrice", "Principal", "Amazon.co.uk"), "Sales");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemPrice", "Principal", ""), "Sales");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemPrice", "Principal", "Non-Amazon CA"), "MCF");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemPrice", "Principal", "Non-Amazon UK"), "Other");
}

TEST(RuleSetMatch, MoreExactFieldsWinsBetweenIncomparableRules) {
  // Neither rule lies inside the other; the one with more exact fields wins where both match.
  std::string text(kHeader);
  text += RuleText("Order", "*", "Principal", "", "Other");             // 2 exact
  text += RuleText("Order", "ItemPrice", "*", "Amazon*", "Sales");      // 2 exact, 1 prefix
  text += RuleText("*", "ItemPrice", "Principal", "Amazon.fr", "MCF");  // 3 exact
  RuleSet rules = Load(text);
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemPrice", "Principal", "Amazon.co.uk"), "Sales");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemPrice", "Principal", "Amazon.fr"), "MCF");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemPrice", "Principal", "Non-Amazon UK"), "Other");
  EXPECT_EQ(MatchAccount(rules, "Refund", "ItemPrice", "Principal", "Amazon.fr"), "MCF");
  EXPECT_EQ(MatchAccount(rules, "Refund", "ItemPrice", "Principal", "Amazon.de"), "(unmapped)");
}

TEST(RuleSetMatch, RuleOrderInTheFileDoesNotChangeTheResult) {
  const std::string blocks[] = {
      RuleText("Order", "ItemFees", "*", "", "Other"),
      RuleText("Order", "ItemFees", "FBA*", "", "Fees"),
      RuleText("Order", "ItemFees", "FBAPerUnitFulfillmentFee", "Non-Amazon*", "MCF"),
      RuleText("*", "ItemFees", "FBAPerUnitFulfillmentFee", "", "Spare"),
  };
  std::string forward(kHeader);
  std::string backward(kHeader);
  for (int i = 0; i < 4; ++i) {
    forward += blocks[i];
    backward += blocks[3 - i];
  }
  for (const std::string& text : {forward, backward}) {
    RuleSet rules = Load(text);
    EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", "FBAPerUnitFulfillmentFee", "Non-Amazon UK"),
              "MCF");
    // Rules 1 and 4 tie on Order / ItemFees / FBAPerUnitFulfillmentFee; rule 2 covers that.
    EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", "FBAPerUnitFulfillmentFee"), "Fees");
    EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", "FBAWeightBasedFee"), "Fees");
    EXPECT_EQ(MatchAccount(rules, "Refund", "ItemFees", "FBAPerUnitFulfillmentFee"), "Spare");
    EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", "Commission"), "Other");
  }
}

TEST(RuleSetMatch, WildcardTransactionTypesAreFoundForUnnamedTypes) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  text += RuleText("Chargeback*", "ItemPrice", "*", "", "Other");
  text += RuleText("*", "other-amount", "*", "", "Fees");
  RuleSet rules = Load(text);
  EXPECT_EQ(MatchAccount(rules, "Chargeback Refund", "ItemPrice", "Principal"), "Other");
  EXPECT_EQ(MatchAccount(rules, "Storage Fee", "other-amount", ""), "Fees");
  EXPECT_EQ(MatchAccount(rules, "Order", "other-amount", ""), "Fees");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemPrice", "Tax"), "(unmapped)");
  EXPECT_EQ(MatchAccount(rules, "Storage Fee", "ItemPrice", "Principal"), "(unmapped)");
}

TEST(RuleSetMatch, ReturnsTheRuleItself) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  RuleSet rules = Load(text);
  const Rule* rule = rules.Match({"Order", "ItemPrice", "Principal", "Amazon.de"});
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule, &rules.Rules()[0]);
  // A copied RuleSet matches into its own rules.
  RuleSet copy = rules;
  EXPECT_EQ(copy.Match({"Order", "ItemPrice", "Principal", "Amazon.de"}), &copy.Rules()[0]);
}

// ---- Ties and duplicates -----------------------------------------------------------------------

TEST(RuleSetTies, EqualSpecificityOverlapIsALoadError) {
  std::string text(kHeader);
  text += RuleText("Order", "*", "Principal", "", "Sales");
  text += RuleText("Order", "ItemPrice", "*", "", "Other");
  const Status s = LoadError(text);
  const int first = LineOf(text, "[[rule]]");
  const int second = LineOf(text, "[[rule]]", text.find("[[rule]]") + 1);
  EXPECT_THAT(s.Message(), StartsWith(Where(second) + "rule ties with the rule at line " +
                                      std::to_string(first)));
  EXPECT_THAT(s.Message(), HasSubstr("Order / ItemPrice / Principal / *"));
}

TEST(RuleSetTies, AMoreSpecificRuleCoveringTheWholeOverlapResolvesATie) {
  std::string text(kHeader);
  text += RuleText("Order", "*", "Principal", "", "Sales");
  text += RuleText("Order", "ItemPrice", "*", "", "Other");
  text += RuleText("Order", "ItemPrice", "Principal", "", "Fees");
  RuleSet rules = Load(text);
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemPrice", "Principal"), "Fees");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemPrice", "Tax"), "Other");
  EXPECT_EQ(MatchAccount(rules, "Order", "Promotion", "Principal"), "Sales");
}

TEST(RuleSetTies, ARuleCoveringOnlyPartOfTheOverlapDoesNot) {
  std::string text(kHeader);
  text += RuleText("Order", "*", "Principal", "", "Sales");
  text += RuleText("Order", "ItemPrice", "*", "", "Other");
  text += RuleText("Order", "ItemPrice", "Principal", "Amazon.fr", "Fees");
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), HasSubstr("rule ties with the rule at line"));
}

TEST(RuleSetTies, PrefixPatternsCanTie) {
  std::string text(kHeader);
  text += RuleText("Order", "Item*", "Commission", "", "Sales");
  text += RuleText("Order", "ItemFees", "Comm*", "", "Other");
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), HasSubstr("both match Order / ItemFees / Commission / *"));
}

TEST(RuleSetTies, EqualSpecificityWithoutOverlapIsFine) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemFees", "FBA*", "", "Fees");
  text += RuleText("Order", "ItemFees", "Comm*", "", "Other");
  text += RuleText("Order", "ItemFees", "*", "Amazon.fr", "Sales");
  text += RuleText("Order", "ItemFees", "*", "Amazon.de", "Sales");
  RuleSet rules = Load(text);
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", "Commission", "Amazon.co.uk"), "Other");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", "Commission", "Amazon.fr"), "Sales");
  EXPECT_EQ(MatchAccount(rules, "Order", "ItemFees", "Refund", "Amazon.de"), "Sales");
}

TEST(RuleSetTies, IdenticalPatternsAreADuplicateRule) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  text += RuleText("Order", "ItemPrice", "Principal", "*", "Other");  // "*" is the default
  const Status s = LoadError(text);
  const int first = LineOf(text, "[[rule]]");
  const int second = LineOf(text, "[[rule]]", text.find("[[rule]]") + 1);
  EXPECT_THAT(s.Message(), StartsWith(Where(second) + "duplicate rule: the rule at line " +
                                      std::to_string(first)));
  EXPECT_THAT(s.Message(), HasSubstr("Order / ItemPrice / Principal / *"));
}

// ---- Validation --------------------------------------------------------------------------------

TEST(RuleSetValidation, TomlSyntaxErrorNamesLineAndColumn) {
  std::string text(kHeader);
  text += "\n[[rule]]\ntransaction_type = \"Order\nbroken = 1\n";
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(),
              StartsWith("test.toml:" + std::to_string(LineOf(text, "transaction_type")) + ":"));
  EXPECT_THAT(s.Message(), HasSubstr("TOML syntax error"));
}

TEST(RuleSetValidation, DuplicateTomlKeyIsASyntaxError) {
  std::string text(kHeader);
  text += "Sales = { code = \"4001\", type = \"revenue\" }\n";
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), StartsWith("test.toml:" + std::to_string(LineOf(text, "4001")) + ":"));
}

TEST(RuleSetValidation, UnknownTopLevelTableIsNamedWithASuggestion) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  text += "\n[[rules]]\ntransaction_type = \"Order\"\n";
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "[[rules]]")) +
                                     "unknown key \"rules\" in the top level (did you mean "
                                     "\"rule\"?)"));
}

TEST(RuleSetValidation, MisspeltAccountsTableIsUnknownAndAccountsAreMissing) {
  std::string text(kHeader);
  text.replace(text.find("[accounts]"), 10, "[acounts]");
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "[acounts]")) +
                                     "unknown key \"acounts\" in the top level (did you mean "
                                     "\"accounts\"?)"));
  EXPECT_THAT(s.Message(),
              HasSubstr("an [accounts] table defining at least one account is required"));
}

TEST(RuleSetValidation, UnknownKeysInRulesetAccountsAndRules) {
  std::string text(kHeader);
  text.replace(text.find("default_tax_code"), 16, "default_taxcode");
  text.replace(text.find("type = \"revenue\""), 16, "kind = \"revenue\"");
  text += R"(
[[rule]]
transaction-type = "Order"
amount_type = "ItemPrice"
amount_description = "Principal"
account = "Sales"
)";
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "default_taxcode")) +
                                     "unknown key \"default_taxcode\" in [ruleset] (did you mean "
                                     "\"default_tax_code\"?)"));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "kind = ")) +
                                     "unknown key \"kind\" in account \"Sales\""));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "kind = ")) +
                                     "account \"Sales\" is missing the required key \"type\""));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "transaction-type")) +
                                     "unknown key \"transaction-type\" in [[rule]] (did you mean "
                                     "\"transaction_type\"?)"));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "[[rule]]")) +
                                     "[[rule]] is missing the required key \"transaction_type\""));
}

TEST(RuleSetValidation, EachRequiredRuleKeyIsReportedMissing) {
  for (std::string_view key :
       {"transaction_type", "amount_type", "amount_description", "account"}) {
    std::string text(kHeader);
    std::string rule = RuleText("Order", "ItemPrice", "Principal", "", "Sales");
    const std::size_t at = rule.find(std::string(key) + " = ");
    rule.erase(at, rule.find('\n', at) - at + 1);
    text += RuleText("Order", "ItemFees", "Commission", "", "Fees") + rule;
    const Status s = LoadError(text);
    const int line = LineOf(text, "[[rule]]", text.rfind("[[rule]]"));
    EXPECT_THAT(s.Message(), StartsWith(Where(line) + "[[rule]] is missing the required key \"" +
                                        std::string(key) + "\""));
  }
}

TEST(RuleSetValidation, UndefinedAccountsAreErrors) {
  std::string text(kHeader);
  text.replace(text.find("rollover_account = \"Rollover\""), 29,
               "rollover_account = \"Rollovers\"");
  text += RuleText("Order", "ItemPrice", "Principal", "", "Amazon Sale");
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(),
              HasSubstr(Where(LineOf(text, "rollover_account")) +
                        "rollover_account \"Rollovers\" is not defined in [accounts]"));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "Amazon Sale\"")) +
                                     "account \"Amazon Sale\" is not defined in [accounts]"));
}

TEST(RuleSetValidation, RulesMayNotPostToClearingSuspenseOrRollover) {
  for (std::string_view account : {"Clearing", "Suspense", "Rollover"}) {
    std::string text(kHeader);
    text += RuleText("Order", "ItemPrice", "Principal", "", account);
    const Status s = LoadError(text);
    EXPECT_THAT(s.Message(), StartsWith(Where(LineOf(text, "account = \"", text.find("[[rule]]"))) +
                                        "a rule may not post to \"" + std::string(account) + "\""));
  }
}

TEST(RuleSetValidation, ClearingSuspenseAndRolloverMustDiffer) {
  std::string text(kHeader);
  text.replace(text.find("suspense_account = \"Suspense\""), 29, "suspense_account = \"Clearing\"");
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(),
              HasSubstr(Where(LineOf(text, "suspense_account")) +
                        "suspense_account and clearing_account must be different accounts"));
}

TEST(RuleSetValidation, BadOwnerAndBadAccountType) {
  std::string text(kHeader);
  text.replace(text.find("type = \"expense\""), 16, "type = \"expenses\"");
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  text.insert(text.rfind("account = "), "owner = \"accounts\"\n");
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "\"expenses\"")) +
                                     "account \"Fees\": bad account type \"expenses\" (expected "
                                     "revenue, expense, asset, liability or equity)"));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "owner = ")) +
                                     "bad owner \"accounts\" (expected finance, operations or "
                                     "ecommerce)"));
}

TEST(RuleSetValidation, EmptyAndMalformedPatterns) {
  std::string text(kHeader);
  text += RuleText("Order", "", "Principal", "", "Sales");
  text += RuleText("Order", "ItemFees", "FBA*Fee", "", "Fees");
  text += RuleText("Order", "ItemFees", "**", "", "Fees");
  text += RuleText("Order", "ItemFees", "Commission ", "", "Fees");
  text += RuleText("Order", "ItemFees", "Commission", " Amazon.fr", "Fees");
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "amount_type = \"\"")) +
                                     "\"amount_type\": empty pattern"));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "FBA*Fee")) +
                                     "\"amount_description\": pattern \"FBA*Fee\" has a '*' "
                                     "before its end"));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "\"**\"")) +
                                     "\"amount_description\": pattern \"**\" has a '*' before"));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "\"Commission \"")) +
                                     "\"amount_description\": pattern \"Commission \" has "
                                     "leading or trailing spaces"));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "\" Amazon.fr\"")) + "\"marketplace\""));
}

TEST(RuleSetValidation, DuplicateAccountCodes) {
  std::string text(kHeader);
  text.replace(text.find("code = \"5300\""), 13, "code = \"5000\"");
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), StartsWith(Where(LineOf(text, "Spare = ")) +
                                      "duplicate account code \"5000\": account \"Spare\" and the "
                                      "account at line " +
                                      std::to_string(LineOf(text, "Fees = ")) + " both use it"));
}

TEST(RuleSetValidation, ValuesMustBeStringsAndAccountsTables) {
  std::string text(kHeader);
  text += "Bare = \"4000\"\n";
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  text.insert(text.rfind("account = "), "tax_code = 20\n");
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "Bare = ")) +
                                     "account \"Bare\" must be a table like { code = \"4000\", "
                                     "type = \"revenue\" }"));
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "tax_code = 20")) +
                                     "\"tax_code\" in [[rule]] must be a string"));
  EXPECT_THAT(s.Message(), HasSubstr("must be a string"));
}

TEST(RuleSetValidation, MissingRulesetAndRules) {
  const std::string text = R"([accounts]
Sales = { code = "4000", type = "revenue" }
)";
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), HasSubstr("test.toml:1: a [ruleset] table is required"));
  EXPECT_THAT(s.Message(), HasSubstr("test.toml:1: no [[rule]] entries"));
}

TEST(RuleSetValidation, RuleWrittenAsASingleTable) {
  std::string text(kHeader);
  text += "\n[rule]\ntransaction_type = \"Order\"\n";
  const Status s = LoadError(text);
  EXPECT_THAT(s.Message(), HasSubstr(Where(LineOf(text, "[rule]")) +
                                     "\"rule\" must be an array of tables: write each rule as "
                                     "[[rule]]"));
}

TEST(RuleSetValidation, ReportsEveryErrorSortedByLine) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemPrice", "Principal", "", "Nope");
  text += RuleText("Order", "ItemPrice", "Tax*x", "", "Sales");
  text.replace(text.find("name = \"test\""), 13, "nam = \"test\"");
  const Status s = LoadError(text);
  const std::string& m = s.Message();
  const std::size_t a = m.find(Where(1) + "[ruleset] is missing the required key \"name\"");
  const std::size_t b = m.find(Where(LineOf(text, "nam = ")) + "unknown key \"nam\"");
  const std::size_t c = m.find(Where(LineOf(text, "\"Nope\"")) + "account \"Nope\"");
  const std::size_t d = m.find(Where(LineOf(text, "Tax*x")) + "\"amount_description\"");
  ASSERT_NE(a, std::string::npos) << m;
  ASSERT_NE(b, std::string::npos) << m;
  ASSERT_NE(c, std::string::npos) << m;
  ASSERT_NE(d, std::string::npos) << m;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(c, d);
}

TEST(RuleSetValidation, EmptySourceNameStillNamesTheFile) {
  auto result = RuleSet::Parse("[ruleset]\nname = 1\n", "");
  ASSERT_FALSE(result.Ok());
  EXPECT_THAT(result.GetStatus().Message(), StartsWith("<rules>:1: "));
  EXPECT_THAT(result.GetStatus().Message(),
              HasSubstr("<rules>:2: \"name\" in [ruleset] must be a string"));
}

// ---- Robustness and documentation ------------------------------------------------------------

TEST(RuleSetParse, EveryTruncationOfAFileFailsCleanlyOrLoads) {
  // Cutting a valid file anywhere must give a clear error naming the file (or, at a rule
  // boundary, a smaller valid file), never a crash: the fuzz target explores further.
  std::string text(kHeader);
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  text += RuleText("Order", "ItemFees", "FBA*", "Non-Amazon*", "MCF");
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    auto result = RuleSet::Parse(std::string_view(text).substr(0, cut), "cut.toml");
    if (result.Ok()) continue;
    EXPECT_EQ(result.GetStatus().Code(), StatusCode::kInvalidArgument) << cut;
    EXPECT_THAT(result.GetStatus().Message(), StartsWith("cut.toml:")) << cut;
  }
  for (const std::string_view garbage :
       {std::string_view("\0\xff\xfe[[[", 6), std::string_view("\xef\xbb\xbf[ruleset]\n"),
        std::string_view("rule = 5"), std::string_view("[[rule]]\n[[rule]]\n")}) {
    auto result = RuleSet::Parse(garbage, "junk.toml");
    ASSERT_FALSE(result.Ok());
    EXPECT_THAT(result.GetStatus().Message(), StartsWith("junk.toml:"));
  }
}

TEST(RuleSetParse, TheExampleInDocsLoadsAndMatchesAsDocumented) {
  std::ifstream in(std::string(FBAFLOW_SOURCE_DIR) + "/docs/rules.md");
  ASSERT_TRUE(in) << "docs/rules.md";
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string doc = buffer.str();
  const std::size_t start = doc.find("```toml\n");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = doc.find("```", start + 8);
  ASSERT_NE(end, std::string::npos);
  auto rules = RuleSet::Parse(doc.substr(start + 8, end - start - 8), "docs/rules.md");
  ASSERT_TRUE(rules.Ok()) << rules.GetStatus().ToString();
  EXPECT_EQ(MatchAccount(*rules, "Order", "ItemPrice", "Principal", "Amazon.co.uk"),
            "Amazon Sales");
  EXPECT_EQ(MatchAccount(*rules, "Order", "ItemPrice", "Principal", "Non-Amazon UK"),
            "Amazon MCF Fees");
  EXPECT_EQ(MatchAccount(*rules, "Order", "ItemWithheldTax", "MarketplaceFacilitatorVAT-Shipping"),
            "Amazon Sales VAT");
  EXPECT_EQ(MatchAccount(*rules, "Order", "ItemFees", "FBAWeightBasedFee"), "Amazon FBA Fees");
  EXPECT_EQ(MatchAccount(*rules, "Order", "ItemFees", "Commission"), "Amazon Seller Fees");
  EXPECT_EQ(MatchAccount(*rules, "Order", "ItemFees", "NewFee"), "(unmapped)");
  EXPECT_EQ(rules->Rules()[2].tax_code, "NONE");  // the default_tax_code
}

// ---- Rollover account --------------------------------------------------------------------------

TEST(RuleSetRollover, CanBeReplacedByAnotherDefinedAccount) {
  std::string text(kHeader);
  text += RuleText("Order", "ItemPrice", "Principal", "", "Sales");
  RuleSet rules = Load(text);
  ASSERT_TRUE(rules.SetRolloverAccount("Spare").Ok());
  EXPECT_EQ(rules.RolloverAccount(), "Spare");

  const Status undefined = rules.SetRolloverAccount("Nope");
  EXPECT_EQ(undefined.Code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(undefined.Message(), HasSubstr("\"Nope\" is not defined"));
  EXPECT_THAT(rules.SetRolloverAccount("Clearing").Message(),
              HasSubstr("must differ from the clearing and suspense accounts"));
  EXPECT_THAT(rules.SetRolloverAccount("Sales").Message(),
              HasSubstr("is an account rules post to"));
  EXPECT_EQ(rules.RolloverAccount(), "Spare");  // failures change nothing
}

}  // namespace
}  // namespace fbaflow::settlement
