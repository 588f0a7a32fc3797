#pragma once
// FileSource: a ByteSource over a file on disk (or standard input when the path is "-"), read
// sequentially with plain read(2) so memory stays flat whatever the file's size. A regular file
// can also be had in place (InPlace): mapped read-only into memory, which spares the copy read(2)
// makes; the pages before ReleaseBefore's offset are dropped from the process as it goes (a few
// mebibytes at a time), so memory stays flat that way too. A mapped file that is cut short by
// another process while it is read ends the process with SIGBUS, as with any mapping: settlement
// reports are written once.

#include <memory>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "ports/byte_source.h"

namespace fbaflow {

class FileSource final : public ByteSource {
 public:
  // kNotFound when the file does not exist, kPermissionDenied when it cannot be read,
  // kInvalidArgument when it is a directory.
  static Result<std::unique_ptr<FileSource>> Open(const std::string& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;
  const std::string& Name() const override { return name_; }
  // Maps the file on the first call; empty for standard input, a pipe, an empty file, or when
  // the mapping fails (then Read works as ever).
  std::string_view InPlace() override;
  void ReleaseBefore(std::size_t offset) override;

 private:
  FileSource(int fd, std::string name, bool owned)
      : fd_(fd), name_(std::move(name)), owned_(owned) {}
  int fd_;
  std::string name_;
  bool owned_;
  bool map_tried_ = false;
  char* mapped_ = nullptr;
  std::size_t mapped_size_ = 0;
  std::size_t released_ = 0;  // bytes at the start of the mapping given back
};

}  // namespace fbaflow
