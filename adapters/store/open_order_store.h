#pragma once
// OpenOrderStore: the one place that turns a store location into a store, for the composition
// root. A `postgresql://` or `postgres://` URL opens PostgresOrderStore; anything else is a file
// path and opens SqliteOrderStore (docs/store.md). Any other scheme ("postgresq://", "mysql://")
// or a key=value string is kInvalidArgument: never a new SQLite file named after a typo.

#include <memory>
#include <string>
#include <string_view>

#include "ports/order_store.h"

namespace fbaflow {

Result<std::unique_ptr<OrderStore>> OpenOrderStore(std::string_view location);

}  // namespace fbaflow
