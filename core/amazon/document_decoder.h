#pragma once
// DocumentDecoder: turns the stored bytes of an Amazon report document into UTF-8 text, streaming.
//
// Report documents arrive gzip-compressed when getReportDocument says compressionAlgorithm GZIP,
// in the charset their download's Content-Type names (NA/EU reports are often windows-1252). The
// archive keeps the bytes as served; this decoder is what every reader of an archived document
// goes through, so replaying a document decodes it exactly as the first run did.
//
// Compression is recognised by the gzip magic bytes, not only by the declared algorithm: a
// document that was declared GZIP but decompressed in transit is read as plain text, and
// DeclaredGzipMismatch() says so. Concatenated gzip members are all read.
// Charset (core/text/charset.h): kUtf8 passes valid UTF-8 through and fails on anything else;
// kWindows1252 converts every byte; kAuto keeps each well-formed UTF-8 sequence and reads every
// other byte as windows-1252, the same whatever the chunking.
// Memory is bounded by the chunk sizes fed in; nothing grows with the document.
//
// Errors: kDataLoss for a corrupt or truncated gzip stream, and for invalid UTF-8 under kUtf8
// (the message gives the byte offset in the decompressed text). Whatever the output function
// returns stops decoding and is returned. After an error the decoder is spent.
// Thread safety: one decoder per thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/text/charset.h"

namespace fbaflow::amazon {

class DocumentDecoder {
 public:
  using Output = std::function<Status(std::string_view utf8)>;

  DocumentDecoder(bool declared_gzip, Charset charset, Output output);
  ~DocumentDecoder();
  DocumentDecoder(const DocumentDecoder&) = delete;
  DocumentDecoder& operator=(const DocumentDecoder&) = delete;

  Status Feed(std::string_view bytes);
  // Flushes what is held back; kDataLoss when the gzip stream or a UTF-8 sequence is cut short.
  Status Finish();

  bool WasGzip() const;               // the bytes were gzip
  bool DeclaredGzipMismatch() const;  // declared GZIP but plain, or plain-declared but gzip

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The Charset to decode a document whose download said `label` (the Content-Type's charset
// parameter): kAuto when there was none. kFailedPrecondition for a label fbaflow cannot convert
// (Shift_JIS / cp932 from Amazon Japan, say): no text is better than wrong text.
Result<Charset> CharsetForLabel(std::string_view label);

// Decodes a whole in-memory document (small documents, tests).
Result<std::string> DecodeDocument(std::string_view stored, bool declared_gzip, Charset charset);

}  // namespace fbaflow::amazon
