#include "support/InProcessCli.h"
#include "modelcompat/cli/Subcommand.h"
#include "modelcompat/support/ReadFile.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

namespace modelcompat::test {

namespace {

/// The process-wide state a child process would have taken with it.
struct ProcessState {
  std::string WorkingDirectory;
  mode_t Umask = 0;
  std::vector<std::string> Environment; ///< "NAME=value", sorted.

  static ProcessState current() {
    ProcessState State;
    State.WorkingDirectory = std::filesystem::current_path().string();
    State.Umask = ::umask(0);
    ::umask(State.Umask);
    for (char **Entry = environ; *Entry; ++Entry)
      State.Environment.emplace_back(*Entry);
    std::sort(State.Environment.begin(), State.Environment.end());
    return State;
  }

  /// Fails the test for each part Now differs in, naming the command, and
  /// puts that part back so the next run starts as this one did.
  void restoreFrom(const ProcessState &Now, const std::string &Command) const {
    if (Now.WorkingDirectory != WorkingDirectory) {
      ADD_FAILURE() << Command << " changed the working directory to '" << Now.WorkingDirectory
                    << "'";
      std::filesystem::current_path(WorkingDirectory);
    }
    if (Now.Umask != Umask) {
      ADD_FAILURE() << Command << " changed the umask";
      ::umask(Umask);
    }
    if (Now.Environment != Environment) {
      ADD_FAILURE() << Command << " changed the environment";
      ::clearenv();
      for (const std::string &Assignment : Environment) {
        size_t Equals = Assignment.find('=');
        ::setenv(Assignment.substr(0, Equals).c_str(), Assignment.substr(Equals + 1).c_str(),
                 /*overwrite=*/1);
      }
    }
  }
};

/// Sends one of this process's descriptors (1 or 2) to a file while alive.
class DescriptorCapture {
public:
  DescriptorCapture(int Descriptor, std::string Path)
      : Descriptor(Descriptor), Path(std::move(Path)) {
    flushStandardStreams();
    int File = ::open(this->Path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (File < 0) {
      ADD_FAILURE() << "cannot open '" << this->Path << "' to capture descriptor " << Descriptor;
      return;
    }
    Saved = ::dup(Descriptor);
    ::dup2(File, Descriptor);
    ::close(File);
  }
  ~DescriptorCapture() { release(); }
  DescriptorCapture(const DescriptorCapture &) = delete;
  DescriptorCapture &operator=(const DescriptorCapture &) = delete;

  /// Gives the descriptor back and returns what was written to it.
  std::string release() {
    if (Saved < 0)
      return "";
    flushStandardStreams();
    ::dup2(Saved, Descriptor);
    ::close(Saved);
    Saved = -1;
    return readFile(Path);
  }

private:
  static void flushStandardStreams() {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(stdout);
    std::fflush(stderr);
  }

  int Descriptor;
  std::string Path;
  int Saved = -1;
};

std::string commandLine(const std::vector<std::string> &Args) {
  std::string Line = "modelcompat";
  for (const std::string &Arg : Args)
    Line += " " + Arg;
  return Line;
}

} // namespace

ProcessResult runModelcompatInProcess(const std::vector<std::string> &Args) {
  ProcessState Before = ProcessState::current();
  TempDirectory Temp;
  std::ostringstream Out, Err;
  CommandContext Context{Out, Err};
  ProcessResult Result;
  std::string Bypassed;
  {
    DescriptorCapture Stdout(STDOUT_FILENO, Temp.file("stdout"));
    DescriptorCapture Stderr(STDERR_FILENO, Temp.file("stderr"));
    Result.ExitCode = runModelcompat(Args, Context);
    Bypassed = Stdout.release() + Stderr.release();
  }
  std::string Command = commandLine(Args);
  EXPECT_EQ(Bypassed, "") << Command
                          << " wrote to the process's stdout/stderr, not to its CommandContext";
  Before.restoreFrom(ProcessState::current(), Command);
  Result.Output = Out.str();
  Result.Error = Err.str();
  return Result;
}

} // namespace modelcompat::test
