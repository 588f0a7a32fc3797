#pragma once
// OutputFile: where a command writes its result: a file replaced atomically on Commit (written
// to PATH.tmp-<pid>, then renamed, so a reader never sees half a journal), or standard output for
// "-". Dropping an uncommitted OutputFile removes the temporary file.

#include <fstream>
#include <memory>
#include <ostream>
#include <string>

#include "core/base/status.h"

namespace fbaflow {

class OutputFile {
 public:
  static Result<std::unique_ptr<OutputFile>> Open(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& Stream();
  // Flushes and, for a file, renames the temporary file over the target.
  Status Commit();

 private:
  OutputFile() = default;
  std::string path_;
  std::string tmp_path_;
  std::unique_ptr<std::ofstream> file_;
  bool committed_ = false;
};

// Reads a whole (small) file, such as a rules file. kNotFound / kPermissionDenied with the path.
Result<std::string> ReadSmallFile(const std::string& path);

}  // namespace fbaflow
