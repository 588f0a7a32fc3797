// JSON shapes of the world's records, as Amazon's models define them.
#include <cmath>

#include "sim/amazon/iso_time.h"
#include "sim/amazon/service.h"

namespace fbaflow::sim {

json MoneyJson(const Money& m) {
  return {{"amount", m.ToString()}, {"currencyCode", std::string(m.GetCurrency().Code())}};
}

namespace {

// Finances 2024-06-19 writes amounts as JSON numbers (BigDecimal).
json CurrencyJson(const Money& m) {
  const double scale = std::pow(10.0, m.GetCurrency().MinorUnits());
  return {{"currencyCode", std::string(m.GetCurrency().Code())},
          {"currencyAmount", static_cast<double>(m.MinorUnits()) / scale}};
}

bool Has(const std::set<std::string>& s, const char* key) { return s.count(key) > 0; }

}  // namespace

json OrderJson(const World& w, const Order& o, const std::set<std::string>& included) {
  const MarketplaceSite& m = w.GetMarketplace();
  const Currency cur = m.currency;
  const bool priced = o.status != OrderStatus::kPending;  // pricing is absent while pending
  const bool has_proceeds = priced && o.status != OrderStatus::kCancelled;
  json j = {{"orderId", o.order_id},
            {"createdTime", FormatIso(o.created)},
            {"lastUpdatedTime", FormatIso(o.last_updated)},
            {"salesChannel",
             {{"channelName", "AMAZON"}, {"marketplaceId", m.id}, {"marketplaceName", m.name}}}};
  if (o.prime) j["programs"] = json::array({"PRIME"});
  Money items_total = Money::Zero(cur);
  Money tax_total = Money::Zero(cur);
  json items = json::array();
  bool first = true;
  for (const OrderLine& item : o.items) {
    const Sku& sku = w.Skus()[static_cast<size_t>(item.sku)];
    json product = {{"asin", sku.asin},
                    {"title", sku.title},
                    {"sellerSku", sku.seller_sku},
                    {"condition", {{"conditionType", "NEW"}, {"conditionSubtype", "NEW"}}}};
    if (priced) product["price"] = {{"unitPrice", MoneyJson(item.unit_price)}};
    json ji = {{"orderItemId", item.order_item_id},
               {"quantityOrdered", item.quantity},
               {"product", std::move(product)}};
    const Money principal = Money::FromMinor(item.unit_price.MinorUnits() * item.quantity, cur);
    if (Has(included, "PROCEEDS") && has_proceeds) {
      json breakdowns = json::array({{{"type", "ITEM"}, {"subtotal", MoneyJson(principal)}},
                                     {{"type", "TAX"}, {"subtotal", MoneyJson(item.item_tax)}}});
      Money total = principal + item.item_tax;
      if (first && !o.shipping.IsZero()) {
        breakdowns.push_back({{"type", "SHIPPING"}, {"subtotal", MoneyJson(o.shipping)}});
        total += o.shipping;
      }
      ji["proceeds"] = {{"proceedsTotal", MoneyJson(total)}, {"breakdowns", std::move(breakdowns)}};
    }
    if (Has(included, "FULFILLMENT")) {
      ji["fulfillment"] = {
          {"quantityFulfilled", item.quantity_shipped},
          {"quantityUnfulfilled",
           o.status == OrderStatus::kCancelled ? 0 : item.quantity - item.quantity_shipped}};
    }
    if (Has(included, "CANCELLATION") && o.status == OrderStatus::kCancelled) {
      json c = {{"cancellationExecution",
                 {{"cancelledBy", o.buyer_requested_cancel ? "BUYER" : "AMAZON"},
                  {"cancelReason", o.cancel_reason}}}};
      if (o.buyer_requested_cancel)
        c["cancellationRequest"] = {{"requester", "BUYER"}, {"cancelReason", o.cancel_reason}};
      ji["cancellation"] = std::move(c);
    }
    items_total += principal;
    tax_total += item.item_tax;
    items.push_back(std::move(ji));
    first = false;
  }
  if (Has(included, "BUYER")) {
    j["buyer"] = {{"buyerEmail", o.buyer_email}};
    if (!o.afn) j["buyer"]["buyerName"] = o.buyer_name;
  }
  if (Has(included, "RECIPIENT")) {
    json address = {{"city", o.address.city},
                    {"stateOrRegion", o.address.state},
                    {"postalCode", o.address.postal_code},
                    {"countryCode", o.address.country},
                    {"addressType", "RESIDENTIAL"}};
    if (!o.afn) {
      address["name"] = o.address.name;
      address["addressLine1"] = o.address.line1;
    }
    j["recipient"] = {{"deliveryAddress", std::move(address)}};
  }
  if (Has(included, "PROCEEDS") && has_proceeds) {
    json breakdowns = json::array({{{"type", "ITEM"}, {"subtotal", MoneyJson(items_total)}}});
    Money grand = items_total + tax_total;
    if (!o.shipping.IsZero()) {
      breakdowns.push_back({{"type", "SHIPPING"}, {"subtotal", MoneyJson(o.shipping)}});
      grand += o.shipping;
    }
    breakdowns.push_back({{"type", "TAX"}, {"subtotal", MoneyJson(tax_total)}});
    j["proceeds"] = {{"grandTotal", MoneyJson(grand)}, {"breakdowns", std::move(breakdowns)}};
  }
  if (Has(included, "FULFILLMENT")) {
    j["fulfillment"] = {{"fulfillmentStatus", OrderStatusName(o.status)},
                        {"fulfilledBy", o.afn ? "AMAZON" : "MERCHANT"},
                        {"fulfillmentServiceLevel", o.service_level},
                        {"shipByWindow",
                         {{"earliestDateTime", FormatIso(o.created)},
                          {"latestDateTime", FormatIso(o.created + 2 * kDay)}}},
                        {"deliverByWindow",
                         {{"earliestDateTime", FormatIso(o.created + 3 * kDay)},
                          {"latestDateTime", FormatIso(o.created + 7 * kDay)}}}};
  }
  j["orderItems"] = std::move(items);
  if (Has(included, "PACKAGES") && !o.afn && !o.confirmations.empty()) {
    // The packages the seller confirmed, one each.
    json packages = json::array();
    for (const ShipmentConfirmation& p : o.confirmations) {
      json package_items = json::array();
      for (const ConfirmedItem& item : p.items)
        package_items.push_back({{"orderItemId", item.order_item_id}, {"quantity", item.quantity}});
      json package = {{"packageReferenceId", p.package_reference_id},
                      {"createdTime", FormatIso(p.received)},
                      {"packageStatus", {{"status", "SHIPPED"}}},
                      {"carrier", p.carrier_name.empty() ? p.carrier_code : p.carrier_name},
                      {"shipTime", FormatIso(p.ship_date)},
                      {"trackingNumber", p.tracking_number},
                      {"packageItems", std::move(package_items)}};
      if (!p.shipping_method.empty()) package["shippingService"] = p.shipping_method;
      packages.push_back(std::move(package));
    }
    j["packages"] = std::move(packages);
  } else if (Has(included, "PACKAGES") && !o.afn && o.status == OrderStatus::kShipped) {
    // Shipped by the world itself: one package with everything.
    json package_items = json::array();
    for (const OrderLine& item : o.items)
      package_items.push_back({{"orderItemId", item.order_item_id}, {"quantity", item.quantity}});
    j["packages"] = json::array({{{"packageReferenceId", "1"},
                                  {"createdTime", FormatIso(o.shipped)},
                                  {"packageStatus", {{"status", "SHIPPED"}}},
                                  {"carrier", o.carrier},
                                  {"shipTime", FormatIso(o.shipped)},
                                  {"shippingService", "Standard"},
                                  {"trackingNumber", o.tracking_number},
                                  {"packageItems", std::move(package_items)}}});
  }
  return j;
}

json ReportJson(const Report& r) {
  json j = {{"reportId", r.report_id},
            {"reportType", r.report_type},
            {"marketplaceIds", r.marketplace_ids},
            {"dataStartTime", FormatIso(r.data_start)},
            {"dataEndTime", FormatIso(r.data_end)},
            {"createdTime", FormatIso(r.created)},
            {"processingStatus", ProcessingStatusName(r.status)}};
  if (r.status != ProcessingStatus::kInQueue && r.processing_start <= r.processing_end) {
    j["processingStartTime"] = FormatIso(r.processing_start);
  }
  if (IsFinal(r.status)) j["processingEndTime"] = FormatIso(r.processing_end);
  if (!r.document_id.empty()) j["reportDocumentId"] = r.document_id;
  return j;
}

json FeedJson(const Feed& f) {
  json j = {{"feedId", f.feed_id},
            {"feedType", f.feed_type},
            {"marketplaceIds", f.marketplace_ids},
            {"createdTime", FormatIso(f.created)},
            {"processingStatus", ProcessingStatusName(f.status)}};
  if (f.status != ProcessingStatus::kInQueue && f.processing_start <= f.processing_end) {
    j["processingStartTime"] = FormatIso(f.processing_start);
  }
  if (IsFinal(f.status)) j["processingEndTime"] = FormatIso(f.processing_end);
  if (!f.result_document_id.empty()) j["resultFeedDocumentId"] = f.result_document_id;
  return j;
}

json TransactionJson(const World& w, const FinanceTransaction& t) {
  const MarketplaceSite& m = w.GetMarketplace();
  json related = json::array();
  if (!t.order_id.empty())
    related.push_back(
        {{"relatedIdentifierName", "ORDER_ID"}, {"relatedIdentifierValue", t.order_id}});
  related.push_back({{"relatedIdentifierName", "FINANCIAL_EVENT_GROUP_ID"},
                     {"relatedIdentifierValue", t.group_id}});
  json breakdowns = json::array();
  for (const auto& [type, parts] : t.breakdowns) {
    Money sum = Money::Zero(t.total.GetCurrency());
    json inner = json::array();
    for (const auto& [name, amount] : parts) {
      sum += amount;
      inner.push_back({{"breakdownType", name}, {"breakdownAmount", CurrencyJson(amount)}});
    }
    breakdowns.push_back({{"breakdownType", type},
                          {"breakdownAmount", CurrencyJson(sum)},
                          {"breakdowns", std::move(inner)}});
  }
  json j = {
      {"sellingPartnerMetadata",
       {{"sellingPartnerId", w.SellerId()}, {"accountType", "PAYABLE"}, {"marketplaceId", m.id}}},
      {"relatedIdentifiers", std::move(related)},
      {"transactionType", t.transaction_type},
      {"transactionId", t.transaction_id},
      {"transactionStatus", "RELEASED"},
      {"description", t.description},
      {"postedDate", FormatIso(t.posted)},
      {"totalAmount", CurrencyJson(t.total)},
      {"marketplaceDetails", {{"marketplaceId", m.id}, {"marketplaceName", m.name}}},
      {"breakdowns", breakdowns}};
  if (!t.sku.empty()) {
    const Sku* sku = w.FindSku(t.sku);
    j["items"] = json::array(
        {{{"description", sku != nullptr ? sku->title : t.sku},
          {"totalAmount", CurrencyJson(t.total)},
          {"breakdowns", breakdowns},
          {"contexts", json::array({{{"contextType", "ProductContext"},
                                     {"asin", t.asin},
                                     {"sku", t.sku},
                                     {"quantityShipped", t.quantity},
                                     {"fulfillmentNetwork", t.fulfillment_network}}})}}});
  }
  return j;
}

json InventorySummaryJson(const World& w, const Sku& s, bool details) {
  json j = {{"asin", s.asin},
            {"fnSku", s.fnsku},
            {"sellerSku", s.seller_sku},
            {"condition", "NewItem"},
            {"lastUpdatedTime", FormatIso(s.last_updated)},
            {"productName", s.title},
            {"totalQuantity", s.TotalQuantity()}};
  (void)w;
  if (details) {
    j["inventoryDetails"] = {
        {"fulfillableQuantity", s.fulfillable},
        {"inboundWorkingQuantity", s.inbound_working},
        {"inboundShippedQuantity", s.inbound_shipped},
        {"inboundReceivingQuantity", s.inbound_receiving},
        {"reservedQuantity",
         {{"totalReservedQuantity", s.Reserved()},
          {"pendingCustomerOrderQuantity", s.reserved_pending_customer},
          {"pendingTransshipmentQuantity", 0},
          {"fcProcessingQuantity", s.reserved_fc_processing}}},
        {"researchingQuantity",
         {{"totalResearchingQuantity", s.researching},
          {"researchingQuantityBreakdown",
           json::array({{{"name", "researchingQuantityInShortTerm"}, {"quantity", s.researching}},
                        {{"name", "researchingQuantityInMidTerm"}, {"quantity", 0}},
                        {{"name", "researchingQuantityInLongTerm"}, {"quantity", 0}}})}}},
        {"unfulfillableQuantity",
         {{"totalUnfulfillableQuantity", s.Unfulfillable()},
          {"customerDamagedQuantity", s.customer_damaged},
          {"warehouseDamagedQuantity", s.warehouse_damaged},
          {"distributorDamagedQuantity", 0},
          {"carrierDamagedQuantity", 0},
          {"defectiveQuantity", 0},
          {"expiredQuantity", 0}}}};
  }
  return j;
}

json ListingsItemJson(const World& w, const Sku& s, const std::set<std::string>& included) {
  const MarketplaceSite& m = w.GetMarketplace();
  const std::string channel = s.afn ? m.afn_channel_code : "DEFAULT";
  const int quantity = s.afn ? s.fulfillable : s.mfn_quantity;
  json j = {{"sku", s.seller_sku}};
  if (Has(included, "summaries")) {
    json summary = {{"marketplaceId", m.id},
                    {"asin", s.asin},
                    {"productType", "PRODUCT"},
                    {"conditionType", "new_new"},
                    {"status", quantity > 0 ? json::array({"BUYABLE", "DISCOVERABLE"})
                                            : json::array({"DISCOVERABLE"})},
                    {"itemName", s.title},
                    {"createdDate", FormatIso(s.created)},
                    {"lastUpdatedDate", FormatIso(s.last_updated)}};
    if (s.afn) summary["fnSku"] = s.fnsku;
    j["summaries"] = json::array({std::move(summary)});
  }
  if (Has(included, "attributes")) {
    j["attributes"] = {
        {"item_name",
         json::array({{{"value", s.title}, {"language_tag", "en_US"}, {"marketplace_id", m.id}}})},
        {"condition_type", json::array({{{"value", "new_new"}, {"marketplace_id", m.id}}})},
        {"fulfillment_availability",
         json::array({{{"fulfillment_channel_code", channel}, {"quantity", quantity}}})},
        {"purchasable_offer",
         json::array({{{"currency", std::string(m.currency.Code())},
                       {"marketplace_id", m.id},
                       {"our_price",
                        json::array({{{"schedule", json::array({{{"value_with_tax",
                                                                  s.price.ToString()}}})}}})}}})}};
  }
  if (Has(included, "issues")) j["issues"] = json::array();
  if (Has(included, "offers")) {
    j["offers"] = json::array(
        {{{"marketplaceId", m.id}, {"offerType", "B2C"}, {"price", MoneyJson(s.price)}}});
  }
  if (Has(included, "fulfillmentAvailability")) {
    j["fulfillmentAvailability"] =
        json::array({{{"fulfillmentChannelCode", channel}, {"quantity", quantity}}});
  }
  if (Has(included, "productTypes")) {
    j["productTypes"] = json::array({{{"marketplaceId", m.id}, {"productType", "PRODUCT"}}});
  }
  if (Has(included, "relationships")) j["relationships"] = json::array();
  if (Has(included, "procurement")) j["procurement"] = json::array();
  return j;
}

}  // namespace fbaflow::sim
