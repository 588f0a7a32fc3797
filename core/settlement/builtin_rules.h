#pragma once
// The rule sets in rules/*.toml, compiled in by cmake/EmbedFiles.cmake.

#include "core/base/embedded_file.h"

namespace fbaflow::settlement {

extern const EmbeddedFile kBuiltinRules[];
extern const int kBuiltinRulesCount;

}  // namespace fbaflow::settlement
