#include "adapters/amazon/model_parsers.h"

namespace fbaflow::amazon {

namespace {

Result<Timestamp> RequiredTime(const Json& object, std::string_view name) {
  const std::string text = StringField(object, name);
  if (text.empty()) return InvalidArgument("missing " + std::string(name));
  auto t = ParseIso8601(text);
  if (!t.Ok()) return InvalidArgument(std::string(name) + ": " + t.GetStatus().Message());
  return t;
}

Result<std::optional<Timestamp>> OptionalTime(const Json& object, std::string_view name) {
  const std::string text = StringField(object, name);
  if (text.empty()) return std::optional<Timestamp>();
  auto t = ParseIso8601(text);
  if (!t.Ok()) return InvalidArgument(std::string(name) + ": " + t.GetStatus().Message());
  return std::optional<Timestamp>(*t);
}

Result<std::optional<Money>> OptionalMoney(const Json* money, std::string_view what) {
  if (money == nullptr) return std::optional<Money>();
  ASSIGN_OR_RETURN(Money m, MoneyFromJson(*money, what));
  return std::optional<Money>(m);
}

std::vector<std::string> Strings(const Json& object, std::string_view name) {
  std::vector<std::string> out;
  if (const Json* arr = ArrayField(object, name)) {
    for (const Json& v : *arr) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

int64_t IntOr0(const Json* object, std::string_view name) {
  if (object == nullptr) return 0;
  return IntField(*object, name).value_or(0);
}

Result<FinanceBreakdown> ParseBreakdown(const Json& b, int depth) {
  if (depth > 16) return InvalidArgument("breakdowns nested too deep");
  FinanceBreakdown out;
  out.type = StringField(b, "breakdownType");
  ASSIGN_OR_RETURN(out.amount,
                   OptionalMoney(ObjectField(b, "breakdownAmount"), "breakdown " + out.type));
  if (const Json* children = ArrayField(b, "breakdowns")) {
    for (const Json& c : *children) {
      ASSIGN_OR_RETURN(FinanceBreakdown child, ParseBreakdown(c, depth + 1));
      out.children.push_back(std::move(child));
    }
  }
  return out;
}

}  // namespace

Result<Order> ParseOrder(const Json& j) {
  if (!j.is_object()) return InvalidArgument("order is not an object");
  Order o;
  o.order_id = StringField(j, "orderId");
  if (o.order_id.empty()) return InvalidArgument("order without orderId");
  ASSIGN_OR_RETURN(o.created_time, RequiredTime(j, "createdTime"));
  ASSIGN_OR_RETURN(o.last_updated_time, RequiredTime(j, "lastUpdatedTime"));
  if (const Json* channel = ObjectField(j, "salesChannel")) {
    o.channel_name = StringField(*channel, "channelName");
    o.marketplace_id = StringField(*channel, "marketplaceId");
  }
  if (const Json* f = ObjectField(j, "fulfillment")) {
    o.fulfillment_status = StringField(*f, "fulfillmentStatus");
    const std::string by = StringField(*f, "fulfilledBy");
    o.fulfilled_by = by == "AMAZON"     ? FulfilledBy::kAmazon
                     : by == "MERCHANT" ? FulfilledBy::kMerchant
                                        : FulfilledBy::kUnknown;
    o.fulfillment_service_level = StringField(*f, "fulfillmentServiceLevel");
  }
  if (const Json* proceeds = ObjectField(j, "proceeds")) {
    ASSIGN_OR_RETURN(o.grand_total,
                     OptionalMoney(ObjectField(*proceeds, "grandTotal"), "proceeds.grandTotal"));
  }
  o.programs = Strings(j, "programs");
  const Json* items = ArrayField(j, "orderItems");
  if (items == nullptr) return InvalidArgument("order without orderItems");
  for (const Json& it : *items) {
    OrderItem item;
    item.order_item_id = StringField(it, "orderItemId");
    if (item.order_item_id.empty()) return InvalidArgument("order item without orderItemId");
    const auto qty = IntField(it, "quantityOrdered");
    if (!qty) return InvalidArgument("item " + item.order_item_id + " without quantityOrdered");
    item.quantity_ordered = *qty;
    if (const Json* product = ObjectField(it, "product")) {
      item.seller_sku = StringField(*product, "sellerSku");
      item.asin = StringField(*product, "asin");
      item.title = StringField(*product, "title");
      if (const Json* price = ObjectField(*product, "price")) {
        ASSIGN_OR_RETURN(item.unit_price,
                         OptionalMoney(ObjectField(*price, "unitPrice"),
                                       "item " + item.order_item_id + " unitPrice"));
      }
    }
    if (const Json* proceeds = ObjectField(it, "proceeds")) {
      ASSIGN_OR_RETURN(item.proceeds_total,
                       OptionalMoney(ObjectField(*proceeds, "proceedsTotal"),
                                     "item " + item.order_item_id + " proceedsTotal"));
    }
    if (const Json* f = ObjectField(it, "fulfillment")) {
      item.quantity_fulfilled = IntField(*f, "quantityFulfilled");
      item.quantity_unfulfilled = IntField(*f, "quantityUnfulfilled");
    }
    o.items.push_back(std::move(item));
  }
  if (const Json* packages = ArrayField(j, "packages")) {
    for (const Json& p : *packages) {
      if (!p.is_object()) return InvalidArgument("package is not an object");
      OrderPackage package;
      package.package_reference_id = StringField(p, "packageReferenceId");
      if (package.package_reference_id.empty())
        return InvalidArgument("package without packageReferenceId");
      package.carrier = StringField(p, "carrier");
      package.tracking_number = StringField(p, "trackingNumber");
      if (p.contains("shipTime") && !p["shipTime"].is_string()) {
        return InvalidArgument("package " + package.package_reference_id +
                               ": shipTime is not a string");
      }
      ASSIGN_OR_RETURN(package.ship_time, OptionalTime(p, "shipTime"));
      if (package.ship_time && (!o.shipped_time || *o.shipped_time < *package.ship_time))
        o.shipped_time = package.ship_time;
      o.packages.push_back(std::move(package));
    }
  }
  return o;
}

Result<InventorySummary> ParseInventorySummary(const Json& j) {
  if (!j.is_object()) return InvalidArgument("inventory summary is not an object");
  InventorySummary s;
  s.seller_sku = StringField(j, "sellerSku");
  if (s.seller_sku.empty()) return InvalidArgument("inventory summary without sellerSku");
  s.fnsku = StringField(j, "fnSku");
  s.asin = StringField(j, "asin");
  s.condition = StringField(j, "condition");
  s.product_name = StringField(j, "productName");
  s.total_quantity = IntField(j, "totalQuantity").value_or(0);
  ASSIGN_OR_RETURN(s.last_updated, OptionalTime(j, "lastUpdatedTime"));
  if (const Json* d = ObjectField(j, "inventoryDetails")) {
    s.has_details = true;
    s.fulfillable = IntOr0(d, "fulfillableQuantity");
    s.inbound_working = IntOr0(d, "inboundWorkingQuantity");
    s.inbound_shipped = IntOr0(d, "inboundShippedQuantity");
    s.inbound_receiving = IntOr0(d, "inboundReceivingQuantity");
    const Json* r = ObjectField(*d, "reservedQuantity");
    s.reserved = ReservedQuantity{
        IntOr0(r, "totalReservedQuantity"), IntOr0(r, "pendingCustomerOrderQuantity"),
        IntOr0(r, "pendingTransshipmentQuantity"), IntOr0(r, "fcProcessingQuantity")};
    s.researching = IntOr0(ObjectField(*d, "researchingQuantity"), "totalResearchingQuantity");
    const Json* u = ObjectField(*d, "unfulfillableQuantity");
    s.unfulfillable = UnfulfillableQuantity{IntOr0(u, "totalUnfulfillableQuantity"),
                                            IntOr0(u, "customerDamagedQuantity"),
                                            IntOr0(u, "warehouseDamagedQuantity"),
                                            IntOr0(u, "distributorDamagedQuantity"),
                                            IntOr0(u, "carrierDamagedQuantity"),
                                            IntOr0(u, "defectiveQuantity"),
                                            IntOr0(u, "expiredQuantity")};
  }
  return s;
}

Result<ReportInfo> ParseReport(const Json& j) {
  if (!j.is_object()) return InvalidArgument("report is not an object");
  ReportInfo r;
  r.report_id = StringField(j, "reportId");
  if (r.report_id.empty()) return InvalidArgument("report without reportId");
  r.report_type = StringField(j, "reportType");
  r.marketplace_ids = Strings(j, "marketplaceIds");
  ASSIGN_OR_RETURN(r.created_time, RequiredTime(j, "createdTime"));
  ASSIGN_OR_RETURN(r.data_start, OptionalTime(j, "dataStartTime"));
  ASSIGN_OR_RETURN(r.data_end, OptionalTime(j, "dataEndTime"));
  ASSIGN_OR_RETURN(r.processing_end, OptionalTime(j, "processingEndTime"));
  const std::string status = StringField(j, "processingStatus");
  r.status = ParseProcessingStatus(status);
  if (r.status == ProcessingStatus::kUnknown) {
    return InvalidArgument("report " + r.report_id + " has processingStatus '" + status + "'");
  }
  r.document_id = StringField(j, "reportDocumentId");
  return r;
}

Result<FeedInfo> ParseFeed(const Json& j) {
  if (!j.is_object()) return InvalidArgument("feed is not an object");
  FeedInfo f;
  f.feed_id = StringField(j, "feedId");
  if (f.feed_id.empty()) return InvalidArgument("feed without feedId");
  f.feed_type = StringField(j, "feedType");
  f.marketplace_ids = Strings(j, "marketplaceIds");
  ASSIGN_OR_RETURN(f.created_time, RequiredTime(j, "createdTime"));
  ASSIGN_OR_RETURN(f.processing_end, OptionalTime(j, "processingEndTime"));
  const std::string status = StringField(j, "processingStatus");
  f.status = ParseProcessingStatus(status);
  if (f.status == ProcessingStatus::kUnknown) {
    return InvalidArgument("feed " + f.feed_id + " has processingStatus '" + status + "'");
  }
  f.result_document_id = StringField(j, "resultFeedDocumentId");
  return f;
}

Result<Transaction> ParseTransaction(const Json& j) {
  if (!j.is_object()) return InvalidArgument("transaction is not an object");
  Transaction t;
  t.transaction_id = StringField(j, "transactionId");
  t.transaction_type = StringField(j, "transactionType");
  t.transaction_status = StringField(j, "transactionStatus");
  t.description = StringField(j, "description");
  ASSIGN_OR_RETURN(t.posted_date, OptionalTime(j, "postedDate"));
  ASSIGN_OR_RETURN(t.total_amount, OptionalMoney(ObjectField(j, "totalAmount"), "totalAmount"));
  if (const Json* m = ObjectField(j, "marketplaceDetails")) {
    t.marketplace_id = StringField(*m, "marketplaceId");
  }
  if (const Json* ids = ArrayField(j, "relatedIdentifiers")) {
    for (const Json& id : *ids) {
      t.related_identifiers.emplace_back(StringField(id, "relatedIdentifierName"),
                                         StringField(id, "relatedIdentifierValue"));
    }
  }
  if (const Json* bs = ArrayField(j, "breakdowns")) {
    for (const Json& b : *bs) {
      ASSIGN_OR_RETURN(FinanceBreakdown parsed, ParseBreakdown(b, 0));
      t.breakdowns.push_back(std::move(parsed));
    }
  }
  if (const Json* items = ArrayField(j, "items")) t.item_count = static_cast<int>(items->size());
  if (t.transaction_id.empty() && t.transaction_type.empty()) {
    return InvalidArgument("transaction without transactionId or transactionType");
  }
  return t;
}

Result<ListingsSubmission> ParseListingsSubmission(const Json& j) {
  ListingsSubmission s;
  s.sku = StringField(j, "sku");
  s.status = StringField(j, "status");
  s.submission_id = StringField(j, "submissionId");
  if (s.status.empty()) return InvalidArgument("listings submission without status");
  if (const Json* issues = ArrayField(j, "issues")) {
    for (const Json& i : *issues) {
      s.issues.push_back(ListingsIssue{StringField(i, "code"), StringField(i, "message"),
                                       StringField(i, "severity")});
    }
  }
  return s;
}

Result<Destination> ParseDestination(const Json& j) {
  Destination d;
  d.destination_id = StringField(j, "destinationId");
  d.name = StringField(j, "name");
  if (d.destination_id.empty()) return InvalidArgument("destination without destinationId");
  if (const Json* resource = ObjectField(j, "resource")) {
    if (const Json* sqs = ObjectField(*resource, "sqs")) d.sqs_arn = StringField(*sqs, "arn");
    if (const Json* eb = ObjectField(*resource, "eventBridge")) {
      d.event_bridge_account_id = StringField(*eb, "accountId");
      d.event_bridge_region = StringField(*eb, "region");
      d.event_bridge_name = StringField(*eb, "name");
    }
  }
  return d;
}

Result<Subscription> ParseSubscription(const Json& j) {
  Subscription s;
  s.subscription_id = StringField(j, "subscriptionId");
  s.payload_version = StringField(j, "payloadVersion");
  s.destination_id = StringField(j, "destinationId");
  if (s.subscription_id.empty()) return InvalidArgument("subscription without subscriptionId");
  return s;
}

}  // namespace fbaflow::amazon
