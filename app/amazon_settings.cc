#include "app/amazon_settings.h"

#include <unistd.h>

#include <cstdlib>

#include "app/config_file.h"
#include "core/time/timestamp_parse.h"

namespace fbaflow::app {

namespace {

std::vector<std::string> SplitCsv(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text) {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item.push_back(c);
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

// "http://host[:port][/path]" or https; anything else is a configuration error.
Status CheckUrl(std::string_view what, const std::string& url) {
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return InvalidArgument(std::string(what) + " '" + url +
                           "' is not a URL: give http://host[:port] or https://host");
  }
  const std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.front() == ':' ||
      host.find_first_of(" \t\"<>\\^`{|}") != std::string_view::npos) {
    return InvalidArgument(std::string(what) + " '" + url + "' has no valid host name");
  }
  return OkStatus();
}

Status CheckDataDir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (fs::exists(st) && !fs::is_directory(st)) {
    return InvalidArgument("data folder " + dir.string() +
                           " is a file, not a folder: give --data-dir (or FBAFLOW_DATA_DIR) a "
                           "folder");
  }
  if (!fs::exists(st)) {
    fs::create_directories(dir, ec);
    if (ec) {
      return InvalidArgument("data folder " + dir.string() + " cannot be created (" + ec.message() +
                             "): give --data-dir a folder you can write");
    }
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return InvalidArgument("data folder " + dir.string() +
                           " is not writable by this user: fix its permissions or give --data-dir "
                           "another folder");
  }
  return OkStatus();
}

std::optional<std::string> ProcessEnv(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr || v[0] == '\0') return std::nullopt;
  return std::string(v);
}

Result<AmazonSettings> ResolveAmazonSettings(const AmazonFlags& flags, const GetEnv& env) {
  AmazonSettings s;
  const std::string config = ConfigPath(flags.config, env);
  ASSIGN_OR_RETURN(ConfigFile config_file, ReadConfigFile(config));
  const AmazonFileSettings& file = config_file.amazon;
  const SettingPicker pick(env, config, s.origins);

  s.client_id = pick("client id", "", "FBAFLOW_LWA_CLIENT_ID", file.client_id);
  s.client_secret =
      Secret(pick("client secret", "", "FBAFLOW_LWA_CLIENT_SECRET", file.client_secret));
  s.refresh_token =
      Secret(pick("refresh token", "", "FBAFLOW_LWA_REFRESH_TOKEN", file.refresh_token));
  const std::string region = pick("region", flags.region, "FBAFLOW_AMAZON_REGION", file.region);
  s.endpoint = pick("endpoint", flags.endpoint, "FBAFLOW_AMAZON_ENDPOINT", file.endpoint);
  s.lwa_endpoint =
      pick("LWA endpoint", flags.lwa_endpoint, "FBAFLOW_LWA_ENDPOINT", file.lwa_endpoint);
  s.seller_id = pick("seller id", flags.seller_id, "FBAFLOW_AMAZON_SELLER_ID", file.seller_id);
  const std::string data_dir = pick("data dir", flags.data_dir, "FBAFLOW_DATA_DIR", file.data_dir);
  if (!data_dir.empty()) s.data_dir = data_dir;
  s.sandbox = flags.sandbox || file.sandbox.value_or(false);
  if (flags.rate_scale > 0) {
    s.rate_scale = flags.rate_scale;
  } else if (file.rate_scale) {
    s.rate_scale = *file.rate_scale;
  }
  if (!(s.rate_scale > 0)) return InvalidArgument("rate scale must be positive");
  if (flags.call_timeout_seconds > 0) {
    s.call_timeout_seconds = flags.call_timeout_seconds;
  } else if (file.call_timeout_seconds) {
    s.call_timeout_seconds = static_cast<int>(*file.call_timeout_seconds);
  }
  if (s.call_timeout_seconds <= 0) return InvalidArgument("call timeout must be positive");

  std::vector<std::string> markets = flags.marketplaces;
  if (markets.empty()) {
    if (auto v = env("FBAFLOW_AMAZON_MARKETPLACES")) {
      markets = SplitCsv(*v);
    } else if (file.marketplaces) {
      markets = *file.marketplaces;
    }
  }
  std::optional<amazon::Region> market_region;
  for (const std::string& m : markets) {
    const amazon::Marketplace* found = amazon::FindMarketplace(m);
    if (found == nullptr) {
      return InvalidArgument("unknown marketplace '" + m +
                             "' (a marketplace id such as A1F83G8C2ARO7P, or a country code such "
                             "as UK, DE, US)");
    }
    if (market_region && *market_region != found->region) {
      return InvalidArgument("marketplaces " + markets.front() + " and " + m +
                             " are served from different regions; run one region at a time");
    }
    market_region = found->region;
    s.marketplace_ids.emplace_back(found->id);
  }
  if (!region.empty()) {
    ASSIGN_OR_RETURN(s.region, amazon::ParseRegion(region));
    if (market_region && *market_region != s.region) {
      return InvalidArgument("marketplace " + markets.front() + " is not in region " +
                             std::string(amazon::RegionCode(s.region)));
    }
  } else if (market_region) {
    s.region = *market_region;
  }
  if (s.endpoint.empty()) s.endpoint = std::string(amazon::DefaultApiEndpoint(s.region, s.sandbox));
  if (s.lwa_endpoint.empty()) s.lwa_endpoint = std::string(amazon::kLwaTokenUrl);
  RETURN_IF_ERROR(CheckUrl("endpoint", s.endpoint));
  RETURN_IF_ERROR(CheckUrl("LWA endpoint", s.lwa_endpoint));
  if (s.data_dir.empty()) return InvalidArgument("data folder is empty: give --data-dir a folder");
  return s;
}

Result<Timestamp> ParseSince(std::string_view text, Timestamp now, bool allow_future) {
  if (text.size() >= 2) {
    const char unit = text.back();
    const std::string_view digits = text.substr(0, text.size() - 1);
    bool all_digits = !digits.empty();
    for (char c : digits) all_digits = all_digits && c >= '0' && c <= '9';
    if (all_digits && digits.size() <= 6 && (unit == 'd' || unit == 'h' || unit == 'm')) {
      const int64_t n = std::stoll(std::string(digits));
      const int64_t per = unit == 'd' ? 86400 : unit == 'h' ? 3600 : 60;
      return Timestamp{now.utc_seconds - n * per, 0};
    }
  }
  auto t = ParseTimestamp(text, TimeTextMode::kLenient);
  if (!t.Ok()) {
    return InvalidArgument("'" + std::string(text) +
                           "' is not a time: use 2026-01-05, 2026-01-05 10:00:00 (UTC), "
                           "2026-01-05T10:00:00+01:00 or a span such "
                           "as 36h or 7d");
  }
  if (!allow_future && now < *t) {
    return InvalidArgument("'" + std::string(text) + "' is in the future (now is " +
                           now.ToIso8601() + "): give a time in the past");
  }
  return t;
}

}  // namespace fbaflow::app
