#pragma once
// RFC 4180 fields for the CSV writers: a field is quoted when it holds a comma, a double quote,
// CR or LF, or starts or ends with a space (which spreadsheets would trim); quotes are doubled.

#include <initializer_list>
#include <string>
#include <string_view>

namespace fbaflow::settlement {

void AppendCsvField(std::string& out, std::string_view field);

// Appends the fields separated by commas and ends the record with CR LF (RFC 4180).
void AppendCsvRecord(std::string& out, std::initializer_list<std::string_view> fields);

}  // namespace fbaflow::settlement
