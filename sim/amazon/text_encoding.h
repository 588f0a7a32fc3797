#pragma once
// Byte encodings of the documents the emulator serves: windows-1252 text and gzip.

#include <string>
#include <string_view>

#include "core/base/status.h"

namespace fbaflow::sim {

// UTF-8 text as windows-1252 bytes. Characters windows-1252 lacks become '?', as Amazon's own
// exports do. Invalid UTF-8 bytes also become '?'.
std::string Utf8ToWindows1252(std::string_view utf8);

// gzip (RFC 1952) container around deflate, as S3 serves compressed report documents.
std::string Gzip(std::string_view data);
// Inverse of Gzip; kInvalidArgument for bytes that are not a gzip stream.
Result<std::string> Gunzip(std::string_view data);

}  // namespace fbaflow::sim
