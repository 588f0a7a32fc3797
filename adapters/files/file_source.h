#pragma once
// FileSource: a ByteSource over a file on disk (or standard input when the path is "-"), read
// sequentially with plain read(2) so memory stays flat whatever the file's size.

#include <memory>
#include <string>

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

 private:
  FileSource(int fd, std::string name, bool owned)
      : fd_(fd), name_(std::move(name)), owned_(owned) {}
  int fd_;
  std::string name_;
  bool owned_;
};

}  // namespace fbaflow
