#include "app/data_dir.h"

#include "app/amazon_settings.h"

namespace fbaflow::app {

Result<DataDir> DataDir::Open(const std::string& dir) {
  if (dir.empty()) return InvalidArgument("data folder is empty: give --data-dir a folder");
  std::filesystem::path root = std::filesystem::absolute(dir);
  RETURN_IF_ERROR(CheckDataDir(root));
  return DataDir(std::move(root));
}

}  // namespace fbaflow::app
