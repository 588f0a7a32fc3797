#pragma once
// DataDir: the layout of fbaflow's data folder (--data-dir, FBAFLOW_DATA_DIR), in one place:
//   fbaflow.db   the SQLite store: settlement ledger, orders, outbox, exceptions, mappings, audit
//   documents/   every document downloaded from Amazon, archived as served
//   journals/    the journals of each settlement, as files (<report id>/...)

#include <filesystem>
#include <string>

#include "core/base/status.h"

namespace fbaflow::app {

class DataDir {
 public:
  // Creates the folder when missing; kInvalidArgument naming the path and what to fix when it
  // cannot be used (a file in its place, not writable).
  static Result<DataDir> Open(const std::string& dir);

  const std::filesystem::path& Root() const { return root_; }
  std::filesystem::path Database() const { return root_ / "fbaflow.db"; }
  std::filesystem::path Documents() const { return root_ / "documents"; }
  std::filesystem::path Journals() const { return root_ / "journals"; }

 private:
  explicit DataDir(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

}  // namespace fbaflow::app
