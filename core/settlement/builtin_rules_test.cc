// The built-in rule sets: they load, they map every key seen in real settlement files, and they
// leave unknown keys unmapped so those hold the settlement.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/settlement/rule_pattern.h"
#include "core/settlement/rules.h"

namespace fbaflow::settlement {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Views of string literals (or of an OwnedKey): the key lists below are constant data, so the
// compiler builds no std::string for them (an initializer list of strings compiled for a minute).
struct Key {
  std::string_view transaction_type;
  std::string_view amount_type;
  std::string_view amount_description;
  friend auto operator<=>(const Key&, const Key&) = default;
};

struct OwnedKey {
  std::string transaction_type;
  std::string amount_type;
  std::string amount_description;
  Key View() const { return {transaction_type, amount_type, amount_description}; }
};

// Every key of ../shared/reference/settlement-observed-values.tsv, written out so that a checkout
// without that folder still checks coverage. Legacy keys are (transaction-type, the legacy column
// that names the kind, its value); rows with only other-amount have an empty value.
constexpr Key kObservedKeys[] = {
    // V2
    {"Order", "ItemPrice", "Principal"},
    {"Order", "ItemPrice", "Tax"},
    {"Order", "ItemFees", "FBAPerUnitFulfillmentFee"},
    {"Order", "ItemFees", "Commission"},
    {"Order", "ItemFees", "DigitalServicesFee"},
    {"Refund", "ItemPrice", "Tax"},
    {"Refund", "ItemPrice", "Principal"},
    {"Refund", "ItemFees", "Commission"},
    {"Refund", "ItemFees", "RefundCommission"},
    {"Refund", "ItemFees", "DigitalServicesFee"},
    {"other-transaction", "other-transaction", "Previous Reserve Amount Balance"},
    {"Order", "ItemPrice", "Shipping"},
    {"Order", "ItemPrice", "ShippingTax"},
    {"Order", "Promotion", "Shipping"},
    {"Order", "Promotion", "TaxDiscount"},
    {"other-transaction", "other-transaction", "RemovalComplete"},
    {"other-transaction", "FBA Inventory Reimbursement", "REVERSAL_REIMBURSEMENT"},
    {"other-transaction", "other-transaction", "Current Reserve Amount"},
    {"Order", "ItemWithheldTax", "MarketplaceFacilitatorVAT-Shipping"},
    {"Order", "ItemWithheldTax", "MarketplaceFacilitatorVAT-Principal"},
    {"Order", "ItemFees", "ShippingChargeback"},
    {"Refund", "ItemPrice", "ShippingTax"},
    {"Refund", "ItemPrice", "Shipping"},
    {"Refund", "ItemWithheldTax", "MarketplaceFacilitatorVAT-Shipping"},
    {"Refund", "ItemWithheldTax", "MarketplaceFacilitatorVAT-Principal"},
    {"Refund", "ItemFees", "ShippingChargeback"},
    {"Order", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal"},
    // Legacy
    {"Order", "price-type", "Principal"},
    {"Order", "item-related-fee-type", "FBAPerUnitFulfillmentFee"},
    {"Order", "item-related-fee-type", "Commission"},
    {"Order", "price-type", "Shipping"},
    {"Order", "promotion-type", "Shipping"},
    {"Order", "item-related-fee-type", "ShippingChargeback"},
    {"Order", "shipment-fee-type", "FBA transportation fee"},
    {"ServiceFee", "item-related-fee-type", "Cost of Advertising"},
    {"ServiceFee", "other-fee-reason-description", "TaxAmount"},
    {"Refund", "price-type", "Principal"},
    {"Refund", "item-related-fee-type", "Commission"},
    {"Refund", "item-related-fee-type", "RefundCommission"},
    {"REVERSAL_REIMBURSEMENT", "other-amount", ""},
    {"Refund", "price-type", "Shipping"},
    {"Refund", "promotion-type", "Shipping"},
    {"Storage Fee", "other-amount", ""},
    {"Subscription Fee", "other-amount", ""},
    {"WAREHOUSE_DAMAGE", "other-amount", ""},
};

// Marketplace names a row of those keys may carry (other-transaction rows often have none).
const char* const kMarketplaces[] = {"Amazon.co.uk", "Amazon.fr", "Amazon.de",
                                     "Amazon.com",   "Amazon.ca", ""};

struct Builtin {
  std::string name;
  std::string tax_account;
  std::set<std::string> tax_codes;
};

const Builtin kBuiltins[] = {
    {"uk-eu-vat", "Amazon Sales VAT", {"OUTPUT2", "INPUT2", "NONE"}},
    {"us-sales-tax", "Amazon Sales Tax", {"TAX", "NONE"}},
};

void PrintTo(const Builtin& builtin, std::ostream* os) { *os << builtin.name; }

RuleSet LoadBuiltin(const std::string& name) {
  auto rules = RuleSet::Builtin(name);
  EXPECT_TRUE(rules.Ok()) << rules.GetStatus().ToString();
  return rules.Ok() ? std::move(rules).Value() : RuleSet();
}

std::string AccountFor(const RuleSet& rules, const Key& key, std::string_view marketplace) {
  const Rule* rule =
      rules.Match({key.transaction_type, key.amount_type, key.amount_description, marketplace});
  return rule == nullptr ? "(unmapped)" : rule->account;
}

// The observed-values file, V2 and legacy rows alike; nullopt when the shared folder is absent.
std::optional<std::vector<OwnedKey>> ReadObservedValues() {
  std::ifstream in(std::string(FBAFLOW_SHARED_DIR) + "/reference/settlement-observed-values.tsv");
  if (!in) return std::nullopt;
  std::vector<OwnedKey> keys;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, '\t');) cells.push_back(cell);
    EXPECT_GE(cells.size(), 4u) << line;
    if (cells.size() < 4) continue;
    if (cells[2] == "(quantity-only row)") continue;  // no amount, nothing to map
    keys.push_back({cells[1], cells[2], cells[3]});
  }
  return keys;
}

