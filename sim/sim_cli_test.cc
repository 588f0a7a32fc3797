// fbaflow-sim, the executable: usage and exit codes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace fbaflow::sim {
namespace {

using ::testing::HasSubstr;

struct SimRun {
  int exit_code;
  std::string out;  // standard output and standard error together
};

SimRun Sim(const std::string& args) {
  const std::string command =
      std::string(FBAFLOW_BINARY_DIR) + "/sim/amazon/fbaflow-sim " + args + " 2>&1";
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(SimCliTest, NoArgumentsPrintsUsageAndExitsTwo) {
  const SimRun run = Sim("");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.out, HasSubstr("amazon"));
  EXPECT_THAT(run.out, HasSubstr("Usage"));
}

TEST(SimCliTest, AMistypedEmulatorIsNamedWithTheNearest) {
  const SimRun run = Sim("amazn --port 0");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.out, HasSubstr("did you mean 'amazon'?"));
}

}  // namespace
}  // namespace fbaflow::sim
