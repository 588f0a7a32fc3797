#pragma once
// A database of one test's own on the fixture's Tryton server (server.sh): a copy of the
// prepared template under the test's name. nullopt when there is no server (the test skips).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "adapters/erp/tryton_rpc.h"

namespace fbaflow::erp {

inline std::optional<TrytonSettings> FreshTrytonDatabase() {
  const char* env_dir = std::getenv("FBAFLOW_TRYTON_TEST_DIR");
  const std::filesystem::path folder(env_dir != nullptr ? env_dir : FBAFLOW_TRYTON_TEST_DIR);
  if (!std::filesystem::exists(folder / "template.db")) return std::nullopt;
  std::ifstream port_file(folder / "port");
  int port = 0;
  port_file >> port;
  if (port <= 0) return std::nullopt;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  TrytonSettings s;
  s.database = std::string("t_") + info->name();
  std::filesystem::copy_file(folder / "template.db", folder / (s.database + ".sqlite"),
                             std::filesystem::copy_options::overwrite_existing);
  s.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  s.user = "admin";
  s.password = Secret("fbaflow-demo");
  return s;
}

}  // namespace fbaflow::erp
