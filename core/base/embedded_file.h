#pragma once
// A text file compiled into the binary (see cmake/EmbedFiles.cmake).

#include <string_view>

namespace fbaflow {

struct EmbeddedFile {
  std::string_view name;  // file stem: "uk-eu-vat"
  std::string_view text;
};

}  // namespace fbaflow
