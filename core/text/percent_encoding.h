#pragma once
// Percent-encoding (RFC 3986 section 2.1): every byte that is not an ASCII letter or digit and
// not one of `also_plain` becomes %XX with upper-case hex digits. With the default, the result is
// what URLs and application/x-www-form-urlencoded bodies carry for a value (RFC 3986 unreserved
// characters stay as they are).
// Thread safety: a pure function.

#include <string>
#include <string_view>

namespace fbaflow {

std::string PercentEncode(std::string_view text, std::string_view also_plain = "-_.~");

}  // namespace fbaflow
