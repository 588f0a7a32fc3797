#include "core/settlement/reader_text.h"

#include <algorithm>

#include "core/text/charset.h"

namespace fbaflow::settlement {

std::string RawText(std::string_view bytes) {
  bytes = bytes.substr(0, kMaxRawBytes);
  for (std::size_t drop = 0; drop < 4 && drop <= bytes.size(); ++drop) {
    const std::string_view head = bytes.substr(0, bytes.size() - drop);
    if (IsValidUtf8(head)) return std::string(head);
  }
  std::string out;
  AppendWindows1252AsUtf8(bytes, out);
  return std::string(TruncateUtf8(out, kMaxRawBytes));
}

std::string Quote(std::string_view text) {
  return "'" + std::string(TruncateUtf8(text, 200)) + (text.size() > 200 ? "...'" : "'");
}

std::string HexByte(unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "byte 0x";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
  return out;
}

std::string ControlBytesProblem(std::string_view text) {
  std::size_t controls = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) {
      const int column = static_cast<int>(std::count(
                             text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '\t')) +
                         1;
      return "column " + std::to_string(column) +
             ": NUL byte: binary or corrupt data, not a "
             "text settlement report";
    }
    if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') ++controls;
  }
  if (controls * 10 > text.size()) {
    return std::to_string(controls) + " of " + std::to_string(text.size()) +
           " bytes are control characters: binary or corrupt data, not a text settlement "
           "report";
  }
  return {};
}

}  // namespace fbaflow::settlement
