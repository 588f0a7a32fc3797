// libFuzzer target for the date and time parsers: ParseDate (settlement rows) and ParseTimestamp
// in both modes (API answers, flags). Built by `make fuzz`; replayed over its corpus in every
// test build (fuzz/README.md). Checks, on every input:
//   - no crash, hang or undefined behaviour (signed overflow included: UBSan);
//   - a parsed date is a valid calendar date and agrees with its instant in the writer's offset;
//   - an error offset lies within the text;
//   - strict ⊆ lenient, and both give the same instant where strict accepts;
//   - lenient accepts whatever ParseDate accepts, with the same instant;
//   - a parsed instant printed as ISO-8601 parses back, strictly, to the same instant.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/time/date_parse.h"
#include "core/time/timestamp_parse.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view text) {
  std::fprintf(stderr, "date_parse_fuzz invariant broken: %s: '%.*s'\n", what,
               static_cast<int>(text.size()), text.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fbaflow;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  std::size_t offset = text.size() + 1;
  const Result<ParsedDate> date = ParseDate(text, &offset);
  if (date.Ok()) {
    if (!date->date.IsValid()) Fail("invalid calendar date", text);
    if (!(date->time.LocalDate() == date->date)) Fail("date and instant disagree", text);
  } else if (offset > text.size()) {
    Fail("error offset outside the text", text);
  }

  const Result<Timestamp> strict = ParseTimestamp(text, TimeTextMode::kStrict);
  const Result<Timestamp> lenient = ParseTimestamp(text, TimeTextMode::kLenient);
  if (strict.Ok() && !lenient.Ok()) Fail("strict accepts what lenient refuses", text);
  if (strict.Ok() && !(*strict == *lenient)) Fail("strict and lenient disagree", text);
  if (date.Ok() && !lenient.Ok()) Fail("lenient refuses what ParseDate accepts", text);
  if (date.Ok() && !(date->time == *lenient)) Fail("lenient and ParseDate disagree", text);

  if (lenient.Ok()) {
    const std::string iso = lenient->ToIso8601();
    const Result<Timestamp> again = ParseTimestamp(iso, TimeTextMode::kStrict);
    if (!again.Ok() || !(*again == *lenient)) Fail("ISO-8601 form does not reparse", text);
  }
  return 0;
}
