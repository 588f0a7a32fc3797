#include "adapters/files/file_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace fbaflow {

Result<std::unique_ptr<FileSource>> FileSource::Open(const std::string& path) {
  if (path == "-")
    return std::unique_ptr<FileSource>(new FileSource(STDIN_FILENO, "<stdin>", false));
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    std::string message = path + ": " + std::strerror(err);
    if (err == ENOENT) return NotFound(std::move(message));
    if (err == EACCES) return PermissionDenied(std::move(message));
    return InvalidArgument(std::move(message));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return InvalidArgument(path + ": is a directory");
  }
  // Sequential read-ahead helps on large reports; failure to advise is harmless.
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<FileSource>(new FileSource(fd, path, true));
}

FileSource::~FileSource() {
  if (mapped_ != nullptr) ::munmap(mapped_, mapped_size_);
  if (owned_) ::close(fd_);
}

std::string_view FileSource::InPlace() {
  if (!map_tried_) {
    map_tried_ = true;
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        ::lseek(fd_, 0, SEEK_CUR) == 0) {
      const auto size = static_cast<std::size_t>(st.st_size);
      void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (p != MAP_FAILED) {
        (void)::madvise(p, size, MADV_SEQUENTIAL);
        mapped_ = static_cast<char*>(p);
        mapped_size_ = size;
      }
    }
  }
  return {mapped_, mapped_size_};
}

void FileSource::ReleaseBefore(std::size_t offset) {
  if (mapped_ == nullptr) return;
  static const auto kPage = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  // Pages go back a few mebibytes at a time: each madvise costs every thread of the process a
  // TLB flush.
  constexpr std::size_t kBatch = std::size_t{4} << 20;
  const std::size_t end = std::min(offset, mapped_size_) / kPage * kPage;
  if (end <= released_ || (end - released_ < kBatch && offset < mapped_size_)) return;
  // The file's pages stay in the page cache; only this process's view of them goes.
  (void)::madvise(mapped_ + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

Result<std::size_t> FileSource::Read(char* buffer, std::size_t capacity) {
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, capacity);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    return DataLoss(name_ + ": read failed: " + std::strerror(errno));
  }
}

}  // namespace fbaflow
