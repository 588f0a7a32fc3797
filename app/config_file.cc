#include "app/config_file.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <initializer_list>
#include <string_view>

#include "core/text/nearest_word.h"

namespace fbaflow::app {
namespace {

// Reads one table, knowing its name and keys, so every error says file:line: table.key.
class TableReader {
 public:
  TableReader(const std::string& path, std::string name, const toml::table* table)
      : path_(path), name_(std::move(name)), table_(table) {}

  Status CheckKeys(std::initializer_list<std::string_view> known,
                   std::initializer_list<std::string_view> subtables = {}) const {
    if (table_ == nullptr) return OkStatus();
    std::vector<std::string> names(known.begin(), known.end());
    names.insert(names.end(), subtables.begin(), subtables.end());
    for (const auto& [key, node] : *table_) {
      bool ok = false;
      for (const std::string& k : names) ok = ok || key.str() == k;
      if (ok) continue;
      auto near = NearestWord(key.str(), names);
      return InvalidArgument(fmt::format("{}: unknown key {}.{}{}", Where(node), name_, key.str(),
                                         near ? "; did you mean " + *near + "?" : ""));
    }
    return OkStatus();
  }

  Status Str(std::string_view key, std::optional<std::string>& slot) const {
    const toml::node* n = Get(key);
    if (n == nullptr) return OkStatus();
    if (!n->is_string()) return Wrong(*n, key, "a string");
    slot = n->value<std::string>();
    return OkStatus();
  }
  Status Int(std::string_view key, std::optional<int64_t>& slot) const {
    const toml::node* n = Get(key);
    if (n == nullptr) return OkStatus();
    if (!n->is_integer()) return Wrong(*n, key, "an integer");
    slot = n->value<int64_t>();
    return OkStatus();
  }
  Status Number(std::string_view key, std::optional<double>& slot) const {
    const toml::node* n = Get(key);
    if (n == nullptr) return OkStatus();
    if (!n->is_number()) return Wrong(*n, key, "a number");
    slot = n->value<double>();
    return OkStatus();
  }
  Status Bool(std::string_view key, std::optional<bool>& slot) const {
    const toml::node* n = Get(key);
    if (n == nullptr) return OkStatus();
    if (!n->is_boolean()) return Wrong(*n, key, "true or false");
    slot = n->value<bool>();
    return OkStatus();
  }
  Status Strings(std::string_view key, std::optional<std::vector<std::string>>& slot) const {
    const toml::node* n = Get(key);
    if (n == nullptr) return OkStatus();
    const toml::array* arr = n->as_array();
    if (arr == nullptr) return Wrong(*n, key, "an array of strings");
    std::vector<std::string> list;
    for (const toml::node& item : *arr) {
      if (!item.is_string()) return Wrong(item, key, "an array of strings");
      list.push_back(*item.value<std::string>());
    }
    slot = std::move(list);
    return OkStatus();
  }
  // A table of string values: [orders.owners] type = "ops".
  Status StringMap(std::string_view key, std::map<std::string, std::string>& slot) const {
    const toml::node* n = Get(key);
    if (n == nullptr) return OkStatus();
    const toml::table* t = n->as_table();
    if (t == nullptr) return Wrong(*n, key, "a table");
    for (const auto& [k, v] : *t) {
      if (!v.is_string()) {
        return InvalidArgument(
            fmt::format("{}: {}.{}.{} must be a string", Where(v), name_, key, k.str()));
      }
      slot[std::string(k.str())] = *v.value<std::string>();
    }
    return OkStatus();
  }

 private:
  const toml::node* Get(std::string_view key) const {
    return table_ == nullptr ? nullptr : table_->get(key);
  }
  std::string Where(const toml::node& n) const {
    return path_ + ":" + std::to_string(n.source().begin.line);
  }
  Status Wrong(const toml::node& n, std::string_view key, std::string_view what) const {
    return InvalidArgument(fmt::format("{}: {}.{} must be {}", Where(n), name_, key, what));
  }

