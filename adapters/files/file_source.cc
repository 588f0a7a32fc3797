#include "adapters/files/file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
  if (owned_) ::close(fd_);
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
