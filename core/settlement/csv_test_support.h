#pragma once
// A strict RFC 4180 reader for checking what the CSV writers produce (tests only).

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace fbaflow::settlement::testing {

// Records must end in CR LF; a quoted field may hold commas, quotes (doubled) and line breaks.
inline std::vector<std::vector<std::string>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size()) {
          ADD_FAILURE() << "unterminated quoted field";
          return records;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
    }
    while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
      if (text[i] == '"') ADD_FAILURE() << "quote inside an unquoted field at offset " << i;
      field += text[i++];
    }
    if (i >= text.size()) {
      ADD_FAILURE() << "last record does not end in CR LF";
      break;
    }
    if (text[i] == ',') {
      record.push_back(std::move(field));
      field.clear();
      ++i;
      continue;
    }
    if (text[i] == '\n' || i + 1 >= text.size() || text[i + 1] != '\n') {
      ADD_FAILURE() << "record not ended by CR LF at offset " << i;
      return records;
    }
    record.push_back(std::move(field));
    field.clear();
    records.push_back(std::move(record));
    record.clear();
    i += 2;
  }
  return records;
}

}  // namespace fbaflow::settlement::testing
