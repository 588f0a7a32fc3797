#pragma once
// NearestWord: the candidate closest to a mistyped word (Levenshtein distance, ties to the first
// candidate), for "did you mean ...?" hints. nullopt when none is close: more than a third of the
// word's length (at least 2) away, and never more than 3 edits.
// Thread safety: pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fbaflow {

std::size_t EditDistance(std::string_view a, std::string_view b);

std::optional<std::string> NearestWord(std::string_view word,
                                       const std::vector<std::string>& candidates);

}  // namespace fbaflow
