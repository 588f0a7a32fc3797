#include "core/settlement/entry.h"

namespace fbaflow::settlement {

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kV2:
      return "v2";
    case Format::kLegacy:
      return "legacy";
  }
  return "unknown";
}

}  // namespace fbaflow::settlement
