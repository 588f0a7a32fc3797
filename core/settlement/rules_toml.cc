// RuleSet::Parse: the TOML rules file (docs/rules.md) into a validated RuleSet.
//
// Every problem is collected with its line, so a user fixing a file sees all of them at once,
// sorted by line; the first line of the message is always the first problem in the file.

#include <toml++/toml.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/settlement/rule_index.h"
#include "core/settlement/rule_pattern.h"
#include "core/settlement/rules.h"

namespace fbaflow::settlement {
namespace {

constexpr std::size_t kMaxReportedErrors = 30;
constexpr std::string_view kDefaultTaxCode = "NONE";
constexpr std::string_view kAccountTypes[] = {"revenue", "expense", "asset", "liability", "equity"};

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
int LineOf(const toml::key& key) { return static_cast<int>(key.source().begin.line); }

// Edit distance, for "did you mean" hints on misspelt keys.
std::size_t Distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The closest allowed key, when the unknown one looks like a slip: Amazon's column names use
// hyphens ("transaction-type") where the rules file uses underscores.
std::string Suggestion(std::string_view unknown, std::initializer_list<std::string_view> allowed) {
  std::string normal(unknown);
  std::replace(normal.begin(), normal.end(), '-', '_');
  std::transform(normal.begin(), normal.end(), normal.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  std::string_view best;
  std::size_t best_distance = 3;
  for (std::string_view candidate : allowed) {
    const std::size_t d = Distance(normal, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best.empty() ? std::string() : " (did you mean \"" + std::string(best) + "\"?)";
}

struct LineError {
  int line = 0;
  std::string message;
};

class Loader {
 public:
  explicit Loader(std::string_view source) : source_(source) {}

  void Error(int line, std::string message) { errors_.push_back({line, std::move(message)}); }
  bool HasErrors() const { return !errors_.empty(); }

  Status ToStatus() {
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const LineError& a, const LineError& b) { return a.line < b.line; });
    std::string message;
    const std::size_t shown = std::min(errors_.size(), kMaxReportedErrors);
    for (std::size_t i = 0; i < shown; ++i) {
      if (i > 0) message += '\n';
      message += source_ + ":" + std::to_string(errors_[i].line) + ": " + errors_[i].message;
    }
    if (errors_.size() > shown) {
      message += "\n" + source_ + ": " + std::to_string(errors_.size() - shown) + " more errors";
    }
    return InvalidArgument(std::move(message));
  }

  // Reports every key of `table` that is not in `allowed`.
  void CheckKeys(const toml::table& table, std::string_view where,
                 std::initializer_list<std::string_view> allowed) {
    for (auto&& [key, value] : table) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      Error(LineOf(key), "unknown key \"" + std::string(key.str()) + "\" in " + std::string(where) +
                             Suggestion(key.str(), allowed));
    }
  }

  // The string at `key`; nullopt (after reporting) when absent and required, or not a string.
  std::optional<std::string> String(const toml::table& table, std::string_view key,
                                    std::string_view where, bool required) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required) {
        Error(LineOf(table),
              std::string(where) + " is missing the required key \"" + std::string(key) + "\"");
      }
      return std::nullopt;
    }
    const auto* text = node->as_string();
    if (text == nullptr) {
      Error(LineOf(*node), "\"" + std::string(key) + "\" in " + std::string(where) +
                               " must be a string (in double quotes)");
      return std::nullopt;
    }
    if (text->get().empty() && key != "description") {
      Error(LineOf(*node), "\"" + std::string(key) + "\" in " + std::string(where) + " is empty");
      return std::nullopt;
    }
    return text->get();
  }

  // A rule field pattern, validated.
  std::optional<std::string> Pattern(const toml::table& table, std::string_view key,
                                     std::string_view where, bool required) {
    const toml::node* node = table.get(key);
    if (node != nullptr && node->is_string() && node->as_string()->get().empty()) {
      Error(LineOf(*node), "\"" + std::string(key) + "\": " + PatternError(""));
      return std::nullopt;
    }
    auto value = String(table, key, where, required);
    if (!value) return std::nullopt;
    if (std::string why = PatternError(*value); !why.empty()) {
      Error(LineOf(*node), "\"" + std::string(key) + "\": " + why);
      return std::nullopt;
    }
    return value;
  }

 private:
  std::string source_;
  std::vector<LineError> errors_;
};

