#pragma once
// The settlement generator: realistic Amazon settlement flat files for tests, the demo, the
// benchmarks and the Amazon emulator. One include for the whole of it:
//
//   marketplace_profile.h  how each marketplace (US, UK, DE, FR) prints dates, decimals, names,
//                          and prices its taxes and fees
//   settlement_plan.h      what a settlement holds (header, events of amount rows), an in-memory
//                          SettlementPlan for callers with their own orders, and the builders that
//                          turn orders, refunds, reserves and fees into events
//   random_settlement.h    a seeded random settlement of any size, in constant memory
//   settlement_writer.h    prints any of them as a V2 (24 or 23 columns) or legacy (36 columns)
//                          flat file, UTF-8 or windows-1252, LF or CRLF; total-amount exact
//
// Example (the emulator's way):
//   SettlementPlan plan(MakeHeader(Marketplace::kUK, "23395380562", start));
//   OrderItem item{...};  PriceOrderItem(ProfileOf(Marketplace::kUK), sale, item);
//   plan.Add(OrderEvent(ProfileOf(Marketplace::kUK), item));
//   plan.Add(ReserveEvent(ReserveKind::kCurrent, -7028, posted));
//   Result<std::string> file = RenderSettlementToString(plan);

#include "sim/marketplace_profile.h"
#include "sim/random_settlement.h"
#include "sim/settlement_plan.h"
#include "sim/settlement_writer.h"
