#include "engine/builtin_rules.h"

#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace fbaflow::engine {

using settlement::RuleSet;

Result<std::shared_ptr<const RuleSet>> SharedBuiltinRules(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const RuleSet>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  ASSIGN_OR_RETURN(RuleSet rules, RuleSet::Builtin(name));
  auto shared = std::make_shared<const RuleSet>(std::move(rules));
  cache.emplace(std::string(name), shared);
  return shared;
}

}  // namespace fbaflow::engine
