#include "core/settlement/rules.h"

#include <algorithm>

#include "core/settlement/builtin_rules.h"

namespace fbaflow::settlement {

std::string_view OwnerName(Owner owner) {
  switch (owner) {
    case Owner::kFinance:
      return "finance";
    case Owner::kOperations:
      return "operations";
    case Owner::kEcommerce:
      return "ecommerce";
  }
  return "finance";
}

const Rule* RuleSet::Match(const RuleKey& key) const { return index_.Match(rules_, key); }

const Account* RuleSet::FindAccount(std::string_view name) const {
  const auto it = std::find_if(accounts_.begin(), accounts_.end(),
                               [&](const Account& a) { return a.name == name; });
  return it == accounts_.end() ? nullptr : &*it;
}

Status RuleSet::SetRolloverAccount(std::string_view name) {
  if (FindAccount(name) == nullptr) {
    return InvalidArgument("rollover account \"" + std::string(name) +
                           "\" is not defined in the [accounts] of rule set \"" + name_ + "\"");
  }
  if (name == clearing_account_ || name == suspense_account_) {
    return InvalidArgument("rollover account \"" + std::string(name) +
                           "\" must differ from the clearing and suspense accounts");
  }
  const bool used =
      std::any_of(rules_.begin(), rules_.end(), [&](const Rule& r) { return r.account == name; });
  if (used) {
    return InvalidArgument("rollover account \"" + std::string(name) +
                           "\" is an account rules post to; choose an account of its own");
  }
  rollover_account_ = std::string(name);
  return OkStatus();
}

std::vector<std::string_view> RuleSet::BuiltinNames() {
  std::vector<std::string_view> names;
  names.reserve(static_cast<std::size_t>(kBuiltinRulesCount));
  for (int i = 0; i < kBuiltinRulesCount; ++i) names.push_back(kBuiltinRules[i].name);
  std::sort(names.begin(), names.end());
  return names;
}

std::string_view RuleSet::BuiltinText(std::string_view name) {
  for (int i = 0; i < kBuiltinRulesCount; ++i) {
    if (kBuiltinRules[i].name == name) return kBuiltinRules[i].text;
  }
  return {};
}

Result<RuleSet> RuleSet::Builtin(std::string_view name) {
  const std::string_view text = BuiltinText(name);
  if (text.empty()) {
    std::string known;
    for (std::string_view n : BuiltinNames()) known += (known.empty() ? "" : ", ") + std::string(n);
    return NotFound("no built-in rule set \"" + std::string(name) + "\" (built in: " + known + ")");
  }
  return Parse(text, "builtin:" + std::string(name));
}

std::string_view RuleSet::DefaultBuiltinFor(const Currency& currency) {
  // Marketplaces whose indirect tax is US-style sales tax collected by Amazon as marketplace
  // facilitator: US (USD), Canada (CAD), Mexico (MXN), Brazil (BRL). Everywhere else Amazon
  // reports VAT/GST the way the UK and EU marketplaces do.
  static constexpr std::string_view kSalesTaxCurrencies[] = {"USD", "CAD", "MXN", "BRL"};
  const bool sales_tax = std::find(std::begin(kSalesTaxCurrencies), std::end(kSalesTaxCurrencies),
                                   currency.Code()) != std::end(kSalesTaxCurrencies);
  return sales_tax ? "us-sales-tax" : "uk-eu-vat";
}

}  // namespace fbaflow::settlement