std::optional<Owner> ParseOwner(std::string_view text) {
  for (Owner o : {Owner::kFinance, Owner::kOperations, Owner::kEcommerce}) {
    if (OwnerName(o) == text) return o;
  }
  return std::nullopt;
}

}  // namespace

Result<RuleSet> RuleSet::Parse(std::string_view toml_text, std::string_view source_name) {
  const std::string source =
      source_name.empty() ? std::string("<rules>") : std::string(source_name);
  toml::table doc;
  try {
    doc = toml::parse(toml_text, std::string_view(source));
  } catch (const toml::parse_error& e) {
    // toml++ speaks for itself; we only add where.
    return InvalidArgument(source + ":" + std::to_string(e.source().begin.line) + ":" +
                           std::to_string(e.source().begin.column) +
                           ": TOML syntax error: " + std::string(e.description()));
  }

  Loader load(source);
  RuleSet out;
  load.CheckKeys(doc, "the top level", {"ruleset", "accounts", "rule"});

  // [ruleset]
  struct NamedAccount {
    std::string_view key;
    std::string* target;
    int line = 0;
  };
  std::vector<NamedAccount> ruleset_accounts;
  const toml::table* ruleset = doc["ruleset"].as_table();
  if (ruleset == nullptr) {
    load.Error(doc.contains("ruleset") ? LineOf(*doc.get("ruleset")) : 1,
               "a [ruleset] table is required (name, clearing_account, suspense_account, "
               "rollover_account)");
  } else {
    load.CheckKeys(*ruleset, "[ruleset]",
                   {"name", "description", "clearing_account", "suspense_account",
                    "rollover_account", "default_tax_code"});
    if (auto v = load.String(*ruleset, "name", "[ruleset]", true)) out.name_ = *v;
    if (auto v = load.String(*ruleset, "description", "[ruleset]", false)) out.description_ = *v;
    out.default_tax_code_ = std::string(kDefaultTaxCode);
    if (auto v = load.String(*ruleset, "default_tax_code", "[ruleset]", false)) {
      out.default_tax_code_ = *v;
    }
    for (auto [key, target] :
         {std::pair{std::string_view("clearing_account"), &out.clearing_account_},
          std::pair{std::string_view("suspense_account"), &out.suspense_account_},
          std::pair{std::string_view("rollover_account"), &out.rollover_account_}}) {
      if (auto v = load.String(*ruleset, key, "[ruleset]", true)) {
        *target = *v;
        ruleset_accounts.push_back({key, target, LineOf(*ruleset->get(key))});
      }
    }
  }

  // [accounts]
  const toml::table* accounts = doc["accounts"].as_table();
  if (accounts == nullptr || accounts->empty()) {
    load.Error(doc.contains("accounts") ? LineOf(*doc.get("accounts")) : 1,
               "an [accounts] table defining at least one account is required");
  } else {
    for (auto&& [key, value] : *accounts) {
      const std::string name(key.str());
      const std::string where = "account \"" + name + "\"";
      const toml::table* def = value.as_table();
      if (def == nullptr) {
        load.Error(LineOf(key),
                   where + " must be a table like { code = \"4000\", type = \"revenue\" }");
        continue;
      }
      load.CheckKeys(*def, where, {"code", "type"});
      Account account;
      account.name = name;
      account.line = LineOf(key);
      if (name.empty() || name.front() == ' ' || name.back() == ' ') {
        load.Error(account.line, where +
                                     ": an account name must be non-empty without leading or "
                                     "trailing spaces");
      }
      if (auto code = load.String(*def, "code", where, false)) account.code = *code;
      if (auto type = load.String(*def, "type", where, true)) {
        if (std::find(std::begin(kAccountTypes), std::end(kAccountTypes), *type) ==
            std::end(kAccountTypes)) {
          load.Error(LineOf(*def->get("type")),
                     where + ": bad account type \"" + *type +
                         "\" (expected revenue, expense, asset, liability or equity)");
        }
        account.type = *type;
      }
      out.accounts_.push_back(std::move(account));
    }
    // toml++ keeps keys sorted; the file's order is what people read.
    std::sort(out.accounts_.begin(), out.accounts_.end(),
              [](const Account& a, const Account& b) { return a.line < b.line; });
    std::map<std::string_view, int> code_lines;
    for (const Account& account : out.accounts_) {
      if (account.code.empty()) continue;
      auto [it, inserted] = code_lines.emplace(account.code, account.line);
      if (!inserted) {
        load.Error(account.line, "duplicate account code \"" + account.code + "\": account \"" +
                                     account.name + "\" and the account at line " +
                                     std::to_string(it->second) + " both use it");
      }
    }
  }

  const bool have_accounts = accounts != nullptr && !accounts->empty();
  for (const NamedAccount& named : ruleset_accounts) {
    if (have_accounts && out.FindAccount(*named.target) == nullptr) {
      load.Error(named.line, std::string(named.key) + " \"" + *named.target +
                                 "\" is not defined in [accounts]");
    }
  }
  for (std::size_t i = 0; i < ruleset_accounts.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (*ruleset_accounts[i].target == *ruleset_accounts[j].target) {
        load.Error(ruleset_accounts[i].line, std::string(ruleset_accounts[i].key) + " and " +
                                                 std::string(ruleset_accounts[j].key) +
                                                 " must be different accounts");
      }
    }
  }

  // [[rule]]
  const toml::node* rule_node = doc.get("rule");
  const toml::array* rule_array = rule_node != nullptr ? rule_node->as_array() : nullptr;
  if (rule_node != nullptr && rule_array == nullptr) {
    load.Error(LineOf(*rule_node),
               "\"rule\" must be an array of tables: write each rule as [[rule]]");
  } else if (rule_array == nullptr || rule_array->empty()) {
    load.Error(1, "no [[rule]] entries: a rule set must map at least one key");
  } else {
    for (const toml::node& element : *rule_array) {
      const toml::table* t = element.as_table();
      if (t == nullptr) {
        load.Error(LineOf(element), "each \"rule\" must be a table: write each rule as [[rule]]");
        continue;
      }
      const std::string where = "[[rule]]";
      load.CheckKeys(*t, "[[rule]]",
                     {"transaction_type", "amount_type", "amount_description", "marketplace",
                      "account", "tax_code", "owner", "description"});
      Rule rule;
      rule.line = LineOf(*t);
      bool ok = true;
      const auto pattern = [&](std::string_view key, std::string* target, bool required) {
        if (auto v = load.Pattern(*t, key, where, required)) {
          *target = *v;
        } else if (required || t->contains(key)) {
          ok = false;
        }
      };
      pattern("transaction_type", &rule.transaction_type, true);
      pattern("amount_type", &rule.amount_type, true);
      pattern("amount_description", &rule.amount_description, true);
      pattern("marketplace", &rule.marketplace, false);
      if (auto account = load.String(*t, "account", where, true)) {
        rule.account = *account;
        const int line = LineOf(*t->get("account"));
        if (have_accounts && out.FindAccount(rule.account) == nullptr) {
          load.Error(line, "account \"" + rule.account + "\" is not defined in [accounts]");
        } else if (!rule.account.empty() && (rule.account == out.clearing_account_ ||
                                             rule.account == out.rollover_account_ ||
                                             rule.account == out.suspense_account_)) {
          load.Error(line, "a rule may not post to \"" + rule.account +
                               "\": the clearing, suspense and rollover accounts are posted by "
                               "fbaflow itself (unmapped amounts go to suspense on their own)");
        }
      }
      rule.tax_code = out.default_tax_code_;
      if (auto tax = load.String(*t, "tax_code", where, false)) rule.tax_code = *tax;
      if (auto description = load.String(*t, "description", where, false)) {
        rule.description = *description;
      }
      if (auto owner = load.String(*t, "owner", where, false)) {
        if (auto parsed = ParseOwner(*owner)) {
          rule.owner = *parsed;
        } else {
          load.Error(LineOf(*t->get("owner")),
                     "bad owner \"" + *owner + "\" (expected finance, operations or ecommerce)");
        }
      }
      // Only rules with well-formed patterns take part in the duplicate and tie checks below.
      if (ok) out.rules_.push_back(std::move(rule));
    }
  }

  for (RuleConflict& conflict : FindRuleConflicts(out.rules_)) {
    load.Error(conflict.line, std::move(conflict.message));
  }
  if (load.HasErrors()) return load.ToStatus();
  out.index_.Build(out.rules_);
  return out;
}

}  // namespace fbaflow::settlement
