#pragma once
// The exceptions the orders flow raises: their types, who owns them by default, and the entity
// and outbox-key naming every part of the flow shares.

#include <string>
#include <string_view>

#include "core/orders/routing.h"
#include "engine/orders/order_settings.h"

namespace fbaflow::orders {

inline constexpr std::string_view kUnmappedSku = "unmapped-sku";              // ecommerce
inline constexpr std::string_view kErpRejected = "erp-rejected";              // ops
inline constexpr std::string_view kErpUnavailable = "erp-unavailable";        // ops
inline constexpr std::string_view kErpError = "erp-error";                    // ops
inline constexpr std::string_view kAmazonRejected = "amazon-rejected";        // ops
inline constexpr std::string_view kAmazonUnavailable = "amazon-unavailable";  // ops
inline constexpr std::string_view kAmazonError = "amazon-error";              // ops
// A settlement journal the ERP refused or could not take: finance's, like every "settlement-" type.
inline constexpr std::string_view kJournalRejected = "settlement-erp-rejected";
inline constexpr std::string_view kJournalUnavailable = "settlement-erp-unavailable";
inline constexpr std::string_view kJournalError = "settlement-erp-error";
inline constexpr std::string_view kErpShipmentCancelled = "erp-shipment-cancelled";  // ops
inline constexpr std::string_view kOrderUnpriced = "order-unpriced";                 // ecommerce

// The team that owns `type` unless the settings say otherwise: SKUs and listings are
// e-commerce's, money is finance's, everything about moving goods and systems is ops'.
std::string_view DefaultOwner(std::string_view type);
std::string OwnerOf(const OrderSettings& settings, std::string_view type);

std::string OrderEntity(std::string_view order_id);  // "order 206-1234567-1234567"
// "order/<id>/<transition>": the outbox key of a transition.
std::string OutboxKey(std::string_view order_id, OrderTransition transition);
// "order/<id>/route": the pseudo key of routing problems (they block no write).
std::string RouteKey(std::string_view order_id);
std::string_view OutboxKind(OrderTransition transition);  // "erp.sale", ..., "amazon.confirm"

// The write an outbox item makes, for a person: "the ERP sale", "the shipment confirmation to
// Amazon", "the settlement journal" (the kind itself when unknown).
std::string_view WriteName(std::string_view kind);

// What an exception's outbox key holds back, for a person: "the ERP sale of order 206-...",
// "the settlement journal settlement-123-2026-11"; the key itself when it is no outbox key.
std::string DescribeKey(std::string_view key);

}  // namespace fbaflow::orders
