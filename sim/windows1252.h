#pragma once
// Encoding UTF-8 text as windows-1252, the charset Amazon's NA and EU reports often arrive in.
// Pure functions, thread-safe.

#include <string>
#include <string_view>

#include "core/base/status.h"

namespace fbaflow::sim {

// True when every byte is below 0x80 (ASCII reads the same in UTF-8 and windows-1252).
bool IsAsciiText(std::string_view text);

// Appends `utf8` to `out` encoded as windows-1252. A character windows-1252 cannot hold, or text
// that is not valid UTF-8, is kInvalidArgument naming its byte offset; `out` then holds the bytes
// converted before it.
Status AppendUtf8AsWindows1252(std::string_view utf8, std::string& out);

}  // namespace fbaflow::sim
