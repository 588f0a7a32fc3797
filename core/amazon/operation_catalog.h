#pragma once
// The SP-API operations fbaflow knows, with Amazon's published default rate limits.
//
// Generated from Amazon's own models (third_party/spapi-models) by
// scripts/gen-operation-catalog.py; operation_catalog_test.cc fails when the two drift apart.
// Both the client's token buckets and the emulator's enforcement start from these numbers.
// Thread safety: immutable static data.

#include <span>
#include <string_view>

namespace fbaflow::amazon {

struct OperationSpec {
  std::string_view model;         // "orders_2026-01-01"
  std::string_view operation_id;  // "searchOrders"
  std::string_view method;        // "GET"
  std::string_view path;          // "/orders/2026-01-01/orders/{orderId}"
  double rate;                    // requests per second restored to the bucket
  int burst;                      // bucket size
  bool grantless;                 // called with a client-credentials token, no seller grant
};

extern const OperationSpec kOperationCatalog[];
extern const int kOperationCatalogSize;

std::span<const OperationSpec> AllOperations();

// The operation with this id in this model; nullptr when unknown. `model` may be empty when the
// id is unique across the catalogue.
const OperationSpec* FindOperation(std::string_view operation_id, std::string_view model = {});

}  // namespace fbaflow::amazon
