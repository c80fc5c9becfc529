#include "support/Process.h"
#include "modelcompat/support/ReadFile.h"
#include "support/TempDirectory.h"

#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace modelcompat::test {

ProcessResult runProcess(const std::vector<std::string> &Argv, const ProcessOptions &Options) {
  // Files rather than pipes: no deadlock on large outputs, no threads.
  TempDirectory Temp;
  std::string InPath = Temp.write("stdin", Options.Input);
  std::string OutPath = Temp.file("stdout"), ErrPath = Temp.file("stderr");
  pid_t Pid = ::fork();
  if (Pid == 0) {
    if (!Options.WorkingDirectory.empty() && ::chdir(Options.WorkingDirectory.c_str()) != 0)
      ::_exit(127);
    if (!std::freopen(InPath.c_str(), "rb", stdin) ||
        !std::freopen(OutPath.c_str(), "wb", stdout) ||
        !std::freopen(ErrPath.c_str(), "wb", stderr))
      ::_exit(127);
    for (const std::string &Assignment : Options.Environment)
      ::putenv(const_cast<char *>(Assignment.c_str()));
    std::vector<char *> Args;
    for (const std::string &Arg : Argv)
      Args.push_back(const_cast<char *>(Arg.c_str()));
    Args.push_back(nullptr);
    ::execvp(Args[0], Args.data());
    ::_exit(127);
  }
  int Status = 0;
  ::waitpid(Pid, &Status, 0);
  ProcessResult Result;
  Result.ExitCode = WIFEXITED(Status) ? WEXITSTATUS(Status) : 128 + WTERMSIG(Status);
  Result.Output = readFile(OutPath);
  Result.Error = readFile(ErrPath);
  return Result;
}

ProcessResult runShell(const std::string &Command, const ProcessOptions &Options) {
  return runProcess({"/bin/sh", "-c", Command}, Options);
}

std::string modelcompatBinary() {
  return std::string(MODELCOMPAT_TEST_BINARY_DIR) + "/analyzer/modelcompat";
}

ProcessResult runModelcompatBinary(const std::vector<std::string> &Args,
                                   const ProcessOptions &Options) {
  std::vector<std::string> Argv = {modelcompatBinary()};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  return runProcess(Argv, Options);
}

} // namespace modelcompat::test
