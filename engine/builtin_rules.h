#pragma once
// The built-in rule sets (rules/*.toml, compiled in), parsed and validated once per process: a
// daemon or a test that runs the pipeline thousands of times should not re-read 200 rules each
// time. Errors: RuleSet::Builtin's (kNotFound for an unknown name, listing the known ones).
// Thread safety: any number of threads.

#include <memory>
#include <string_view>

#include "core/base/status.h"
#include "core/settlement/rules.h"

namespace fbaflow::engine {

Result<std::shared_ptr<const settlement::RuleSet>> SharedBuiltinRules(std::string_view name);

}  // namespace fbaflow::engine
