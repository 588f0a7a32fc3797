// libFuzzer target for the SP-API JSON parsers: ParseExactJson and every model parser of
// model_parsers.h (build with the `fuzz` preset; replayed over its checked-in corpus by CTest in
// every test build). Amazon's answers are input like any other: a malformed or hostile body must
// give a value or an error, never a crash, an uncaught exception or undefined behaviour.
// Byte 0 picks which model the object is offered to first (all are tried on each object of the
// document, its arrays and its `payload`); the rest is the JSON text.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "adapters/amazon/model_parsers.h"

namespace {

using fbaflow::amazon::Json;

void OfferToEveryParser(const Json& object) {
  using namespace fbaflow::amazon;
  if (!object.is_object()) return;
  (void)ParseOrder(object);
  (void)ParseInventorySummary(object);
  (void)ParseReport(object);
  (void)ParseFeed(object);
  (void)ParseTransaction(object);
  (void)ParseListingsSubmission(object);
  (void)ParseDestination(object);
  (void)ParseSubscription(object);
}

// Every object in the document, down to a small depth: the parsers take one model object each,
// and real answers wrap them in `payload`, arrays and paging envelopes.
void Walk(const Json& value, int depth) {
  if (depth > 4) return;
  OfferToEveryParser(value);
  if (value.is_object() || value.is_array()) {
    for (const Json& child : value) Walk(child, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto parsed = fbaflow::amazon::ParseExactJson(text);
    if (parsed.Ok()) Walk(*parsed, 0);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "model_parsers_fuzz: uncaught exception: %s\n", e.what());
    std::abort();
  }
  return 0;
}
