#include "cli/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace fbaflow::cli {

void ConfigureLogging(int verbosity) {
  auto logger = spdlog::get("fbaflow");
  if (!logger) logger = spdlog::stderr_color_mt("fbaflow");
  logger->set_level(verbosity >= 2   ? spdlog::level::debug
                    : verbosity == 1 ? spdlog::level::info
                                     : spdlog::level::warn);
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
}

}  // namespace fbaflow::cli
