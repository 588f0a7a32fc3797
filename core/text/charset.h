#pragma once
// Character sets Amazon reports arrive in. Reports are "often windows-1252" in NA/EU and never
// reliably labelled, so fbaflow checks the bytes: text that is valid UTF-8 is kept as it is,
// anything else is read as windows-1252 and converted to UTF-8.

#include <cstddef>
#include <string>
#include <string_view>

namespace fbaflow {

enum class Charset : unsigned char {
  kAuto,         // UTF-8 where the bytes are valid UTF-8, windows-1252 elsewhere
  kUtf8,         // invalid UTF-8 is an error
  kWindows1252,  // every byte is windows-1252
};

std::string_view CharsetName(Charset charset);  // "auto", "utf-8", "windows-1252"

// Maps a Content-Type charset label ("UTF-8", "windows-1252", "ISO-8859-1", "cp1252", any case)
// to a Charset; unknown or empty labels give kAuto.
Charset CharsetFromLabel(std::string_view label);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// The 0-based offset of the first byte that is not part of well-formed UTF-8 (a stray
// continuation byte, a truncated or overlong sequence, a surrogate), or text.size() when the
// whole text is valid. Used to point at the offending byte in error messages.
std::size_t FindInvalidUtf8(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not end inside a UTF-8
// sequence (for cutting UTF-8 text for messages without making it invalid).
std::string_view TruncateUtf8(std::string_view text, std::size_t max_bytes);

// True when every byte is below 0x80 (the fast path: ASCII is both UTF-8 and windows-1252).
bool IsAscii(std::string_view text);

// Appends `text`, read as windows-1252, to `out` as UTF-8. The five bytes windows-1252 leaves
// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become U+FFFD.
void AppendWindows1252AsUtf8(std::string_view text, std::string& out);

}  // namespace fbaflow
