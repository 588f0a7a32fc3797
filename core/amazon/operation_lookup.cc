#include <cstddef>

#include "core/amazon/operation_catalog.h"

namespace fbaflow::amazon {

std::span<const OperationSpec> AllOperations() {
  return {kOperationCatalog, static_cast<std::size_t>(kOperationCatalogSize)};
}

const OperationSpec* FindOperation(std::string_view operation_id, std::string_view model) {
  const OperationSpec* found = nullptr;
  for (const OperationSpec& op : AllOperations()) {
    if (op.operation_id != operation_id) continue;
    if (!model.empty()) {
      if (op.model == model) return &op;
      continue;
    }
    if (found != nullptr) return nullptr;  // ambiguous without a model
    found = &op;
  }
  return found;
}

}  // namespace fbaflow::amazon