  const std::string& path_;
  std::string name_;
  const toml::table* table_;
};

Status ReadAmazon(const TableReader& t, AmazonFileSettings& a) {
  RETURN_IF_ERROR(t.CheckKeys({"client_id", "client_secret", "refresh_token", "region", "sandbox",
                               "endpoint", "lwa_endpoint", "seller_id", "marketplaces", "data_dir",
                               "rate_scale", "call_timeout_seconds"}));
  RETURN_IF_ERROR(t.Str("client_id", a.client_id));
  RETURN_IF_ERROR(t.Str("client_secret", a.client_secret));
  RETURN_IF_ERROR(t.Str("refresh_token", a.refresh_token));
  RETURN_IF_ERROR(t.Str("region", a.region));
  RETURN_IF_ERROR(t.Str("endpoint", a.endpoint));
  RETURN_IF_ERROR(t.Str("lwa_endpoint", a.lwa_endpoint));
  RETURN_IF_ERROR(t.Str("seller_id", a.seller_id));
  RETURN_IF_ERROR(t.Str("data_dir", a.data_dir));
  RETURN_IF_ERROR(t.Bool("sandbox", a.sandbox));
  RETURN_IF_ERROR(t.Number("rate_scale", a.rate_scale));
  RETURN_IF_ERROR(t.Int("call_timeout_seconds", a.call_timeout_seconds));
  return t.Strings("marketplaces", a.marketplaces);
}

Status ReadErp(const TableReader& t, ErpFileSettings& e) {
  RETURN_IF_ERROR(
      t.CheckKeys({"kind", "url", "database", "user", "password", "timeout_seconds",
                   "customer_code_prefix", "fba_warehouse", "own_warehouse", "journal"}));
  RETURN_IF_ERROR(t.Str("kind", e.kind));
  RETURN_IF_ERROR(t.Str("url", e.url));
  RETURN_IF_ERROR(t.Str("database", e.database));
  RETURN_IF_ERROR(t.Str("user", e.user));
  RETURN_IF_ERROR(t.Str("password", e.password));
  RETURN_IF_ERROR(t.Str("customer_code_prefix", e.customer_code_prefix));
  RETURN_IF_ERROR(t.Str("fba_warehouse", e.fba_warehouse));
  RETURN_IF_ERROR(t.Str("own_warehouse", e.own_warehouse));
  RETURN_IF_ERROR(t.Str("journal", e.journal));
  return t.Int("timeout_seconds", e.timeout_seconds);
}

Status ReadOrders(const TableReader& t, OrdersFileSettings& o) {
  RETURN_IF_ERROR(
      t.CheckKeys({"since", "overlap_seconds", "exception_after_attempts", "retry_base_seconds",
                   "retry_max_seconds", "carrier_code", "carrier_name"},
                  {"owners"}));
  RETURN_IF_ERROR(t.Str("since", o.since));
  RETURN_IF_ERROR(t.Str("carrier_code", o.carrier_code));
  RETURN_IF_ERROR(t.Str("carrier_name", o.carrier_name));
  RETURN_IF_ERROR(t.Int("overlap_seconds", o.overlap_seconds));
  RETURN_IF_ERROR(t.Int("exception_after_attempts", o.exception_after_attempts));
  RETURN_IF_ERROR(t.Int("retry_base_seconds", o.retry_base_seconds));
  RETURN_IF_ERROR(t.Int("retry_max_seconds", o.retry_max_seconds));
  return t.StringMap("owners", o.owners);
}

}  // namespace

Result<ConfigFile> ReadConfigFile(const std::string& path) {
  ConfigFile out;
  out.path = path;
  if (path.empty()) return out;
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("config " + path + ":" + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  static constexpr std::string_view kTables[] = {"amazon", "erp", "store", "orders"};
  for (const auto& [key, node] : root) {
    bool known = false;
    for (std::string_view t : kTables) known = known || key.str() == t;
    if (known && node.is_table()) continue;
    auto near =
        NearestWord(key.str(), std::vector<std::string>(std::begin(kTables), std::end(kTables)));
    return InvalidArgument(
        fmt::format("{}:{}: unknown {} '{}' (tables: [amazon], [erp], [store], "
                    "[orders]){}",
                    path, node.source().begin.line, node.is_table() ? "table" : "key", key.str(),
                    near ? "; did you mean [" + *near + "]?" : ""));
  }
  RETURN_IF_ERROR(ReadAmazon(TableReader(path, "amazon", root["amazon"].as_table()), out.amazon));
  RETURN_IF_ERROR(ReadErp(TableReader(path, "erp", root["erp"].as_table()), out.erp));
  const TableReader store(path, "store", root["store"].as_table());
  RETURN_IF_ERROR(store.CheckKeys({"url"}));
  RETURN_IF_ERROR(store.Str("url", out.store.url));
  RETURN_IF_ERROR(ReadOrders(TableReader(path, "orders", root["orders"].as_table()), out.orders));
  if (out.amazon.client_secret || out.amazon.refresh_token || out.erp.password) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
      spdlog::warn("config {} holds credentials but is readable by others; chmod 600 it", path);
    }
  }
  return out;
}

std::string ConfigPath(const std::string& flag, const GetEnv& env) {
  return flag.empty() ? env("FBAFLOW_CONFIG").value_or("") : flag;
}

std::string SettingPicker::operator()(std::string_view what, const std::string& flag,
                                      const char* var,
                                      const std::optional<std::string>& from_file) const {
  if (!flag.empty()) {
    origins_.push_back(std::string(what) + " from the command line");
    return flag;
  }
  if (var != nullptr) {
    if (auto v = env_(var)) {
      origins_.push_back(std::string(what) + " from " + var);
      return *v;
    }
  }
  if (from_file) {
    origins_.push_back(std::string(what) + " from " + config_);
    return *from_file;
  }
  return {};
}

}  // namespace fbaflow::app
