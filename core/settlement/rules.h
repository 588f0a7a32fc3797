#pragma once
// Mapping rules: which GL account, tax code and owner each settlement amount belongs to.
//
// A rule matches (transaction-type, amount-type, amount-description, marketplace). Each pattern is
// exact text, "*" (anything), or a prefix ending in "*" ("MarketplaceFacilitatorVAT-*"). The most
// specific matching rule wins: per field exact beats prefix beats "*"; a rule is more specific
// than another when it is at least as specific in every field and more in one, and otherwise
// the rule with more exact fields, then more prefix fields, wins; with the same counts, a rule
// whose every pattern lies inside the other's wins (a longer prefix inside a shorter one). Two
// rules that can match the same key with neither winning are a tie, an error when the file is
// loaded unless a rule that beats both covers their whole overlap; so matching never depends on
// rule order and every key has one winner. A key no rule matches is "unmapped": it goes to the
// suspense account and holds the settlement. (rule_index.h has the details.)
//
// The file format (TOML) is documented in docs/rules.md; the built-in sets live in rules/*.toml
// and are compiled into the binary.
// Thread safety: a loaded RuleSet is immutable; Match may be called from any thread.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/money/currency.h"
#include "core/settlement/rule_index.h"

namespace fbaflow::settlement {

// Who acts on an exception raised by rows of this kind.
enum class Owner : unsigned char { kFinance, kOperations, kEcommerce };
std::string_view OwnerName(Owner owner);  // "finance", "operations", "ecommerce"

struct Account {
  std::string name;  // what journals show: "Amazon Sales"
  std::string code;  // the ledger's code: "4000"
  std::string type;  // revenue | expense | asset | liability | equity
  int line = 0;      // line in the rules file
};

struct Rule {
  std::string transaction_type;    // pattern
  std::string amount_type;         // pattern
  std::string amount_description;  // pattern
  std::string marketplace = "*";   // pattern
  std::string account;             // an Account name
  std::string tax_code;            // the ruleset's default_tax_code when the file gives none
  std::string description;         // journal line text; the account name when empty
  Owner owner = Owner::kFinance;
  int line = 0;  // line in the rules file
};

struct RuleKey {
  std::string_view transaction_type;
  std::string_view amount_type;
  std::string_view amount_description;
  std::string_view marketplace;
};

class RuleSet {
 public:
  // Parses and validates a rules file. Unknown keys, missing or undefined accounts, bad patterns,
  // duplicate rules and ties are kInvalidArgument naming `source_name` and the line. Every problem
  // found is reported, one "source:line: message" per line of the message, sorted by line (at
  // most 30, then a count); a TOML syntax error is reported alone as "source:line:column: ...".
  static Result<RuleSet> Parse(std::string_view toml_text, std::string_view source_name);

  // The rule sets compiled into the binary: "uk-eu-vat" and "us-sales-tax".
  static std::vector<std::string_view> BuiltinNames();
  static Result<RuleSet> Builtin(std::string_view name);  // kNotFound for another name
  // The TOML text of a built-in set (for `fbaflow rules show`); empty when there is none.
  static std::string_view BuiltinText(std::string_view name);
  // The built-in set that suits a settlement in `currency`: "us-sales-tax" for the currencies of
  // the North American and other marketplace-facilitator marketplaces, "uk-eu-vat" otherwise.
  static std::string_view DefaultBuiltinFor(const Currency& currency);

  // The most specific rule matching `key`, or nullptr when none does. Does not allocate; about a
  // hundred nanoseconds with the built-in sets, so callers may but need not cache. The Rule lives
  // in this set's storage: valid until the set (or the set it is moved into) is destroyed.
  const Rule* Match(const RuleKey& key) const;

  const std::string& Name() const { return name_; }
  const std::string& Description() const { return description_; }  // may be empty
  const std::string& ClearingAccount() const { return clearing_account_; }
  const std::string& SuspenseAccount() const { return suspense_account_; }
  const std::string& RolloverAccount() const { return rollover_account_; }
  const std::string& DefaultTaxCode() const { return default_tax_code_; }
  const std::vector<Rule>& Rules() const { return rules_; }
  const std::vector<Account>& Accounts() const { return accounts_; }
  const Account* FindAccount(std::string_view name) const;

  // Replaces the rollover account (the --rollover-account option). It must be a defined account
  // other than the clearing and suspense accounts, and no rule may post to it; otherwise
  // kInvalidArgument and nothing changes.
  Status SetRolloverAccount(std::string_view name);

 private:
  std::string name_;
  std::string description_;
  std::string clearing_account_;
  std::string suspense_account_;
  std::string rollover_account_;
  std::string default_tax_code_;
  std::vector<Account> accounts_;
  std::vector<Rule> rules_;
  RuleIndex index_;  // built from rules_ once they are final
};

}  // namespace fbaflow::settlement
