//===- Subprocess.cpp - Run tools (git, cmake, the harness) --------------===//
#include "modelcompat/verify/Subprocess.h"
#include "modelcompat/support/Error.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace modelcompat {
namespace {

/// A file in the temp dir that disappears with this object.
class ScratchFile {
public:
  ScratchFile() {
    std::string Template = (fs::temp_directory_path() / "modelcompat-out-XXXXXX").string();
    int Fd = ::mkstemp(Template.data());
    if (Fd < 0)
      throw Error("cannot create a temporary file: " + std::string(std::strerror(errno)));
    ::close(Fd);
    Path = Template;
  }
  ~ScratchFile() { ::unlink(Path.c_str()); }
  std::string read() const {
    std::ifstream In(Path, std::ios::binary);
    std::stringstream Buffer;
    Buffer << In.rdbuf();
    return Buffer.str();
  }
  std::string Path;
};

} // namespace

SubprocessResult runSubprocess(const std::vector<std::string> &Argv,
                               const SubprocessOptions &Options) {
  if (Argv.empty())
    throw Error("runSubprocess: empty command");
  // Files rather than pipes: no deadlock on large outputs, no threads.
  ScratchFile Out, Err;
  std::string OutPath = Options.LogFile.empty() ? Out.Path : Options.LogFile;
  std::string ErrPath = Options.LogFile.empty() ? Err.Path : Options.LogFile;
  int Flags = O_WRONLY | O_CREAT | (Options.LogFile.empty() ? O_TRUNC : O_APPEND);
  int OutFd = ::open(OutPath.c_str(), Flags, 0644);
  int ErrFd = Options.LogFile.empty() ? ::open(ErrPath.c_str(), Flags, 0644) : ::dup(OutFd);
  if (OutFd < 0 || ErrFd < 0)
    throw Error("cannot open '" + OutPath + "' for the output of '" + Argv[0] +
                "': " + std::strerror(errno));
  std::vector<char *> Args;
  for (const std::string &Arg : Argv)
    Args.push_back(const_cast<char *>(Arg.c_str()));
  Args.push_back(nullptr);
  // A pipe that closes on exec tells the parent whether exec worked.
  int ExecPipe[2];
  if (::pipe2(ExecPipe, O_CLOEXEC) != 0)
    throw Error("pipe failed: " + std::string(std::strerror(errno)));
  pid_t Pid = ::fork();
  if (Pid < 0)
    throw Error("cannot start '" + Argv[0] + "': " + std::strerror(errno));
  if (Pid == 0) {
    ::close(ExecPipe[0]);
    int DevNull = ::open("/dev/null", O_RDONLY);
    if (DevNull >= 0)
      ::dup2(DevNull, 0);
    ::dup2(OutFd, 1);
    ::dup2(ErrFd, 2);
    if (!Options.WorkingDirectory.empty() && ::chdir(Options.WorkingDirectory.c_str()) != 0) {
      int Code = errno;
      (void)!::write(ExecPipe[1], &Code, sizeof(Code));
      ::_exit(127);
    }
    for (const std::string &Assignment : Options.Environment)
      ::putenv(const_cast<char *>(Assignment.c_str()));
    ::execvp(Args[0], Args.data());
    int Code = errno;
    (void)!::write(ExecPipe[1], &Code, sizeof(Code));
    ::_exit(127);
  }
  ::close(ExecPipe[1]);
  ::close(OutFd);
  ::close(ErrFd);
  int ChildErrno = 0;
  ssize_t Got = ::read(ExecPipe[0], &ChildErrno, sizeof(ChildErrno));
  ::close(ExecPipe[0]);
  int Status = 0;
  while (::waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  if (Got == static_cast<ssize_t>(sizeof(ChildErrno)))
    throw Error("cannot run '" + Argv[0] + "'" +
                (Options.WorkingDirectory.empty() ? "" : " in '" + Options.WorkingDirectory + "'") +
                ": " + std::strerror(ChildErrno));
  SubprocessResult Result;
  Result.ExitCode = WIFEXITED(Status) ? WEXITSTATUS(Status) : 128 + WTERMSIG(Status);
  if (Options.LogFile.empty()) {
    Result.Output = Out.read();
    Result.Error = Err.read();
  }
  return Result;
}

bool programExists(const std::string &Program) {
  if (Program.find('/') != std::string::npos)
    return ::access(Program.c_str(), X_OK) == 0;
  const char *Path = std::getenv("PATH");
  std::stringstream Dirs(Path ? Path : "/usr/bin:/bin");
  std::string Dir;
  while (std::getline(Dirs, Dir, ':'))
    if (!Dir.empty() && ::access((Dir + "/" + Program).c_str(), X_OK) == 0)
      return true;
  return false;
}

std::string currentExecutablePath() {
  std::error_code EC;
  fs::path Self = fs::read_symlink("/proc/self/exe", EC);
  return EC ? std::string() : Self.string();
}

} // namespace modelcompat
