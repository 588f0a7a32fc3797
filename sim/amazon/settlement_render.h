#pragma once
// Rendering of a settlement period as GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 text.
//
// The one place the emulator turns its settlement plan into the flat file; when the shared
// settlement generator (sim/settlement_gen.h) lands, this function delegates to it.
// Output is UTF-8, tab-separated, LF line ends, 24 columns (promotion-id last), the summary row
// second with only its first six cells filled, dates and decimals in the marketplace's style
// (US "2024-10-09 14:28:38 UTC" / "2024-10-18"; UK and DE "15.11.2024 08:59:45 UTC" /
// "15.11.2024"; DE with comma decimals). total-amount is the sum of every row.

#include <string>

#include "sim/amazon/world_types.h"

namespace fbaflow::sim {

std::string RenderSettlementReport(const SettlementPlan& plan);

}  // namespace fbaflow::sim
