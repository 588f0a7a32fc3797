#include "sim/windows1252.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace fbaflow::sim {
namespace {

// The code points windows-1252 places at 0x80..0x9F (0 where the byte is undefined).
constexpr char32_t kHighControls[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// The windows-1252 byte of `cp`, or -1 when it has none.
int ByteOf(char32_t cp) {
  if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<int>(cp);
  for (int i = 0; i < 32; ++i) {
    if (kHighControls[i] == cp) return 0x80 + i;
  }
  return -1;
}

}  // namespace

bool IsAsciiText(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

Status AppendUtf8AsWindows1252(std::string_view utf8, std::string& out) {
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    if (lead < 0x80) {
      out.push_back(static_cast<char>(lead));
      ++i;
      continue;
    }
    int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
    if (length == 0 || i + static_cast<std::size_t>(length) > utf8.size()) {
      return InvalidArgument("invalid UTF-8 at byte " + std::to_string(i));
    }
    char32_t cp = lead & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
      const auto cont = static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]);
      if ((cont & 0xC0) != 0x80)
        return InvalidArgument("invalid UTF-8 at byte " + std::to_string(i));
      cp = (cp << 6) | (cont & 0x3F);
    }
    const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return InvalidArgument("invalid UTF-8 at byte " + std::to_string(i));
    }
    const int byte = ByteOf(cp);
    if (byte < 0) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
      return InvalidArgument(std::string("character ") + hex + " at byte " + std::to_string(i) +
                             " has no windows-1252 encoding");
    }
    out.push_back(static_cast<char>(static_cast<unsigned char>(byte)));
    i += static_cast<std::size_t>(length);
  }
  return OkStatus();
}

}  // namespace fbaflow::sim
