#include "adapters/files/output_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>

namespace fbaflow {

Result<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path) {
  std::unique_ptr<OutputFile> out(new OutputFile());
  out->path_ = path;
  if (path == "-" || path.empty()) return out;
  out->tmp_path_ = path + ".tmp-" + std::to_string(::getpid());
  out->file_ = std::make_unique<std::ofstream>(out->tmp_path_, std::ios::binary | std::ios::trunc);
  if (!*out->file_) {
    return InvalidArgument(path + ": cannot write: " + std::strerror(errno));
  }
  return out;
}

OutputFile::~OutputFile() {
  if (file_ != nullptr && !committed_) {
    file_->close();
    std::remove(tmp_path_.c_str());
  }
}

std::ostream& OutputFile::Stream() { return file_ != nullptr ? *file_ : std::cout; }

Status OutputFile::Commit() {
  if (file_ == nullptr) {
    std::cout.flush();
    return std::cout ? OkStatus() : DataLoss("standard output: write failed");
  }
  file_->flush();
  if (!*file_) return DataLoss(path_ + ": write failed");
  file_->close();
  if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    return DataLoss(path_ + ": cannot replace: " + std::strerror(errno));
  }
  committed_ = true;
  return OkStatus();
}

Result<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    std::string message = path + ": " + std::strerror(err);
    if (err == ENOENT) return NotFound(std::move(message));
    if (err == EACCES) return PermissionDenied(std::move(message));
    return InvalidArgument(std::move(message));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace fbaflow
