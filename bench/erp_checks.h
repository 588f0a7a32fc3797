#pragma once
// What the ERP must hold after the orders benchmark's pass, read back from the ERP itself so the
// benchmark cannot pass by doing nothing: one sale per landing order (exactly one), its shipment
// done when Amazon had shipped the FBA order, and nothing for an order with an unmapped SKU.
// kFailedPrecondition naming the first order that is wrong; the ERP's own errors as they come.

#include <vector>

#include "adapters/erp/tryton_erp.h"
#include "bench/order_mix.h"
#include "core/base/status.h"
#include "ports/testing/fake_erp.h"

namespace fbaflow::bench {

// FakeErp: every sale counted, and each sale's lines checked against the catalogue (SKU mapped
// to its exact or alias item code, quantity, price) and its warehouse against the channel.
Status CheckFakeErp(const OrderMix& mix, const std::vector<amazon::Order>& orders,
                    const testing::FakeErp& erp);

// Tryton: the sales with the orders' references counted in Tryton (search_count), then every
// order looked up through the port (FindSale, ShipmentOf).
Status CheckTryton(const OrderMix& mix, const std::vector<amazon::Order>& orders,
                   erp::TrytonErp& erp);

}  // namespace fbaflow::bench
