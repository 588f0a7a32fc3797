#include "adapters/process/process_identity.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fbaflow {

namespace {

std::string HostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof(buf) - 1) != 0) return "localhost";
  return buf;
}

std::string BootId() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  return id.empty() ? "noboot" : id;
}

// Field 22 (starttime) of /proc/<pid>/stat; empty when the process does not exist or is a zombie
// (dead, not yet reaped by its parent). The command name (field 2) is in parentheses and may hold
// spaces, so fields are counted after its last ')'.
std::string StartTicks(int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return {};
  const std::size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return {};
  std::istringstream fields(stat.substr(paren + 1));
  std::string field;
  for (int i = 3; i <= 22 && (fields >> field); ++i) {
    if (i == 3 && (field == "Z" || field == "X")) return {};
    if (i == 22) return field;
  }
  return {};
}

std::string StartOf(int64_t pid) {
  const std::string ticks = StartTicks(pid);
  return ticks.empty() ? std::string() : ticks + "@" + BootId();
}

}  // namespace

ClaimOwner ThisProcess() {
  const int64_t pid = ::getpid();
  std::string start = StartOf(pid);
  if (start.empty()) start = "unknown";
  return ClaimOwner{HostName(), pid, std::move(start)};
}

bool OwnerIsGone(std::string_view owner_text) {
  const std::optional<ClaimOwner> owner = ClaimOwner::Parse(owner_text);
  if (!owner || owner->host != HostName()) return false;
  if (::kill(static_cast<pid_t>(owner->pid), 0) != 0 && errno == ESRCH) return true;
  const std::string start = StartOf(owner->pid);
  if (start.empty()) return std::filesystem::exists("/proc/self/stat");  // a zombie, if /proc works
  // A running pid whose start differs is another process.
  return owner->start != "unknown" && start != owner->start;
}

}  // namespace fbaflow
