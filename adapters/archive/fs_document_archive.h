#pragma once
// FsDocumentArchive: the DocumentArchive port on a local filesystem.
//
// Layout under the data directory: <root>/<kind>/<id>.raw holds the bytes exactly as downloaded,
// <root>/<kind>/<id>.json the metadata (source, Content-Type, compression, size, SHA-256, time).
// Ids are made filename-safe by percent-encoding every byte outside [A-Za-z0-9._-].
// Writes go to a temporary file in the same folder, are fsync'ed and renamed into place (data
// first, then metadata, then the folder is fsync'ed), so a crash leaves either the whole document
// or nothing visible; a data file without its metadata is treated as absent and replaced.
// Errors: kUnavailable for I/O failures (disk full, permissions), kAlreadyExists for a different
// body under an existing id, kDataLoss for unreadable metadata.
// Thread safety: safe across threads and processes (atomic renames); a writer is single-threaded.

#include <chrono>
#include <filesystem>
#include <string>

#include "ports/clock.h"
#include "ports/document_archive.h"

namespace fbaflow {

class FsDocumentArchive final : public DocumentArchive {
 public:
  // `root` is created when missing.
  static Result<std::unique_ptr<FsDocumentArchive>> Open(const std::filesystem::path& root);

  Result<std::unique_ptr<ArchiveWriter>> Create(const ArchiveKey& key) override;
  Result<std::optional<ArchivedDocument>> Find(const ArchiveKey& key) override;
  Status Read(const ArchivedDocument& document,
              const std::function<Status(std::string_view)>& chunk) override;

  const std::filesystem::path& Root() const { return root_; }

  // Removes the temporary files (".tmp-*") a killed writer left in the kind folders: those of a
  // process that no longer runs on this host, and any older than `max_age` (a writer on another
  // host, or a pid since reused). Returns how many were removed; kUnavailable when a folder
  // cannot be listed.
  Result<int> RemoveStaleTemporaries(std::chrono::seconds max_age = std::chrono::hours(24));

  // The filename stem used for an id ("a/b" → "a%2Fb").
  static std::string SafeName(std::string_view id);

 private:
  explicit FsDocumentArchive(std::filesystem::path root) : root_(std::move(root)) {}
  Result<std::filesystem::path> KindDir(const ArchiveKey& key, bool create);

  std::filesystem::path root_;
};

}  // namespace fbaflow
