#pragma once
// For the engine's tests: generated settlement files, and the edits that damage them the way real
// files are damaged.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "sim/settlement_gen.h"

namespace fbaflow::engine::testing {

struct FileSpec {
  sim::Marketplace marketplace = sim::Marketplace::kUS;
  uint64_t rows = 500;
  uint64_t seed = 1;
  sim::FileLayout layout = sim::FileLayout::kV2;
  sim::TextEncoding encoding = sim::TextEncoding::kUtf8;
  bool crlf = false;
  bool bom = false;
  std::string settlement_id;
};

inline std::string Generate(const FileSpec& spec) {
  sim::RandomSettlementOptions options;
  options.marketplace = spec.marketplace;
  options.rows = spec.rows;
  options.seed = spec.seed;
  options.settlement_id = spec.settlement_id;
  sim::RenderOptions render;
  render.layout = spec.layout;
  render.encoding = spec.encoding;
  render.crlf = spec.crlf;
  render.utf8_bom = spec.bom;
  auto text = sim::RenderSettlementToString(sim::RandomSettlement(options), render);
  EXPECT_TRUE(text.Ok()) << text.GetStatus().ToString();
  return text.Ok() ? *text : std::string();
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t nl = text.find('\n', at);
    const std::size_t end = nl == std::string::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(at, end - at));
    at = end;
  }
  return lines;
}

inline std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line;
  return text;
}

// Sprinkles the damage real files carry over the detail rows (never the header or summary):
// short rows, foreign settlement ids, unreadable amounts, blank lines, windows-1252 bytes in a
// UTF-8 file, and fee types no rule maps.
inline std::string Damage(const std::string& text, uint64_t seed, int percent) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> lines = Lines(text);
  std::vector<std::string> out(lines.begin(),
                               lines.begin() + std::min<std::ptrdiff_t>(2, std::ssize(lines)));
  const std::string eol = text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  for (std::size_t i = 2; i < lines.size(); ++i) {
    std::string line = lines[i];
    if (static_cast<int>(rng() % 100) < percent) {
      switch (rng() % 7) {
        case 0:
          out.push_back("short\trow" + eol);
          break;
        case 1:
          line = "123" + line.substr(line.find('\t'));  // another settlement's id
          break;
        case 2:
          out.push_back(eol);  // a blank line
          break;
        case 3:
          out.push_back(line.substr(0, line.find('\t')) + "\tCaf\xE9\t\xFF" + eol);
          break;
        case 4: {
          const std::size_t at = line.find("\tOrder\t");
          if (at != std::string::npos) line.replace(at, 7, "\tMysteryOrder\t");
          break;
        }
        case 5: {
          // An amount no style reads: in every layout some column holds a decimal amount.
          const std::size_t dot = line.find_first_of(".,", line.find('\t') + 1);
          if (dot != std::string::npos) line.insert(dot, "x");
          break;
        }
        default: {
          const std::size_t at = line.find("\tRefund\t");
          if (at != std::string::npos) line.replace(at, 8, "\tMysteryRefund\t");
          break;
        }
      }
    }
    out.push_back(line);
  }
  return Join(out);
}

// Replaces field `index` (0-based) of a tab-separated line.
inline void ReplaceField(std::string& line, std::size_t index, const std::string& value) {
  std::size_t begin = 0;
  for (std::size_t i = 0; i < index; ++i) begin = line.find('\t', begin) + 1;
  std::size_t end = line.find_first_of("\t\r\n", begin);
  if (end == std::string::npos) end = line.size();
  line.replace(begin, end - begin, value);
}

}  // namespace fbaflow::engine::testing
