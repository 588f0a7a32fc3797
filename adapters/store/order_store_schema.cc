#include "adapters/store/order_store_schema.h"

#include <fmt/format.h>

namespace fbaflow {

namespace {

// Version 1: the first schema of the orders flow.
// - cursors: how far each sync has read ("orders/<account>/<marketplace>" → a last-updated time).
// - orders + order_lines: every Amazon order as last seen, and what fbaflow did about it.
//   `queued` holds TransitionSet's bits (1 sale, 2 ship, 4 cancel, 8 confirm). An order is
//   replaced whole: its lines are deleted and written again (ON DELETE CASCADE does the rest).
// - outbox: the writes to make, by deterministic key; `seq` only grows, even across reopens
//   (AUTOINCREMENT never reuses a number; an identity column neither), and is the send order.
//   The partial index finds due items without reading what is done.
// - exceptions + exception_events: problems people own. Unique while open per (type, entity):
//   the partial unique index enforces it; a closed exception does not block a new one.
// - sku_mappings: the alias table, keyed like the lookup (account, marketplace or "*", SKU).
// - audit: append-only (triggers refuse UPDATE and DELETE).
// PostgreSQL: the same columns and types (order_store_sql.h's statements run on both); text keys
// sort bytewise (COLLATE "C"), as SQLite's do and as the contract lists them; counters are BIGINT
// identities.
constexpr std::string_view kV1Sqlite = R"sql(
CREATE TABLE cursors (
  name      TEXT    PRIMARY KEY,
  at        INTEGER NOT NULL,
  at_offset INTEGER NOT NULL
);
CREATE TABLE orders (
  order_id                 TEXT    PRIMARY KEY,
  account                  TEXT    NOT NULL,
  marketplace              TEXT    NOT NULL,
  marketplace_id           TEXT    NOT NULL,
  fulfilled_by             TEXT    NOT NULL,
  amazon_status            TEXT    NOT NULL,
  created_time             INTEGER NOT NULL,
  created_time_offset      INTEGER NOT NULL,
  last_updated_time        INTEGER NOT NULL,
  last_updated_time_offset INTEGER NOT NULL,
  shipped_time             INTEGER,
  shipped_time_offset      INTEGER,
  queued                   INTEGER NOT NULL,
  erp_shipped              INTEGER NOT NULL CHECK (erp_shipped IN (0, 1)),
  erp_sale_id              TEXT    NOT NULL,
  erp_sale_number          TEXT    NOT NULL,
  confirmed_at             INTEGER,
  confirmed_at_offset      INTEGER
);
CREATE INDEX orders_awaiting_warehouse ON orders (order_id)
  WHERE fulfilled_by = 'MERCHANT' AND erp_shipped = 0;
CREATE TABLE order_lines (
  order_id      TEXT    NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
  line_no       INTEGER NOT NULL,
  order_item_id TEXT    NOT NULL,
  seller_sku    TEXT    NOT NULL,
  quantity      INTEGER NOT NULL,
  unit_price    TEXT,
  currency      TEXT,
  PRIMARY KEY (order_id, line_no),
  CHECK ((unit_price IS NULL) = (currency IS NULL))
);
CREATE TABLE outbox (
  seq                    INTEGER PRIMARY KEY AUTOINCREMENT,
  key                    TEXT    NOT NULL UNIQUE,
  kind                   TEXT    NOT NULL,
  entity                 TEXT    NOT NULL,
  payload                TEXT    NOT NULL,
  state                  TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'parked')),
  attempts               INTEGER NOT NULL,
  created_at             INTEGER NOT NULL,
  created_at_offset      INTEGER NOT NULL,
  next_attempt_at        INTEGER NOT NULL,
  next_attempt_at_offset INTEGER NOT NULL,
  last_error             TEXT    NOT NULL,
  result                 TEXT    NOT NULL,
  done_at                INTEGER,
  done_at_offset         INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, seq) WHERE state = 'pending';
