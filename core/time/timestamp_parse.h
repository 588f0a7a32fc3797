#pragma once
// One parser for instants written as text, with two named modes. Every place that reads a time
// from an API, a flag or a file goes through it (settlement rows keep their own richer result,
// ParseDate in date_parse.h, which kLenient includes).
//
// kStrict: ISO-8601 as the SP-API writes it.
//   "2026-01-05"                         midnight UTC
//   "2026-01-05T10:00[:00[.123]]" + zone  'T', 't' or ' ' before the time; fraction truncated
//   zone: "Z", "z", "+01:00", "+0100", "-07:00"; a leap second (":60") reads as ":59"
//   A time without a zone is refused: an API answer must say which instant it means.
// kLenient: what a person types (--since, --start) and what settlement reports print.
//   everything kStrict accepts, the same time without a zone (read as UTC), and every form
//   ParseDate accepts ("2026-01-05 10:00:00 UTC", "05.01.2026", "2026/01/05 10:00:00 JST", ...).
// Errors are kInvalidArgument naming the text and what is wrong. Pure; thread-safe.

#include <string_view>

#include "core/base/status.h"
#include "core/time/civil.h"

namespace fbaflow {

enum class TimeTextMode : unsigned char { kStrict, kLenient };

Result<Timestamp> ParseTimestamp(std::string_view text, TimeTextMode mode);

}  // namespace fbaflow
