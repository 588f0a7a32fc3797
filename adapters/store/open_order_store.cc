#include "adapters/store/open_order_store.h"

#include "adapters/store/postgres_order_store.h"
#include "adapters/store/sqlite_order_store.h"

namespace fbaflow {

Result<std::unique_ptr<OrderStore>> OpenOrderStore(std::string_view location) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    ASSIGN_OR_RETURN(auto store, PostgresOrderStore::Open(std::string(location)));
    return std::unique_ptr<OrderStore>(std::move(store));
  }
  // Anything else that looks like a URL or a libpq key=value string is a mistyped store, and
  // taking it for a file name would quietly start an empty SQLite store beside the real one.
  if (location.find("://") != std::string_view::npos ||
      location.find('=') != std::string_view::npos) {
    return InvalidArgument("store '" + PostgresOrderStore::Redacted(location) +
                           "' is neither a postgresql:// URL nor a file path");
  }
  ASSIGN_OR_RETURN(auto store, SqliteOrderStore::Open(std::filesystem::path(location)));
  return std::unique_ptr<OrderStore>(std::move(store));
}

}  // namespace fbaflow
