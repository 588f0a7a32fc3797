// `fbaflow-sim proxy`, the executable: the ready line, forwarding, a fault, shutdown on SIGTERM
// with the counters, and usage errors.

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace fbaflow::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

const std::string kSim = std::string(FBAFLOW_BINARY_DIR) + "/sim/amazon/fbaflow-sim";

struct SimResult {
  int exit_code;
  std::string out;  // standard output and standard error together
};

SimResult SimRun(const std::string& args) {
  std::FILE* pipe = popen((kSim + " " + args + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// A running `fbaflow-sim proxy`: its first line of standard output, its standard error in a file.
class ProxyProcess {
 public:
  explicit ProxyProcess(std::vector<std::string> args)
      : err_path_(std::string(FBAFLOW_BINARY_DIR) + "/sim/proxy_cli_test." +
                  std::to_string(::getpid()) + ".err") {
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      const int err = ::open(ErrPath().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(err, 2);
      std::vector<char*> argv = {const_cast<char*>(kSim.c_str())};
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(kSim.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    char c;
    while (::read(out[0], &c, 1) == 1 && c != '\n') first_line_ += c;
    ::close(out[0]);
  }
  ~ProxyProcess() {
    if (pid_ > 0) Terminate();
    std::remove(err_path_.c_str());
  }
  const std::string& FirstLine() const { return first_line_; }
  int Port() const { return std::stoi(first_line_.substr(first_line_.rfind(':') + 1)); }
  // SIGTERM, then the exit code.
  int Terminate() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Err() const {
    std::ifstream in(ErrPath());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  const std::string& ErrPath() const { return err_path_; }

  const std::string err_path_;  // named by the test's pid, before the fork
  pid_t pid_ = -1;
  std::string first_line_;
};

TEST(ProxyCliTest, ForwardsInjectsAndReportsItsCounters) {
  httplib::Server backend;
  int commits = 0;
  backend.Post("/db/", [&](const httplib::Request& req, httplib::Response& res) {
    ++commits;
    res.set_content(req.body, "application/json");
  });
  const int backend_port = backend.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { backend.listen_after_bind(); });

  ProxyProcess proxy({"proxy", "--listen", "0", "--to",
                      "http://127.0.0.1:" + std::to_string(backend_port), "--faults",
                      "drop-after-commit,body=create,first=1", "--seed", "3"});
  EXPECT_THAT(proxy.FirstLine(), MatchesRegex(R"(listening on http://127\.0\.0\.1:[0-9]+/)"));
  httplib::Client client("127.0.0.1", proxy.Port());
  EXPECT_FALSE(client.Post("/db/", R"({"method":"create"})", "application/json"));
  httplib::Result second = client.Post("/db/", R"({"method":"create"})", "application/json");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, R"({"method":"create"})");
  EXPECT_EQ(commits, 2);  // both committed; the first answer was lost

  EXPECT_EQ(proxy.Terminate(), 0);
  const std::string err = proxy.Err();
  EXPECT_THAT(err, HasSubstr("drop-after-commit POST /db/"));
  EXPECT_THAT(err, HasSubstr("requests=2 forwarded=2 backend_errors=0 status=0 reset=0 slow=0 "
                             "drop-after-commit=1 hang-after-commit=0"));
  backend.stop();
  serving.join();
}

TEST(ProxyCliTest, UsageErrorsExitTwoAndSayWhy) {
  SimResult run =
      SimRun("proxy --listen 0 --to http://127.0.0.1:1 --faults 'status=503;reset,every=x'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.out, HasSubstr("--faults: fault 'every=x': expected a count of 1 or more"));

  run = SimRun("proxy --listen 0 --to localhost:8000");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.out, HasSubstr("backend URL 'localhost:8000': expected http://"));

  run = SimRun("proxy --listen 0");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.out, HasSubstr("--to is required"));

  ProxyProcess holder({"proxy", "--listen", "0", "--to", "http://127.0.0.1:1"});
  run = SimRun("proxy --listen " + std::to_string(holder.Port()) + " --to http://127.0.0.1:1");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.out, HasSubstr("port " + std::to_string(holder.Port()) + " in use"));
}

TEST(ProxyCliTest, HelpDocumentsTheFaultGrammar) {
  const SimResult run = SimRun("proxy --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("drop-after-commit"));
  EXPECT_THAT(run.out, HasSubstr("hang-after-commit=DUR"));
  EXPECT_THAT(run.out, HasSubstr("every=N"));
}

}  // namespace
}  // namespace fbaflow::sim
