#pragma once
// Text helpers shared by the settlement reader's parts (reader.cc, row_parser.cc): how rows and
// values are quoted in rejects and messages. Internal to the reader.

#include <cstddef>
#include <string>
#include <string_view>

namespace fbaflow::settlement {

// Reject.raw is cut here.
inline constexpr std::size_t kMaxRawBytes = 4096;

// The first bytes of a line for Reject.raw, as UTF-8: kept when they are UTF-8 (a sequence cut
// at the end is dropped), else read as windows-1252.
std::string RawText(std::string_view bytes);

// 'text' in single quotes, cut at 200 bytes (then "...'").
std::string Quote(std::string_view text);

// "byte 0xAB".
std::string HexByte(unsigned char c);

// Text reports hold no NUL and few control bytes; a line that does is binary data or corrupt.
// Returns what is wrong with `text` ("column 3: NUL byte: ..."), or an empty string when nothing.
std::string ControlBytesProblem(std::string_view text);

}  // namespace fbaflow::settlement
