#pragma once
// OrdersApi: the part of the Selling Partner API the orders flow (engine/orders) uses: reading
// orders (Orders 2026-01-01 searchOrders) and confirming merchant-fulfilled shipments (Orders v0
// confirmShipment, which stays after v0's read operations retire). AmazonApi implements it;
// ports/testing/fake_orders_api.h keeps orders in memory for engine tests.
// Errors as AmazonApi (ports/amazon_api.h); a confirmation Amazon refuses (the order is not
// merchant-fulfilled, already shipped, an unknown item) is kInvalidArgument with Amazon's message.

#include <string>
#include <vector>

#include "ports/amazon_api.h"

namespace fbaflow::amazon {

struct ShipmentItem {
  std::string order_item_id;
  int64_t quantity = 0;
};

struct ShipmentConfirmation {
  std::string order_id;
  std::string marketplace_id;
  std::string package_reference_id;  // the seller's id for the package (the ERP shipment)
  std::string carrier_code;          // Amazon's carrier code, "Other" with carrier_name
  std::string carrier_name;
  std::string shipping_method;
  std::string tracking_number;
  Timestamp ship_date;
  std::vector<ShipmentItem> items;
};

class OrdersApi {
 public:
  virtual ~OrdersApi() = default;

  virtual Result<OrderSearchResult> SearchOrders(const OrderQuery& query,
                                                 const OrdersPageFn& on_page) = 0;
  virtual Result<Order> GetOrder(std::string_view order_id,
                                 const std::vector<std::string>& included_data) = 0;
  virtual Status ConfirmShipment(const ShipmentConfirmation& confirmation) = 0;
};

}  // namespace fbaflow::amazon