class BuiltinRules : public ::testing::TestWithParam<Builtin> {};

INSTANTIATE_TEST_SUITE_P(Sets, BuiltinRules, ::testing::ValuesIn(kBuiltins),
                         [](const auto& param_info) {
                           std::string name = param_info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST_P(BuiltinRules, LoadsWithTheStandardAccounts) {
  const RuleSet rules = LoadBuiltin(GetParam().name);
  EXPECT_EQ(rules.Name(), GetParam().name);
  EXPECT_FALSE(rules.Description().empty());
  EXPECT_EQ(rules.ClearingAccount(), "Amazon Clearing");
  EXPECT_EQ(rules.SuspenseAccount(), "Amazon Suspense");
  EXPECT_EQ(rules.RolloverAccount(), "Amazon Split Month Rollovers");
  EXPECT_EQ(rules.DefaultTaxCode(), "NONE");
  for (const char* name :
       {"Amazon Sales", "Amazon Shipping Income", "Amazon Refunds", "Amazon Promotions",
        "Amazon Seller Fees", "Amazon FBA Fees", "Amazon MCF Fees", "Amazon Advertising",
        "Amazon Subscription Fees", "Amazon Storage Fees", "Amazon Reimbursements",
        "Amazon Reserved Balances", "Amazon Clearing", "Amazon Suspense",
        "Amazon Split Month Rollovers"}) {
    const Account* account = rules.FindAccount(name);
    ASSERT_NE(account, nullptr) << name;
    EXPECT_FALSE(account->code.empty()) << name;
  }
  ASSERT_NE(rules.FindAccount(GetParam().tax_account), nullptr);
  EXPECT_EQ(rules.FindAccount(GetParam().tax_account)->type, "liability");
  EXPECT_EQ(rules.FindAccount("Amazon Sales")->type, "revenue");
  EXPECT_EQ(rules.FindAccount("Amazon FBA Fees")->type, "expense");
  EXPECT_EQ(rules.FindAccount("Amazon Clearing")->type, "asset");
}

TEST_P(BuiltinRules, EveryAccountIsUsedAndOnlyTheSetsTaxCodesAppear) {
  const RuleSet rules = LoadBuiltin(GetParam().name);
  std::set<std::string> used = {rules.ClearingAccount(), rules.SuspenseAccount(),
                                rules.RolloverAccount()};
  for (const Rule& rule : rules.Rules()) {
    used.insert(rule.account);
    EXPECT_TRUE(GetParam().tax_codes.contains(rule.tax_code))
        << "line " << rule.line << ": " << rule.tax_code;
    EXPECT_FALSE(rule.description.empty()) << "line " << rule.line;
  }
  for (const Account& account : rules.Accounts()) {
    EXPECT_TRUE(used.contains(account.name)) << account.name << " is defined but unused";
  }
}

TEST_P(BuiltinRules, MapsEveryObservedKeyWrittenInTheTest) {
  const RuleSet rules = LoadBuiltin(GetParam().name);
  for (const Key& key : kObservedKeys) {
    for (const char* marketplace : kMarketplaces) {
      const std::string account = AccountFor(rules, key, marketplace);
      EXPECT_NE(account, "(unmapped)") << key.transaction_type << " / " << key.amount_type << " / "
                                       << key.amount_description << " @ " << marketplace;
      EXPECT_NE(account, rules.SuspenseAccount());
    }
  }
}

TEST_P(BuiltinRules, MapsEveryKeyOfTheSharedObservedValuesFile) {
  const auto observed = ReadObservedValues();
  if (!observed)
    GTEST_SKIP() << "no " FBAFLOW_SHARED_DIR "/reference/settlement-observed-values.tsv";
  ASSERT_FALSE(observed->empty());
  const RuleSet rules = LoadBuiltin(GetParam().name);
  const std::set<Key> written(std::begin(kObservedKeys), std::end(kObservedKeys));
  for (const OwnedKey& owned : *observed) {
    const Key key = owned.View();
    // The list in this test must follow the file, so that CI without it checks the same keys.
    EXPECT_TRUE(written.contains(key)) << "add to kObservedKeys: " << key.transaction_type << " / "
                                       << key.amount_type << " / " << key.amount_description;
    const std::string account = AccountFor(rules, key, "Amazon.co.uk");
    EXPECT_NE(account, "(unmapped)")
        << key.transaction_type << " / " << key.amount_type << " / " << key.amount_description;
    EXPECT_NE(account, rules.SuspenseAccount());
  }
}

TEST_P(BuiltinRules, MapsEachFamilyToTheAccountAnAccountantExpects) {
  const RuleSet rules = LoadBuiltin(GetParam().name);
  const std::string_view tax = GetParam().tax_account;
  const std::pair<Key, std::string_view> expected[] = {
      {{"Order", "ItemPrice", "Principal"}, "Amazon Sales"},
      {{"Order", "ItemPrice", "Shipping"}, "Amazon Shipping Income"},
      {{"Order", "ItemPrice", "GiftWrap"}, "Amazon Gift Wrap Income"},
      {{"Refund", "ItemPrice", "Principal"}, "Amazon Refunds"},
      {{"Refund", "ItemPrice", "Shipping"}, "Amazon Refunds"},
      {{"Chargeback Refund", "ItemPrice", "Principal"}, "Amazon Refunds"},
      {{"A-to-z Guarantee Refund", "ItemPrice", "Principal"}, "Amazon Refunds"},
      {{"Order", "Promotion", "Shipping"}, "Amazon Promotions"},
      {{"Order", "Promotion", "Principal"}, "Amazon Promotions"},
      {{"Order", "ItemFees", "Commission"}, "Amazon Seller Fees"},
      {{"Refund", "ItemFees", "RefundCommission"}, "Amazon Seller Fees"},
      {{"Order", "ItemFees", "DigitalServicesFee"}, "Amazon Seller Fees"},
      {{"Order", "ItemFees", "VariableClosingFee"}, "Amazon Seller Fees"},
      {{"Order", "ItemFees", "FBAPerUnitFulfillmentFee"}, "Amazon FBA Fees"},
      {{"Order", "ItemFees", "FBAWeightBasedFee"}, "Amazon FBA Fees"},
      {{"Order", "ItemFees", "ShippingChargeback"}, "Amazon FBA Fees"},
      {{"other-transaction", "other-transaction", "RemovalComplete"}, "Amazon FBA Fees"},
      {{"other-transaction", "other-transaction", "DisposalComplete"}, "Amazon FBA Fees"},
      {{"FBAFees", "Inbound Defect Fee", "Base fee"}, "Amazon FBA Fees"},
      {{"other-transaction", "other-transaction", "Storage Fee"}, "Amazon Storage Fees"},
      {{"other-transaction", "other-transaction", "StorageRenewalBilling"}, "Amazon Storage Fees"},
      {{"FBAFees", "FBA Long Term Storage Fee", "Tax on fee"}, "Amazon Storage Fees"},
      {{"Storage Fee", "other-amount", ""}, "Amazon Storage Fees"},
      {{"other-transaction", "other-transaction", "Subscription Fee"}, "Amazon Subscription Fees"},
      {{"Subscription Fee", "other-amount", ""}, "Amazon Subscription Fees"},
      {{"ServiceFee", "Cost of Advertising", "TransactionTotalAmount"}, "Amazon Advertising"},
      {{"ServiceFee", "item-related-fee-type", "Cost of Advertising"}, "Amazon Advertising"},
      {{"ServiceFee", "other-fee-reason-description", "TaxAmount"}, "Amazon Advertising"},
      {{"AmazonFees", "Coupon Performance Based Fee", "Base fee"}, "Amazon Advertising"},
      {{"Lightning Deal Fee", "LightningDealFee", "Lightning Deal Fee"}, "Amazon Advertising"},
      {{"other-transaction", "FBA Inventory Reimbursement", "REVERSAL_REIMBURSEMENT"},
       "Amazon Reimbursements"},
      {{"other-transaction", "FBA Inventory Reimbursement", "WAREHOUSE_LOST"},
       "Amazon Reimbursements"},
      {{"REVERSAL_REIMBURSEMENT", "other-amount", ""}, "Amazon Reimbursements"},
      {{"WAREHOUSE_DAMAGE", "other-amount", ""}, "Amazon Reimbursements"},
      {{"other-transaction", "other-transaction", "Current Reserve Amount"},
       "Amazon Reserved Balances"},
      {{"other-transaction", "other-transaction", "Previous Reserve Amount Balance"},
       "Amazon Reserved Balances"},
      {{"other-transaction", "other-transaction", "Successful charge"}, "Amazon Balance Transfers"},
      {{"Liquidations", "ItemPrice", "Principal"}, "Amazon Liquidations"},
      // Tax Amazon collects and the tax it withholds land on one account, so they net to zero.
      {{"Order", "ItemPrice", "Tax"}, tax},
      {{"Order", "ItemPrice", "ShippingTax"}, tax},
      {{"Order", "Promotion", "TaxDiscount"}, tax},
      {{"Refund", "ItemPrice", "Tax"}, tax},
      {{"Order", "ItemWithheldTax", "MarketplaceFacilitatorVAT-Principal"}, tax},
      {{"Order", "ItemWithheldTax", "MarketplaceFacilitatorVAT-Shipping"}, tax},
      {{"Refund", "ItemWithheldTax", "MarketplaceFacilitatorVAT-Principal"}, tax},
      {{"Order", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal"}, tax},
      {{"Order", "ItemWithheldTax", "MarketplaceFacilitatorTax-Giftwrap"}, tax},
      {{"Order_Retrocharge", "ItemWithheldTax", "MarketplaceFacilitatorTax-Shipping"}, tax},
  };
  for (const auto& [key, account] : expected) {
    EXPECT_EQ(AccountFor(rules, key, "Amazon.com"), account)
        << key.transaction_type << " / " << key.amount_type << " / " << key.amount_description;
  }
}

TEST_P(BuiltinRules, MultiChannelFulfilmentRowsGoToTheMcfAccount) {
  const RuleSet rules = LoadBuiltin(GetParam().name);
  const Key mcf_keys[] = {
      {"Order", "ItemPrice", "Principal"},                // V2, seen with 0.00
      {"Order", "ItemFees", "FBAPerUnitFulfillmentFee"},  // V2
      {"Order", "price-type", "Principal"},               // legacy
      {"Order", "item-related-fee-type", "FBAPerUnitFulfillmentFee"},
      {"Order", "shipment-fee-type", "FBA transportation fee"},
  };
  for (const Key& key : mcf_keys) {
    for (const char* marketplace : {"Non-Amazon UK", "Non-Amazon CA", "Non-Amazon US"}) {
      EXPECT_EQ(AccountFor(rules, key, marketplace), "Amazon MCF Fees")
          << key.amount_type << " / " << key.amount_description << " @ " << marketplace;
    }
  }
  // The same keys on Amazon's own marketplaces are ordinary sales and FBA fees.
  EXPECT_EQ(AccountFor(rules, mcf_keys[0], "Amazon.co.uk"), "Amazon Sales");
  EXPECT_EQ(AccountFor(rules, mcf_keys[1], "Amazon.co.uk"), "Amazon FBA Fees");
  EXPECT_EQ(AccountFor(rules, mcf_keys[4], "Amazon.ca"), "Amazon FBA Fees");
}

TEST_P(BuiltinRules, UnknownKeysStayUnmappedSoTheyHoldTheSettlement) {
  const RuleSet rules = LoadBuiltin(GetParam().name);
  const Key unknown[] = {
      {"Order", "ItemFees", "SomeNewFee"},
      {"Refund", "ItemPrice", "SomethingElse"},
      {"Order", "SomeNewAmountType", "Principal"},
      {"other-transaction", "other-transaction", "Something new"},
      {"other-transaction", "Something new", "REVERSAL_REIMBURSEMENT"},
      {"Brand New Transaction", "ItemPrice", "Principal"},
      {"FBAFees", "Some New FBA Fee", "Base fee"},
      {"ServiceFee", "Some New Service", "TransactionTotalAmount"},
      {"Order", "ItemWithheldTax", "TDS (Section 194-O)"},
      {"", "", ""},
  };
  for (const Key& key : unknown) {
    for (const char* marketplace : kMarketplaces) {
      EXPECT_EQ(
          rules.Match({key.transaction_type, key.amount_type, key.amount_description, marketplace}),
          nullptr)
          << key.transaction_type << " / " << key.amount_type << " / " << key.amount_description;
    }
  }
  // And no rule is a catch-all: every rule names its transaction type exactly.
  for (const Rule& rule : rules.Rules()) {
    EXPECT_EQ(KindOf(rule.transaction_type), PatternKind::kExact) << "line " << rule.line;
  }
}

TEST(BuiltinRuleSets, NamesTextAndUnknownName) {
  EXPECT_THAT(RuleSet::BuiltinNames(), ElementsAre("uk-eu-vat", "us-sales-tax"));
  EXPECT_THAT(std::string(RuleSet::BuiltinText("uk-eu-vat")), StartsWith("# fbaflow built-in"));
  EXPECT_THAT(std::string(RuleSet::BuiltinText("us-sales-tax")),
              HasSubstr("name = \"us-sales-tax\""));
  EXPECT_EQ(RuleSet::BuiltinText("nope"), "");
  auto missing = RuleSet::Builtin("nope");
  ASSERT_FALSE(missing.Ok());
  EXPECT_EQ(missing.GetStatus().Code(), StatusCode::kNotFound);
  EXPECT_THAT(missing.GetStatus().Message(), HasSubstr("uk-eu-vat, us-sales-tax"));
}

TEST(BuiltinRuleSets, DefaultSetFollowsTheSettlementCurrency) {
  for (const char* code : {"USD", "CAD", "MXN", "BRL"}) {
    EXPECT_EQ(RuleSet::DefaultBuiltinFor(*Currency::FromCode(code)), "us-sales-tax") << code;
  }
  for (const char* code : {"GBP", "EUR", "SEK", "PLN", "TRY", "AED", "SAR", "JPY", "AUD", "INR"}) {
    EXPECT_EQ(RuleSet::DefaultBuiltinFor(*Currency::FromCode(code)), "uk-eu-vat") << code;
  }
}

}  // namespace
}  // namespace fbaflow::settlement
