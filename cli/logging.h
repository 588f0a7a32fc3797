#pragma once
// How every fbaflow command logs: warnings and errors on stderr as "warning: ..." (no timestamps:
// a person reads them beside the command's own output); -v adds info, -vv debug (every HTTP call).

namespace fbaflow::cli {

void ConfigureLogging(int verbosity);

}  // namespace fbaflow::cli