CREATE INDEX outbox_by_state ON outbox (state, seq);
CREATE TABLE exceptions (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  type              TEXT    NOT NULL,
  owner             TEXT    NOT NULL,
  entity            TEXT    NOT NULL,
  message           TEXT    NOT NULL,
  source_key        TEXT    NOT NULL,
  first_seen        INTEGER NOT NULL,
  first_seen_offset INTEGER NOT NULL,
  last_seen         INTEGER NOT NULL,
  last_seen_offset  INTEGER NOT NULL,
  attempts          INTEGER NOT NULL,
  status            TEXT    NOT NULL CHECK (status IN ('open', 'resolved', 'ignored'))
);
CREATE UNIQUE INDEX exceptions_open ON exceptions (type, entity) WHERE status = 'open';
CREATE INDEX exceptions_open_by_source ON exceptions (source_key) WHERE status = 'open';
CREATE INDEX exceptions_by_last_seen ON exceptions (last_seen, id);
CREATE TABLE exception_events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  exception_id INTEGER NOT NULL REFERENCES exceptions (id),
  at           INTEGER NOT NULL,
  at_offset    INTEGER NOT NULL,
  actor        TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  comment      TEXT    NOT NULL
);
CREATE INDEX exception_events_of ON exception_events (exception_id, id);
CREATE TABLE sku_mappings (
  account           TEXT    NOT NULL,
  marketplace       TEXT    NOT NULL,
  seller_sku        TEXT    NOT NULL,
  item_code         TEXT    NOT NULL,
  actor             TEXT    NOT NULL,
  updated_at        INTEGER NOT NULL,
  updated_at_offset INTEGER NOT NULL,
  PRIMARY KEY (account, marketplace, seller_sku)
);
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  at_offset INTEGER NOT NULL,
  actor     TEXT    NOT NULL,
  action    TEXT    NOT NULL,
  entity    TEXT    NOT NULL,
  detail    TEXT    NOT NULL
);
CREATE INDEX audit_by_entity ON audit (entity, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

constexpr std::string_view kV1Postgres = R"sql(
CREATE TABLE cursors (
  name      TEXT    COLLATE "C" PRIMARY KEY,
  at        BIGINT  NOT NULL,
  at_offset INTEGER NOT NULL
);
CREATE TABLE orders (
  order_id                 TEXT    COLLATE "C" PRIMARY KEY,
  account                  TEXT    NOT NULL,
  marketplace              TEXT    NOT NULL,
  marketplace_id           TEXT    NOT NULL,
  fulfilled_by             TEXT    NOT NULL,
  amazon_status            TEXT    NOT NULL,
  created_time             BIGINT  NOT NULL,
  created_time_offset      INTEGER NOT NULL,
  last_updated_time        BIGINT  NOT NULL,
  last_updated_time_offset INTEGER NOT NULL,
  shipped_time             BIGINT,
  shipped_time_offset      INTEGER,
  queued                   INTEGER NOT NULL,
  erp_shipped              INTEGER NOT NULL CHECK (erp_shipped IN (0, 1)),
  erp_sale_id              TEXT    NOT NULL,
  erp_sale_number          TEXT    NOT NULL,
  confirmed_at             BIGINT,
  confirmed_at_offset      INTEGER
);
CREATE INDEX orders_awaiting_warehouse ON orders (order_id)
  WHERE fulfilled_by = 'MERCHANT' AND erp_shipped = 0;
CREATE TABLE order_lines (
  order_id      TEXT    COLLATE "C" NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
  line_no       INTEGER NOT NULL,
  order_item_id TEXT    NOT NULL,
  seller_sku    TEXT    NOT NULL,
  quantity      BIGINT  NOT NULL,
  unit_price    TEXT,
  currency      TEXT,
  PRIMARY KEY (order_id, line_no),
  CHECK ((unit_price IS NULL) = (currency IS NULL))
);
CREATE TABLE outbox (
  seq                    BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key                    TEXT    COLLATE "C" NOT NULL UNIQUE,
  kind                   TEXT    NOT NULL,
  entity                 TEXT    NOT NULL,
  payload                TEXT    NOT NULL,
  state                  TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'parked')),
  attempts               INTEGER NOT NULL,
  created_at             BIGINT  NOT NULL,
  created_at_offset      INTEGER NOT NULL,
  next_attempt_at        BIGINT  NOT NULL,
  next_attempt_at_offset INTEGER NOT NULL,
  last_error             TEXT    NOT NULL,
  result                 TEXT    NOT NULL,
  done_at                BIGINT,
  done_at_offset         INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, seq) WHERE state = 'pending';
CREATE INDEX outbox_by_state ON outbox (state, seq);
CREATE TABLE exceptions (
  id                BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type              TEXT    COLLATE "C" NOT NULL,
  owner             TEXT    COLLATE "C" NOT NULL,
  entity            TEXT    COLLATE "C" NOT NULL,
  message           TEXT    NOT NULL,
  source_key        TEXT    COLLATE "C" NOT NULL,
  first_seen        BIGINT  NOT NULL,
  first_seen_offset INTEGER NOT NULL,
  last_seen         BIGINT  NOT NULL,
  last_seen_offset  INTEGER NOT NULL,
  attempts          INTEGER NOT NULL,
  status            TEXT    NOT NULL CHECK (status IN ('open', 'resolved', 'ignored'))
);
CREATE UNIQUE INDEX exceptions_open ON exceptions (type, entity) WHERE status = 'open';
CREATE INDEX exceptions_open_by_source ON exceptions (source_key) WHERE status = 'open';
CREATE INDEX exceptions_by_last_seen ON exceptions (last_seen, id);
CREATE TABLE exception_events (
  id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  exception_id BIGINT  NOT NULL REFERENCES exceptions (id),
  at           BIGINT  NOT NULL,
  at_offset    INTEGER NOT NULL,
  actor        TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  comment      TEXT    NOT NULL
);
CREATE INDEX exception_events_of ON exception_events (exception_id, id);
CREATE TABLE sku_mappings (
  account           TEXT    COLLATE "C" NOT NULL,
  marketplace       TEXT    COLLATE "C" NOT NULL,
  seller_sku        TEXT    COLLATE "C" NOT NULL,
  item_code         TEXT    NOT NULL,
  actor             TEXT    NOT NULL,
  updated_at        BIGINT  NOT NULL,
  updated_at_offset INTEGER NOT NULL,
  PRIMARY KEY (account, marketplace, seller_sku)
);
CREATE TABLE audit (
  id        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        BIGINT  NOT NULL,
  at_offset INTEGER NOT NULL,
  actor     TEXT    NOT NULL,
  action    TEXT    NOT NULL,
  entity    TEXT    COLLATE "C" NOT NULL,
  detail    TEXT    NOT NULL
);
CREATE INDEX audit_by_entity ON audit (entity, id);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
)sql";

// New steps go at the end, with a new version, in both dialects; a step once released is never
// edited (databases out there have applied it).
constexpr OrderStoreMigration kMigrations[] = {
    {1, "orders, outbox, exceptions, SKU mappings, audit", kV1Sqlite, kV1Postgres},
};

}  // namespace

std::span<const OrderStoreMigration> OrderStoreMigrations() { return kMigrations; }

int OrderStoreSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

Status NewerSchemaError(std::string_view where, int found) {
  return FailedPrecondition(fmt::format(
      "order store {}: the database is at schema version {}, newer than version {} that this "
      "fbaflow knows; run the fbaflow that migrated it (or a newer one)",
      where, found, OrderStoreSchemaVersion()));
}

}  // namespace fbaflow
