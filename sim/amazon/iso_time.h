#pragma once
// Text forms of simulated instants, as the SP-API writes and reads them.

#include <string>
#include <string_view>

#include "core/base/status.h"
#include "sim/amazon/sim_clock.h"

namespace fbaflow::sim {

// "2026-01-15T10:30:00Z" (whole seconds, UTC), the form the SP-API models show.
std::string FormatIso(SimMillis t);
// "2026-01-15T10:30:00.123Z".
std::string FormatIsoMillis(SimMillis t);
// "Thu, 15 Jan 2026 10:30:00 GMT" for the Date header.
std::string FormatHttpDate(SimMillis t);

// Parses ISO 8601 as the SP-API accepts it: "2026-01-15", "2026-01-15T10:30Z",
// "2026-01-15T10:30:00", "2026-01-15T10:30:00.5+01:00", "...+0100". No offset means UTC.
// kInvalidArgument names what is wrong.
Result<SimMillis> ParseIso(std::string_view text);

}  // namespace fbaflow::sim
