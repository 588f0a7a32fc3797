#include "cli/mappings_cmd.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "adapters/clock/system_clock.h"
#include "app/exit_code.h"
#include "cli/store_cmd_support.h"
#include "core/amazon/marketplaces.h"
#include "core/orders/sku_mapper.h"

namespace fbaflow::cli {
namespace {

struct Options {
  StoreFlags store;
  std::string marketplace = "*";
  std::string sku;
  std::string item;
  std::string file;
};

// "UK", "GB", an Amazon marketplace id, or "*" → the code mappings are kept under.
Result<std::string> MarketplaceCode(const std::string& text) {
  if (text == kAnyMarketplace) return text;
  const amazon::Marketplace* m = amazon::FindMarketplace(text);
  if (m == nullptr) {
    return InvalidArgument("unknown marketplace '" + text +
                           "': give a country code (UK, DE, US...), a marketplace id, or * for "
                           "every marketplace");
  }
  return std::string(m->country_code);
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

// The rows of an alias CSV; every error names the file, the line and the field.
Result<std::vector<SkuMappingRecord>> ReadMappingsCsv(const std::string& path,
                                                      const std::string& account) {
  std::ifstream in(path);
  if (!in) return InvalidArgument(path + ": cannot be read");
  std::vector<SkuMappingRecord> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const std::string text = Trim(line);
    if (text.empty() || text.front() == '#') continue;
    if (text.find('"') != std::string::npos) {
      return InvalidArgument(fmt::format("{}:{}: quoted fields are not supported", path, n));
    }
    std::vector<std::string> fields;
    size_t start = 0;
    for (;;) {
      const size_t comma = text.find(',', start);
      fields.push_back(Trim(std::string_view(text).substr(start, comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (n == 1 && fields[0] == "seller_sku") continue;  // the header
    if (fields.size() < 2 || fields.size() > 3) {
      return InvalidArgument(
          fmt::format("{}:{}: expected seller_sku,item_code[,marketplace], found {} field(s)", path,
                      n, fields.size()));
    }
    if (fields[0].empty())
      return InvalidArgument(fmt::format("{}:{}: seller_sku is empty", path, n));
    if (fields[1].empty())
      return InvalidArgument(fmt::format("{}:{}: item_code is empty", path, n));
    SkuMappingRecord m;
    m.account = account;
    m.seller_sku = fields[0];
    m.item_code = fields[1];
    Result<std::string> code =
        MarketplaceCode(fields.size() == 3 && !fields[2].empty() ? fields[2] : "*");
    if (!code.Ok()) {
      return InvalidArgument(
          fmt::format("{}:{}: marketplace: {}", path, n, code.GetStatus().Message()));
    }
    m.marketplace = *code;
    out.push_back(std::move(m));
  }
  return out;
}

int List(const Options& o) {
  Result<OpenedStore> opened = OpenStore(o.store);
  if (!opened.Ok()) return Fail("mappings list", opened.GetStatus());
  Result<std::vector<SkuMappingRecord>> list = opened->store->SkuMappings(opened->account);
  if (!list.Ok()) return Fail("mappings list", list.GetStatus());
  if (o.store.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const SkuMappingRecord& m : *list) {
      out.push_back({{"marketplace", m.marketplace},
                     {"seller_sku", m.seller_sku},
                     {"item_code", m.item_code},
                     {"set_by", m.actor},
                     {"updated_at", m.updated_at.ToIso8601()}});
    }
    std::cout << out.dump(2) << "\n";
    return app::kExitOk;
  }
  for (const SkuMappingRecord& m : *list) {
    fmt::print("{:<4} {:<30} -> {:<24} ({} {})\n", m.marketplace, m.seller_sku, m.item_code,
               m.actor, m.updated_at.ToIso8601());
  }
  std::cerr << list->size() << " mapping(s) for seller " << opened->account << "\n";
  return app::kExitOk;
}

int Set(const Options& o) {
  Result<std::string> market = MarketplaceCode(o.marketplace);
  if (!market.Ok()) return Fail("mappings set-sku", market.GetStatus());
  Result<OpenedStore> opened = OpenStore(o.store);
  if (!opened.Ok()) return Fail("mappings set-sku", opened.GetStatus());
  SystemClock clock;
  const SkuMappingRecord m{opened->account, *market,        o.sku,
                           o.item,          Actor(o.store), clock.WallTimestamp()};
  if (Status s = opened->store->SetSkuMapping(m); !s.Ok()) return Fail("mappings set-sku", s);
  fmt::print("{} {} -> {} (orders waiting on it go on the next sync)\n", m.marketplace,
             m.seller_sku, m.item_code);
  return app::kExitOk;
}

int Remove(const Options& o) {
  Result<std::string> market = MarketplaceCode(o.marketplace);
  if (!market.Ok()) return Fail("mappings remove-sku", market.GetStatus());
  Result<OpenedStore> opened = OpenStore(o.store);
  if (!opened.Ok()) return Fail("mappings remove-sku", opened.GetStatus());
  SystemClock clock;
  Status s = opened->store->RemoveSkuMapping(opened->account, *market, o.sku, Actor(o.store),
                                             clock.WallTimestamp());
  if (!s.Ok()) return Fail("mappings remove-sku", s);
  fmt::print("{} {} removed\n", *market, o.sku);
  return app::kExitOk;
}

int Import(const Options& o) {
  Result<OpenedStore> opened = OpenStore(o.store);
  if (!opened.Ok()) return Fail("mappings import", opened.GetStatus());
  Result<std::vector<SkuMappingRecord>> rows = ReadMappingsCsv(o.file, opened->account);
  if (!rows.Ok()) return Fail("mappings import", rows.GetStatus());  // nothing set
  SystemClock clock;
  for (SkuMappingRecord& m : *rows) {
    m.actor = Actor(o.store);
    m.updated_at = clock.WallTimestamp();
    if (Status s = opened->store->SetSkuMapping(m); !s.Ok()) return Fail("mappings import", s);
  }
  fmt::print("{} mapping(s) set from {}\n", rows->size(), o.file);
  return app::kExitOk;
}

}  // namespace

void RegisterMappingsCommands(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<Options>();
  CLI::App* maps =
      app.add_subcommand("mappings", "seller SKU -> ERP item aliases, per seller and marketplace");
  maps->require_subcommand(1);
  maps->fallthrough();
  AddStoreFlags(*maps, o->store);

  maps->add_subcommand("list", "the seller's aliases")->callback([o, &exit_code] {
    exit_code = List(*o);
  });
  CLI::App* set = maps->add_subcommand("set-sku", "map a seller SKU to an ERP item");
  set->add_option("SELLER_SKU", o->sku, "the seller SKU")->required();
  set->add_option("ITEM", o->item, "the ERP item code")->required();
  set->add_option("--marketplace", o->marketplace, "UK, DE, US... (default * = every one)");
  set->callback([o, &exit_code] { exit_code = Set(*o); });
  CLI::App* remove = maps->add_subcommand("remove-sku", "remove a SKU's alias");
  remove->add_option("SELLER_SKU", o->sku, "the seller SKU")->required();
  remove->add_option("--marketplace", o->marketplace, "UK, DE, US... (default *)");
  remove->callback([o, &exit_code] { exit_code = Remove(*o); });
  CLI::App* import = maps->add_subcommand("import", "set aliases from a CSV file");
  import->add_option("FILE", o->file, "seller_sku,item_code[,marketplace] per line")->required();
  import->callback([o, &exit_code] { exit_code = Import(*o);
});
}  // namespace fbaflow::cli

}  // namespace fbaflow::cli
