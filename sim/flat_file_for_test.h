#pragma once
// A deliberately tiny, independent reader of settlement flat files for the generator's tests.
// It shares no code with the generator (nor with the product's reader), so a bug in one cannot
// hide a bug in the other. Test-only: it throws on malformed amounts.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fbaflow::sim::testing {

struct FlatFile {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // rows[0] is the summary row
  bool every_line_crlf = true;
  bool any_line_crlf = false;

  int Column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    throw std::out_of_range("no column " + std::string(name));
  }
  const std::vector<std::string>& Summary() const { return rows.at(0); }
  std::size_t DetailRows() const { return rows.empty() ? 0 : rows.size() - 1; }
  const std::string& Cell(std::size_t row, std::string_view column) const {
    return rows.at(row).at(static_cast<std::size_t>(Column(column)));
  }
};

inline std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> cells;
  std::size_t begin = 0;
  while (true) {
    const std::size_t tab = line.find('\t', begin);
    cells.emplace_back(line.substr(begin, tab == std::string_view::npos ? line.npos : tab - begin));
    if (tab == std::string_view::npos) break;
    begin = tab + 1;
  }
  return cells;
}

inline FlatFile ParseFlatFile(std::string_view text) {
  FlatFile file;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  bool first = true;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    if (end == std::string_view::npos) throw std::runtime_error("last line has no line end");
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    const bool crlf = !line.empty() && line.back() == '\r';
    if (crlf) line.remove_suffix(1);
    file.every_line_crlf = file.every_line_crlf && crlf;
    file.any_line_crlf = file.any_line_crlf || crlf;
    if (first) {
      file.header = SplitTabs(line);
      first = false;
    } else {
      file.rows.push_back(SplitTabs(line));
    }
  }
  return file;
}

// "-1.234,56" (decimal ',') or "1234.56" (decimal '.') to minor units; exactly two decimals;
// the other separator is accepted only as a thousands separator between groups of three digits.
inline int64_t ParseMinor(std::string_view text, char decimal) {
  const char thousands = decimal == ',' ? '.' : ',';
  bool negative = false;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  const std::size_t point = text.rfind(decimal);
  if (point == std::string_view::npos || text.size() - point != 3) {
    throw std::invalid_argument("bad amount '" + std::string(text) + "'");
  }
  int64_t value = 0;
  int since_group = 0;
  bool grouped = false;
  for (std::size_t i = 0; i < point; ++i) {
    const char c = text[i];
    if (c == thousands) {
      if (i == 0 || (grouped && since_group != 3) || since_group > 3) {
        throw std::invalid_argument("bad grouping in '" + std::string(text) + "'");
      }
      grouped = true;
      since_group = 0;
      continue;
    }
    if (c < '0' || c > '9') throw std::invalid_argument("bad digit in '" + std::string(text) + "'");
    value = value * 10 + (c - '0');
    ++since_group;
  }
  if (grouped && since_group != 3) {
    throw std::invalid_argument("bad grouping in '" + std::string(text) + "'");
  }
  for (std::size_t i = point + 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') throw std::invalid_argument("bad decimals");
    value = value * 10 + (text[i] - '0');
  }
  return negative ? -value : value;
}

// The sum of the amount column over the detail rows (V2 layout).
inline int64_t SumAmounts(const FlatFile& file, char decimal) {
  const auto column = static_cast<std::size_t>(file.Column("amount"));
  int64_t sum = 0;
  for (std::size_t r = 1; r < file.rows.size(); ++r)
    sum += ParseMinor(file.rows[r][column], decimal);
  return sum;
}

// (transaction-type, amount-type, amount-description) → rows.
inline std::map<std::string, int> KeyCounts(const FlatFile& file) {
  std::map<std::string, int> counts;
  const auto t = static_cast<std::size_t>(file.Column("transaction-type"));
  const auto a = static_cast<std::size_t>(file.Column("amount-type"));
  const auto d = static_cast<std::size_t>(file.Column("amount-description"));
  for (std::size_t r = 1; r < file.rows.size(); ++r) {
    ++counts[file.rows[r][t] + "/" + file.rows[r][a] + "/" + file.rows[r][d]];
  }
  return counts;
}

}  // namespace fbaflow::sim::testing
