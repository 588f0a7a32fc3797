#pragma once
// DocumentArchive: where raw documents from Amazon (settlement reports, inventory reports) are kept
// byte for byte, before anything parses them, so every result can be explained and replayed.
//
// A document is addressed by (kind, id): kind is a short folder-like name ("settlement",
// "report"), id is Amazon's identifier (a report id). Writing streams: Create() gives an
// ArchiveWriter; bytes are appended as they arrive and become visible only on Commit(), atomically
// (a crash mid-download leaves nothing half-written under the document's name). Documents are
// immutable: committing a second, different body for an id that exists is kAlreadyExists;
// committing the same bytes again is a no-op that returns the existing entry.
// Thread safety: implementations allow concurrent use from many threads and processes; one
// ArchiveWriter belongs to one thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"

namespace fbaflow {

struct ArchiveKey {
  std::string kind;  // [a-z0-9_-]+
  std::string id;    // any text; adapters make it safe for their storage
};

// What the archive knows about a document besides its bytes: enough to decode it again later.
struct DocumentMetadata {
  std::string source;        // "amazon:getReportDocument"
  std::string content_type;  // the download's Content-Type ("text/plain; charset=windows-1252")
  std::string compression;   // "GZIP" or empty: how the stored bytes are compressed
  std::string fetched_at;    // ISO-8601 UTC
  std::string note;          // free text (report type, marketplace)
};

struct ArchivedDocument {
  ArchiveKey key;
  DocumentMetadata metadata;
  std::string location;  // where it lives (a file path for the filesystem archive)
  uint64_t size = 0;     // stored bytes
  std::string sha256;    // hex digest of the stored bytes
};

class ArchiveWriter {
 public:
  // Destroying a writer without Commit() discards what it wrote.
  virtual ~ArchiveWriter() = default;
  virtual Status Write(std::string_view bytes) = 0;
  // Makes the document visible under its key with `metadata` (known only once the download's
  // headers arrived); see the class comment for repeats.
  virtual Result<ArchivedDocument> Commit(const DocumentMetadata& metadata) = 0;
};

class DocumentArchive {
 public:
  virtual ~DocumentArchive() = default;

  virtual Result<std::unique_ptr<ArchiveWriter>> Create(const ArchiveKey& key) = 0;
  // The document, or nullopt when none is archived under `key`.
  virtual Result<std::optional<ArchivedDocument>> Find(const ArchiveKey& key) = 0;
  // Streams the stored bytes to `chunk` in order; a non-ok Status from `chunk` stops the read.
  virtual Status Read(const ArchivedDocument& document,
                      const std::function<Status(std::string_view)>& chunk) = 0;
};

}  // namespace fbaflow
