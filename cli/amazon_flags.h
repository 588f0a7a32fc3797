#pragma once
// The flags every command that talks to Amazon takes (config, region, endpoints, seller,
// marketplaces, data folder, rate scale, timeout), added the same way to each.

#include "app/amazon_settings.h"

namespace CLI {
class App;
}  // namespace CLI

namespace fbaflow::cli {

void AddAmazonFlags(CLI::App& command, app::AmazonFlags& flags);

}  // namespace fbaflow::cli
