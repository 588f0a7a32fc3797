// libFuzzer target for RuleSet::Parse: any bytes must give a RuleSet or a kInvalidArgument
// naming the source, never a crash, a hang or an exception. Built by `make fuzz` and replayed over
// its corpus in every test build (fuzz/README.md).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/settlement/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = fbaflow::settlement::RuleSet::Parse(text, "fuzz.toml");
  if (result.Ok()) {
    // A loaded set must answer any key without crashing.
    (void)result->Match({text.substr(0, size / 2), text, "", "Non-Amazon UK"});
  } else if (result.GetStatus().Code() != fbaflow::StatusCode::kInvalidArgument ||
             result.GetStatus().Message().rfind("fuzz.toml:", 0) != 0) {
    std::abort();
  }
  return 0;
}
