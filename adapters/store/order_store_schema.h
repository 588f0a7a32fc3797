#pragma once
// The OrderStore's schema as an ordered list of migrations, each in SQLite's and PostgreSQL's
// dialect side by side (order_store_schema.cc), so that the two stores cannot drift apart. A
// database records the versions applied to it in `schema_migrations` (version, applied_at); a
// store applies the missing steps in one transaction when it opens, and refuses a database a newer
// fbaflow has migrated beyond what it knows. docs/store.md describes the tables.
//
// Conventions of every step: an instant is two columns, `<name>` (seconds since the epoch, UTC:
// what queries compare and sort) and `<name>_offset` (minutes east of UTC the instant was written
// with, so that it reads back as written); an amount is exact decimal text ("19.99") beside its
// ISO 4217 currency code, never a floating-point number.

#include <span>
#include <string>
#include <string_view>

#include "core/base/status.h"

namespace fbaflow {

struct OrderStoreMigration {
  int version;                // 1, 2, ...: applied in this order, each once
  std::string_view what;      // one line for people: what the step brings
  std::string_view sqlite;    // the step in SQLite's dialect
  std::string_view postgres;  // the same step in PostgreSQL's
};

// Every step, oldest first.
std::span<const OrderStoreMigration> OrderStoreMigrations();
// The version a store of this build brings a database to.
int OrderStoreSchemaVersion();

// kFailedPrecondition for a database at `found`, newer than this build's version; names both
// versions and `where` (the file or the server).
Status NewerSchemaError(std::string_view where, int found);

}  // namespace fbaflow
