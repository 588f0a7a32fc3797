#pragma once
// Rendering of a world's settlement period as GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 text,
// through the shared settlement generator's writer (sim/settlement_writer.h), so the emulator's
// files have exactly the layout, dates and decimals of the generator's (and of real files): US
// "2024-10-09 14:28:38 UTC" / "2024-10-18"; UK and DE dotted dates; DE comma decimals grouped in
// thousands. UTF-8, LF line ends, 24 columns, the summary row second; total-amount is the sum of
// every row. The world's rows are consecutive amounts of one context (order item, refund,
// reimbursement), which the generator's events group the same way.

#include <string>

#include "sim/amazon/world_types.h"

namespace fbaflow::sim {

// The flat file of `period`. Throws std::logic_error if the writer refuses the plan (a bug: the
// world only builds rows the writer accepts).
std::string RenderSettlementReport(const SettlementPeriod& period);

}  // namespace fbaflow::sim
