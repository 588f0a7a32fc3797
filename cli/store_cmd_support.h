#pragma once
// What the `orders`, `exceptions` and `mappings` commands share: the flags that find the store
// (the data folder or a store URL) and the seller whose mappings they touch, opening the store,
// and who is acting.

#include <memory>
#include <string>

#include "app/amazon_settings.h"
#include "ports/order_store.h"

namespace CLI {
class App;
}  // namespace CLI

namespace fbaflow::cli {

struct StoreFlags {
  app::AmazonFlags amazon;  // config, seller id, data folder (and the rest for orders sync)
  std::string store;        // --store: a postgresql:// URL or a SQLite file
  std::string format = "text";
  std::string actor;  // --actor; default $USER
};

// --config, --seller-id, --data-dir, --store, --format, --actor.
void AddStoreFlags(CLI::App& command, StoreFlags& flags);

struct OpenedStore {
  app::AmazonSettings amazon;
  std::string account;   // the seller id, or "default"
  std::string location;  // the store's file or URL (password removed)
  std::unique_ptr<OrderStore> store;
};

Result<OpenedStore> OpenStore(const StoreFlags& flags);

// --actor, $USER, or "cli".
std::string Actor(const StoreFlags& flags);

// Prints "fbaflow <command>: <message>" and returns the exit code for `status`.
int Fail(std::string_view command, const Status& status);

}  // namespace fbaflow::cli
