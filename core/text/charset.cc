#include "core/text/charset.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace fbaflow {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

uint64_t LoadWord(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);  // unaligned load without undefined behaviour
  return w;
}

// Skips whole 8-byte words of ASCII from `i`; returns the first index whose word has a high bit.
std::size_t SkipAsciiWords(std::string_view text, std::size_t i) {
  while (i + 8 <= text.size() && (LoadWord(text.data() + i) & kHighBits) == 0) i += 8;
  return i;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool LabelIs(std::string_view label, std::string_view name) {
  if (label.size() != name.size()) return false;
  for (std::size_t i = 0; i < label.size(); ++i) {
    if (AsciiLower(label[i]) != name[i]) return false;
  }
  return true;
}

// windows-1252 bytes 0x80..0x9F (0 where the code page leaves the byte undefined). Bytes 0xA0..0xFF
// are U+00A0..U+00FF, as in ISO-8859-1.
constexpr std::array<char16_t, 32> kC1 = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88-8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98-9F
};

void AppendCodePoint(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::string_view CharsetName(Charset charset) {
  switch (charset) {
    case Charset::kUtf8:
      return "utf-8";
    case Charset::kWindows1252:
      return "windows-1252";
    case Charset::kAuto:
      break;
  }
  return "auto";
}

Charset CharsetFromLabel(std::string_view label) {
  // Content-Type parameters arrive as `charset="UTF-8"` or with stray spaces.
  while (!label.empty() &&
         (label.front() == ' ' || label.front() == '"' || label.front() == '\'')) {
    label.remove_prefix(1);
  }
  while (!label.empty() && (label.back() == ' ' || label.back() == '"' || label.back() == '\'')) {
    label.remove_suffix(1);
  }
  for (std::string_view name : {"utf-8", "utf8", "unicode-1-1-utf-8"}) {
    if (LabelIs(label, name)) return Charset::kUtf8;
  }
  // The WHATWG Encoding Standard maps all of these labels to windows-1252, and so do browsers:
  // servers that say ISO-8859-1 or US-ASCII routinely send windows-1252 punctuation.
  for (std::string_view name :
       {"windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
        "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "us-ascii", "ascii", "ansi_x3.4-1968"}) {
    if (LabelIs(label, name)) return Charset::kWindows1252;
  }
  return Charset::kAuto;
}

bool IsAscii(std::string_view text) {
  const char* p = text.data();
  std::size_t n = text.size();
  // Four words per step: one branch per 32 bytes keeps this at memory speed.
  while (n >= 32) {
    const uint64_t any = LoadWord(p) | LoadWord(p + 8) | LoadWord(p + 16) | LoadWord(p + 24);
    if ((any & kHighBits) != 0) return false;
    p += 32;
    n -= 32;
  }
  while (n >= 8) {
    if ((LoadWord(p) & kHighBits) != 0) return false;
    p += 8;
    n -= 8;
  }
  unsigned char acc = 0;
  for (std::size_t i = 0; i < n; ++i)
    acc = static_cast<unsigned char>(acc | static_cast<unsigned char>(p[i]));
  return acc < 0x80;
}

std::size_t FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    i = SkipAsciiWords(text, i);
    while (i < n && s[i] < 0x80) ++i;  // at most one word of ASCII before a high byte
    if (i == n) break;
    // Unicode Table 3-7: the well-formed byte sequences. The second byte's range depends on the
    // lead byte, which is what excludes overlongs, surrogates and values above U+10FFFF.
    const unsigned char lead = s[i];
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      len = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      len = 3;
      if (lead == 0xE0) lo = 0xA0;
      if (lead == 0xED) hi = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      len = 4;
      if (lead == 0xF0) lo = 0x90;
      if (lead == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + 1 >= n || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if (i + k >= n || s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return n;
}

bool IsValidUtf8(std::string_view text) { return FindInvalidUtf8(text) == text.size(); }

std::string_view TruncateUtf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  // Back up over continuation bytes to the start of the sequence the cut would split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

void AppendWindows1252AsUtf8(std::string_view text, std::string& out) {
  out.reserve(out.size() + text.size() + text.size() / 2);
  std::size_t i = 0;
  while (i < text.size()) {
    // Copy runs of ASCII in one append.
    std::size_t j = SkipAsciiWords(text, i);
    while (j < text.size() && static_cast<unsigned char>(text[j]) < 0x80) ++j;
    out.append(text.data() + i, j - i);
    if (j == text.size()) break;
    const auto byte = static_cast<unsigned char>(text[j]);
    char32_t cp = byte;
    if (byte < 0xA0) {
      cp = kC1[static_cast<std::size_t>(byte - 0x80)];
      if (cp == 0) cp = 0xFFFD;
    }
    AppendCodePoint(cp, out);
    i = j + 1;
  }
}

}  // namespace fbaflow
